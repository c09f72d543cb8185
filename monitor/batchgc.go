package monitor

import (
	"os"
	"runtime/debug"
)

// A batch allocates a few hundred kilobytes per diagnosis and keeps little
// of it: its live heap is small, so with the default GOGC the collector
// runs every few targets and, on a machine whose cores the diagnoses
// leave idle between replies, its idle-time workers take a large share of
// the process' CPU. BatchGC lets the heap grow to five times the live one
// instead, with a soft memory limit so that a batch with many diagnoses in
// flight still collects before it grows large.
const (
	batchGCPercent = 400
	batchMemLimit  = 200 << 20
)

// BatchGC sets the collector for a batch, unless GOGC or GOMEMLIMIT in the
// environment say otherwise, and returns the function that puts back the
// previous settings.
func BatchGC() (restore func()) {
	var undo []func()
	if _, set := os.LookupEnv("GOGC"); !set {
		prev := debug.SetGCPercent(batchGCPercent)
		undo = append(undo, func() { debug.SetGCPercent(prev) })
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		prev := debug.SetMemoryLimit(batchMemLimit)
		undo = append(undo, func() { debug.SetMemoryLimit(prev) })
	}
	return func() {
		for _, f := range undo {
			f()
		}
	}
}
