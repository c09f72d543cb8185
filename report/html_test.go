package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

// maxHTMLBytes bounds a typical report: small enough to mail or attach.
const maxHTMLBytes = 300 << 10

// htmlElem is one element of a parsed report: its name, attributes and
// all the text inside it.
type htmlElem struct {
	Name  string
	Attr  map[string]string
	Text  string
	Depth int
}

func (e htmlElem) class(c string) bool {
	return strings.Contains(" "+e.Attr["class"]+" ", " "+c+" ")
}

// parseHTML reads a report as strict XML: the renderer writes
// well-formed markup, so any markup error, stray entity or unclosed
// element fails the test. It returns the elements in document order.
func parseHTML(t *testing.T, doc string) []htmlElem {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = true
	var out []htmlElem
	var open []int
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the report is not well-formed: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := htmlElem{Name: tok.Name.Local, Attr: map[string]string{}, Depth: len(open)}
			for _, a := range tok.Attr {
				name := a.Name.Local
				if a.Name.Space != "" {
					name = a.Name.Space + ":" + name
				}
				e.Attr[name] = a.Value
			}
			out = append(out, e)
			open = append(open, len(out)-1)
		case xml.EndElement:
			open = open[:len(open)-1]
		case xml.CharData:
			for _, i := range open {
				out[i].Text += string(tok)
			}
		}
	}
	if len(open) != 0 {
		t.Fatalf("%d elements left open", len(open))
	}
	return out
}

func renderHTML(t *testing.T, res probe.Result) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteHTML(&b, res, HTMLOptions{Tool: Tool{Name: "ftpnat", Version: "test"}}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func htmlFind(es []htmlElem, pred func(htmlElem) bool) []htmlElem {
	var out []htmlElem
	for _, e := range es {
		if pred(e) {
			out = append(out, e)
		}
	}
	return out
}

func named(name string) func(htmlElem) bool {
	return func(e htmlElem) bool { return e.Name == name }
}

// loadAttrs are the attributes through which a page can load something.
var loadAttrs = []string{"src", "href", "xlink:href", "action", "formaction", "data", "poster", "srcset", "background", "ping", "manifest"}

// checkSelfContained fails when the page could load anything from
// elsewhere: only in-page anchors and data: URLs, no url() but data:,
// no @import, and a CSP that forbids the rest and allows exactly the
// page's own script.
func checkSelfContained(t *testing.T, doc string, es []htmlElem) {
	t.Helper()
	for _, e := range es {
		for _, a := range loadAttrs {
			v, ok := e.Attr[a]
			if ok && !strings.HasPrefix(v, "#") && !strings.HasPrefix(v, "data:") {
				t.Errorf("<%s %s=%q> loads from elsewhere", e.Name, a, v)
			}
		}
		if e.Name == "link" || e.Name == "iframe" || e.Name == "object" || e.Name == "embed" || e.Name == "base" {
			t.Errorf("<%s> in a self-contained report", e.Name)
		}
	}
	for _, m := range regexp.MustCompile(`url\(\s*['"]?([^'")]*)`).FindAllStringSubmatch(doc, -1) {
		if !strings.HasPrefix(m[1], "data:") {
			t.Errorf("url(%s) loads from elsewhere", m[1])
		}
	}
	if strings.Contains(doc, "@import") {
		t.Error("the style sheet imports another")
	}
	scripts := htmlFind(es, named("script"))
	if len(scripts) != 1 {
		t.Fatalf("%d script elements, want the page's own one", len(scripts))
	}
	var csp string
	for _, e := range htmlFind(es, named("meta")) {
		if strings.EqualFold(e.Attr["http-equiv"], "Content-Security-Policy") {
			csp = e.Attr["content"]
		}
	}
	for _, want := range []string{"default-src 'none'", "img-src data:", "script-src '" + scriptHash(scripts[0].Text) + "'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
}

func TestWriteHTMLSelfContainedWellFormed(t *testing.T) {
	for name, res := range map[string]probe.Result{
		"healthy": reporttest.Healthy(), "nat": reporttest.NATPrivateFiltered(), "dns": reporttest.DNSFailure(),
		"alg": reporttest.TLSBehindALG(), "active": reporttest.ActiveBehindNAT(), "dual": reporttest.DualStackDataFiltered(),
		"empty": {},
	} {
		t.Run(name, func(t *testing.T) {
			doc := renderHTML(t, res)
			if len(doc) > maxHTMLBytes {
				t.Errorf("%d bytes, want at most %d", len(doc), maxHTMLBytes)
			}
			if !strings.HasPrefix(doc, "<!DOCTYPE html>\n") {
				t.Error("no HTML doctype first")
			}
			es := parseHTML(t, doc)
			checkSelfContained(t, doc, es)
			h1 := htmlFind(es, named("h1"))
			if len(h1) != 1 {
				t.Fatalf("%d h1 elements, want one: the verdict", len(h1))
			}
			verdict := strings.ToUpper(string(verdictOf(res)))
			if text := strings.Join(strings.Fields(h1[0].Text), " "); !strings.HasPrefix(text, verdict+" ") || !strings.Contains(text, Headline(res)) {
				t.Errorf("h1 %q, want the verdict %s and the headline %q", text, verdict, Headline(res))
			}
			var h2 []string
			for _, e := range htmlFind(es, named("h2")) {
				h2 = append(h2, e.Text)
			}
			for _, want := range []string{"Server", "Topology", "Findings", "Checks", "Ladder", "Transcript"} {
				if !strings.Contains(strings.Join(h2, "|"), want) {
					t.Errorf("no %q section among %q", want, h2)
				}
			}
			for _, landmark := range []string{"header", "nav", "main", "footer"} {
				if len(htmlFind(es, named(landmark))) != 1 {
					t.Errorf("want one <%s>", landmark)
				}
			}
		})
	}
}
