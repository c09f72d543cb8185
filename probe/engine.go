package probe

import (
	"context"
	"errors"
	"sort"
	"sync"
	"time"
)

// ErrOverallTimeout is the cause attached to the run's context when the
// overall --timeout expires.
var ErrOverallTimeout = errors.New("overall timeout reached")

// Step names (also the phase names in reports and metrics).
const (
	StepResolve   = "resolve"
	StepConnect   = "connect"
	StepGreeting  = "greeting"
	StepFeat      = "feat"
	StepLogin     = "login"
	StepSyst      = "syst"
	StepPwd       = "pwd"
	StepType      = "type"
	StepPASV      = "pasv"
	StepEPSV      = "epsv"
	StepDataPorts = "data-ports"
	StepTransfer  = "transfer"
	StepStdClient = "standard-client"
	StepQuit      = "quit"
)

// run holds the state of one diagnosis. Steps on the main control session
// run in order on one goroutine; concurrent work (data-port dials, the
// standard-client session) writes only through the mutex or to values it
// owns until it is waited for.
type run struct {
	o        Options
	start    time.Time
	deadline time.Time // of the overall timeout
	tr       *transcript

	mu     sync.Mutex
	facts  Facts
	checks []Check

	slots chan struct{} // one per open control connection (MaxSessions)
}

// acquire waits for a control-connection slot.
func (r *run) acquire(ctx context.Context) bool {
	select {
	case r.slots <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

func (r *run) release() { <-r.slots }

// Run performs a complete diagnosis and always returns a Result, whatever
// the server does; it returns within opts.Timeout (plus the time to close
// sockets) and as soon as ctx is cancelled.
func Run(ctx context.Context, opts Options) Result {
	o := opts.withDefaults()
	o.Events = serialize(o.Events)
	start := o.Now()
	ctx, cancel := context.WithTimeoutCause(ctx, o.Timeout, ErrOverallTimeout)
	defer cancel()

	r := &run{o: o, start: start, deadline: time.Now().Add(o.Timeout), tr: newTranscript(start, o.Now, o.Events),
		slots: make(chan struct{}, o.MaxSessions)}
	r.facts.Host, r.facts.Port, r.facts.TLSMode, r.facts.User = o.Host, o.Port, o.TLS, o.User
	r.diagnose(ctx)
	r.facts.TimedOut = r.overallExpired(ctx)

	facts := r.facts
	findings := Analyze(facts)
	for i := range findings {
		o.Events(Event{Kind: EventFinding, At: o.Now(), Finding: &findings[i]})
	}
	res := Result{
		StartedAt:  start,
		Duration:   o.Now().Sub(start),
		Facts:      facts,
		Findings:   findings,
		Checks:     r.checks,
		Transcript: r.tr.snapshot(),
		Verdict:    VerdictOf(findings),
	}
	if len(findings) == 0 && facts.SessionError == nil && !facts.LoggedIn {
		res.Verdict = VerdictUnknown
	}
	o.Events(Event{Kind: EventDone, At: o.Now(), Detail: string(res.Verdict)})
	return res
}

// overallExpired reports whether the overall timeout has ended the run. A
// socket deadline set from the context can fire a moment before the
// context itself is marked done, hence the clock check.
func (r *run) overallExpired(ctx context.Context) bool {
	return errors.Is(context.Cause(ctx), ErrOverallTimeout) || !time.Now().Before(r.deadline)
}

// serialize makes sure the consumer's callback is never called
// concurrently, whichever goroutine of the run emits.
func serialize(f func(Event)) func(Event) {
	var mu sync.Mutex
	return func(e Event) {
		mu.Lock()
		defer mu.Unlock()
		f(e)
	}
}

// step runs f as a named step: it emits the start and finish events, and
// records the phase duration and the check. f returns the check status and
// a one-line detail.
func (r *run) step(name string, timeout time.Duration, f func() (CheckStatus, string)) CheckStatus {
	begin := r.o.Now()
	r.o.Events(Event{Kind: EventStepStarted, At: begin, Step: name, Deadline: begin.Add(timeout)})
	status, detail := f()
	d := r.o.Now().Sub(begin)
	r.mu.Lock()
	r.facts.Phases = append(r.facts.Phases, Phase{Name: name, Duration: d})
	r.checks = append(r.checks, Check{Name: name, Status: status, Duration: d, Detail: detail})
	r.mu.Unlock()
	r.o.Events(Event{Kind: EventStepFinished, At: r.o.Now(), Step: name, Status: status, Detail: detail, Duration: d})
	return status
}

// skip records a step that could not run.
func (r *run) skip(name, why string) {
	r.mu.Lock()
	r.checks = append(r.checks, Check{Name: name, Status: CheckSkip, Detail: why})
	r.mu.Unlock()
	r.o.Events(Event{Kind: EventStepFinished, At: r.o.Now(), Step: name, Status: CheckSkip, Detail: why})
}

// sortFindings orders findings most severe first, then by ID, keeping the
// order of equal IDs.
func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		if a, b := fs[i].Severity.Rank(), fs[j].Severity.Rank(); a != b {
			return a > b
		}
		return fs[i].ID < fs[j].ID
	})
}
