package tui

import (
	"fmt"
	"strings"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// findingLine is the line of the main view that holds finding i: the list
// starts right under its heading, after the path matrix.
func (m model) findingLine(i int) int { return len(m.matrixLines()) + 1 + i }

// matrixLines is the path matrix from the report's presentation model:
// one row per path, so a reader sees at a glance which path breaks; one
// line per path when the table is wider than the screen.
func (m model) matrixLines() []string {
	if m.result == nil {
		return nil
	}
	tab := report.PathTable(*m.result, "-")
	if len(tab.Rows) == 0 {
		return nil
	}
	w, _ := m.size()
	lines := []string{m.st.heading.Render("Paths")}
	if tab.Width() > w {
		for i := range tab.Rows {
			lines = append(lines, wrap(tab.Compact(i), w, 2)...)
		}
		return append(lines, "")
	}
	lines = append(lines, m.st.faint.Render(tab.Line(tab.Head, nil)))
	for i, row := range tab.Rows {
		lines = append(lines, tab.Line(tab.Texts(i), func(j int, s string) string {
			if j == 0 {
				return s
			}
			return m.st.cell(row[j].Status).Render(s)
		}))
	}
	return append(lines, "")
}

// syncFindings fills the main view once there is a verdict: the findings,
// most severe first, with the cursor on one, then every check.
func (m *model) syncFindings(w, bodyH int) {
	m.mainVP.SetWidth(w)
	m.mainVP.SetHeight(bodyH)
	m.mainVP.SetContentLines(m.findingsLines(w))
	if m.reveal {
		m.mainVP.EnsureVisible(m.findingLine(m.selected), 0, 0)
		m.reveal = false
	}
}

func (m model) findingsLines(w int) []string {
	res := m.result
	lines := append(m.matrixLines(), m.st.heading.Render("Findings")+"  "+severityCounts(m.findings))
	idW := 0
	for _, f := range m.findings {
		idW = max(idW, len(clean(f.ID)))
	}
	for i, f := range m.findings {
		sev := severityOf(f)
		tag := padRight(strings.ToUpper(string(sev)), 8)
		rest := truncate("  "+padRight(clean(f.ID), idW)+"  "+title(f.ID), w-2-len(tag))
		if i == m.selected {
			lines = append(lines, m.st.selected.Render(padRight("> "+tag+rest, w)))
			continue
		}
		lines = append(lines, "  "+m.st.severity(sev).Render(tag)+rest)
	}
	if len(m.findings) == 0 {
		lines = append(lines, "  none: "+report.Headline(*res))
	}
	if len(res.Checks) > 0 {
		lines = append(lines, "", m.st.heading.Render("Checks"))
		lines = append(lines, m.checkLines(report.OrderedChecks(*res), w)...)
	}
	if c := res.RefPath().StdClient; c != nil && c.Ran {
		lines = append(lines, "")
		lines = append(lines, wrap(stdClientLine(c), w, 0)...)
	}
	return lines
}

// severityCounts is "2 critical, 1 info".
func severityCounts(fs []probe.Finding) string {
	if len(fs) == 0 {
		return "none"
	}
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

// title is the catalog title of a finding, or its ID when the catalog
// does not know it (a newer probe).
func title(id string) string {
	if e, ok := report.Lookup(id); ok {
		return e.Title
	}
	return clean(id)
}

func stdClientLine(c *probe.StdClient) string {
	const lead = "A standard client (jlaffaye/ftp) listed the directory: "
	if c.OK {
		return fmt.Sprintf("%syes - %d entries in %s", lead, c.Entries, duration(c.Duration))
	}
	return lead + "no - " + clean(c.Error)
}

// serverLine is the title of the main view: what answered, as who, how long.
func (m model) serverLine(w int) string {
	res := m.result
	f := res.RefPath()
	var parts []string
	switch {
	case !f.Connected():
		parts = append(parts, "not reached")
	case f.Greeting == nil:
		parts = append(parts, "connected, no greeting")
	default:
		login := "not logged in"
		switch {
		case f.LoggedIn:
			login = "logged in as " + clean(res.Facts.User)
		case f.TLS != nil && f.TLS.Opaque:
			login = report.EncryptedLoginLabel
		}
		parts = append(parts, softwareLabel(res.Software), login)
	}
	took := "finished in " + duration(res.Duration)
	if res.Facts.TimedOut {
		took = "timed out after " + duration(res.Duration)
	}
	parts = append(parts, took)
	if rt := report.RoundTripsLabel(res.Facts.Timing); rt != "" {
		parts = append(parts, rt)
	}
	return m.st.heading.Render("Server") + truncate("  "+strings.Join(parts, " | "), w-len("Server"))
}
