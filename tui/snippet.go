package tui

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// cutMark ends a snippet line too wide for the screen. A snippet is never
// wrapped: a wrapped rule pasted back is a broken rule, a cut one is
// visibly incomplete, and c copies it whole.
const cutMark = "…"

// snippetLines are the lines of a snippet as they are to be pasted, each
// on one screen line, scrolled x columns to the right: a line cut at
// either edge shows cutMark there. cut reports whether any line was.
func snippetLines(config string, width, x int) (lines []string, cut bool) {
	for _, l := range strings.Split(config, "\n") {
		r := []rune(clean(l))
		if x > 0 && len(r) > 0 {
			// The first visible cell says that the line goes on to the left.
			r = append([]rune(cutMark), r[min(x+1, len(r)):]...)
			cut = true
		}
		l = string(r)
		if lipgloss.Width(l) > width {
			l, cut = truncate(l, width), true
		}
		lines = append(lines, l)
	}
	return lines, cut
}

// snippetStep is how far < and > scroll a snippet: half a screen.
func (m model) snippetStep() int {
	w, _ := m.size()
	return max(w/2, 1)
}

// scrollSnippet is the snippet's offset after half a screen to the right
// (dir > 0) or left, kept between the start and the point where the
// longest line's end is in sight.
func (m model) scrollSnippet(dir int) int {
	r, ok := m.currentFix()
	if !ok {
		return 0
	}
	w, _ := m.size()
	longest := 0
	for _, l := range strings.Split(r.Config, "\n") {
		longest = max(longest, len([]rune(clean(l))))
	}
	// At offset x a line shows from rune x+1 behind the marker: its end is
	// in sight once 1+longest-(x+1) fits the width.
	limit := max(longest-w, 0)
	return min(max(m.snippetX+dir*m.snippetStep(), 0), limit)
}

// snippetMsg reports where c wrote the snippet and what may keep OSC 52
// from the clipboard.
type snippetMsg struct {
	path     string
	err      error
	obstacle string // why OSC 52 will not reach the clipboard; "" when not known
}

// clipboardTimeout bounds asking the terminal multiplexer about OSC 52.
const clipboardTimeout = 500 * time.Millisecond

// copySnippet puts the snippet of the fix on display on the terminal's
// clipboard with OSC 52 (tea.SetClipboard), which the terminal or a
// multiplexer may drop without a word. So it also writes the snippet to
// a file only the user can read, and says where: that always works.
func (m model) copySnippet() (model, tea.Cmd) {
	r, ok := m.currentFix()
	if !ok || r.Config == "" {
		m.say("this fix has no snippet to copy", true)
		return m, nil
	}
	dir, lookup := m.cfg.snippetDir, m.cfg.osc52Obstacle
	if lookup == nil {
		lookup = multiplexerObstacle
	}
	write := func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), clipboardTimeout)
		defer cancel()
		msg := snippetMsg{obstacle: lookup(ctx)}
		msg.path, msg.err = writeSnippet(dir, r.AppliesTo, r.Config)
		return msg
	}
	return m, tea.Batch(tea.SetClipboard(r.Config), write)
}

func (m model) onSnippet(msg snippetMsg) model {
	w, _ := m.size()
	lead := "OSC 52 sent, may not arrive"
	if msg.obstacle != "" {
		lead = msg.obstacle
	}
	if msg.err != nil {
		m.say(lead+"; "+msg.err.Error(), true)
		return m
	}
	// The path is what the user needs: the words give way to it first,
	// and a path too long even alone loses its start, not its end.
	if full := lead + "; saved to " + msg.path; lipgloss.Width(full) <= w {
		m.say(full, false)
		return m
	}
	const short = "snippet saved to "
	m.say(short+truncateLeft(msg.path, w-len(short)), false)
	return m
}

// writeSnippet writes a snippet, with a final newline, to a new file in
// dir ("" = the temporary directory) that only the user can read, and
// returns its path.
func writeSnippet(dir, target, config string) (string, error) {
	if dir == "" {
		dir = os.TempDir()
	}
	f, err := os.CreateTemp(dir, "ftpnat-fix-"+fileSafe(target)+"-*.txt")
	if err != nil {
		return "", fmt.Errorf("create the snippet file: %w", err)
	}
	// CreateTemp makes it 0600 already; say so for umask-free certainty.
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return "", fmt.Errorf("restrict the snippet file: %w", err)
	}
	if _, err := f.WriteString(strings.TrimRight(config, "\n") + "\n"); err != nil {
		f.Close()
		return "", fmt.Errorf("write the snippet file: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("write the snippet file: %w", err)
	}
	return f.Name(), nil
}

// multiplexerObstacle says why OSC 52 will not reach the clipboard when
// the screen runs inside GNU screen, or inside tmux with set-clipboard
// off, or "" when nothing is known to stop it.
func multiplexerObstacle(ctx context.Context) string {
	return obstacleIn(os.Getenv, func() string { return tmuxClipboard(ctx) })
}

// obstacleIn decides from the environment, asking tmux only inside it.
func obstacleIn(getenv func(string) string, tmuxValue func() string) string {
	switch {
	case getenv("TMUX") != "":
		return tmuxClipboardObstacle(tmuxValue())
	case getenv("STY") != "":
		// screen passes no OSC 52 to the terminal it runs in.
		return "GNU screen drops OSC 52"
	}
	return ""
}

// tmuxClipboard is tmux's set-clipboard value, "" when tmux does not say.
func tmuxClipboard(ctx context.Context) string {
	var out boundedBuffer
	cmd := exec.CommandContext(ctx, "tmux", "show-options", "-gv", "set-clipboard")
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		return ""
	}
	return out.String()
}

// tmuxClipboardObstacle reads tmux's set-clipboard value.
func tmuxClipboardObstacle(value string) string {
	if strings.TrimSpace(value) == "off" {
		return "tmux set-clipboard is off"
	}
	return ""
}

// boundedBuffer keeps the first 256 bytes written to it: an option value
// is a word.
type boundedBuffer struct{ bytes.Buffer }

func (b *boundedBuffer) Write(p []byte) (int, error) {
	if room := 256 - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
