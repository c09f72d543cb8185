package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ftpnat/ftpnat/probe"
)

// UnknownFindingError is returned by WriteExplain for an ID the catalog
// does not know; Suggestions holds the closest IDs.
type UnknownFindingError struct {
	ID          string
	Suggestions []string
}

func (e *UnknownFindingError) Error() string {
	msg := fmt.Sprintf("unknown finding ID %q", e.ID)
	if len(e.Suggestions) > 0 {
		msg += "; did you mean " + strings.Join(e.Suggestions, ", ") + "?"
	}
	return msg + " (ftpnat explain without an ID lists them all)"
}

// WriteExplain describes one finding: title, severity, explanation, the
// generic advice and every fix, with placeholders where a diagnosis would
// fill in values. An empty id lists the catalog.
func WriteExplain(w io.Writer, id string, opts TextOptions) error {
	t := newTextWriter(opts)
	if id = strings.TrimSpace(id); id == "" {
		t.index()
	} else {
		e, ok := Lookup(id)
		if !ok {
			return &UnknownFindingError{ID: id, Suggestions: closeMatches(id)}
		}
		t.explain(e)
	}
	_, err := io.WriteString(w, t.b.String())
	return err
}

func (t *textWriter) index() {
	t.line(t.p.heading.Sprint("Findings ftpnat reports") + "  (ftpnat explain ID for details)")
	t.line("")
	entries := Catalog()
	idW := 0
	for _, e := range entries {
		idW = max(idW, len(e.ID))
	}
	for _, e := range entries {
		sev := t.p.severity(e.Severity).Sprint(padRight(string(e.Severity), 8))
		t.line(fmt.Sprintf("  %s  %s  %s", padRight(e.ID, idW), sev, e.Title))
	}
}

func (t *textWriter) explain(e Entry) {
	t.line(t.p.label.Sprint(e.ID) + " " + t.m.dash + " " + e.Title)
	sev := t.p.severity(e.Severity).Sprint(string(e.Severity))
	if e.SeverityNote != "" {
		sev += " (" + e.SeverityNote + ")"
	}
	t.line("Severity: " + sev)
	t.line("")
	t.line(t.p.label.Sprint("What it means"))
	t.prose(2, e.Explanation, nil)
	t.line("")
	t.line(t.p.label.Sprint("What to do"))
	t.prose(2, e.Advice(probe.Finding{}), nil)
	cases := e.Cases()
	for _, c := range cases {
		t.line("")
		t.line(t.p.label.Sprint("What to do when " + c.When))
		t.prose(2, c.Advice, nil)
	}
	t.explainClients(e.ID)
	t.explainFixes("Fixes", e.Remediation(probe.Finding{}, ""))
	for _, g := range groupCases(cases) {
		t.explainFixes("Fixes when "+g.When, g.Remediation)
	}
}

// explainFixes prints every fix under a heading; nothing without fixes.
func (t *textWriter) explainFixes(heading string, rems []Remediation) {
	if len(rems) == 0 {
		return
	}
	t.line("")
	t.line(t.p.label.Sprint(heading))
	t.prose(2, "Values in angle brackets are filled in by a diagnosis: ftpnat diagnose HOST.", t.p.faint)
	for _, r := range rems {
		t.line("")
		t.line("  " + t.p.label.Sprint(TargetName(r.AppliesTo)))
		t.prose(4, r.Text, nil)
		if r.Config != "" {
			t.block(6, r.Config)
		}
	}
}

// closeMatches suggests catalog IDs for a mistyped one: IDs containing the
// input (or its part after the dot), then IDs within a small edit distance.
func closeMatches(id string) []string {
	id = strings.ToLower(id)
	_, tail, _ := strings.Cut(id, ".")
	type match struct {
		id   string
		dist int
	}
	var ms []match
	for _, e := range Catalog() {
		d := editDistance(id, e.ID)
		contains := strings.Contains(e.ID, id) || (len(tail) >= 3 && strings.Contains(e.ID, tail))
		if contains {
			d = min(d, 1) // a fragment of the ID is as good as a typo
		}
		if contains || d <= max(2, len(id)/4) {
			ms = append(ms, match{e.ID, d})
		}
	}
	slices.SortFunc(ms, func(a, b match) int { return cmp.Or(a.dist-b.dist, strings.Compare(a.id, b.id)) })
	out := make([]string, 0, min(len(ms), 5))
	for _, m := range ms[:min(len(ms), 5)] {
		out = append(out, m.id)
	}
	return out
}

// editDistance is the Levenshtein distance (IDs are short and ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
