package tui

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// p shows the topology and the ladder of the finished run, in 80
// columns, in ASCII when the locale asks for it; p again goes back.
func TestPictureView(t *testing.T) {
	d := runDemo(t, "nat-private-unforwarded")
	for _, ascii := range []bool{false, true} {
		now := t0
		m := testModel(t, &now, true)
		m.cfg.ascii = ascii
		m = press(t, finished(t, m, d), "p")
		if m.view != viewPicture {
			t.Fatalf("p: view %d", m.view)
		}
		lines := screenLines(m)
		text := strings.Join(lines, "\n")
		for _, want := range []string{"Picture", "ftpnat", "NAT / firewall", "198.51.100.77", "203.0.113.10", "filtered"} {
			if !strings.Contains(text, want) {
				t.Errorf("ascii %v: the picture view lacks %q:\n%s", ascii, want, text)
			}
		}
		box := "┌"
		if ascii {
			box = "+-"
		}
		if !strings.Contains(text, box) {
			t.Errorf("ascii %v: no %q box in\n%s", ascii, box, text)
		}
		for _, l := range lines {
			if n := utf8.RuneCountInString(l); n > 80 {
				t.Errorf("line of %d columns: %q", n, l)
			}
		}
		// The ladder follows the topology further down.
		m = press(t, m, "end")
		if tail := strings.Join(screenLines(m), "\n"); !strings.Contains(tail, "data :") {
			t.Errorf("ascii %v: the end of the picture view has no ladder:\n%s", ascii, tail)
		}
		if got := press(t, m, "p").view; got != viewMain {
			t.Errorf("p again: view %d, want the main view", got)
		}
	}
}
