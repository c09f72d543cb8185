package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// current is the finding under the cursor.
func (m model) current() (probe.Finding, bool) {
	if m.selected < 0 || m.selected >= len(m.findings) {
		return probe.Finding{}, false
	}
	return m.findings[m.selected], true
}

// software is the detected server software, whose fix comes first.
func (m model) software() string {
	if m.result == nil {
		return ""
	}
	return m.result.Software.Name
}

// remediation lists the fixes of the current finding: the detected
// software first, then the other servers, then the network in front.
func (m model) remediation() []report.Remediation {
	f, ok := m.current()
	if !ok {
		return nil
	}
	if m.result == nil {
		return report.Remediate(f, "")
	}
	return report.RemediateSoftware(f, m.result.Software)
}

// currentFix is the fix shown in the detail view.
func (m model) currentFix() (report.Remediation, bool) {
	rems := m.remediation()
	if len(rems) == 0 {
		return report.Remediation{}, false
	}
	return rems[min(m.fix, len(rems)-1)], true
}

func (m model) detailTitle(w int) string {
	f, ok := m.current()
	if !ok {
		return ""
	}
	sev := severityOf(f)
	tag := strings.ToUpper(string(sev))
	pos := fmt.Sprintf("%d/%d", m.selected+1, len(m.findings))
	return m.st.severity(sev).Render(tag) + spread("  "+clean(f.ID)+" - "+title(f.ID), pos, w-len(tag))
}

func (m *model) syncDetail(w, bodyH int) {
	m.detailVP.SetWidth(w)
	m.detailVP.SetHeight(bodyH)
	m.detailVP.SetContentLines(m.detailLines(w))
}

// detailLines is one finding in full. The fix comes right after the
// summary, so that it is on the first screen even at 80×24; evidence and
// explanation follow.
func (m model) detailLines(w int) []string {
	f, ok := m.current()
	if !ok {
		return nil
	}
	var lines []string
	if f.Summary != "" {
		lines = append(lines, wrap(clean(f.Summary), w, 0)...)
		lines = append(lines, "")
	}
	lines = append(lines, m.fixLines(w)...)
	if len(f.Evidence) > 0 {
		lines = append(lines, m.st.label.Render("Evidence"))
		for _, ev := range f.Evidence {
			// A multi-line reply arrives as one item: show it line by line.
			for _, l := range strings.Split(strings.TrimRight(ev, "\r\n"), "\n") {
				el := evidenceLine(l)
				lines = append(lines, hang("  "+el[:2], el[2:], w)...)
			}
		}
		lines = append(lines, "")
	}
	e, known := report.Lookup(f.ID)
	if !known {
		return append(lines, wrap("ftpnat does not know this finding yet; the JSON report (s) has its raw values.", w, 0)...)
	}
	lines = append(lines, m.st.label.Render("Why"))
	lines = append(lines, wrap(e.Explanation, w, 2)...)
	lines = append(lines, "", m.st.label.Render("What to do"))
	lines = append(lines, wrap(clean(e.Advice(f)), w, 2)...)
	return append(lines, clientLines(f, w, m.st.label.Render("Clients"))...)
}

// fixLines is the fix on display: for whom, what to do, and its snippet,
// printed as it is to be pasted — no indentation, colour or frame inside
// the snippet lines, so a mouse selection copies them exactly too.
func (m model) fixLines(w int) []string {
	rems := m.remediation()
	if len(rems) == 0 {
		none := "  No ready-made fix for this finding."
		if f, _ := m.current(); known(f.ID) {
			none = "  No ready-made fix for this finding: see What to do below."
		}
		return []string{m.st.label.Render("Fix"), none, ""}
	}
	i := min(m.fix, len(rems)-1)
	r := rems[i]
	label := "Fix for " + clean(report.TargetName(r.AppliesTo))
	if r.AppliesTo == m.software() {
		label += " (detected)"
	}
	if same := sameTarget(rems, r.AppliesTo); len(same) > 1 {
		label += fmt.Sprintf(", part %d of %d", slices.Index(same, i)+1, len(same))
	}
	right := fmt.Sprintf("%d/%d  tab/←/→ other fixes", i+1, len(rems))
	head := m.st.label.Render(label)
	if gap := w - lipgloss.Width(label) - lipgloss.Width(right); gap >= 2 {
		head += strings.Repeat(" ", gap) + m.st.faint.Render(right)
	}
	lines := []string{head}
	lines = append(lines, wrap(clean(r.Text), w, 2)...)
	if r.Config != "" {
		lines = append(lines, m.st.faint.Render("  Snippet (c copies it):"))
		snippet, cut := snippetLines(r.Config, w, m.snippetX)
		lines = append(lines, snippet...)
		if cut {
			for _, l := range wrap(cutMark+" marks a cut line: < and > scroll it, c copies the whole snippet.", w, 2) {
				lines = append(lines, m.st.faint.Render(l))
			}
		}
	} else {
		lines = append(lines, m.st.faint.Render("  No snippet: this fix is a setting, as described above."))
	}
	if others := otherTargets(rems, r.AppliesTo); len(others) > 0 {
		lines = append(lines, "")
		for _, l := range wrapList("Other fixes: ", others, w, 2) {
			lines = append(lines, m.st.faint.Render(l))
		}
	}
	return append(lines, "")
}

func known(id string) bool {
	_, ok := report.Lookup(id)
	return ok
}

// sameTarget lists the indexes of the fixes for one target (a finding can
// need two changes on the same device).
func sameTarget(rems []report.Remediation, target string) []int {
	var out []int
	for i, r := range rems {
		if r.AppliesTo == target {
			out = append(out, i)
		}
	}
	return out
}

// otherTargets names the targets of the other fixes, in their order.
func otherTargets(rems []report.Remediation, except string) []string {
	var out []string
	for _, r := range rems {
		if name := clean(report.TargetName(r.AppliesTo)); r.AppliesTo != except && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}
