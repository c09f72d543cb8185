package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
)

// onKey answers a key press. Keys that work everywhere come first; the
// rest depend on the view.
func (m model) onKey(k tea.KeyPressMsg) (model, tea.Cmd) {
	km := m.keys
	switch {
	case key.Matches(k, km.Quit):
		return m, tea.Quit
	case key.Matches(k, km.Help):
		m.open(viewHelp)
		return m, nil
	case key.Matches(k, km.Transcript):
		m.open(viewTranscript)
		return m, nil
	case key.Matches(k, km.Picture):
		m.open(viewPicture)
		return m, nil
	case key.Matches(k, km.Rerun):
		return m.rerun()
	case key.Matches(k, km.Save):
		return m.save()
	case key.Matches(k, km.Back):
		m.closeView()
		return m, nil
	}
	switch m.view {
	case viewMain:
		if m.result != nil {
			return m.onFindingsKey(k)
		}
		scroll(&m.mainVP, km, k)
	case viewDetail:
		return m.onDetailKey(k)
	case viewTranscript:
		scroll(&m.transcriptVP, km, k)
	case viewHelp:
		scroll(&m.helpVP, km, k)
	case viewPicture:
		scroll(&m.pictureVP, km, k)
	}
	return m, nil
}

// onFindingsKey moves through the findings; past the last one, ↓ scrolls
// on to the checks below them.
func (m model) onFindingsKey(k tea.KeyPressMsg) (model, tea.Cmd) {
	km := m.keys
	switch {
	case key.Matches(k, km.Down):
		if m.selected < len(m.findings)-1 {
			m.selected++
			m.reveal = true
		} else {
			m.mainVP.ScrollDown(1)
		}
	case key.Matches(k, km.Up):
		switch {
		case m.selectionAboveView(), m.selected == 0:
			m.mainVP.ScrollUp(1) // retrace the scroll before moving the selection
		default:
			m.selected--
			m.reveal = true
		}
	case key.Matches(k, km.Open):
		if len(m.findings) > 0 {
			m.fix, m.snippetX = 0, 0
			m.detailVP.GotoTop()
			m.open(viewDetail)
		}
	default:
		scroll(&m.mainVP, km, k)
	}
	return m, nil
}

// selectionAboveView reports whether the selected finding has scrolled off
// the top of the main view.
func (m model) selectionAboveView() bool {
	return m.mainVP.YOffset() > m.findingLine(m.selected)
}

func (m model) onDetailKey(k tea.KeyPressMsg) (model, tea.Cmd) {
	km := m.keys
	n := len(m.remediation())
	switch {
	case key.Matches(k, km.NextFix):
		if n > 0 {
			m.fix = (m.fix + 1) % n
		}
		m.snippetX = 0
	case key.Matches(k, km.PrevFix):
		if n > 0 {
			m.fix = (m.fix + n - 1) % n
		}
		m.snippetX = 0
	case key.Matches(k, km.Copy):
		return m.copySnippet()
	case key.Matches(k, km.SnippetRight):
		m.snippetX = m.scrollSnippet(+1)
	case key.Matches(k, km.SnippetLeft):
		m.snippetX = m.scrollSnippet(-1)
	default:
		scroll(&m.detailVP, km, k)
	}
	return m, nil
}

// scroll moves a viewport with the navigation keys.
func scroll(vp *viewport.Model, km keyMap, k tea.KeyPressMsg) {
	switch {
	case key.Matches(k, km.Up):
		vp.ScrollUp(1)
	case key.Matches(k, km.Down):
		vp.ScrollDown(1)
	case key.Matches(k, km.PageUp):
		vp.PageUp()
	case key.Matches(k, km.PageDown):
		vp.PageDown()
	case key.Matches(k, km.Top):
		vp.GotoTop()
	case key.Matches(k, km.Bottom):
		vp.GotoBottom()
	}
}
