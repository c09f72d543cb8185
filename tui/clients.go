package tui

import (
	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// clientLines is the finding's client verdicts from the clients table:
// one wrapped line per outcome (cope, fail, not affected, unknown), or
// nothing when the table does not cover the finding.
func clientLines(f probe.Finding, w int, heading string) []string {
	c, ok := report.ClientsFor(f)
	if !ok {
		return nil
	}
	lines := []string{"", heading}
	for _, g := range c.Groups() {
		lines = append(lines, wrap(clean(g.Line()), w, 2)...)
	}
	return append(lines, wrap("Sources and conditions: docs/clients.md", w, 2)...)
}
