package monitor

import "github.com/ftpnat/ftpnat/probe"

// State is a monitoring-plugin state; its value is the exit code.
type State int

// Plugin states (monitoring-plugins developer guidelines).
const (
	StateOK       State = 0
	StateWarning  State = 1
	StateCritical State = 2
	StateUnknown  State = 3
)

func (s State) String() string {
	switch s {
	case StateOK:
		return "OK"
	case StateWarning:
		return "WARNING"
	case StateCritical:
		return "CRITICAL"
	}
	return "UNKNOWN"
}

// rank orders states the way monitoring-plugins aggregates them:
// CRITICAL > WARNING > UNKNOWN > OK.
func (s State) rank() int {
	switch s {
	case StateCritical:
		return 3
	case StateWarning:
		return 2
	case StateUnknown:
		return 1
	}
	return 0
}

// Worst returns the worse of two states in plugin order.
func Worst(a, b State) State {
	if b.rank() > a.rank() {
		return b
	}
	return a
}

// StateOf maps a verdict to its plugin state.
func StateOf(v probe.Verdict) State {
	switch v {
	case probe.VerdictOK:
		return StateOK
	case probe.VerdictWarning:
		return StateWarning
	case probe.VerdictCritical:
		return StateCritical
	}
	return StateUnknown
}

// stateOfSeverity is the plugin state a single finding stands for.
func stateOfSeverity(s probe.Severity) State {
	switch s {
	case probe.SeverityCritical:
		return StateCritical
	case probe.SeverityWarning:
		return StateWarning
	}
	return StateOK
}
