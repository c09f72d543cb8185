package monitor

import (
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/fixtures/fakeftp"
	"github.com/ftpnat/ftpnat/probe"
)

func TestParseIgnore(t *testing.T) {
	got, err := ParseIgnore([]string{"tls.not_offered", " passive.port_range,tls.not_offered ", ""})
	if err != nil || !slices.Equal(got, []string{"passive.port_range", "tls.not_offered"}) {
		t.Errorf("ParseIgnore = %v, %v", got, err)
	}
	if _, err := ParseIgnore([]string{"tls.not_ofered"}); err == nil || !strings.Contains(err.Error(), `"tls.not_ofered"`) {
		t.Errorf("a typo must be an error, got %v", err)
	}
}

// Ignoring a finding takes it out of the verdict and the state, keeps the
// others counting, and the plugin output still lists it.
func TestIgnoreRecomputesState(t *testing.T) {
	_, o := startScenario(t, "nat-private-unforwarded")
	res, _ := diagnose(t, o)
	ignored := Ignore(&res, []string{"passive.port_range"})
	if len(ignored) != 1 || res.Verdict != probe.VerdictCritical {
		t.Fatalf("ignoring an info finding: %d ignored, verdict %s", len(ignored), res.Verdict)
	}

	res, _ = diagnose(t, o)
	out := EvaluateIgnoring(&res, nil, []string{"data.port_filtered", "pasv.unroutable_address"})
	if out.State != StateOK || res.Verdict != probe.VerdictOK || out.FindingID != "" {
		t.Fatalf("both problems ignored: %s %s %q", out.State, res.Verdict, out.FindingID)
	}
	if out.Summary != "only ignored findings: pasv.unroutable_address, data.port_filtered" {
		t.Errorf("summary %q", out.Summary)
	}
	state, lines := pluginOutput(t, res, out, PluginOptions{Timeout: o.Timeout})
	if state != StateOK || !strings.HasPrefix(lines[0], "FTPNAT OK - ") {
		t.Errorf("status line %q", lines[0])
	}
	var rest []string
	for _, l := range lines[1:] {
		if strings.HasPrefix(l, `\_[`) {
			rest = append(rest, strings.Join(strings.Fields(l)[:2], " "))
		}
	}
	want := []string{`\_[OK] passive.port_range`, `\_[IGNORED] pasv.unroutable_address`, `\_[IGNORED] data.port_filtered`}
	if !slices.Equal(rest, want) {
		t.Errorf("finding lines %q, want %q", rest, want)
	}

	res, _ = diagnose(t, o)
	out = EvaluateIgnoring(&res, nil, []string{"data.port_filtered"})
	if out.State != StateCritical || out.FindingID != "pasv.unroutable_address" || !strings.HasSuffix(out.Summary, "(1 finding ignored)") {
		t.Errorf("one of two ignored: %s %s %q", out.State, out.FindingID, out.Summary)
	}
}

// Ignoring the only finding of a server nobody could log in to leaves a
// diagnosis that proves nothing: UNKNOWN, not OK.
func TestIgnoreEverythingIsNotAPass(t *testing.T) {
	unreachable := probe.Finding{ID: "control.unreachable", Severity: probe.SeverityCritical}
	res := probe.Result{Diagnosis: probe.Diagnosis{Findings: []probe.Finding{unreachable}, Verdict: probe.VerdictCritical},
		Facts: probe.Facts{Paths: []probe.Path{{}}}}
	out := EvaluateIgnoring(&res, nil, []string{"control.unreachable"})
	if res.Verdict != probe.VerdictUnknown || out.State != StateUnknown || len(out.Ignored) != 1 {
		t.Errorf("everything ignored, nobody logged in: verdict %s, state %s", res.Verdict, out.State)
	}

	res = probe.Result{Diagnosis: probe.Diagnosis{Findings: []probe.Finding{{ID: "tls.not_offered", Severity: probe.SeverityWarning}},
		Verdict: probe.VerdictWarning}, Facts: probe.Facts{Paths: []probe.Path{{SessionFacts: probe.SessionFacts{LoggedIn: true}}}}}
	if out := EvaluateIgnoring(&res, nil, []string{"tls.not_offered"}); out.State != StateOK {
		t.Errorf("everything ignored after a login: state %s", out.State)
	}
}

// A serve module's ignore list: the ignored finding leaves the state and
// the finding series, and shows as probe_ftp_finding_ignored.
func TestServeModuleIgnore(t *testing.T) {
	srv, err := fakeftp.Start(fakeftp.Scenario{PassivePorts: fakeftp.PortRange{Min: 20000, Max: 20099}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	addr := srv.Addr().String()
	cfg, err := ParseConfig(fmt.Appendf(nil, `allowed_targets: [%q]
modules:
  default:
    data_timeout: 300ms
  internal:
    data_timeout: 300ms
    ignore: [tls.not_offered]
`, addr), "")
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(NewExporter(ExporterOptions{Config: cfg, Version: "test"}).Handler())
	t.Cleanup(hs.Close)

	_, body := get(t, hs, "/probe?target="+addr, "")
	s := series(t, body)
	if s["probe_ftp_status"] != 1 || s[`probe_ftp_finding{id="tls.not_offered",severity="warning"}`] != 1 {
		t.Fatalf("default module:\n%s", body)
	}
	_, body = get(t, hs, "/probe?module=internal&target="+addr, "")
	s = series(t, body)
	if s["probe_ftp_status"] != 0 || s["probe_success"] != 1 || s[`probe_ftp_finding_ignored{id="tls.not_offered"}`] != 1 ||
		strings.Contains(body, `probe_ftp_finding{id="tls.not_offered"`) {
		t.Errorf("internal module:\n%s", body)
	}

	if _, err := ParseConfig([]byte("allowed_targets: [h]\nmodules:\n  m:\n    ignore: [tls.nope]\n"), ""); err == nil ||
		!strings.Contains(err.Error(), `module "m": ignore: unknown finding ID "tls.nope"`) {
		t.Errorf("unknown ID in the config: %v", err)
	}
}
