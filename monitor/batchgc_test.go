package monitor

import (
	"math"
	"os"
	"runtime/debug"
	"testing"
)

func TestBatchGC(t *testing.T) {
	for _, v := range []string{"GOGC", "GOMEMLIMIT"} {
		if _, set := os.LookupEnv(v); set {
			t.Skipf("%s is set in the environment", v)
		}
	}
	gc, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	defer func() { debug.SetGCPercent(gc); debug.SetMemoryLimit(limit) }()

	restore := BatchGC()
	if got := debug.SetGCPercent(-1); got != batchGCPercent {
		t.Errorf("GC percent %d during a batch, want %d", got, batchGCPercent)
	}
	debug.SetGCPercent(batchGCPercent)
	if got := debug.SetMemoryLimit(-1); got != batchMemLimit {
		t.Errorf("memory limit %d during a batch, want %d", got, batchMemLimit)
	}
	restore()
	if got := debug.SetGCPercent(-1); got != 100 {
		t.Errorf("GC percent %d after the batch, want 100 back", got)
	}
	debug.SetGCPercent(100)
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("memory limit %d after the batch, want none back", got)
	}
}

// GOGC in the environment wins.
func TestBatchGCLeavesGOGC(t *testing.T) {
	t.Setenv("GOGC", "100")
	gc := debug.SetGCPercent(100)
	defer debug.SetGCPercent(gc)
	restore := BatchGC()
	defer restore()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GC percent %d with GOGC=100 set, want 100", got)
	}
}
