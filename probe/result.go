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

// Verdict is the overall outcome of a diagnosis.
type Verdict string

const (
	VerdictOK       Verdict = "ok"
	VerdictWarning  Verdict = "warning"
	VerdictCritical Verdict = "critical"
	VerdictUnknown  Verdict = "unknown"
)

// ExitCode maps a verdict to the process exit code of the CLI contract.
func (v Verdict) ExitCode() int {
	switch v {
	case VerdictOK:
		return 0
	case VerdictWarning:
		return 1
	case VerdictCritical:
		return 2
	default:
		return 3
	}
}

// Result is a finished diagnosis.
type Result struct {
	StartedAt  time.Time
	Duration   time.Duration
	Facts      Facts
	Findings   []Finding // sorted: most severe first, then by ID
	Checks     []Check
	Transcript []TranscriptEntry
	Verdict    Verdict
	Simulated  bool // produced by `ftpnat demo` against an in-process server
}

// VerdictOf is the verdict implied by a set of findings.
func VerdictOf(fs []Finding) Verdict {
	v := VerdictOK
	for _, f := range fs {
		switch f.Severity {
		case SeverityCritical:
			return VerdictCritical
		case SeverityWarning:
			v = VerdictWarning
		}
	}
	return v
}
