package probe_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/probe"
)

// The TLS policy check passes only when it got an answer: a data port that
// never answered leaves the question open (warn, saying so), and a server
// that turns the listing away answers it (pass, naming the reply, with no
// word of failure in a passing check).
func TestTLSPolicyCheckStatusMatchesItsText(t *testing.T) {
	for _, tc := range []struct {
		scenario string
		status   probe.CheckStatus
		detail   string
	}{
		{"ports-filtered", probe.CheckWarn, "a data connection without TLS resumption could not be tried: "},
		{"tls-reuse-required", probe.CheckPass, "the server refuses a data connection without TLS resumption (522)"},
		{"healthy", probe.CheckPass, "a data connection without TLS resumption works"},
	} {
		res, _ := diagnoseScenario(t, tc.scenario, nil)
		var found bool
		for _, c := range res.Checks {
			if c.Name != probe.StepTLSPolicy {
				continue
			}
			found = true
			if c.Status != tc.status || !strings.Contains(c.Detail, tc.detail) {
				t.Errorf("%s: tls-policy %s %q, want %s with %q", tc.scenario, c.Status, c.Detail, tc.status, tc.detail)
			}
			if c.Status == probe.CheckPass && strings.Contains(strings.ToLower(c.Detail), "fail") {
				t.Errorf("%s: a passing check says it failed: %q", tc.scenario, c.Detail)
			}
		}
		if !found {
			t.Errorf("%s: no tls-policy check", tc.scenario)
		}
	}
}

// No passing check, in any scenario of the fake server, says in its detail
// that something failed or could not be done: a reader who sees PASS must
// not have to read on to learn otherwise.
func TestPassingChecksDoNotSayTheyFailed(t *testing.T) {
	if testing.Short() {
		t.Skip("diagnoses every scenario")
	}
	failure := regexp.MustCompile(`(?i)\bfail|could not|cannot|timed out|timeout`)
	for _, sc := range fixtures.Scenarios() {
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			res, _ := diagnoseScenario(t, sc.Name, nil)
			for _, c := range res.Checks {
				if c.Status == probe.CheckPass && failure.MatchString(c.Detail) {
					t.Errorf("%s (%v) passes but says %q", c.Name, c.Path, c.Detail)
				}
			}
		})
	}
}
