package report

import (
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
)

// TestMarkersAsReplacer holds the filler's markers to what a
// strings.Replacer of the same pairs makes of every fix template and
// advice in the package, and of malformed markers.
func TestMarkersAsReplacer(t *testing.T) {
	params := natParams()
	params[probe.ParamSessionLimit] = "2"
	params[probe.ParamSpread] = "9"
	fillers := map[string]filler{
		"observed": newFiller(probe.Finding{Params: params, Ports: probe.PortLists{Missing: runs("30005-30009"), Ports: runs("30001,30004")}}),
		"unknown":  newFiller(probe.Finding{}),
	}
	templates := []string{"", "plain", "{{", "}}", "{{}}", "{{public", "{{{public}}}", "{{unknown}} {{public}}{{min}}",
		"{{public}}{{", "x{{{{max}}}}y", "{{span}} {{min}}", "{{each_port}}"}
	books := []playbook{filezilla09Fixes()}
	for _, tg := range remedyTables().servers {
		books = append(books, tg.book)
	}
	for _, tg := range remedyTables().network {
		books = append(books, tg.book)
	}
	for _, b := range remedyTables().topics {
		books = append(books, b)
	}
	for _, b := range books {
		for _, f := range b {
			templates = append(templates, f.text, f.config)
		}
	}
	for _, e := range Catalog() {
		templates = append(templates, e.advice)
		for _, c := range e.cases {
			templates = append(templates, c.advice)
		}
	}
	for name, f := range fillers {
		r := strings.NewReplacer(f.r...)
		for _, tmpl := range templates {
			if got, want := f.r.replace(tmpl), r.Replace(tmpl); got != want {
				t.Errorf("%s: %q\ngot  %q\nwant %q", name, tmpl, got, want)
			}
		}
	}
	if len(templates) < 100 {
		t.Fatalf("only %d templates: the tables were not found", len(templates))
	}
}
