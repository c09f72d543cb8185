package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/ftpnat/ftpnat/probe"
)

// WriteCompareText renders a comparison: the worse verdict first, both
// sides' key facts side by side, then every difference. The full reports
// are in the JSON form (--json), or a run of each side alone.
func WriteCompareText(w io.Writer, local, remote probe.Result, opts TextOptions) error {
	t := newTextWriter(opts)
	worse := WorseVerdict(verdictOf(local), verdictOf(remote))
	there := VantageLabel(remote)
	if there == "" {
		there = "remote"
	}
	lv, rv := verdictOf(local), verdictOf(remote)
	t.line(fmt.Sprintf("%s  %s %s here %s, %s %s", t.p.verdict(worse).Sprint(strings.ToUpper(string(worse))),
		TargetLabel(local), t.m.dash, t.p.verdict(lv).Sprint(strings.ToUpper(string(lv))),
		there, t.p.verdict(rv).Sprint(strings.ToUpper(string(rv)))))
	t.line("")

	rows := [][3]string{
		{"", "Here", upperFirst(there)},
		{"Verdict", strings.ToUpper(string(lv)), strings.ToUpper(string(rv))},
		{"Headline", Headline(local), Headline(remote)},
		{"Target", TargetLabel(local), TargetLabel(remote)},
		{"Server", softwareLabel(local.Software), softwareLabel(remote.Software)},
		{"Findings", countsOrNone(local.Findings), countsOrNone(remote.Findings)},
	}
	lt, rt := PathTable(local, t.m.dash), PathTable(remote, t.m.dash)
	for i := range max(len(lt.Rows), len(rt.Rows)) {
		var l, r string
		if i < len(lt.Rows) {
			l = pathBrief(lt.Rows[i])
		}
		if i < len(rt.Rows) {
			r = pathBrief(rt.Rows[i])
		}
		rows = append(rows, [3]string{"Path", l, r})
	}
	t.sideBySide(rows)

	diffs := Compare(local, remote)
	if len(diffs) == 0 {
		t.line(t.p.heading.Sprint("No differences") + ": both sides see the same")
	} else {
		t.line(t.p.heading.Sprint(fmt.Sprintf("Differences (%d)", len(diffs))))
		for _, d := range diffs {
			t.prose(2, differenceLine(d, there), nil)
		}
	}
	_, err := io.WriteString(w, t.b.String())
	return err
}

// sideBySide prints label, local and remote columns, each value cut to
// its column.
func (t *textWriter) sideBySide(rows [][3]string) {
	const labelW = labelCol
	col := max(16, (t.width-labelW-2)/2)
	for i, r := range rows {
		l := padRight(cut(sanitize(r[1]), col), col)
		s := padRight(r[0], labelW) + l + "  " + cut(sanitize(r[2]), col)
		if i == 0 {
			s = t.p.heading.Sprint(strings.TrimRight(s, " "))
		}
		t.line(strings.TrimRight(s, " "))
	}
	t.line("")
}

func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-3]) + "..."
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func countsOrNone(fs []probe.Finding) string {
	if len(fs) == 0 {
		return "none"
	}
	return severityCounts(fs)
}

// pathBrief is a path row in a few words: "IPv4 plain: data open,
// listing ok", or how its control connection failed.
func pathBrief(row []Cell) string {
	name := row[0].Text
	if f := strings.Fields(name); len(f) >= 3 {
		name = f[0] + " " + strings.Join(f[2:], " ") // the address is in the Target line
	}
	s := name + ": "
	if row[1].Status != probe.StatusOK {
		return s + "control " + row[1].Text
	}
	return s + "data " + row[3].Text + ", listing " + row[4].Text
}

// differenceLine is one difference as a sentence.
func differenceLine(d Difference, there string) string {
	side := func(s string) string {
		if s == "" {
			return "none"
		}
		return sanitize(s)
	}
	subject := d.Kind
	switch d.Kind {
	case "verdict":
	case "finding":
		subject = "finding " + sanitize(d.Subject)
	default:
		subject = sanitize(d.Subject) + " " + d.Kind
	}
	return fmt.Sprintf("%s: here %s; %s %s", subject, side(d.Local), there, side(d.Remote))
}
