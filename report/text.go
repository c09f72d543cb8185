package report

import (
	"fmt"
	"io"
	"net"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fatih/color"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/probe/diagnosis"
)

// WriteText renders a diagnosis for a terminal or a log: verdict first,
// then the server, the findings (most severe first) with evidence,
// explanation and the fix for the detected software, the checks, the
// standard-client result and a hint for the next step.
func WriteText(w io.Writer, res probe.Result, opts TextOptions) error {
	t := newTextWriter(opts)
	t.verdict(res)
	t.server(res)
	t.matrix(res)
	t.topology(res)
	t.findings(res)
	t.checks(OrderedChecks(res))
	t.stdClient(res)
	t.sourceLimits(res)
	t.hint(res)
	if opts.Transcript {
		t.transcript(res.Transcript)
	}
	_, err := io.WriteString(w, t.b.String())
	return err
}

// textWriter accumulates one rendering; nothing is shared between calls.
type textWriter struct {
	b     strings.Builder
	p     palette
	m     marks
	opts  TextOptions
	width int
}

func newTextWriter(opts TextOptions) *textWriter {
	return &textWriter{p: newPalette(opts.Color), m: newMarks(opts.Unicode), opts: opts, width: opts.width()}
}

func (t *textWriter) line(s string) { t.b.WriteString(s + "\n") }

// prose wraps s to the width, indenting every line and colouring it with c
// (nil for none).
func (t *textWriter) prose(indent int, s string, c *color.Color) {
	pad := strings.Repeat(" ", indent)
	for _, l := range wrap(s, t.width-indent) {
		if c != nil && l != "" {
			l = c.Sprint(l)
		}
		t.line(strings.TrimRight(pad+l, " "))
	}
}

// proseWith is prose with the first whole-word occurrence of word coloured.
// Colouring after wrapping keeps escape sequences out of the width count.
func (t *textWriter) proseWith(indent int, s, word string, c *color.Color) {
	pad := strings.Repeat(" ", indent)
	done := false
	for _, l := range wrap(s, t.width-indent) {
		if !done {
			if i := wordIndex(l, word); i >= 0 {
				l = l[:i] + c.Sprint(word) + l[i+len(word):]
				done = true
			}
		}
		t.line(strings.TrimRight(pad+l, " "))
	}
}

// wordIndex finds word delimited by spaces or the ends of s.
func wordIndex(s, word string) int {
	for off := 0; off < len(s); {
		i := strings.Index(s[off:], word)
		if i < 0 {
			return -1
		}
		i += off
		end := i + len(word)
		if (i == 0 || s[i-1] == ' ') && (end == len(s) || s[end] == ' ') {
			return i
		}
		off = i + 1
	}
	return -1
}

// block prints a config snippet verbatim (snippets must not be re-wrapped:
// they are pasted as they are).
func (t *textWriter) block(indent int, s string) {
	pad := strings.Repeat(" ", indent)
	for _, l := range strings.Split(s, "\n") {
		t.line(pad + t.p.code.Sprint(l))
	}
}

func (t *textWriter) verdict(res probe.Result) {
	v := verdictOf(res)
	word := strings.ToUpper(string(v))
	tag := t.p.verdict(v).Sprint(word)
	// The headline wraps like any prose, under its own start, so that the
	// report keeps to the width; the first line still names the verdict
	// and the target.
	indent := len(word) + 2
	for i, l := range wrap(TargetLabel(res)+" "+t.m.dash+" "+Headline(res), t.width-indent) {
		if i == 0 {
			t.line(tag + "  " + l)
		} else {
			t.line(strings.Repeat(" ", indent) + l)
		}
	}
	if res.Simulated {
		const tag = "SIMULATION  "
		for i, l := range wrap("results from ftpnat's built-in fake server (ftpnat demo), not a real network", t.width-len(tag)) {
			if i == 0 {
				t.line(t.p.warning.Sprint(strings.TrimSpace(tag)) + "  " + l)
			} else {
				t.line(strings.Repeat(" ", len(tag)) + l)
			}
		}
	}
	t.sourceHeader(res)
	if v := VantageLabel(res); v != "" {
		t.line(t.p.label.Sprint("VANTAGE") + "  " + v + ": what that host sees, not this one")
	}
	t.line("")
}

// TargetLabel is "host:port (peers)"; the peers are left out when they
// add nothing.
func TargetLabel(res probe.Result) string {
	f := res.Facts
	var peers []string
	for _, p := range f.Paths {
		if p.Address.IsValid() && !slices.Contains(peers, p.Address.String()) {
			peers = append(peers, p.Address.String())
		}
	}
	host := sanitize(f.Host)
	if host == "" && len(peers) > 0 {
		host = peers[0]
	}
	s := host
	if f.Port > 0 {
		s = net.JoinHostPort(host, strconv.Itoa(f.Port))
	}
	if len(peers) > 0 && (len(peers) > 1 || peers[0] != host) {
		s += " (" + strings.Join(peers, ", ") + ")"
	}
	return s
}

func (t *textWriter) server(res probe.Result) {
	f := res.RefPath()
	var parts []string
	switch {
	case !f.Connected():
		parts = append(parts, "not reached")
	case f.Greeting == nil:
		parts = append(parts, "connected, no greeting")
	default:
		parts = append(parts, softwareLabel(res.Software), loginLabel(f, res.Facts.User))
	}
	took := "finished in " + formatDuration(res.Duration)
	if res.Facts.TimedOut {
		took = "timed out after " + formatDuration(res.Duration)
	}
	parts = append(parts, took)
	if rt := RoundTripsLabel(res.Facts.Timing); rt != "" {
		parts = append(parts, rt)
	}
	t.labelled("Server", strings.Join(parts, t.m.sep))
	t.tlsLine(res)
	t.activeLine(f)
	t.rangeLine(f)
	if f.Greeting != nil && len(f.Greeting.Lines) > 0 {
		first := sanitize(f.Greeting.Lines[0])
		if n := len(f.Greeting.Lines); n > 1 {
			first += fmt.Sprintf("  (+%d lines)", n-1)
		}
		t.labelled("Greeting", probe.EvidenceRecv+first)
	}
	t.line("")
}

// labelCol is the width of the label column of labelled lines.
const labelCol = 10

// labelled prints "Label     value", the value wrapped under itself.
func (t *textWriter) labelled(label, value string) {
	t.labelledLines(label, wrap(value, t.width-labelCol))
}

func (t *textWriter) labelledLines(label string, lines []string) {
	for i, l := range lines {
		head := strings.Repeat(" ", labelCol)
		if i == 0 {
			head = t.p.label.Sprint(padRight(label, labelCol))
		}
		t.line(head + l)
	}
}

// labelledParts is labelled for parts joined by the separator: lines
// break between parts, ending with the separator, so that a part is split
// only when it is wider than the column by itself.
func (t *textWriter) labelledParts(label string, parts []string) {
	width := t.width - labelCol
	tail := strings.TrimRight(t.m.sep, " ")
	var lines []string
	cur := ""
	for _, p := range parts {
		switch {
		case cur == "":
			cur = p
		case utf8.RuneCountInString(cur+t.m.sep+p+tail) <= width:
			cur += t.m.sep + p
		default:
			wrapped := wrap(cur, width)
			// The separator ends the line, unless only a wrapped part's
			// end would carry it past the width.
			if last := len(wrapped) - 1; utf8.RuneCountInString(wrapped[last]+tail) <= width {
				wrapped[last] += tail
			}
			lines = append(lines, wrapped...)
			cur = p
		}
	}
	if cur != "" {
		lines = append(lines, wrap(cur, width)...)
	}
	t.labelledLines(label, lines)
}

// softwareLabel is the product name as admins know it, with the version.
func softwareLabel(s probe.Software) string {
	return sanitize(s.Label())
}

// EncryptedLoginLabel stands for the login of a session read from a
// capture after TLS began: it cannot be seen, which is not a failure.
const EncryptedLoginLabel = "login not visible (TLS)"

func loginLabel(f *probe.Path, user string) string {
	switch {
	case f.LoggedIn:
		return "logged in as " + sanitize(user)
	case f.PassReply != nil && !f.PassReply.OK():
		return "login rejected (" + firstLine(f.PassReply) + ")"
	case f.UserReply != nil && f.UserReply.Class() >= 4:
		return "login rejected (" + firstLine(f.UserReply) + ")"
	case f.TLS != nil && f.TLS.Opaque:
		return EncryptedLoginLabel
	}
	return "not logged in"
}

func firstLine(r *probe.Reply) string {
	if len(r.Lines) == 0 {
		return strconv.Itoa(r.Code)
	}
	return sanitize(r.Lines[0])
}

func (t *textWriter) findings(res probe.Result) {
	fs := slices.Clone(res.Findings)
	slices.SortStableFunc(fs, func(a, b probe.Finding) int { return severityOf(b).Rank() - severityOf(a).Rank() })
	if len(fs) == 0 {
		t.line(t.p.heading.Sprint("Findings") + "  none")
		t.line("")
		return
	}
	t.line(t.p.heading.Sprint("Findings") + "  " + severityCounts(fs))
	t.line("")
	for _, f := range fs {
		t.finding(f, res.Software)
		t.line("")
	}
}

func severityCounts(fs []probe.Finding) string {
	var parts []string
	for _, s := range []probe.Severity{probe.SeverityCritical, probe.SeverityWarning, probe.SeverityInfo} {
		n := 0
		for _, f := range fs {
			if severityOf(f) == s {
				n++
			}
		}
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	return strings.Join(parts, ", ")
}

func (t *textWriter) finding(f probe.Finding, sw probe.Software) {
	sev := severityOf(f)
	tag := t.p.severity(sev).Sprint(padRight(strings.ToUpper(string(sev)), 8))
	t.line(fmt.Sprintf("%s  %s %s %s", tag, t.p.label.Sprint(f.ID), t.m.dash, title(f.ID)))
	if f.Summary != "" {
		t.prose(2, sanitize(f.Summary), nil)
	}
	if len(f.Evidence) > 0 {
		t.line("  " + t.p.label.Sprint("Evidence"))
		for _, ev := range f.Evidence {
			// A multi-line reply arrives as one evidence item; show it line by line.
			for _, l := range strings.Split(strings.TrimRight(ev, "\r\n"), "\n") {
				t.prose(4, evidenceLine(strings.TrimSuffix(l, "\r"), t.m), t.p.faint)
			}
		}
	}
	e, known := Lookup(f.ID)
	if known {
		t.line("  " + t.p.label.Sprint("Why"))
		t.prose(4, e.Explanation, nil)
		t.line("  " + t.p.label.Sprint("What to do"))
		t.prose(4, e.Advice(f), nil)
	}
	t.clients(f)
	t.fixes(f, sw)
}

// fixes prints the fix for the detected software in full, after the
// leading network fix for a finding the network causes, and names the
// others; or prints all of them with AllFixes.
// evidenceLine marks one line of evidence: commands sent ("> ") and
// replies received ("< ") keep the probe's marks; a bare reply line gets
// the received mark, every other line (a measured fact) a bullet.
func evidenceLine(l string, m marks) string {
	switch {
	case strings.HasPrefix(l, probe.EvidenceSent), strings.HasPrefix(l, probe.EvidenceRecv):
		return sanitize(l)
	case looksLikeReply(l):
		return probe.EvidenceRecv + sanitize(l)
	}
	return m.bullet + " " + sanitize(l)
}

func (t *textWriter) fixes(f probe.Finding, sw probe.Software) {
	software := sw.Name
	rems := RemediateSoftware(f, sw)
	var others []string
	for i, r := range rems {
		if t.opts.AllFixes || r.AppliesTo == software || leadsByCause(f, i, r) {
			label := "Fix for " + TargetName(r.AppliesTo)
			if r.AppliesTo == software {
				label += " (detected)"
			}
			t.line("  " + t.p.label.Sprint(label))
			t.prose(4, r.Text, nil)
			if r.Config != "" {
				t.block(6, r.Config)
			}
			continue
		}
		if name := TargetName(r.AppliesTo); !slices.Contains(others, name) {
			others = append(others, name)
		}
	}
	if len(others) == 0 {
		return
	}
	lead := "Other fixes: "
	if hasFixFor(f, software) {
		// The detected program's fix is above: the other programs only
		// matter to whoever runs one, so they are counted, not named.
		others = countPrograms(others)
	} else {
		lead = "Fixes for: "
	}
	// explain with a saved JSON report fills every fix with this
	// diagnosis's values, not placeholders.
	t.prose(2, lead+strings.Join(keepWhole(others), ", ")+" "+t.m.dash+" ftpnat explain "+f.ID+" --report REPORT.json", t.p.faint)
}

// countPrograms replaces the server programs among target names by their
// count ("17 other server programs"), keeping the network devices.
func countPrograms(names []string) []string {
	programs := map[string]bool{}
	for _, p := range probe.Programs() {
		programs[p.Name] = true
	}
	var n int
	var rest []string
	for _, name := range names {
		if programs[name] {
			n++
			continue
		}
		rest = append(rest, name)
	}
	switch n {
	case 0:
		return rest
	case 1:
		return append([]string{"1 other server program"}, rest...)
	}
	return append([]string{fmt.Sprintf("%d other server programs", n)}, rest...)
}

func (t *textWriter) checks(cs []probe.Check) {
	if len(cs) == 0 {
		return
	}
	t.line(t.p.heading.Sprint("Checks"))
	nameW, markW := 0, 0
	for _, c := range cs {
		nameW = max(nameW, len([]rune(sanitize(StepLabel(c.Name, c.Path)))))
		markW = max(markW, len([]rune(t.m.status(c.Status))))
	}
	for _, c := range cs {
		mark := t.p.status(c.Status).Sprint(padRight(t.m.status(c.Status), markW))
		took := ""
		if c.Duration > 0 {
			took = formatDuration(c.Duration)
		}
		head := fmt.Sprintf("  %s  %s  %s", mark, padRight(sanitize(StepLabel(c.Name, c.Path)), nameW), padLeft(took, 6))
		if c.Detail == "" {
			t.line(strings.TrimRight(head, " "))
			continue
		}
		// The detail wraps under itself, so the columns stay readable.
		indent := 2 + markW + 2 + nameW + 2 + 6 + 2
		lines := wrap(sanitize(c.Detail), max(t.width-indent, 20))
		t.line(head + "  " + lines[0])
		for _, l := range lines[1:] {
			t.line(strings.Repeat(" ", indent) + l)
		}
	}
	t.line("")
}

func (t *textWriter) stdClient(res probe.Result) {
	c := stdClientOf(res, t.m.dash)
	colour := map[Tone]*color.Color{ToneFaint: t.p.faint, ToneOK: t.p.ok, ToneCritical: t.p.critical}[c.Tone]
	t.proseWith(0, c.Lead+c.Answer+c.Rest, c.Answer, colour)
	if c.Note != "" {
		t.prose(2, c.Note, t.p.faint)
	}
	t.line("")
}

// stdClientWords is the standard-client sentence: the lead, the answer
// (yes, no, not tested) and its tone, what follows it, and a note for
// the clients that cope where it does.
type stdClientWords struct {
	Lead, Answer, Rest, Note string
	Tone                     Tone
}

func stdClientOf(res probe.Result, dash string) stdClientWords {
	w := stdClientWords{Lead: "A standard client (jlaffaye/ftp, replaces unroutable PASV addresses) listed the directory: "}
	c := res.RefPath().StdClient
	switch {
	case c == nil || !c.Ran:
		w.Answer, w.Tone = "not", ToneFaint
		w.Rest = " tested"
	case c.OK:
		w.Answer, w.Tone = "yes", ToneOK
		w.Rest = fmt.Sprintf(" %s %d entries in %s", dash, c.Entries, formatDuration(c.Duration))
	default:
		w.Answer, w.Tone = "no", ToneCritical
		w.Rest = fmt.Sprintf(" %s %s", dash, sanitize(c.Error))
	}
	if c != nil && c.OK && hasFinding(res.Findings, probe.FindingPASVUnroutable) {
		w.Note = "Clients that replace the address (FileZilla, curl, lftp, WinSCP) work; strict clients, and FTPS " +
			"through a firewall that corrects plaintext replies, do not."
	}
	return w
}

func hasFinding(fs []probe.Finding, id string) bool {
	return slices.ContainsFunc(fs, func(f probe.Finding) bool { return f.ID == id })
}

// hint is the last line: what to do next, given the outcome.
func (t *textWriter) hint(res probe.Result) {
	t.proseWith(0, "Next: "+NextStep(res), "Next:", t.p.label)
}

// NextStep is what to do next, given the outcome: apply the leading fix
// and run again, retry, or keep watching. Every report ends with it.
func NextStep(res probe.Result) string {
	target := rerunTarget(res.Facts)
	software := res.Software.Name
	worst, found := worstFinding(res.Findings)
	var s string
	switch {
	case res.Simulated:
		s = "This was a simulation. Diagnose your own server with: ftpnat diagnose HOST"
	case res.Facts.Source != nil && res.Facts.Source.Side == diagnosis.SideServer:
		// The address in the capture is the server's own, behind its NAT:
		// not the one to test from outside.
		s = "This came from a capture on the server's side. Test what it could not show, live and from outside: ftpnat diagnose PUBLIC-NAME-OR-ADDRESS, or capture the client's side too and give both files"
	case res.Facts.Source != nil:
		s = "This came from a capture. Test what it could not show, live: ftpnat diagnose " + target
	case found && severityOf(worst).Rank() > probe.SeverityInfo.Rank():
		if rems := Remediate(worst, software); len(rems) > 0 && leadsByCause(worst, 0, rems[0]) {
			s = "Apply the " + TargetName(rems[0].AppliesTo) + " fix for " + worst.ID + " above, then run again: ftpnat diagnose " + target
		} else if hasFixFor(worst, software) {
			s = "Apply the " + software + " fix for " + worst.ID + " above, restart the server, then run again: ftpnat diagnose " + target
		} else {
			s = "Work through 'What to do' for " + worst.ID + ", then run again: ftpnat diagnose " + target
		}
		if len(Remediate(worst, software)) > 0 {
			s += "  (every fix: ftpnat explain " + worst.ID + ")"
		}
	case verdictOf(res) == probe.VerdictUnknown:
		s = "The diagnosis did not finish; read the checks above, or retry with a longer --timeout: ftpnat diagnose " + target
	default:
		s = "Keep it that way: ftpnat check " + target + " fits a monitoring system (exit codes 0 ok, 1 warning, 2 critical, 3 unknown)."
	}
	return s
}

func hasFixFor(f probe.Finding, software string) bool {
	return slices.ContainsFunc(Remediate(f, software), func(r Remediation) bool { return r.AppliesTo == software })
}

// rerunTarget is the HOST[:PORT] argument that repeats this diagnosis.
func rerunTarget(f probe.Facts) string {
	host := hostValue(f.Host)
	if host == PlaceholderHost {
		host = "HOST"
	}
	if f.Port > 0 && f.Port != probe.DefaultPort {
		return net.JoinHostPort(host, strconv.Itoa(f.Port))
	}
	return host
}

func (t *textWriter) transcript(ts []probe.TranscriptEntry) {
	if len(ts) == 0 {
		return
	}
	t.line("")
	t.line(t.p.heading.Sprint("Transcript"))
	sessW := 0
	for _, e := range ts {
		sessW = max(sessW, len([]rune(sanitize(e.Session))))
	}
	for _, e := range ts {
		dir := t.m.note
		switch e.Dir {
		case probe.DirSend:
			dir = t.m.send
		case probe.DirRecv:
			dir = t.m.recv
		}
		t.line(fmt.Sprintf("  %s  %s  %s %s", padLeft(fmt.Sprintf("%.3fs", e.T.Seconds()), 8),
			t.p.faint.Sprint(padRight(sanitize(e.Session), sessW)), dir, sanitize(e.Line)))
	}
}
