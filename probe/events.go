package probe

import "time"

// EventKind tells what an Event reports.
type EventKind string

const (
	EventStepStarted  EventKind = "step_started"
	EventStepFinished EventKind = "step_finished"
	EventTranscript   EventKind = "transcript"
	EventFinding      EventKind = "finding"
	EventDone         EventKind = "done"
)

// Event is one item of the live progress stream a diagnosis emits. Events
// are delivered one at a time (never concurrently) from the probe's
// goroutines; a consumer must not block for long (the TUI forwards them to
// its program).
type Event struct {
	Kind     EventKind
	At       time.Time
	Step     string
	Path     PathID        // the path of a step; zero for the run's own steps
	Status   CheckStatus   // for EventStepFinished
	Detail   string        // human-readable, already redacted
	Deadline time.Time     // for EventStepStarted: when the step gives up
	Duration time.Duration // for EventStepFinished
	Entry    *TranscriptEntry
	Finding  *Finding
}
