package tui

import (
	"fmt"

	"github.com/ftpnat/ftpnat/probe"
)

// transcriptKey identifies the transcript the viewport was filled with.
type transcriptKey struct {
	lines, width, gen int
	final             bool // the result's transcript, which replaces the live one
}

func (m model) transcriptTitle(w int) string {
	s := fmt.Sprintf("  %d lines, every session; PASS is always shown as ****", len(m.transcript))
	right := ""
	if m.transcriptVP.TotalLineCount() > m.transcriptVP.Height() {
		right = fmt.Sprintf("%3.f%%", m.transcriptVP.ScrollPercent()*100)
	}
	return m.st.heading.Render("Transcript") + spread(s, right, w-len("Transcript"))
}

// syncTranscript fills the transcript view. While the diagnosis runs it
// follows the newest line unless the reader has scrolled up.
func (m *model) syncTranscript(w, bodyH int) {
	follow := m.running && m.transcriptVP.AtBottom()
	m.transcriptVP.SetWidth(w)
	m.transcriptVP.SetHeight(bodyH)
	// Wrapping thousands of lines on every frame would slow the screen
	// down: rebuild only when a line arrived or the width changed.
	if key := (transcriptKey{lines: len(m.transcript), width: w, gen: m.gen, final: m.result != nil}); key != m.transcriptBuilt {
		m.transcriptVP.SetContentLines(m.transcriptLines(w))
		m.transcriptBuilt = key
	}
	if follow {
		m.transcriptVP.GotoBottom()
	}
}

// transcriptLines is the control-channel conversation of every session:
// time since the start, session, direction (-> sent, <- received, --
// a note of the probe's) and the line, wrapped under itself. The probe
// redacts PASS before a line is recorded, and the screen never sees the
// password itself.
func (m model) transcriptLines(w int) []string {
	if len(m.transcript) == 0 {
		return []string{"  (nothing said yet)"}
	}
	sessW := 0
	for _, e := range m.transcript {
		sessW = max(sessW, len([]rune(clean(e.Session))))
	}
	var lines []string
	for _, e := range m.transcript {
		head := fmt.Sprintf("%8.3fs  %s  %s ", e.T.Seconds(), padRight(clean(e.Session), sessW), dirMark(e.Dir))
		for i, l := range hang(head, clean(e.Line), w) {
			if i == 0 {
				l = m.st.faint.Render(l[:len(head)]) + l[len(head):]
			}
			lines = append(lines, l)
		}
	}
	return lines
}

func dirMark(dir string) string {
	switch dir {
	case probe.DirSend:
		return "->"
	case probe.DirRecv:
		return "<-"
	}
	return "--"
}
