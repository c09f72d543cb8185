package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ftpnat/ftpnat/probe"
)

// FailedChecks names the checks that failed, each once, in the order
// they ran: the step with what sets its path apart (StepLabel).
func FailedChecks(checks []probe.Check) []string {
	var out []string
	for _, c := range checks {
		if c.Status != probe.CheckFail {
			continue
		}
		if l := StepLabel(c.Name, c.Path); !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// failedChecksPhrase is the headline of a run whose findings raise
// nothing worse than info although checks failed: it must not read "all
// checks passed".
func failedChecksPhrase(failed []string) string {
	const most = 3
	list := strings.Join(failed[:min(len(failed), most)], ", ")
	if len(failed) > most {
		list += fmt.Sprintf(" and %d more", len(failed)-most)
	}
	if len(failed) == 1 {
		return "check failed: " + list
	}
	return fmt.Sprintf("%d checks failed: %s", len(failed), list)
}
