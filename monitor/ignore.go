package monitor

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// maxIgnore bounds an ignore list: the catalog holds far fewer IDs.
const maxIgnore = 256

// ParseIgnore checks an ignore list of finding IDs (each may also be a
// comma-separated list, as repeated flags and config lists are written)
// and returns it trimmed, deduplicated and sorted. An ID the catalog does
// not know is an error: a typo must not leave a finding alerting while
// the admin believes it is silenced.
func ParseIgnore(ids []string) ([]string, error) {
	var out []string
	for _, v := range ids {
		for id := range strings.SplitSeq(v, ",") {
			id = strings.TrimSpace(id)
			if id == "" {
				continue
			}
			if _, ok := report.Lookup(id); !ok {
				return nil, fmt.Errorf("unknown finding ID %q to ignore (ftpnat explain lists them)", id)
			}
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
			if len(out) > maxIgnore {
				return nil, fmt.Errorf("more than %d finding IDs to ignore", maxIgnore)
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// Ignore takes the ignored findings out of a result and recomputes its
// verdict from those that remain, so that an accepted condition (an
// internal server that speaks plaintext on purpose) neither alerts nor
// hides what else is wrong. It returns the findings it took out, which
// outputs still list as ignored.
func Ignore(res *probe.Result, ids []string) []probe.Finding {
	if len(ids) == 0 {
		return nil
	}
	var kept, ignored []probe.Finding
	for _, f := range res.Findings {
		if slices.Contains(ids, f.ID) {
			ignored = append(ignored, f)
			continue
		}
		kept = append(kept, f)
	}
	if len(ignored) == 0 {
		return nil
	}
	res.Findings = kept
	res.Verdict = probe.VerdictOf(kept)
	if len(kept) == 0 && !slices.ContainsFunc(res.Facts.Paths, func(p probe.Path) bool { return p.LoggedIn || p.SessionError != nil }) {
		// As the diagnosis itself rules: nothing found and no session
		// got anywhere is not a pass.
		res.Verdict = probe.VerdictUnknown
	}
	return ignored
}

// EvaluateIgnoring applies an ignore list to res, then evaluates it; the
// outcome names the ignored findings.
func EvaluateIgnoring(res *probe.Result, clock *StepClock, ids []string) Outcome {
	ignored := Ignore(res, ids)
	out := Evaluate(*res, clock)
	out.Ignored = ignored
	switch {
	case len(ignored) == 0:
	case out.FindingID == "" && !out.TimedOut && res.Verdict != probe.VerdictUnknown:
		// The headline would name the checks the ignored findings
		// explain: say what is left instead.
		out.Summary = "only ignored findings: " + joinMax(out.ignoredIDs(), 3)
	default:
		out.Summary = withIgnored(out.Summary, len(ignored))
	}
	return out
}

// ignoredIDs lists the IDs of an outcome's ignored findings.
func (o Outcome) ignoredIDs() []string {
	ids := make([]string, 0, len(o.Ignored))
	for _, f := range o.Ignored {
		ids = append(ids, f.ID)
	}
	return ids
}

// withIgnored appends the count of ignored findings to a summary.
func withIgnored(summary string, n int) string {
	switch n {
	case 0:
		return summary
	case 1:
		return summary + " (1 finding ignored)"
	}
	return fmt.Sprintf("%s (%d findings ignored)", summary, n)
}
