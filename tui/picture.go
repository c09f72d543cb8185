package tui

import (
	"strings"

	"github.com/ftpnat/ftpnat/report"
)

// pictureKey identifies what the picture view was drawn from.
type pictureKey struct {
	width, gen int
	done       bool
}

func (m model) pictureTitle(w int) string {
	return m.st.heading.Render("Picture") + spread("  the path from here to the server, then the run", "", w-len("Picture"))
}

// syncPicture fills the picture view: the topology, then the ladder,
// drawn by the report's text art once per result and width.
func (m *model) syncPicture(w, bodyH int) {
	m.pictureVP.SetWidth(w)
	m.pictureVP.SetHeight(bodyH)
	if key := (pictureKey{width: w, gen: m.gen, done: m.result != nil}); key != m.pictureBuilt {
		m.pictureVP.SetContentLines(m.pictureLines(w))
		m.pictureBuilt = key
	}
}

func (m model) pictureLines(w int) []string {
	if m.result == nil {
		return []string{"  (drawn when the diagnosis is done)"}
	}
	pics := report.BuildPictures(*m.result)
	opts := report.PictureOptions{Unicode: !m.cfg.ascii, Width: w - 1}
	var lines []string
	for _, part := range []string{pics.TopologyText(opts), pics.LadderText(opts)} {
		lines = append(lines, strings.Split(strings.TrimRight(part, "\n"), "\n")...)
		lines = append(lines, "")
	}
	return lines
}
