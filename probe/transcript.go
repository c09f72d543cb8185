package probe

import (
	"strings"
	"sync"
	"time"
)

// transcript collects the control-channel conversation of every session of
// one run, in arrival order, and forwards each line as an event.
type transcript struct {
	mu      sync.Mutex
	start   time.Time
	now     func() time.Time
	entries []TranscriptEntry
	max     int
	dropped int
	emit    func(Event)
}

func newTranscript(start time.Time, now func() time.Time, emit func(Event)) *transcript {
	return &transcript{start: start, now: now, emit: emit, max: 4096}
}

// add records one line. The caller has already redacted it.
func (t *transcript) add(session, dir, line string) {
	at := t.now()
	e := TranscriptEntry{T: at.Sub(t.start), Dir: dir, Line: line, Session: session}
	t.mu.Lock()
	if len(t.entries) >= t.max {
		t.dropped++
		t.mu.Unlock()
		return
	}
	t.entries = append(t.entries, e)
	t.mu.Unlock()
	t.emit(Event{Kind: EventTranscript, At: at, Entry: &e})
}

func (t *transcript) snapshot() []TranscriptEntry {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := append([]TranscriptEntry(nil), t.entries...)
	if t.dropped > 0 {
		out = append(out, TranscriptEntry{T: t.now().Sub(t.start), Dir: DirInfo,
			Line: "transcript truncated: " + itoa(t.dropped) + " more lines not kept", Session: "main"})
	}
	return out
}

// redactCommand hides the argument of commands that carry secrets.
func redactCommand(line string) string {
	verb, _, hasArg := strings.Cut(line, " ")
	switch strings.ToUpper(verb) {
	case "PASS", "ACCT":
		if hasArg {
			return verb + " ****"
		}
	}
	return line
}
