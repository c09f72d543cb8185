package report

import "github.com/ftpnat/ftpnat/probe"

// Headline is the one-phrase outcome of a diagnosis, for verdict lines and
// monitoring output: the title of the most severe warning or critical
// finding. Informational findings describe, they do not accuse, so a run
// with only those reads "all checks passed" — unless a check failed, which
// the headline then names.
func Headline(res probe.Result) string {
	if f, ok := worstFinding(res.Findings); ok && severityOf(f).Rank() > probe.SeverityInfo.Rank() {
		return title(f.ID)
	}
	switch {
	case res.Facts.TimedOut:
		return "diagnosis incomplete: the overall timeout ended the run"
	case verdictOf(res) == probe.VerdictUnknown:
		return "diagnosis incomplete"
	}
	if failed := FailedChecks(res.Checks); len(failed) > 0 {
		return failedChecksPhrase(failed)
	}
	return "all checks passed"
}

// worstFinding is the finding that heads a report: the first in the
// diagnosis's one order of findings (probe.CompareFindings: the most
// severe, among equals the root cause), with severities the probe left
// empty read from the catalog. It does not rely on the list being sorted
// already (reports read back from JSON, merged runs).
func worstFinding(fs []probe.Finding) (probe.Finding, bool) {
	best := -1
	for i, f := range fs {
		if best < 0 || probe.CompareFindings(withSeverity(f), withSeverity(fs[best])) < 0 {
			best = i
		}
	}
	if best < 0 {
		return probe.Finding{}, false
	}
	return fs[best], true
}

// withSeverity is f with its effective severity (severityOf) filled in.
func withSeverity(f probe.Finding) probe.Finding {
	f.Severity = severityOf(f)
	return f
}

// severityOf is the finding's severity, or the catalog default when the
// probe left it empty, or info for an ID this catalog does not know.
func severityOf(f probe.Finding) probe.Severity {
	switch f.Severity {
	case probe.SeverityInfo, probe.SeverityWarning, probe.SeverityCritical:
		return f.Severity
	}
	if e, ok := Lookup(f.ID); ok {
		return e.Severity
	}
	return probe.SeverityInfo
}
