package monitor

import (
	"context"
	"math"
	"runtime/metrics"
	"sync"
	"time"
)

// A batch paces its diagnoses by the CPU it gets. Most of a diagnosis is
// waiting, so many run at once; but when they are more than the cores can
// serve, every one of them slows down, and a slowed diagnosis mistakes its
// own lateness for the server's: a data connection that was not served in
// time reads as filtered. The pacer admits diagnoses up to a limit that
// rises while goroutines are scheduled promptly and falls when they wait
// for a core, as they do when the process (or the machine) is saturated.
const (
	// paceStart and paceFloor bound the limit from below (never above
	// the batch's concurrency): where it starts, and the least it falls to.
	paceStart = 64
	paceFloor = 16
	// pacePeriod is how often the limit is revised.
	pacePeriod = 200 * time.Millisecond
	// paceBusy and paceIdle are the 90th-percentile scheduling latencies
	// above which the limit falls by a quarter, and below which it rises
	// by an eighth when every admitted slot is taken. Between them the
	// cores are busy but a diagnosis, whose timeouts are seconds, loses
	// nothing to a wait of a few milliseconds.
	paceBusy = 25 * time.Millisecond
	paceIdle = 5 * time.Millisecond
	// paceMinSamples is the fewest scheduling events a revision trusts.
	paceMinSamples = 20
)

// schedLatencies is the runtime's histogram of how long goroutines waited
// to run once runnable.
const schedLatencies = "/sched/latencies:seconds"

// pacer admits diagnoses, at most limit at once.
type pacer struct {
	floor, ceiling int
	freed          chan struct{} // a slot was freed or the limit rose

	mu       sync.Mutex
	limit    int
	inflight int
	peak     int  // most in flight at once
	full     bool // the feeder found no slot since the last revision
}

func newPacer(ceiling int) *pacer {
	return &pacer{
		floor:   min(paceFloor, ceiling),
		ceiling: ceiling,
		limit:   min(paceStart, ceiling),
		freed:   make(chan struct{}, 1),
	}
}

// acquire waits for a slot; false when ctx ended first. One goroutine
// acquires, many release.
func (p *pacer) acquire(ctx context.Context) bool {
	for {
		p.mu.Lock()
		if p.inflight < p.limit {
			p.inflight++
			p.peak = max(p.peak, p.inflight)
			p.mu.Unlock()
			return true
		}
		p.full = true
		p.mu.Unlock()
		select {
		case <-p.freed:
		case <-ctx.Done():
			return false
		}
	}
}

func (p *pacer) release() {
	p.mu.Lock()
	p.inflight--
	p.mu.Unlock()
	p.wake()
}

func (p *pacer) wake() {
	select {
	case p.freed <- struct{}{}:
	default:
	}
}

// Peak is the most diagnoses that were in flight at once.
func (p *pacer) Peak() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.peak
}

// revise sets the limit from the latency seen since the last revision.
func (p *pacer) revise(p90 time.Duration, samples uint64) {
	p.mu.Lock()
	old := p.limit
	p.limit = nextLimit(p.limit, p.floor, p.ceiling, p90, samples, p.full)
	p.full = false
	rose := p.limit > old
	p.mu.Unlock()
	if rose {
		p.wake()
	}
}

// follow revises the limit every pacePeriod until stop is closed.
func (p *pacer) follow(stop <-chan struct{}) {
	if p.floor == p.ceiling {
		return // nothing to choose
	}
	sample := []metrics.Sample{{Name: schedLatencies}}
	metrics.Read(sample)
	prev, ok := histogram(sample[0])
	if !ok {
		return // not measured by this runtime: the limit stays
	}
	t := time.NewTicker(pacePeriod)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		metrics.Read(sample)
		cur, _ := histogram(sample[0])
		q, n := quantileSince(prev, cur, 0.9)
		prev = cur
		p.revise(q, n)
	}
}

// histogram copies a histogram sample (the runtime reuses its storage).
func histogram(s metrics.Sample) (metrics.Float64Histogram, bool) {
	if s.Value.Kind() != metrics.KindFloat64Histogram {
		return metrics.Float64Histogram{}, false
	}
	h := s.Value.Float64Histogram()
	return metrics.Float64Histogram{Counts: append([]uint64(nil), h.Counts...), Buckets: h.Buckets}, true
}

// quantileSince is the q-quantile of what cur counted beyond prev (two
// readings of one cumulative histogram), as the upper bound of its bucket,
// and how many events that was.
func quantileSince(prev, cur metrics.Float64Histogram, q float64) (time.Duration, uint64) {
	if len(prev.Counts) != len(cur.Counts) || len(cur.Buckets) != len(cur.Counts)+1 {
		return 0, 0
	}
	var total uint64
	for i := range cur.Counts {
		total += cur.Counts[i] - prev.Counts[i]
	}
	if total == 0 {
		return 0, 0
	}
	want := uint64(math.Ceil(q * float64(total)))
	var seen uint64
	for i := range cur.Counts {
		seen += cur.Counts[i] - prev.Counts[i]
		if seen >= want {
			upper := cur.Buckets[i+1]
			if math.IsInf(upper, 1) {
				upper = cur.Buckets[i]
			}
			return time.Duration(upper * float64(time.Second)), total
		}
	}
	return 0, total
}

// nextLimit is the pacer's rule: down by a quarter when goroutines wait
// longer than paceBusy, up by an eighth when they do not wait (under
// paceIdle, or too few events to tell: little is running) and the limit
// is what holds diagnoses back; always within [floor, ceiling].
func nextLimit(limit, floor, ceiling int, p90 time.Duration, samples uint64, full bool) int {
	busy := samples >= paceMinSamples && p90 > paceBusy
	idle := samples < paceMinSamples || p90 < paceIdle
	switch {
	case busy:
		limit -= max(limit/4, 1)
	case idle && full:
		limit += max(limit/8, 1)
	}
	return max(floor, min(limit, ceiling))
}
