package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
)

// The checks read the same whatever order concurrent steps finished in:
// the run's own steps, then each path's steps as a client meets them.
func TestChecksInStableOrder(t *testing.T) {
	now := t0
	d := runDemo(t, "nat-private-unforwarded")
	checksOf := func(res probe.Result) []string {
		m := finished(t, testModel(t, &now, true), demo{result: res})
		lines := m.findingsLines(80)
		for i, l := range lines {
			lines[i] = sgr.ReplaceAllString(l, "")
		}
		at := slices.Index(lines, "Checks")
		if at < 0 {
			t.Fatalf("no checks:\n%s", strings.Join(lines, "\n"))
		}
		var out []string
		for _, l := range lines[at+1:] {
			if l == "" {
				break
			}
			out = append(out, l)
		}
		return out
	}
	want := checksOf(d.result)
	for _, shuffle := range []func([]probe.Check){
		slices.Reverse[[]probe.Check],
		func(cs []probe.Check) { cs[0], cs[len(cs)/2] = cs[len(cs)/2], cs[0] },
		func(cs []probe.Check) {
			slices.SortFunc(cs, func(a, b probe.Check) int { return strings.Compare(a.Name, b.Name) })
		},
	} {
		res := d.result
		res.Checks = slices.Clone(res.Checks)
		shuffle(res.Checks)
		if got := checksOf(res); !slices.Equal(got, want) {
			t.Errorf("checks depend on the order steps finished in:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}
