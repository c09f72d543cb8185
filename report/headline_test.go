package report

import (
	"testing"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

func TestHeadline(t *testing.T) {
	warn := probe.Finding{ID: probe.FindingTLSNotOffered, Severity: probe.SeverityWarning}
	crit := probe.Finding{ID: probe.FindingDataPortRefused, Severity: probe.SeverityCritical}
	info := probe.Finding{ID: probe.FindingPassivePortRange, Severity: probe.SeverityInfo}
	tests := []struct {
		name string
		res  probe.Result
		want string
	}{
		{"nat", reporttest.NATPrivateFiltered(), "PASV announces an unroutable address"},
		{"healthy with info", reporttest.Healthy(), "all checks passed"},
		{"worst wins regardless of order", probe.Result{Diagnosis: probe.Diagnosis{Verdict: probe.VerdictCritical, Findings: []probe.Finding{info, warn, crit}}},
			"Passive data ports refused"},
		// Among equals the root cause heads, not the alphabetically first.
		{"root cause among criticals", probe.Result{Diagnosis: probe.Diagnosis{Verdict: probe.VerdictCritical, Findings: []probe.Finding{
			{ID: probe.FindingDataPortFiltered, Severity: probe.SeverityCritical}, {ID: probe.FindingPASVUnroutable, Severity: probe.SeverityCritical}}}},
			"PASV announces an unroutable address"},
		{"the passive range never heads an address mismatch", probe.Result{Diagnosis: probe.Diagnosis{Verdict: probe.VerdictWarning, Findings: []probe.Finding{
			{ID: probe.FindingPassivePortRange, Severity: probe.SeverityWarning}, {ID: probe.FindingPASVMismatch, Severity: probe.SeverityWarning}}}},
			"PASV announces a different public address"},
		{"catalog severity when the probe left it empty", probe.Result{Diagnosis: probe.Diagnosis{Verdict: probe.VerdictCritical, Findings: []probe.Finding{
			{ID: probe.FindingDataPortRefused}, {ID: probe.FindingControlUnreachable}}}},
			"Control port unreachable"},
		{"warning", probe.Result{Diagnosis: probe.Diagnosis{Verdict: probe.VerdictWarning, Findings: []probe.Finding{info, warn}}}, "FTPS (AUTH TLS) not offered"},
		{"ok", probe.Result{Diagnosis: probe.Diagnosis{Verdict: probe.VerdictOK}}, "all checks passed"},
		{"unknown", probe.Result{Diagnosis: probe.Diagnosis{Verdict: probe.VerdictUnknown}}, "diagnosis incomplete"},
		{"timed out", probe.Result{Diagnosis: probe.Diagnosis{Verdict: probe.VerdictUnknown}, Facts: probe.Facts{TimedOut: true}},
			"diagnosis incomplete: the overall timeout ended the run"},
		{"unknown id", probe.Result{Diagnosis: probe.Diagnosis{Findings: []probe.Finding{{ID: "future.thing", Severity: probe.SeverityWarning}}}}, "future.thing"},
		// A failed check is never "all checks passed", whatever the findings say.
		{"ok with a failed check", probe.Result{Diagnosis: probe.Diagnosis{Verdict: probe.VerdictOK, Findings: []probe.Finding{info}},
			Checks: []probe.Check{{Name: probe.StepPASV, Status: probe.CheckPass}, {Name: probe.StepStdClient, Status: probe.CheckFail},
				{Name: probe.StepQuit, Status: probe.CheckWarn}}}, "check failed: standard-client"},
		{"ok with failed checks", probe.Result{Diagnosis: probe.Diagnosis{Verdict: probe.VerdictOK},
			Checks: []probe.Check{{Name: probe.StepStdClient, Status: probe.CheckFail},
				{Name: probe.StepStdClient, Path: probe.PathID{Transport: probe.TransportExplicitTLS}, Status: probe.CheckFail},
				{Name: probe.StepStdClient, Status: probe.CheckFail}}}, "2 checks failed: standard-client, tls standard-client"},
		{"a finding explains the failure", probe.Result{Diagnosis: probe.Diagnosis{Verdict: probe.VerdictWarning, Findings: []probe.Finding{warn}},
			Checks: []probe.Check{{Name: probe.StepStdClient, Status: probe.CheckFail}}}, "FTPS (AUTH TLS) not offered"},
	}
	for _, tt := range tests {
		if got := Headline(tt.res); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
