package report

import "github.com/ftpnat/ftpnat/probe"

// Tone is how a renderer colours a value: one rule for the text report,
// the TUI and the HTML report, each mapping tones to its own styles.
type Tone int

const (
	ToneFaint Tone = iota // skipped, not tested
	ToneInfo
	ToneOK
	ToneWarning
	ToneCritical
	ToneUnknown
)

// SeverityTone colours a finding's severity.
func SeverityTone(s probe.Severity) Tone {
	switch s {
	case probe.SeverityCritical:
		return ToneCritical
	case probe.SeverityWarning:
		return ToneWarning
	}
	return ToneInfo
}

// VerdictTone colours a verdict.
func VerdictTone(v probe.Verdict) Tone {
	switch v {
	case probe.VerdictOK:
		return ToneOK
	case probe.VerdictWarning:
		return ToneWarning
	case probe.VerdictCritical:
		return ToneCritical
	}
	return ToneUnknown
}

// CheckTone colours a check's status.
func CheckTone(s probe.CheckStatus) Tone {
	switch s {
	case probe.CheckPass:
		return ToneOK
	case probe.CheckWarn:
		return ToneWarning
	case probe.CheckFail:
		return ToneCritical
	}
	return ToneFaint
}

// CellTone colours a path-matrix cell.
func CellTone(s probe.Status) Tone {
	switch s {
	case probe.StatusOK:
		return ToneOK
	case probe.StatusFailed:
		return ToneCritical
	case probe.StatusPartial:
		return ToneWarning
	}
	return ToneFaint
}
