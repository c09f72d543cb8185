package report

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

// maxHTMLBytes bounds a typical report: small enough to mail or attach.
const maxHTMLBytes = 300 << 10

func renderHTML(t *testing.T, res probe.Result) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteHTML(&b, res, HTMLOptions{Tool: Tool{Name: "ftpnat", Version: "test"}}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// parseReport renders res, parses it strictly and checks that it loads
// nothing from elsewhere.
func parseReport(t *testing.T, res probe.Result) (string, []reporttest.HTMLElem) {
	t.Helper()
	doc := renderHTML(t, res)
	es, err := reporttest.ParseHTML(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range reporttest.CheckSelfContained(doc, es) {
		t.Error(err)
	}
	return doc, es
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func sampleResults() map[string]probe.Result {
	return map[string]probe.Result{
		"healthy": reporttest.Healthy(), "nat": reporttest.NATPrivateFiltered(), "dns": reporttest.DNSFailure(),
		"alg": reporttest.TLSBehindALG(), "active": reporttest.ActiveBehindNAT(), "dual": reporttest.DualStackDataFiltered(),
		"empty": {},
	}
}

func TestWriteHTMLSelfContainedWellFormed(t *testing.T) {
	for name, res := range sampleResults() {
		t.Run(name, func(t *testing.T) {
			doc, es := parseReport(t, res)
			if len(doc) > maxHTMLBytes {
				t.Errorf("%d bytes, want at most %d", len(doc), maxHTMLBytes)
			}
			if !strings.HasPrefix(doc, "<!DOCTYPE html>\n") {
				t.Error("no HTML doctype first")
			}
			h1 := reporttest.FindHTML(es, reporttest.Named("h1"))
			if len(h1) != 1 {
				t.Fatalf("%d h1 elements, want one: the verdict", len(h1))
			}
			verdict := strings.ToUpper(string(verdictOf(res)))
			if text := squash(h1[0].Text); !strings.HasPrefix(text, verdict+" ") || !strings.Contains(text, Headline(res)) {
				t.Errorf("h1 %q, want the verdict %s and the headline %q", text, verdict, Headline(res))
			}
			var h2 []string
			for _, e := range reporttest.FindHTML(es, reporttest.Named("h2")) {
				h2 = append(h2, e.Text)
			}
			for _, want := range []string{"Server", "Topology", "Findings", "Checks", "Ladder", "Transcript"} {
				if !strings.Contains(strings.Join(h2, "|"), want) {
					t.Errorf("no %q section among %q", want, h2)
				}
			}
			for _, landmark := range []string{"header", "nav", "main", "footer"} {
				if len(reporttest.FindHTML(es, reporttest.Named(landmark))) != 1 {
					t.Errorf("want one <%s>", landmark)
				}
			}
			if exit := fmtExit(res); !strings.Contains(doc, exit) {
				t.Errorf("the exit status %q is not named", exit)
			}
			if !strings.Contains(doc, "ftpnat test") {
				t.Error("the tool and its version are not named")
			}
		})
	}
}

func fmtExit(res probe.Result) string {
	return "exit status " + string(rune('0'+verdictOf(res).ExitCode()))
}

// Every finding has its article, in root-cause order, with its ID, its
// evidence line by line, and every fix: the detected program's first,
// its snippet verbatim in a <pre>.
func TestWriteHTMLFindings(t *testing.T) {
	for name, res := range sampleResults() {
		t.Run(name, func(t *testing.T) {
			_, es := parseReport(t, res)
			articles := reporttest.FindHTML(es, func(e reporttest.HTMLElem) bool { return e.Name == "article" })
			if len(articles) != len(res.Findings) {
				t.Fatalf("%d finding articles, want %d", len(articles), len(res.Findings))
			}
			for i, f := range res.Findings { // the probe's order is the root-cause order
				a := articles[i]
				if !strings.HasPrefix(a.Attr["id"], "finding-"+anchor(f.ID)) || !strings.Contains(a.Text, f.ID) || !strings.Contains(a.Text, title(f.ID)) {
					t.Errorf("article %d is %q, want %s", i, a.Attr["id"], f.ID)
				}
				if !a.HasClass(toneClass(SeverityTone(severityOf(f)))) {
					t.Errorf("%s: article class %q lacks its severity", f.ID, a.Attr["class"])
				}
				for _, ev := range f.Evidence {
					for _, l := range strings.Split(ev, "\n") {
						if !strings.Contains(a.Text, sanitize(l)) {
							t.Errorf("%s: evidence %q missing", f.ID, l)
						}
					}
				}
				rems := RemediateSoftware(f, res.Software)
				for _, r := range rems {
					if !strings.Contains(a.Text, "Fix for "+TargetName(r.AppliesTo)) || !strings.Contains(a.Text, r.Text) {
						t.Errorf("%s: the fix for %s is missing", f.ID, r.AppliesTo)
					}
				}
				if e, ok := Lookup(f.ID); ok && !strings.Contains(a.Text, e.Explanation) {
					t.Errorf("%s: no explanation", f.ID)
				}
			}
		})
	}
	// The default demo's root cause: vsftpd's fix in full, its snippet
	// verbatim, before the folded others.
	_, es := parseReport(t, reporttest.NATPrivateFiltered())
	snippets := reporttest.FindHTML(es, func(e reporttest.HTMLElem) bool { return e.Name == "pre" && e.HasClass("snippet") })
	f := reporttest.NATPrivateFiltered().Findings[0]
	want := RemediateSoftware(f, probe.Software{Name: probe.SoftwareVsftpd})[0]
	if want.AppliesTo != probe.SoftwareVsftpd || len(snippets) == 0 || snippets[0].Text != want.Config {
		t.Errorf("first snippet %q, want vsftpd's %q", snippets[0].Text, want.Config)
	}
}

// The path matrix holds the same cells as the text report's, coloured by
// the same tones.
func TestWriteHTMLPathMatrix(t *testing.T) {
	res := reporttest.DualStackDataFiltered()
	_, es := parseReport(t, res)
	tab := PathTable(res, "—")
	var rows []reporttest.HTMLElem
	inMatrix := false
	for _, e := range es {
		if e.Name == "table" {
			inMatrix = e.HasClass("matrix")
		}
		if inMatrix && e.Name == "tr" {
			rows = append(rows, e)
		}
	}
	if len(rows) != len(tab.Rows)+1 {
		t.Fatalf("%d matrix rows, want a header and %d", len(rows), len(tab.Rows))
	}
	for i, row := range tab.Rows {
		for _, c := range row {
			if !strings.Contains(rows[i+1].Text, c.Text) {
				t.Errorf("row %d lacks %q: %q", i, c.Text, rows[i+1].Text)
			}
		}
	}
	cells := reporttest.FindHTML(es, func(e reporttest.HTMLElem) bool { return e.Name == "td" && e.HasClass("critical") })
	if len(cells) == 0 {
		t.Error("no failed cell coloured critical")
	}
}

// Server text is text: a reply or a greeting carrying markup shows as
// characters and never becomes an element, an attribute or a script.
func TestWriteHTMLEscapesServerText(t *testing.T) {
	res := reporttest.NATPrivateFiltered()
	const hostile = `<script>alert(1)</script><img src=x onerror=alert(2)>"'&`
	res.RefPath().Greeting = &probe.Reply{Code: 220, Lines: []string{"220 " + hostile}}
	res.Transcript = append(res.Transcript, probe.TranscriptEntry{Dir: probe.DirRecv, Line: "500 " + hostile, Session: "main</td>"})
	res.Findings[0].Evidence = append(res.Findings[0].Evidence, "550 "+hostile)
	res.Findings[0].Summary = hostile
	res.Checks = append(res.Checks, probe.Check{Name: "listing", Status: probe.CheckFail, Detail: hostile})
	res.Facts.Host = "ftp.example.test</title><script>x()</script>"
	doc, es := parseReport(t, res) // one script, no img, no handler
	if strings.Contains(doc, "<script>alert") || strings.Contains(doc, "<img") {
		t.Error("server text became markup")
	}
	texts := 0
	for _, e := range es {
		if e.Name != "html" && strings.Contains(e.Text, hostile) && !strings.Contains(e.Text, "<script>x()") {
			texts++
		}
	}
	if texts == 0 {
		t.Error("the hostile text is not shown as text")
	}
	if title := reporttest.FindHTML(es, reporttest.Named("title")); len(title) != 1 || !strings.Contains(title[0].Text, "</title><script>") {
		t.Errorf("title %v, want the host name as text", title)
	}
}

// The style sheet follows the reader's scheme and prints; the script only
// adds copy buttons to what is already readable.
func TestWriteHTMLStyleAndScript(t *testing.T) {
	doc, es := parseReport(t, reporttest.NATPrivateFiltered())
	style := reporttest.FindHTML(es, reporttest.Named("style"))
	if len(style) != 1 {
		t.Fatalf("%d style elements", len(style))
	}
	for _, want := range []string{"@media (prefers-color-scheme: dark)", "@media print", "details::details-content", "@media (max-width:", "overflow-x: auto"} {
		if !strings.Contains(style[0].Text, want) {
			t.Errorf("style sheet lacks %q", want)
		}
	}
	if !strings.Contains(doc, `<meta name="color-scheme" content="light dark"/>`) ||
		!strings.Contains(doc, `<meta name="viewport" content="width=device-width, initial-scale=1"/>`) {
		t.Error("no color-scheme or viewport meta")
	}
	script := reporttest.FindHTML(es, reporttest.Named("script"))[0].Text
	for _, want := range []string{"navigator.clipboard", "pre.snippet", "beforeprint"} {
		if !strings.Contains(script, want) {
			t.Errorf("script lacks %q", want)
		}
	}
	if reporttest.FindHTML(es, reporttest.Named("button")) != nil {
		t.Error("buttons in the markup: without scripts they would do nothing")
	}
}

// The topology and the ladder are embedded as SVG in their sections, each
// titled for screen readers, the picture's stylesheet with the page's.
func TestWriteHTMLEmbedsPictures(t *testing.T) {
	for name, res := range sampleResults() {
		t.Run(name, func(t *testing.T) {
			doc, es := parseReport(t, res)
			var svgs []reporttest.HTMLElem
			section := ""
			for _, e := range es {
				if e.Name == "h2" && e.NS == "" {
					section = e.Attr["id"]
				}
				if e.Name == "svg" {
					e.Attr["section"] = section
					svgs = append(svgs, e)
				}
				if e.Name == "title" && e.NS != "" && strings.TrimSpace(e.Text) == "" {
					t.Errorf("an SVG title in %s is empty", section)
				}
			}
			if len(svgs) != 2 || svgs[0].Attr["section"] != "topology" || svgs[1].Attr["section"] != "ladder" {
				t.Fatalf("%d pictures, want the topology's and the ladder's in their sections", len(svgs))
			}
			for _, svg := range svgs {
				if svg.Attr["role"] != "img" || svg.Attr["aria-labelledby"] == "" {
					t.Errorf("picture in %s is not labelled for screen readers: %v", svg.Attr["section"], svg.Attr)
				}
			}
			if strings.Contains(doc, `class="placeholder"`) || !strings.Contains(doc, ".ftpnat-pic") {
				t.Error("placeholder shown, or no picture stylesheet")
			}
		})
	}
}

// Every id in the page is unique, even when a finding ID is reported twice.
func TestWriteHTMLUniqueIDs(t *testing.T) {
	res := reporttest.NATPrivateFiltered()
	res.Findings = append(res.Findings, res.Findings[1])
	_, es := parseReport(t, res)
	ids := map[string]bool{}
	for _, e := range es {
		if id := e.Attr["id"]; id != "" {
			if ids[id] {
				t.Errorf("id %q twice", id)
			}
			ids[id] = true
		}
	}
	if !ids["finding-dataport_filtered-2"] {
		t.Errorf("the second data.port_filtered has no anchor of its own: %v", ids)
	}
}

// Pictures handed in are embedded as they are, in place of the drawn ones.
func TestWriteHTMLGivenPictures(t *testing.T) {
	var b bytes.Buffer
	topo := `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 10 10"><title>Given topology</title></svg>`
	if err := WriteHTML(&b, reporttest.Healthy(), HTMLOptions{Topology: template.HTML(topo)}); err != nil {
		t.Fatal(err)
	}
	es, err := reporttest.ParseHTML(b.String())
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, e := range es {
		if e.Name == "svg" {
			titles = append(titles, squash(e.Text))
		}
	}
	if len(titles) != 2 || titles[0] != "Given topology" || titles[1] == "Given topology" {
		t.Errorf("pictures %q, want the given topology and a drawn ladder", titles)
	}
}

// The timing reads as in the text report: the duration, the round trips
// and how long one takes; the footer names the tool and its version.
func TestWriteHTMLTiming(t *testing.T) {
	res := reporttest.Healthy()
	res.Facts.Timing = probe.Timing{ControlRTT: 190 * time.Millisecond, RoundTrips: 11}
	doc, es := parseReport(t, res)
	if !strings.Contains(doc, "finished in 1.24s, 11 round trips of 190ms") {
		t.Error("no duration with its round trips")
	}
	footer := reporttest.FindHTML(es, reporttest.Named("footer"))
	if text := squash(footer[0].Text); !strings.HasPrefix(text, "ftpnat test · started 2026-03-14T09:26:53Z · finished in 1.24s") {
		t.Errorf("footer %q", text)
	}
}
