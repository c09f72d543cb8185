package report

import (
	"slices"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

// The run's own steps come first, then the paths in the result's order,
// each as a session goes, whatever order the steps finished in.
func TestOrderedChecks(t *testing.T) {
	res := reporttest.DualStackDataFiltered()
	if len(res.Facts.Paths) < 2 {
		t.Fatal("the sample needs two paths")
	}
	p0, p1 := res.Facts.Paths[0].PathID, res.Facts.Paths[1].PathID
	res.Checks = []probe.Check{
		{Name: probe.StepQuit, Path: p1},
		{Name: probe.StepPASV, Path: p0},
		{Name: probe.StepLogin, Path: p1},
		{Name: probe.StepStdClient, Path: p0},
		{Name: probe.StepGreeting, Path: p0},
		{Name: probe.StepResolve},
		{Name: probe.StepConnect, Path: p0},
	}
	var got []string
	for _, c := range OrderedChecks(res) {
		got = append(got, c.Name+"@"+c.Path.String())
	}
	want := []string{
		probe.StepResolve + "@" + probe.PathID{}.String(),
		probe.StepConnect + "@" + p0.String(), probe.StepGreeting + "@" + p0.String(),
		probe.StepPASV + "@" + p0.String(), probe.StepStdClient + "@" + p0.String(),
		probe.StepLogin + "@" + p1.String(), probe.StepQuit + "@" + p1.String(),
	}
	if !slices.Equal(got, want) {
		t.Errorf("order\n got %q\nwant %q", got, want)
	}
}
