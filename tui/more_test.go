package tui

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// At 80×24 the rows cut at the bottom are announced in the rule under
// them, with their number, until the end is in sight.
func TestMoreBelowMarker(t *testing.T) {
	now := t0
	d := runDemo(t, "nat-private-unforwarded")
	m := finished(t, testModel(t, &now, true), d)
	more := regexp.MustCompile(`^── ↓ (\d+) more lines? below ─+$`)
	plain := strings.Repeat("─", 80)
	for _, tc := range []struct {
		name string
		keys []string
	}{
		{"findings and checks", nil},
		{"detail", []string{"enter"}},
		{"transcript", []string{"t"}},
	} {
		v := press(t, m, tc.keys...)
		lines := screenLines(v)
		if len(lines) != 24 {
			t.Fatalf("%s: %d lines", tc.name, len(lines))
		}
		rule := lines[21]
		if !more.MatchString(rule) || len([]rune(rule)) != 80 {
			t.Errorf("%s: rule under the body %q, want the more-below marker", tc.name, rule)
		}
		if got, want := more.FindStringSubmatch(rule), v.below(); got != nil && got[1] != strconv.Itoa(want) {
			t.Errorf("%s: marker says %s lines, %d are below", tc.name, got[1], want)
		}
		// At the end nothing is cut: the plain rule again.
		if end := screenLines(press(t, v, "end")); end[21] != plain {
			t.Errorf("%s at the end: rule %q, want a plain one", tc.name, end[21])
		}
	}
	// The help screen fits: no marker.
	if got := screenLines(press(t, m, "?"))[21]; got != plain {
		t.Errorf("help: rule %q, want a plain one", got)
	}
}
