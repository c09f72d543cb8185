package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// In a real terminal at 80×24, rows cut at the bottom are announced, and
// a fix snippet wider than the screen is cut with a marker, never wrapped,
// and scrolls sideways with >; inside tmux with set-clipboard off, c says
// so and writes the whole snippet to a private file whose path it shows.
func TestTUISnippetInTmux(t *testing.T) {
	tmuxPath, dir, bin := tmuxAndBinary(t, "the TUI")
	// The usual temporary directory: a path short enough for the whole
	// message to fit; the test removes the file it finds there.
	tm := startTmux(t, tmuxPath, dir, []string{"TMPDIR=/tmp"}, bin, "demo")
	tm.run("set-option", "-g", "set-clipboard", "off")
	tm.waitFor("Findings  2 critical, 1 info")
	tm.keys("Enter")
	tm.waitFor("Fix for vsftpd (detected)")
	// Rows cut at 80×24 are announced under the body.
	if !regexp.MustCompile(`\n── ↓ \d+ more lines below ─+\n`).MatchString(tm.capture()) {
		t.Errorf("no more-below marker on the cut detail screen:\n%s", tm.capture())
	}
	// The fixes come in an order of their own: tab on to the iptables one.
	var screen string
	for range 40 {
		tm.keys("Tab")
		if screen = tm.capture(); strings.Contains(screen, "Fix for iptables") {
			break
		}
	}
	if !strings.Contains(screen, "Fix for iptables") {
		t.Fatalf("no iptables fix after 40 tabs:\n%s", screen)
	}
	screen = tm.waitFor("-j DNA")
	var rule string
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(l, "iptables -t nat -A PREROUTING") {
			rule = l
		}
		if strings.HasPrefix(l, "0.0.5") || strings.HasPrefix(l, "10.0.0.5") {
			t.Errorf("a snippet line wrapped onto %q:\n%s", l, screen)
		}
	}
	if !strings.HasSuffix(rule, "…") || len([]rune(rule)) != 80 {
		t.Errorf("the DNAT rule is not cut at 80 columns with a marker: %q\n%s", rule, screen)
	}
	if !strings.Contains(screen, "… marks a cut line: < and > scroll it, c copies the whole snippet.") {
		t.Errorf("no note about the cut line:\n%s", screen)
	}

	// > scrolls the snippet sideways until the rule's end is in sight.
	tm.keys(">", ">", ">")
	screen = tm.waitFor("--to-destination 10.0.0.5")
	if !regexp.MustCompile(`\n…\S.*--to-destination 10\.0\.0\.5`).MatchString(screen) {
		t.Errorf("the scrolled rule does not start with the marker:\n%s", screen)
	}

	tm.keys("c")
	screen = tm.waitFor(".txt")
	m := regexp.MustCompile(`\ntmux set-clipboard is off; saved to (/tmp/ftpnat-fix-iptables-\d+\.txt)\n`).FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("c does not say that OSC 52 cannot arrive and where the snippet is:\n%s", screen)
	}
	t.Cleanup(func() { os.Remove(m[1]) })
	body, err := os.ReadFile(m[1])
	if err != nil {
		t.Fatalf("snippet file: %v", err)
	}
	if !strings.Contains(string(body), "--to-destination 10.0.0.5\n") && !regexp.MustCompile(`--to-destination 10\.0\.0\.5(:\d+-\d+)?\n`).Match(body) {
		t.Errorf("the snippet file lacks the whole DNAT rule:\n%s", body)
	}
	if st, err := os.Stat(m[1]); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("snippet file mode: %v %v", st, err)
	}
	tm.keys("q")
	tm.exit()
}
