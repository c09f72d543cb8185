package tui

import (
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// The smallest screen drawn as designed; smaller ones are drawn at this
// size and cut by the terminal, which beats a layout that falls apart.
const (
	minWidth  = 40
	minHeight = 12
)

// footerLines are the rule, the message line and the key line.
const footerLines = 3

func (m model) size() (int, int) { return max(m.width, minWidth), max(m.height, minHeight) }

// View draws the screen: header, a rule, the body of the current view, a
// rule, the last message and the keys.
func (m model) View() tea.View {
	_, h := m.size()
	lines := m.header()
	lines = append(lines, m.rule())
	body := m.body()
	bodyH := h - len(lines) - footerLines
	for len(body) < bodyH {
		body = append(body, "")
	}
	lines = append(lines, body[:bodyH]...)
	lines = append(lines, m.footRule(), m.messageLine(), m.keyLine())
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	v := tea.NewView(strings.Join(lines, "\n"))
	v.AltScreen = true
	v.WindowTitle = "ftpnat " + m.label()
	return v
}

// bodyHeight is what is left between header and footer.
func (m model) bodyHeight() int {
	_, h := m.size()
	return max(h-len(m.header())-1-footerLines, 1)
}

// sync sizes the viewports and fills the visible one. Update calls it after
// every change, so View only draws.
func (m *model) sync() {
	w, _ := m.size()
	bodyH := m.bodyHeight()
	switch m.view {
	case viewMain:
		if m.result == nil {
			m.syncSteps(w, bodyH)
		} else {
			m.syncFindings(w, bodyH)
		}
	case viewDetail:
		m.syncDetail(w, bodyH)
	case viewTranscript:
		m.syncTranscript(w, bodyH)
	case viewHelp:
		m.syncHelp(w, bodyH)
	case viewPicture:
		m.syncPicture(w, bodyH)
	}
}

func (m model) body() []string {
	var vp string
	switch m.view {
	case viewMain:
		if m.result == nil {
			return append(strings.Split(m.mainVP.View(), "\n"), m.waiting()...)
		}
		vp = m.mainVP.View()
	case viewDetail:
		vp = m.detailVP.View()
	case viewTranscript:
		vp = m.transcriptVP.View()
	case viewHelp:
		vp = m.helpVP.View()
	case viewPicture:
		vp = m.pictureVP.View()
	}
	return strings.Split(vp, "\n")
}

// header is the status line (progress or verdict), the simulation banner
// of a demo, and the title of the view.
func (m model) header() []string {
	w, _ := m.size()
	var lines []string
	if m.result == nil {
		const lead = "Diagnosing "
		elapsed := seconds(m.cfg.now().Sub(m.started))
		lines = append(lines, m.st.label.Render(lead)+spread(m.label(), elapsed, w-len(lead)))
	} else {
		lines = append(lines, m.verdictLine(w))
	}
	if m.cfg.simulated {
		const tag = "SIMULATION"
		lines = append(lines, m.st.warning.Render(tag)+truncate("  built-in fake server (ftpnat demo), not a real network", w-len(tag)))
	}
	if m.result != nil {
		if s := report.SourceLabel(*m.result); s != "" {
			const tag = "CAPTURE"
			lines = append(lines, m.st.label.Render(tag)+truncate("  "+s, w-len(tag)))
		}
	}
	if v := m.vantage(); v != "" {
		const tag = "VANTAGE"
		lines = append(lines, m.st.label.Render(tag)+truncate("  "+v, w-len(tag)))
	}
	return append(lines, m.title(w))
}

// vantage says where the diagnosis runs when not here: the result's
// word once there is one, the configured remote until then.
func (m model) vantage() string {
	if m.result != nil && m.result.Facts.Vantage.Remote != "" {
		return report.VantageLabel(*m.result)
	}
	return report.RemoteLabel(m.cfg.vantage)
}

// verdictLine is the first line of the text report: verdict, target, worst problem.
func (m model) verdictLine(w int) string {
	res := *m.result
	v := res.Verdict
	if v == "" {
		v = probe.VerdictUnknown
	}
	tag := strings.ToUpper(string(v))
	rest := truncate("  "+m.label()+" - "+report.Headline(res), w-len(tag))
	return m.st.verdict(v).Render(tag) + rest
}

// label names the target: as the probe saw it once it has a result.
func (m model) label() string {
	if m.result != nil {
		return targetLabel(*m.result, m.cfg.target)
	}
	return m.cfg.target
}

func (m model) title(w int) string {
	switch m.view {
	case viewDetail:
		return m.detailTitle(w)
	case viewTranscript:
		return m.transcriptTitle(w)
	case viewHelp:
		return m.st.heading.Render("Keys")
	case viewPicture:
		return m.pictureTitle(w)
	}
	if m.result == nil {
		return m.stepsTitle(w)
	}
	return m.serverLine(w)
}

func (m model) rule() string {
	w, _ := m.size()
	return m.st.faint.Render(strings.Repeat("─", w))
}

// keyLine is the one-line help. On a narrow screen the keys before the
// last go first: quitting stays in sight.
func (m model) keyLine() string {
	w, _ := m.size()
	keys := m.keys.short(m.view, m.result != nil)
	for {
		s := m.help.ShortHelpView(keys)
		if len(keys) <= 1 || lipgloss.Width(s) <= w {
			return s
		}
		keys = slices.Delete(slices.Clone(keys), len(keys)-2, len(keys)-1)
	}
}

func (m model) messageLine() string {
	w, _ := m.size()
	if m.message == "" {
		return ""
	}
	msg := truncate(m.message, w)
	if m.problem {
		return m.st.problem.Render(msg)
	}
	return m.st.message.Render(msg)
}
