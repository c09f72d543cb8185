package tui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// savedMsg reports the outcome of s.
type savedMsg struct {
	path  string // absolute
	shown string // relative to the working directory when inside it
	err   error
}

// save writes the JSON report off the event loop and reports where.
func (m model) save() (model, tea.Cmd) {
	if m.result == nil {
		m.say("nothing to save yet: the diagnosis is still running", true)
		return m, nil
	}
	res, dir, tool, at := *m.result, m.cfg.saveDir, m.cfg.tool, m.cfg.now()
	return m, func() tea.Msg {
		path, err := writeReport(dir, res, tool, at)
		return savedMsg{path: path, shown: relative(path), err: err}
	}
}

func (m model) onSaved(msg savedMsg) model {
	if msg.err != nil {
		m.say("could not save the report: "+msg.err.Error(), true)
		return m
	}
	m.saved = append(m.saved, msg.path)
	// The file name matters most: a long path loses its start, not its end.
	const lead = "JSON report saved to "
	w, _ := m.size()
	m.say(lead+truncateLeft(msg.shown, w-len(lead)), false)
	return m
}

// relative is path relative to the working directory when it is inside
// it, else path.
func relative(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	rel, err := filepath.Rel(wd, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return path
	}
	return rel
}

// writeReport writes res as the JSON report into dir ("" = the working
// directory) under a new name, and returns its absolute path.
func writeReport(dir string, res probe.Result, tool report.Tool, at time.Time) (string, error) {
	if dir == "" {
		dir = "."
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	base := "ftpnat-" + fileSafe(res.Facts.Host) + "-" + at.Format("20060102-150405")
	for n := 1; n < 100; n++ {
		name := base + ".json"
		if n > 1 {
			name = fmt.Sprintf("%s-%d.json", base, n)
		}
		path := filepath.Join(dir, name)
		// O_EXCL: never overwrite an earlier report, even one saved the same second.
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		if err := report.WriteJSON(f, res, tool); err != nil {
			f.Close()
			return "", err
		}
		return path, f.Close()
	}
	return "", fmt.Errorf("too many reports named %s-*.json in %s", base, dir)
}

// fileSafe keeps a host name readable in a file name and nothing else.
func fileSafe(host string) string {
	s := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-':
			return r
		}
		return '_'
	}, host)
	s = strings.Trim(s, "._")
	if s == "" || len(s) > 64 {
		return "report"
	}
	return s
}

func (m model) saveDirLabel() string {
	if m.cfg.saveDir == "" {
		return "the working directory"
	}
	return m.cfg.saveDir
}
