package monitor

import (
	"context"
	"math"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/monitor/internal/fleet"
)

func TestNextLimit(t *testing.T) {
	const floor, ceiling = 16, 1024
	for _, c := range []struct {
		name    string
		limit   int
		p90     time.Duration
		samples uint64
		full    bool
		want    int
	}{
		{"busy: down by a quarter", 400, 50 * time.Millisecond, 1000, true, 300},
		{"busy, not full: down all the same", 400, 50 * time.Millisecond, 1000, false, 300},
		{"busy near the floor: stops at it", 18, time.Second, 1000, true, floor},
		{"idle and full: up by an eighth", 400, 100 * time.Microsecond, 1000, true, 450},
		{"idle but slots to spare: stays", 400, 100 * time.Microsecond, 1000, false, 400},
		{"idle near the ceiling: stops at it", 1000, 100 * time.Microsecond, 1000, true, ceiling},
		{"between the marks: stays", 400, 10 * time.Millisecond, 1000, true, 400},
		{"few events while full: little runs, up", 64, 50 * time.Millisecond, 3, true, 72},
		{"few events, not full: stays", 64, 50 * time.Millisecond, 3, false, 64},
	} {
		if got := nextLimit(c.limit, floor, ceiling, c.p90, c.samples, c.full); got != c.want {
			t.Errorf("%s: nextLimit(%d, p90 %s, %d events, full %v) = %d, want %d",
				c.name, c.limit, c.p90, c.samples, c.full, got, c.want)
		}
	}
}

func TestQuantileSince(t *testing.T) {
	buckets := []float64{0, 0.001, 0.01, 0.1, math.Inf(1)}
	prev := metrics.Float64Histogram{Counts: []uint64{5, 5, 5, 5}, Buckets: buckets}
	// Since prev: 80 events under 1 ms, 15 under 10 ms, 5 under 100 ms.
	cur := metrics.Float64Histogram{Counts: []uint64{85, 20, 10, 5}, Buckets: buckets}
	if q, n := quantileSince(prev, cur, 0.9); q != 10*time.Millisecond || n != 100 {
		t.Errorf("p90 = %s over %d events, want 10ms over 100", q, n)
	}
	if q, _ := quantileSince(prev, cur, 0.5); q != time.Millisecond {
		t.Errorf("p50 = %s, want 1ms", q)
	}
	// The open-ended last bucket counts as its lower bound.
	tail := metrics.Float64Histogram{Counts: []uint64{5, 5, 5, 105}, Buckets: buckets}
	if q, _ := quantileSince(prev, tail, 0.9); q != 100*time.Millisecond {
		t.Errorf("p90 in the last bucket = %s, want 100ms", q)
	}
	if q, n := quantileSince(prev, prev, 0.9); q != 0 || n != 0 {
		t.Errorf("nothing new: %s over %d events", q, n)
	}
	if _, n := quantileSince(prev, metrics.Float64Histogram{Counts: []uint64{1}, Buckets: buckets[:2]}, 0.9); n != 0 {
		t.Errorf("mismatched histograms counted %d events", n)
	}
}

// The pacer admits up to its limit, lets the next one in when a slot is
// freed or the limit rises, and gives up when the context ends.
func TestPacerAdmits(t *testing.T) {
	p := newPacer(100)
	if p.limit != paceStart || p.floor != paceFloor {
		t.Fatalf("starts at %d with floor %d, want %d and %d", p.limit, p.floor, paceStart, paceFloor)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for i := range paceStart {
		if !p.acquire(ctx) {
			t.Fatalf("slot %d refused", i)
		}
	}
	got := make(chan bool, 1)
	go func() { got <- p.acquire(ctx) }()
	select {
	case <-got:
		t.Fatal("admitted beyond the limit")
	case <-time.After(50 * time.Millisecond):
	}
	p.release()
	if !<-got {
		t.Fatal("not admitted once a slot was freed")
	}
	go func() { got <- p.acquire(ctx) }()
	// Idle and, once the waiter has found the limit reached, full: the
	// limit rises.
	for admitted := false; !admitted; {
		p.revise(0, 0)
		select {
		case ok := <-got:
			if !ok {
				t.Fatal("not admitted once the limit rose")
			}
			admitted = true
		case <-time.After(10 * time.Millisecond):
		}
	}
	if p.Peak() != paceStart+1 {
		t.Errorf("peak %d, want %d", p.Peak(), paceStart+1)
	}
	short, stop := context.WithTimeout(ctx, 20*time.Millisecond)
	defer stop()
	for p.acquire(short) {
	}
	if short.Err() == nil {
		t.Error("acquire gave up before its context ended")
	}
}

// A batch of fewer targets than the floor is never paced.
func TestPacerSmallBatch(t *testing.T) {
	p := newPacer(8)
	if p.limit != 8 || p.floor != 8 {
		t.Errorf("limit %d floor %d for a ceiling of 8", p.limit, p.floor)
	}
	stop := make(chan struct{})
	close(stop)
	p.follow(stop) // returns at once: nothing to choose
}

// A batch never has more diagnoses in flight than its concurrency, and
// says how many it had at most.
func TestBatchPeak(t *testing.T) {
	fl, all, base := startFleet(t, 2*len(fleet.Mix))
	var targets []Target
	for i, h := range fl.Hosts {
		switch h.Scenario {
		case "healthy", "ports-refused", "login-refused", "control-refused":
			targets = append(targets, all[i], all[i])
		}
	}
	sum := RunBatch(context.Background(), targets, BatchOptions{Concurrency: 3, Base: base}, func(BatchItem) {})
	if sum.Done != len(targets) || sum.Peak < 1 || sum.Peak > 3 {
		t.Errorf("%d of %d done, at most %d in flight; want all, 1 to 3", sum.Done, len(targets), sum.Peak)
	}
}
