package report

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/ftpnat/ftpnat/probe"
)

// FindingsRegenerate is the command that rewrites docs/findings.md.
const FindingsRegenerate = "go test ./report -run TestFindingsDoc -update"

// FindingsMarkdown renders the catalog as docs/findings.md: an index table
// and one section per finding with its explanation, advice and every fix.
func FindingsMarkdown() string {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	fixes := func(heading string, rems []Remediation) {
		if len(rems) == 0 {
			return
		}
		p("\n### %s\n", heading)
		for _, r := range rems {
			p("\n- **%s**: %s\n", mdEscape(TargetName(r.AppliesTo)), mdEscape(r.Text))
			if r.Config != "" {
				p("\n  ```\n")
				for _, l := range strings.Split(r.Config, "\n") {
					p("  %s\n", l)
				}
				p("  ```\n")
			}
		}
	}
	entries := Catalog()

	p("# Finding reference\n\n")
	p("<!-- Generated from the catalog in report/catalog_*.go and report/remediation_*.go. Do not edit;\n")
	p("     regenerate with: %s -->\n\n", FindingsRegenerate)
	p("Every finding ftpnat reports: its ID (a stable contract, also used in JSON reports and metrics), its\n")
	p("default severity, what it means, and the fixes ftpnat proposes. In a real diagnosis the fixes are\n")
	p("filled in with the observed values; here they show placeholders such as `%s`,\n", PlaceholderPublicAddress)
	p("`%s` and `%s`. `ftpnat explain ID` prints the same text in a terminal.\n\n", PlaceholderServerAddress, PlaceholderPortMin)

	p("| ID | Severity | Title |\n|---|---|---|\n")
	for _, e := range entries {
		p("| [`%s`](#%s) | %s | %s |\n", e.ID, anchor(e.ID), e.Severity, mdEscape(e.Title))
	}
	for _, e := range entries {
		p("\n## %s\n\n", e.ID)
		p("**%s** — severity **%s**", mdEscape(e.Title), e.Severity)
		if e.SeverityNote != "" {
			p(" (%s)", mdEscape(e.SeverityNote))
		}
		p(".\n\n%s\n\n", mdEscape(e.Explanation))
		if e.Cause == CauseNetwork {
			p("The cause lies in the network, so the fixes for routers, firewalls and load balancers come first, the server's next.\n\n")
		}
		p("**What to do:** %s\n", mdEscape(e.Advice(probe.Finding{})))
		for _, c := range e.Cases() {
			p("\n**What to do when %s:** %s\n", mdEscape(c.When), mdEscape(c.Advice))
		}
		clientsMarkdown(p, e.ID)
		fixes("Fixes", e.Remediation(probe.Finding{}, ""))
		for _, g := range groupCases(e.Cases()) {
			fixes("Fixes when "+mdEscape(g.When), g.Remediation)
		}
	}
	return b.String()
}

// groupCases merges neighbouring cases with the same fixes, so that the
// reference lists each set of fixes once ("when A, or when B").
func groupCases(cs []Case) []Case {
	var out []Case
	for _, c := range cs {
		if k := len(out) - 1; k >= 0 && c.Remediation != nil && slices.Equal(out[k].Remediation, c.Remediation) {
			out[k].When += ", or when " + c.When
			continue
		}
		out = append(out, c)
	}
	return out
}

// anchor is GitHub's heading anchor for an ID: dots dropped, rest kept.
func anchor(id string) string { return strings.ReplaceAll(id, ".", "") }

// angled matches <placeholders> and <Tags> in prose.
var angled = regexp.MustCompile(`<[^<>\n]+>`)

// mdEscape keeps prose literal in Markdown: anything in angle brackets
// (placeholders, <VirtualHost>) becomes code instead of an HTML tag.
func mdEscape(s string) string {
	s = strings.NewReplacer("|", `\|`, "*", `\*`, "`", "'").Replace(s)
	return angled.ReplaceAllString(s, "`$0`")
}
