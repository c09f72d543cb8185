package monitor

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ftpnat/ftpnat/probe"
)

// DefaultConcurrency is how many targets a batch diagnoses at once at
// most. Most of a diagnosis is waiting (for replies, for filtered ports to
// time out), so many run side by side on a couple of cores; each opens at
// most MaxSessions control connections to its own server. Fewer run while
// the process cannot schedule them promptly (see pacer).
const DefaultConcurrency = MaxConcurrency

// MaxConcurrency bounds --concurrency: every diagnosis holds a few sockets.
const MaxConcurrency = 1024

// fdsPerDiagnosis is a generous count of the descriptors one diagnosis
// holds at once (control sessions, data connections, TLS side sessions);
// fdReserve is left for everything else.
const (
	fdsPerDiagnosis = 8
	fdReserve       = 64
)

// hardStopGrace is added to a target's timeout for the context that ends
// its diagnosis no matter what: the probe's own timeout ends it first.
const hardStopGrace = 5 * time.Second

// BatchOptions configure RunBatch.
type BatchOptions struct {
	// Concurrency bounds the diagnoses in flight (default
	// DefaultConcurrency).
	Concurrency int
	// Base holds the defaults every target starts from, and what tests and
	// the benchmark inject: Dialer, Resolver, RootCAs, Listen. Host, Port,
	// User, Password and Events are set per target.
	Base probe.Options
	// Ignore lists the finding IDs (ParseIgnore) that count for nothing.
	Ignore []string
}

// BatchItem is one diagnosed target.
type BatchItem struct {
	Index   int // position in the target list
	Target  Target
	Result  probe.Result
	Outcome Outcome
}

// BatchSummary counts the outcomes of a batch.
type BatchSummary struct {
	Targets  int
	Done     int
	Counts   [4]int // by State
	Worst    State  // plugin order; StateUnknown when nothing ran
	Duration time.Duration
	// Peak is the most diagnoses that were in flight at once.
	Peak int
}

// RunBatch diagnoses every target, at most Concurrency at a time (fewer
// while the CPU cannot keep up: see pacer), each under its own deadline,
// and calls emit once per finished target, from a single goroutine, in the
// order they finish. A target that fails, hangs or panics in the caller's
// goroutine costs only its own slot. When ctx ends, targets not yet
// started are skipped and those in flight return early.
func RunBatch(ctx context.Context, targets []Target, opts BatchOptions, emit func(BatchItem)) BatchSummary {
	start := time.Now()
	n := EffectiveConcurrency(opts.Concurrency, len(targets))
	opts.Base = batchInterfaces(opts.Base)
	pace := newPacer(n)
	stopPacing := make(chan struct{})
	var pacing sync.WaitGroup
	pacing.Go(func() { pace.follow(stopPacing) })

	results := make(chan BatchItem, n)
	go func() {
		var wg sync.WaitGroup
		defer close(results)
		defer wg.Wait()
		for i := range targets {
			// Interrupted: what has not started does not run.
			if ended(ctx) || !pace.acquire(ctx) {
				return
			}
			if ended(ctx) {
				pace.release()
				return
			}
			wg.Go(func() {
				defer pace.release()
				results <- diagnoseTarget(ctx, i, targets[i], opts.Base, opts.Ignore)
			})
		}
	}()

	sum := BatchSummary{Targets: len(targets), Worst: StateOK}
	for it := range results {
		sum.Done++
		sum.Counts[it.Outcome.State]++
		sum.Worst = Worst(sum.Worst, it.Outcome.State)
		emit(it)
	}
	close(stopPacing)
	pacing.Wait()
	if sum.Done < sum.Targets {
		sum.Worst = Worst(sum.Worst, StateUnknown)
	}
	sum.Duration = time.Since(start)
	sum.Peak = pace.Peak()
	return sum
}

// ended reports whether ctx is over. Its deadline counts from the moment it
// passes: sockets time out on it a moment before the context's timer
// fires, and a diagnosis started in between would report a false failure.
func ended(ctx context.Context) bool {
	if ctx.Err() != nil {
		return true
	}
	d, ok := ctx.Deadline()
	return ok && !time.Now().Before(d)
}

// EffectiveConcurrency is how many diagnoses a batch of n targets runs at
// once when asked for c (0: the default): never more than the process'
// file-descriptor limit allows, so that a large batch does not turn into
// a wave of "too many open files" failures.
func EffectiveConcurrency(c, n int) int {
	if c <= 0 {
		c = DefaultConcurrency
	}
	if limit, ok := fdLimit(); ok && limit < MaxConcurrency*fdsPerDiagnosis+fdReserve {
		c = min(c, max(int(limit)-fdReserve, 0)/fdsPerDiagnosis)
	}
	return max(min(c, MaxConcurrency, n), 1)
}

// diagnoseTarget runs one target with its options merged over the base.
func diagnoseTarget(parent context.Context, i int, t Target, base probe.Options, ignore []string) (item BatchItem) {
	o := t.Options(base)
	item = BatchItem{Index: i, Target: t}
	defer func() {
		// A panic in this goroutine must not end the batch; it becomes
		// this target's UNKNOWN.
		if p := recover(); p != nil {
			item.Result = probe.Result{StartedAt: time.Now(), Diagnosis: probe.Diagnosis{Verdict: probe.VerdictUnknown, Reference: -1},
				Facts: probe.Facts{Host: o.Host, Port: o.Port, TLSMode: o.TLS, User: o.User}}
			item.Outcome = Outcome{State: StateUnknown, Verdict: probe.VerdictUnknown,
				Summary: fmt.Sprintf("internal error: %v", p)}
		}
	}()
	ctx, cancel := context.WithTimeout(parent, o.Timeout+hardStopGrace)
	defer cancel()
	clock := &StepClock{}
	o.Events = clock.Observe(o.Events)
	item.Result = probe.Run(ctx, o)
	if t.Ignore != "" {
		ignore = slices.Concat(ignore, strings.Split(t.Ignore, ","))
	}
	item.Outcome = EvaluateIgnoring(&item.Result, clock, ignore)
	if ended(parent) {
		// The batch was interrupted, not the target: what it left
		// unfinished says nothing about the server.
		item.Outcome = Outcome{State: StateUnknown, Verdict: item.Result.Verdict,
			Summary: "interrupted before the diagnosis finished"}
	}
	return item
}

// Options merges the target's settings over base.
func (t Target) Options(base probe.Options) probe.Options {
	o := base
	o.Host, o.Port = t.Host, t.Port
	o.User, o.Password = t.User, t.Password
	if t.TLS != "" {
		o.TLS = t.TLS
	}
	o.Active = o.Active || t.Active
	if t.ExpectRange != nil {
		r := *t.ExpectRange
		o.ExpectRange = &r
	}
	if t.Timeout > 0 {
		o.Timeout = t.Timeout
	}
	if o.Timeout <= 0 {
		o.Timeout = probe.DefaultTimeout
	}
	if t.DataTimeout > 0 {
		o.DataTimeout = t.DataTimeout
	}
	if t.Samples > 0 {
		o.Samples = t.Samples
	}
	o.SkipStdClient = o.SkipStdClient || t.NoStdClient
	return o
}
