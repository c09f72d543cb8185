package monitor

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// Outcome is how a scheduled check reads one diagnosis.
type Outcome struct {
	State   State
	Verdict probe.Verdict
	// Summary is one phrase: the worst finding's title, or the timeout and
	// where it struck.
	Summary string
	// FindingID is the worst warning or critical finding, "" when none.
	FindingID string
	TimedOut  bool
	// Stuck names the steps the overall timeout interrupted.
	Stuck []string
	// Ignored are the findings an ignore list took out of the result:
	// they count for nothing but are still shown.
	Ignored []probe.Finding
}

// Evaluate reads a result. A run the overall timeout cut short is at least
// CRITICAL, with its cause: the guidelines reserve UNKNOWN for failures of
// the check itself, and a server too slow to diagnose is not one.
func Evaluate(res probe.Result, clock *StepClock) Outcome {
	out := Outcome{State: StateOf(res.Verdict), Verdict: res.Verdict, Summary: report.Headline(res), TimedOut: res.Facts.TimedOut}
	if len(res.Findings) > 0 && res.Findings[0].Severity.Rank() > probe.SeverityInfo.Rank() {
		// Findings are sorted most severe first.
		out.FindingID = res.Findings[0].ID
		out.Summary = fmt.Sprintf("%s (%s)", out.Summary, out.FindingID)
	}
	if !out.TimedOut {
		return out
	}
	out.State = Worst(out.State, StateCritical)
	if clock != nil {
		out.Stuck = clock.stuck(res.StartedAt.Add(res.Duration))
	}
	cause := "timeout after " + seconds(res.Duration)
	if len(out.Stuck) > 0 {
		cause += " during " + joinMax(out.Stuck, 3)
	}
	if out.FindingID == "" {
		out.Summary = cause + ": diagnosis incomplete"
	} else {
		out.Summary = cause + ": " + out.Summary
	}
	return out
}

// seconds formats a duration as plugins do: seconds with millisecond
// precision.
func seconds(d time.Duration) string {
	return fmt.Sprintf("%.3fs", d.Seconds())
}

func joinMax(s []string, n int) string {
	out := ""
	for i, v := range s {
		if i == n {
			return out + fmt.Sprintf(" and %d more", len(s)-n)
		}
		if i > 0 {
			out += ", "
		}
		out += v
	}
	return out
}

// StepClock watches a diagnosis' events to name the steps an overall
// timeout interrupted: those still running at the end, or that ended with
// it. The probe delivers events one at a time; the mutex covers reading
// the clock after the run.
type StepClock struct {
	mu    sync.Mutex
	steps []clockStep
}

type clockStep struct {
	name       string
	start, end time.Time
}

// stuckSlack is how close to the end of a run a step must finish to count
// as cut by the timeout: socket deadlines fire a moment before the
// context reports it.
const stuckSlack = 50 * time.Millisecond

// maxClockSteps bounds what a misbehaving run can make the clock keep.
const maxClockSteps = 512

// Observe is a probe.Options.Events callback; next, when set, receives
// every event too.
func (c *StepClock) Observe(next func(probe.Event)) func(probe.Event) {
	return func(e probe.Event) {
		c.mu.Lock()
		switch e.Kind {
		case probe.EventStepStarted:
			if len(c.steps) < maxClockSteps {
				c.steps = append(c.steps, clockStep{name: e.Step, start: e.At})
			}
		case probe.EventStepFinished:
			for i := len(c.steps) - 1; i >= 0; i-- {
				if c.steps[i].name == e.Step && c.steps[i].end.IsZero() {
					c.steps[i].end = e.At
					break
				}
			}
		}
		c.mu.Unlock()
		if next != nil {
			next(e)
		}
	}
}

// stuck lists, once each and in start order, the steps that had not
// finished shortly before end.
func (c *StepClock) stuck(end time.Time) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out, whole []string
	for _, s := range c.steps {
		if (s.end.IsZero() || !s.end.Before(end.Add(-stuckSlack))) && !slices.Contains(out, s.name) && !slices.Contains(whole, s.name) {
			// The connections of their own that run from the start to the
			// end of a run say least about where it stuck: named last.
			if s.name == probe.StepStdClient || s.name == probe.StepTLSPolicy {
				whole = append(whole, s.name)
			} else {
				out = append(out, s.name)
			}
		}
	}
	return append(out, whole...)
}
