package diagnosis

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
