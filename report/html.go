package report

import (
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/ftpnat/ftpnat/probe"
)

// HTMLOptions control the HTML report.
type HTMLOptions struct {
	Tool Tool // the program that wrote the report, named in its footer
	// Topology and Ladder are the pictures of the run as SVG markup; empty
	// ones get the pictures drawn from the result.
	Topology, Ladder template.HTML
}

// WriteHTML renders a diagnosis as one self-contained HTML page: the
// verdict, the path matrix, the topology, the findings in root-cause order
// with evidence and every fix, the checks, the ladder diagram, the
// transcript (PASS redacted) and the timing. Nothing in it loads anything
// from elsewhere (its Content-Security-Policy forbids it); it reads the
// same with scripts off, prints, and follows the reader's light or dark
// scheme. Server-supplied text is escaped, never markup.
func WriteHTML(w io.Writer, res probe.Result, opts HTMLOptions) error {
	if err := htmlTemplate.Execute(w, buildHTMLPage(res, opts)); err != nil {
		return fmt.Errorf("render the HTML report: %w", err)
	}
	return nil
}

// htmlPage is everything the template shows, in words already chosen:
// the template only lays it out.
type htmlPage struct {
	CSP    string
	CSS    template.CSS
	Script template.JS

	Title       string
	Verdict     string // "CRITICAL"
	Tone        string // CSS class of the verdict
	Target      string
	Headline    string
	ExitMeaning string
	Simulated   bool
	Vantage     string
	// Capture is SourceLabel: set when the facts came from packet
	// captures, with what they cannot show and what was lost reading them.
	Capture      string
	CaptureSide  string
	Unseen       []string
	CaptureNotes []string

	Summary  []htmlLabelled
	Greeting []string

	MatrixHead []string
	Matrix     [][]htmlCell

	Topology, Ladder template.HTML

	Counts   string
	Findings []htmlFinding

	Checks    []htmlCheck
	StdClient stdClientWords
	StdTone   string
	Next      string

	Transcript []htmlLine

	Tool      Tool
	StartedAt string
	Took      string
}

type htmlLabelled struct {
	Label string
	Parts []string
}

type htmlCell struct {
	Text, Tone string
}

type htmlFinding struct {
	ID, Anchor, Severity, Tone, Title string
	Summary                           string
	Evidence                          []string
	Why, Advice                       string
	Clients                           string
	Fixes                             []htmlFix // the ones a short report shows in full
	Others                            []htmlFix // the rest, folded
	OthersLabel                       string    // the fold's label
}

type htmlFix struct {
	Target   string
	Detected bool
	Text     string
	Config   string
}

type htmlCheck struct {
	Mark, Tone, Name, Took, Detail string
}

type htmlLine struct {
	T, Session, Dir, DirClass, Line string
}

// toneClass is the CSS class of a tone.
func toneClass(t Tone) string {
	switch t {
	case ToneInfo:
		return "info"
	case ToneOK:
		return "ok"
	case ToneWarning:
		return "warning"
	case ToneCritical:
		return "critical"
	case ToneUnknown:
		return "unknown"
	}
	return "faint"
}

// exitMeanings are the exit statuses of the CLI contract in words.
var exitMeanings = map[int]string{
	0: "ok: nothing needs fixing",
	1: "warning: it works, with a problem to fix",
	2: "critical: clients fail",
	3: "unknown: the diagnosis could not finish",
}

func buildHTMLPage(res probe.Result, opts HTMLOptions) htmlPage {
	m := newMarks(true)
	v := verdictOf(res)
	code := v.ExitCode()
	p := htmlPage{
		CSP:         htmlCSP,
		CSS:         template.CSS(htmlCSS + PictureCSS),
		Script:      template.JS(htmlScript),
		Verdict:     strings.ToUpper(string(v)),
		Tone:        toneClass(VerdictTone(v)),
		Target:      TargetLabel(res),
		Headline:    Headline(res),
		ExitMeaning: fmt.Sprintf("exit status %d, %s", code, exitMeanings[code]),
		Simulated:   res.Simulated,
		Vantage:     VantageLabel(res),
		Next:        NextStep(res),
		Tool:        opts.Tool,
		Took:        htmlTook(res),
	}
	p.Title = "ftpnat: " + p.Verdict + " " + p.Target
	if src := res.Facts.Source; src != nil {
		p.Capture = sanitize(SourceLabel(res))
		p.CaptureSide = sanitize(src.SideWhy)
		for _, s := range src.Unseen {
			p.Unseen = append(p.Unseen, sanitize(s))
		}
		for _, s := range src.Notes {
			p.CaptureNotes = append(p.CaptureNotes, sanitize(s))
		}
	}
	p.Topology, p.Ladder = opts.Topology, opts.Ladder
	if p.Topology == "" || p.Ladder == "" {
		// The pictures are SVG the picture renderers wrote, every text in
		// them escaped there: markup to embed as it is.
		pics := BuildPictures(res)
		if p.Topology == "" {
			p.Topology = template.HTML(pics.TopologySVG())
		}
		if p.Ladder == "" {
			p.Ladder = template.HTML(pics.LadderSVG())
		}
	}
	if !res.StartedAt.IsZero() {
		p.StartedAt = res.StartedAt.UTC().Format(time.RFC3339)
	}
	p.Summary, p.Greeting = htmlSummary(res, m)
	tab := PathTable(res, m.dash)
	if len(tab.Rows) > 0 {
		p.MatrixHead = tab.Head
		for _, row := range tab.Rows {
			cells := make([]htmlCell, len(row))
			for i, c := range row {
				cells[i] = htmlCell{Text: c.Text, Tone: toneClass(CellTone(c.Status))}
				if i == 0 {
					cells[i].Tone = ""
				}
			}
			p.Matrix = append(p.Matrix, cells)
		}
	}
	fs := slices.Clone(res.Findings)
	slices.SortStableFunc(fs, func(a, b probe.Finding) int { return probe.CompareFindings(withSeverity(a), withSeverity(b)) })
	p.Counts = severityCounts(fs)
	seen := map[string]int{}
	for _, f := range fs {
		h := htmlFindingOf(f, res.Software, m)
		// An ID reported for two paths gets two anchors: ids are unique.
		if seen[h.Anchor]++; seen[h.Anchor] > 1 {
			h.Anchor += fmt.Sprintf("-%d", seen[h.Anchor])
		}
		p.Findings = append(p.Findings, h)
	}
	for _, c := range OrderedChecks(res) {
		hc := htmlCheck{Mark: m.status(c.Status), Tone: toneClass(CheckTone(c.Status)),
			Name: sanitize(StepLabel(c.Name, c.Path)), Detail: sanitize(c.Detail)}
		if c.Duration > 0 {
			hc.Took = formatDuration(c.Duration)
		}
		p.Checks = append(p.Checks, hc)
	}
	p.StdClient = stdClientOf(res, m.dash)
	p.StdTone = toneClass(p.StdClient.Tone)
	for _, e := range res.Transcript {
		l := htmlLine{T: fmt.Sprintf("%.3fs", e.T.Seconds()), Session: sanitize(e.Session), Dir: m.note, DirClass: "note", Line: sanitize(e.Line)}
		switch e.Dir {
		case probe.DirSend:
			l.Dir, l.DirClass = m.send, "send"
		case probe.DirRecv:
			l.Dir, l.DirClass = m.recv, "recv"
		}
		p.Transcript = append(p.Transcript, l)
	}
	return p
}

// htmlTook is how long the run took, with the round trips it waited for
// as the text report words them.
func htmlTook(res probe.Result) string {
	s := "finished in " + formatDuration(res.Duration)
	if res.Facts.TimedOut {
		s = "timed out after " + formatDuration(res.Duration)
	}
	if rt := RoundTripsLabel(res.Facts.Timing); rt != "" {
		s += ", " + rt
	}
	return s
}

// htmlSummary is the server block of the text report as labelled rows:
// the server, TLS, active mode, the checked range; and the greeting.
func htmlSummary(res probe.Result, m marks) ([]htmlLabelled, []string) {
	f := res.RefPath()
	var server []string
	switch {
	case !f.Connected():
		server = append(server, "not reached")
	case f.Greeting == nil:
		server = append(server, "connected, no greeting")
	default:
		server = append(server, softwareLabel(res.Software), loginLabel(f, res.Facts.User))
	}
	rows := []htmlLabelled{{Label: "Server", Parts: server}, {Label: "Time", Parts: []string{htmlTook(res)}}}
	for _, r := range []htmlLabelled{{"TLS", tlsParts(res)}, {"Active", activeParts(f, m)}, {"Range", rangeParts(f)}} {
		if len(r.Parts) > 0 {
			rows = append(rows, r)
		}
	}
	var greeting []string
	if f.Greeting != nil {
		for _, l := range f.Greeting.Lines {
			greeting = append(greeting, sanitize(l))
		}
	}
	return rows, greeting
}

// htmlFindingOf is one finding with its catalog words and fixes: the ones
// the text report prints in full come first, the others folded.
func htmlFindingOf(f probe.Finding, sw probe.Software, m marks) htmlFinding {
	sev := severityOf(f)
	h := htmlFinding{ID: f.ID, Anchor: "finding-" + anchor(f.ID), Severity: strings.ToUpper(string(sev)),
		Tone: toneClass(SeverityTone(sev)), Title: title(f.ID), Summary: sanitize(f.Summary)}
	for _, ev := range f.Evidence {
		for _, l := range strings.Split(strings.TrimRight(ev, "\r\n"), "\n") {
			h.Evidence = append(h.Evidence, evidenceLine(strings.TrimSuffix(l, "\r"), m))
		}
	}
	if e, ok := Lookup(f.ID); ok {
		h.Why, h.Advice = e.Explanation, e.Advice(f)
	}
	if c, ok := ClientsFor(f); ok {
		h.Clients = c.Line()
	}
	for i, r := range RemediateSoftware(f, sw) {
		fix := htmlFix{Target: TargetName(r.AppliesTo), Detected: r.AppliesTo == sw.Name, Text: r.Text, Config: r.Config}
		if fix.Detected || leadsByCause(f, i, r) {
			h.Fixes = append(h.Fixes, fix)
		} else {
			h.Others = append(h.Others, fix)
		}
	}
	h.OthersLabel = fmt.Sprintf("Fixes for %d other server programs and network devices", len(h.Others))
	if len(h.Fixes) == 0 {
		h.OthersLabel = fmt.Sprintf("Fixes for %d server programs and network devices", len(h.Others))
	}
	return h
}
