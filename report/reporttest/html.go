package reporttest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// HTMLElem is one element of a parsed HTML report: its name, attributes
// and all the text inside it.
type HTMLElem struct {
	Name  string
	NS    string // the namespace: "" for HTML, SVG's for the pictures' elements
	Attr  map[string]string
	Text  string
	Depth int
}

// HasClass reports whether the element carries the CSS class c.
func (e HTMLElem) HasClass(c string) bool {
	return strings.Contains(" "+e.Attr["class"]+" ", " "+c+" ")
}

// ParseHTML reads an HTML report as strict XML: the renderer writes
// well-formed markup, so a markup error, a stray entity or an unclosed
// element is an error. It returns the elements in document order.
func ParseHTML(doc string) ([]HTMLElem, error) {
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = true
	var out []HTMLElem
	var open []int
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("the report is not well-formed: %w", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := HTMLElem{Name: tok.Name.Local, NS: tok.Name.Space, Attr: map[string]string{}, Depth: len(open)}
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
		return nil, fmt.Errorf("%d elements left open", len(open))
	}
	return out, nil
}

// FindHTML returns the elements for which pred holds.
func FindHTML(es []HTMLElem, pred func(HTMLElem) bool) []HTMLElem {
	var out []HTMLElem
	for _, e := range es {
		if pred(e) {
			out = append(out, e)
		}
	}
	return out
}

// Named matches HTML elements (not those of an embedded SVG) by name.
func Named(name string) func(HTMLElem) bool {
	return func(e HTMLElem) bool { return e.Name == name && e.NS == "" }
}

// loadAttrs are the attributes through which a page can load something.
var loadAttrs = []string{"src", "href", "xlink:href", "action", "formaction", "data", "poster", "srcset", "background", "ping", "manifest"}

// loadElems are elements that load or embed other documents.
var loadElems = []string{"link", "iframe", "frame", "object", "embed", "base", "img", "audio", "video", "source", "track", "form"}

var cssURL = regexp.MustCompile(`url\(\s*['"]?([^'")]*)`)

// CheckSelfContained lists every way the page could load something from
// elsewhere: an attribute that is not an in-page anchor or a data: URL,
// an element that embeds another document, url() but data:, @import, a
// script beyond the page's one, or a Content-Security-Policy that does
// not forbid all that and allow exactly the page's script.
func CheckSelfContained(doc string, es []HTMLElem) []error {
	var errs []error
	for _, e := range es {
		for _, a := range loadAttrs {
			v, ok := e.Attr[a]
			if ok && !strings.HasPrefix(v, "#") && !strings.HasPrefix(v, "data:") {
				errs = append(errs, fmt.Errorf("<%s %s=%q> loads from elsewhere", e.Name, a, v))
			}
		}
		for _, n := range loadElems {
			if e.Name == n {
				errs = append(errs, fmt.Errorf("<%s> in a self-contained report", e.Name))
			}
		}
		for a := range e.Attr {
			if strings.HasPrefix(strings.ToLower(a), "on") {
				errs = append(errs, fmt.Errorf("<%s %s> runs an inline handler", e.Name, a))
			}
		}
	}
	for _, m := range cssURL.FindAllStringSubmatch(doc, -1) {
		if !strings.HasPrefix(m[1], "data:") {
			errs = append(errs, fmt.Errorf("url(%s) loads from elsewhere", m[1]))
		}
	}
	if strings.Contains(doc, "@import") {
		errs = append(errs, errors.New("the style sheet imports another"))
	}
	scripts := FindHTML(es, Named("script"))
	if len(scripts) != 1 {
		return append(errs, fmt.Errorf("%d script elements, want the page's own one", len(scripts)))
	}
	var csp string
	for _, e := range FindHTML(es, Named("meta")) {
		if strings.EqualFold(e.Attr["http-equiv"], "Content-Security-Policy") {
			csp = e.Attr["content"]
		}
	}
	sum := sha256.Sum256([]byte(scripts[0].Text))
	hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	for _, want := range []string{"default-src 'none'", "img-src data:", "script-src " + hash} {
		if !strings.Contains(csp, want) {
			errs = append(errs, fmt.Errorf("Content-Security-Policy %q lacks %q", csp, want))
		}
	}
	return errs
}
