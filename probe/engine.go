package probe

import (
	"context"
	"errors"
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
	StepStat      = "stat"
	StepType      = "type"
	StepPASV      = "pasv"
	StepEPSV      = "epsv"
	StepDataPorts = "data-ports"
	StepTransfer  = "transfer"
	StepStdClient = "standard-client"
	StepQuit      = "quit"
)

// run holds the state of one diagnosis. The paths are laid out before
// any session starts; each session writes only its own path, and shared
// state (checks, phases) goes through the mutex.
type run struct {
	o        Options
	start    time.Time
	deadline time.Time // of the overall timeout
	tr       *transcript

	mu     sync.Mutex
	facts  Facts
	checks []Check
	// refusedBy holds, for each of facts.Refusals, the count of its
	// address's connections (settleRefusals).
	refusedBy []*openCount
	// late are the endpoint probes that data connections call off
	// (lateprobes.go).
	late lateProbes
}

// Run performs a complete diagnosis and always returns a Result, whatever
// the server does; it returns within opts.Timeout (plus the time to close
// sockets) and as soon as ctx is cancelled.
func Run(ctx context.Context, opts Options) Result {
	o := opts.withDefaults()
	o.Events = serialize(o.Events)
	start := o.Now()
	ctx, cancel := context.WithTimeoutCause(ctx, o.Timeout, ErrOverallTimeout)
	defer cancel()

	r := &run{o: o, start: start, deadline: time.Now().Add(o.Timeout), tr: newTranscript(start, o.Now, o.Events)}
	r.facts.Host, r.facts.Port, r.facts.TLSMode, r.facts.User = o.Host, o.Port, o.TLS, o.User
	r.facts.Families, r.facts.ServerPort = o.Families, o.ServerPort
	r.facts.Now, r.facts.CertWarnDays = start, max(o.CertDays, 0)
	r.facts.Vantage.Interfaces = o.Interfaces()
	r.diagnose(ctx)
	r.settleRefusals()
	r.facts.TimedOut = r.overallExpired(ctx)

	facts := r.facts
	d := Diagnose(facts)
	for i := range d.Findings {
		o.Events(Event{Kind: EventFinding, At: o.Now(), Finding: &d.Findings[i]})
	}
	res := Result{
		StartedAt:  start,
		Duration:   o.Now().Sub(start),
		Facts:      facts,
		Diagnosis:  d,
		Checks:     r.checks,
		Transcript: r.tr.snapshot(),
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
func (r *run) step(path PathID, name string, timeout time.Duration, f func() (CheckStatus, string)) CheckStatus {
	begin := r.o.Now()
	r.o.Events(Event{Kind: EventStepStarted, At: begin, Step: name, Path: path, Deadline: begin.Add(timeout)})
	status, detail := f()
	r.addCheck(Check{Name: name, Path: path, Status: status, Duration: r.o.Now().Sub(begin), Detail: detail})
	return status
}

// replayStep records a step that ran on another session's behalf, whose
// result is taken only afterwards: started and finished at once.
func (r *run) replayStep(c Check) {
	now := r.o.Now()
	r.o.Events(Event{Kind: EventStepStarted, At: now, Step: c.Name, Path: c.Path, Deadline: now})
	r.addCheck(c)
}

// addCheck records a finished step.
func (r *run) addCheck(c Check) {
	r.mu.Lock()
	r.facts.Phases = append(r.facts.Phases, Phase{Name: c.Name, Path: c.Path, Duration: c.Duration})
	r.checks = append(r.checks, c)
	r.mu.Unlock()
	r.o.Events(Event{Kind: EventStepFinished, At: r.o.Now(), Step: c.Name, Path: c.Path, Status: c.Status, Detail: c.Detail, Duration: c.Duration})
}

// skip records a step that could not run.
func (r *run) skip(path PathID, name, why string) {
	r.mu.Lock()
	r.checks = append(r.checks, Check{Name: name, Path: path, Status: CheckSkip, Detail: why})
	r.mu.Unlock()
	r.o.Events(Event{Kind: EventStepFinished, At: r.o.Now(), Step: name, Path: path, Status: CheckSkip, Detail: why})
}
