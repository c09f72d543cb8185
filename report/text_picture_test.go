package report

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ftpnat/ftpnat/report/reporttest"
)

func TestUnicodeLocale(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want bool
	}{
		{nil, false},
		{map[string]string{"LANG": "en_US.UTF-8"}, true},
		{map[string]string{"LANG": "de_DE.utf8"}, true},
		{map[string]string{"LANG": "C"}, false},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_ALL": "C"}, false},
		{map[string]string{"LANG": "C", "LC_CTYPE": "C.UTF-8"}, true},
		{map[string]string{"LC_ALL": "POSIX", "LC_CTYPE": "C.UTF-8"}, false},
	} {
		if got := UnicodeLocale(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("%v: %v, want %v", c.env, got, c.want)
		}
	}
}

// The text report draws the topology after the path matrix, box-drawn
// or in ASCII, within the report's width.
func TestWriteTextTopology(t *testing.T) {
	res := reporttest.NATPrivateFiltered()
	for _, c := range []struct {
		opts TextOptions
		box  string
	}{
		{TextOptions{}, "+------"},
		{TextOptions{BoxDrawing: true}, "┌──────"},
		{TextOptions{Unicode: true}, "┌──────"},
		{TextOptions{Width: 60}, "NAT / firewall: "},
		{TextOptions{Width: 40, BoxDrawing: true}, "NAT / firewall: "},
		{TextOptions{Width: 160}, "+------"},
	} {
		out := renderText(t, res, c.opts)
		i, j := strings.Index(out, "\nTopology\n"), strings.Index(out, "\nFindings  ")
		if i < 0 || j < i || !strings.Contains(out[:i], "\nPaths\n") {
			t.Fatalf("%+v: no Topology section between Paths and Findings:\n%s", c.opts, out)
		}
		section := out[i:j]
		for _, want := range []string{c.box, "NAT / firewall", "203.0.113.10", "10.0.0.5", "filtered"} {
			if !strings.Contains(section, want) {
				t.Errorf("%+v: topology lacks %q:\n%s", c.opts, want, section)
			}
		}
		for _, l := range strings.Split(section, "\n") {
			if n := utf8.RuneCountInString(l); n > max(c.opts.width(), 0) || n > maxPictureWidth {
				t.Errorf("%+v: line of %d columns: %q", c.opts, n, l)
			}
		}
	}
}
