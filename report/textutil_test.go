package report

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestWrap(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  []string
	}{
		{"a b c", 3, []string{"a b", "c"}},
		{"one two three", 20, []string{"one two three"}},
		{"averyveryverylongword x", 5, []string{"averyveryverylongword", "x"}},
		{"a\n\nb", 10, []string{"a", "", "b"}},
		{"  spaced   out  ", 20, []string{"spaced out"}},
		{"äöü äöü", 3, []string{"äöü", "äöü"}},
	}
	for _, tt := range tests {
		if got := wrap(tt.in, tt.width); !slices.Equal(got, tt.want) {
			t.Errorf("wrap(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
}

func TestSanitize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"220 ready", "220 ready"},
		{"a\x1b[31mb", `a\x1b[31mb`},
		{"tab\there", `tab\x09here`},
		{"bidi\u202eevil", `bidi\u202eevil`},
		{"c1\u009bx", `c1\u009bx`},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{"ünïcödé ok", "ünïcödé ok"},
	}
	for _, tt := range tests {
		if got := sanitize(tt.in); got != tt.want {
			t.Errorf("sanitize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLooksLikeReply(t *testing.T) {
	for s, want := range map[string]bool{
		"227 Entering Passive Mode (1,2,3,4,5,6)": true, "211-Features:": true, "226": true,
		"2270": false, "ports seen: 1": false, "12 entries": false, "": false,
	} {
		if got := looksLikeReply(s); got != want {
			t.Errorf("looksLikeReply(%q) = %v", s, got)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0ms", 500 * time.Microsecond: "<1ms", 340 * time.Millisecond: "340ms",
		2410 * time.Millisecond: "2.41s", 20 * time.Second: "20.0s",
	} {
		if got := formatDuration(d); got != want {
			t.Errorf("formatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestWordIndex(t *testing.T) {
	for _, tt := range []struct {
		s, w string
		want int
	}{
		{"directory: no - dial", "no", 11}, {"unroutable no", "no", 11}, {"nothing", "no", -1}, {"no", "no", 0},
	} {
		if got := wordIndex(tt.s, tt.w); got != tt.want {
			t.Errorf("wordIndex(%q, %q) = %d, want %d", tt.s, tt.w, got, tt.want)
		}
	}
}

// A list of names wraps between names, never inside one.
func TestWrapKeepsNamesWhole(t *testing.T) {
	names := keepWhole([]string{"port forwarding", "Cisco ASA", "Juniper SRX", "MikroTik", "cloud firewall"})
	for width := 14; width <= 60; width++ {
		for _, l := range wrap("Other fixes: "+strings.Join(names, ", ")+" - more", width) {
			for _, split := range []string{"Juniper", "Cisco", "cloud", "port"} {
				if strings.HasSuffix(l, split) {
					t.Errorf("width %d: line %q splits a name", width, l)
				}
			}
			if strings.Contains(l, glue) {
				t.Errorf("width %d: glue left in %q", width, l)
			}
		}
	}
}
