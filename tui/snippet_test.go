package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// No snippet line is ever wrapped: every line of every fix is one screen
// line, whole, or cut with the marker and a note that c copies it whole.
func TestSnippetNeverWraps(t *testing.T) {
	now := t0
	d := runDemo(t, "nat-private-unforwarded")
	for _, width := range []int{80, 60} {
		m := update(t, finished(t, testModel(t, &now, true), d), tea.WindowSizeMsg{Width: width, Height: 24})
		cuts := 0
		for i := range m.findings {
			m.selected = i
			for j, r := range m.remediation() {
				if r.Config == "" {
					continue
				}
				m.fix = j
				lines := m.detailLines(width)
				for k, l := range lines {
					lines[k] = sgr.ReplaceAllString(l, "")
				}
				var want []string
				cut := false
				for _, l := range strings.Split(r.Config, "\n") {
					if lipgloss.Width(l) > width {
						cut = true
						cuts++
						l = truncate(l, width)
						if !strings.HasSuffix(l, cutMark) {
							t.Fatalf("cut line %q lacks the marker", l)
						}
					}
					want = append(want, l)
				}
				at := slices.Index(lines, "  Snippet (c copies it):")
				if at < 0 || at+1+len(want) > len(lines) || !slices.Equal(lines[at+1:at+1+len(want)], want) {
					t.Errorf("width %d, %s fix for %s: snippet not shown line for line:\n%s\nwant\n%s",
						width, r.AppliesTo, m.findings[i].ID, strings.Join(lines, "\n"), strings.Join(want, "\n"))
					continue
				}
				note := strings.Join(lines[at+1+len(want):], "\n")
				if hasNote := strings.HasPrefix(note, "  "+cutMark+" marks a cut line: < and > scroll it"); hasNote != cut {
					t.Errorf("width %d, %s fix for %s: cut %v but note %v", width, r.AppliesTo, m.findings[i].ID, cut, hasNote)
				}
			}
		}
		if width == 60 && cuts == 0 {
			t.Error("no snippet line was wider than 60 columns: the test proves nothing")
		}
	}
}

// > and < scroll a snippet sideways by half a screen, up to where the
// longest line's end is in sight; a line cut on the left starts with the
// marker. Another fix starts unscrolled.
func TestSnippetScrollsSideways(t *testing.T) {
	now := t0
	d := runDemo(t, "nat-private-unforwarded")
	m := press(t, finished(t, testModel(t, &now, true), d), "enter")
	for range 40 {
		if r, _ := m.currentFix(); r.AppliesTo == "iptables" {
			break
		}
		m = press(t, m, "tab")
	}
	r, _ := m.currentFix()
	if r.AppliesTo != "iptables" {
		t.Fatal("no iptables fix")
	}
	dnat := strings.Split(r.Config, "\n")[0]
	if !strings.Contains(dnat, "--to-destination 10.0.0.5") || len(dnat) <= 80 {
		t.Fatalf("the DNAT rule %q does not need scrolling at 80 columns", dnat)
	}
	line := func(m model) string {
		for _, l := range screenLines(m) {
			if strings.Contains(l, "PREROUTING") || strings.Contains(l, "--to-destination") {
				return l
			}
		}
		return ""
	}
	if l := line(m); !strings.HasPrefix(l, "iptables -t nat") || !strings.HasSuffix(l, cutMark) {
		t.Errorf("unscrolled: %q", l)
	}
	right := m
	for range 10 { // more than enough to reach the end
		right = press(t, right, ">")
	}
	if l := line(right); !strings.HasPrefix(l, cutMark) || !strings.HasSuffix(dnat, strings.TrimPrefix(l, cutMark)) || lipgloss.Width(l) > 80 {
		t.Errorf("scrolled to the end: %q, want the end of %q behind the marker", l, dnat)
	}
	if right.snippetX != len(dnat)-80 {
		t.Errorf("offset %d, want %d: no further than the end", right.snippetX, len(dnat)-80)
	}
	if l := line(press(t, right, "<", "<", "<", "<", "<", "<")); l != line(m) {
		t.Errorf("scrolled back: %q, want %q", l, line(m))
	}
	if got := press(t, right, "tab"); got.snippetX != 0 {
		t.Errorf("the next fix starts scrolled by %d", got.snippetX)
	}
}

// c sends the snippet with OSC 52 and, since a terminal may drop it
// silently, writes it to a private file and says where; inside tmux with
// set-clipboard off it says that OSC 52 will not arrive.
func TestCopySnippet(t *testing.T) {
	for _, tc := range []struct {
		obstacle, lead string
	}{
		{"", "OSC 52 sent, may not arrive; saved to "},
		{"tmux set-clipboard is off", "tmux set-clipboard is off; saved to "},
	} {
		now := t0
		d := runDemo(t, "nat-private-unforwarded")
		// Wide enough for the test's long temporary path.
		m := update(t, finished(t, testModel(t, &now, true), d), tea.WindowSizeMsg{Width: 160, Height: 24})
		dir := t.TempDir()
		m.cfg.snippetDir = dir
		m.cfg.osc52Obstacle = func(context.Context) string { return tc.obstacle }
		m = press(t, m, "j", "enter")
		next, cmd := m.Update(keyMsg("c"))
		if cmd == nil {
			t.Fatal("c returned no command")
		}
		fix, _ := m.currentFix()
		batch, ok := cmd().(tea.BatchMsg)
		if !ok || len(batch) != 2 {
			t.Fatalf("c: %T, want a batch of the clipboard and the file", batch)
		}
		var clip, file tea.Msg
		for _, c := range batch {
			if msg := c(); reflect.TypeOf(msg).Name() == "setClipboardMsg" {
				clip = msg
			} else {
				file = msg
			}
		}
		if fmt.Sprint(clip) != fix.Config {
			t.Errorf("c sent %T %q, want tea.SetClipboard(%q)", clip, clip, fix.Config)
		}
		got := update(t, next.(model), file)
		msg := screenLines(got)[22]
		if !strings.HasPrefix(msg, tc.lead) {
			t.Fatalf("message %q, want it to start %q", msg, tc.lead)
		}
		path := strings.TrimPrefix(msg, tc.lead)
		if filepath.Dir(path) != dir || !strings.HasPrefix(filepath.Base(path), "ftpnat-fix-"+fix.AppliesTo+"-") {
			t.Errorf("snippet file %q, want ftpnat-fix-%s-* in %s", path, fix.AppliesTo, dir)
		}
		body, err := os.ReadFile(path)
		if err != nil || string(body) != fix.Config+"\n" {
			t.Errorf("snippet file holds %q (%v), want %q", body, err, fix.Config+"\n")
		}
		if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("snippet file mode %v (%v), want 0600", st, err)
		}
	}
}

// GNU screen drops OSC 52; inside tmux, tmux's own word decides, and tmux
// is asked only inside it.
func TestOSC52Obstacle(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	asked := false
	tmux := func(v string) func() string { return func() string { asked = true; return v } }
	for _, tc := range []struct {
		env        func(string) string
		tmux, want string
		asks       bool
	}{
		{env(), "off\n", "", false},
		{env("TMUX", "/tmp/tmux-0/default,1,0"), "off\n", "tmux set-clipboard is off", true},
		{env("TMUX", "/tmp/tmux-0/default,1,0"), "external\n", "", true},
		{env("STY", "1234.pts-0.host"), "", "GNU screen drops OSC 52", false},
	} {
		asked = false
		if got := obstacleIn(tc.env, tmux(tc.tmux)); got != tc.want || asked != tc.asks {
			t.Errorf("obstacle %q (asked tmux %v), want %q (%v)", got, asked, tc.want, tc.asks)
		}
	}
}

// tmux's own word decides whether OSC 52 can arrive.
func TestTmuxClipboardObstacle(t *testing.T) {
	for value, want := range map[string]string{
		"off\n":      "tmux set-clipboard is off",
		"external\n": "",
		"on\n":       "",
		"":           "",
	} {
		if got := tmuxClipboardObstacle(value); got != want {
			t.Errorf("set-clipboard %q: %q, want %q", value, got, want)
		}
	}
}
