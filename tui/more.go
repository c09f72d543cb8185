package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/viewport"
)

// shownViewport is the viewport that fills the body of the current view.
func (m model) shownViewport() viewport.Model {
	switch m.view {
	case viewDetail:
		return m.detailVP
	case viewTranscript:
		return m.transcriptVP
	case viewHelp:
		return m.helpVP
	case viewPicture:
		return m.pictureVP
	}
	return m.mainVP
}

// below is how many lines of the current view lie below the screen.
func (m model) below() int {
	vp := m.shownViewport()
	return max(vp.TotalLineCount()-vp.YOffset()-vp.Height(), 0)
}

// footRule is the rule under the body. When rows are cut at the bottom
// it says so, and how many, so that a screen that happens to end on a
// blank line is not taken for the whole story.
func (m model) footRule() string {
	n := m.below()
	if n == 0 {
		return m.rule()
	}
	w, _ := m.size()
	label := fmt.Sprintf(" ↓ %d more lines below ", n)
	if n == 1 {
		label = " ↓ 1 more line below "
	}
	const lead = 2
	rest := max(w-lead-len([]rune(label)), 0)
	return m.st.faint.Render(strings.Repeat("─", lead) + label + strings.Repeat("─", rest))
}
