package probe

import "time"

// CheckStatus is the outcome of one step of the diagnosis.
type CheckStatus string

const (
	CheckPass CheckStatus = "pass"
	CheckWarn CheckStatus = "warn"
	CheckFail CheckStatus = "fail"
	CheckSkip CheckStatus = "skip"
)

// Check is one step of the diagnosis as shown to the user.
type Check struct {
	Name     string
	Path     PathID // the path the step ran on; zero for the run's own steps (resolve)
	Status   CheckStatus
	Duration time.Duration
	Detail   string
}

// Transcript directions.
const (
	DirSend = "send"
	DirRecv = "recv"
	DirInfo = "info"
)

// TranscriptEntry is one line of the control-channel conversation.
type TranscriptEntry struct {
	T       time.Duration // since the start of the run
	Dir     string        // send | recv | info
	Line    string        // PASS arguments are always redacted
	Session string        // which control session ("main", "std-client", ...)
}

// Result is a finished diagnosis.
type Result struct {
	StartedAt time.Time
	Duration  time.Duration
	Facts     Facts
	// Diagnosis is what the facts mean: findings (most severe first),
	// verdict, the reference path and the values every report shows.
	Diagnosis
	Checks     []Check
	Transcript []TranscriptEntry
	Simulated  bool // produced by `ftpnat demo` against an in-process server
}

// RefPath is the reference path (see ReferencePath): the one the
// top-level report fields describe. It is an empty path when none was
// planned (the name did not resolve).
func (r *Result) RefPath() *Path {
	if r.Reference < 0 || r.Reference >= len(r.Facts.Paths) {
		return &Path{}
	}
	return &r.Facts.Paths[r.Reference]
}

// TLSPath is the TLS path of the reference path's address, or nil when
// none ran.
func (r *Result) TLSPath() *Path {
	ref := r.RefPath()
	if ref.Transport.Secure() {
		return ref
	}
	for i := range r.Facts.Paths {
		if p := &r.Facts.Paths[i]; p.Address == ref.Address && p.Transport.Secure() {
			return p
		}
	}
	return nil
}

// TLSFacts are the TLS facts of TLSPath, or nil.
func (r *Result) TLSFacts() *TLSFacts {
	if p := r.TLSPath(); p != nil {
		return p.TLS
	}
	return nil
}

// PlainPath is the plaintext path of the reference path's address, or nil.
func (r *Result) PlainPath() *Path {
	ref := r.RefPath()
	for i := range r.Facts.Paths {
		if p := &r.Facts.Paths[i]; p.Address == ref.Address && !p.Transport.Secure() {
			return p
		}
	}
	return nil
}
