package main

import (
	"encoding/json"
	"encoding/pem"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/fixtures/fakeftp"
)

// expiringServer is a loopback server whose certificate, trusted through
// the returned --ca-file, ends in left.
func expiringServer(t *testing.T, left time.Duration) (addr, caFile string) {
	t.Helper()
	now := time.Now()
	cfg, _, err := fakeftp.SelfSignedTLSValid(now.Add(-90*24*time.Hour), now.Add(left), "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cfg.Certificates[0].Certificate[0]})
	return loopbackServer(t, fakeftp.Scenario{TLS: cfg}), writeFile(t, "ca.pem", string(ca))
}

// --cert-days moves the warning period of diagnose and check; 0 switches
// the warning off.
func TestCertDaysFlag(t *testing.T) {
	addr, ca := expiringServer(t, 10*24*time.Hour+time.Hour)
	ids := func(out string) []string {
		var rep struct {
			Verdict  string `json:"verdict"`
			Findings []struct {
				ID       string `json:"id"`
				Severity string `json:"severity"`
			} `json:"findings"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("report: %v\n%s", err, out)
		}
		var ids []string
		for _, f := range rep.Findings {
			if f.Severity != "info" { // the passive range
				ids = append(ids, f.ID)
			}
		}
		return append(ids, "verdict="+rep.Verdict)
	}
	common := []string{"--format", "json", "--tls", "explicit", "--ca-file", ca, "--no-standard-client"}
	for _, tt := range []struct {
		flags []string
		want  []string
		code  int
	}{
		{nil, []string{"tls.certificate_expiring", "verdict=warning"}, exitWarning},
		{[]string{"--cert-days", "10"}, []string{"verdict=ok"}, exitOK},
		{[]string{"--cert-days", "11"}, []string{"tls.certificate_expiring", "verdict=warning"}, exitWarning},
		{[]string{"--cert-days", "0"}, []string{"verdict=ok"}, exitOK},
	} {
		args := append(append(append([]string{"diagnose"}, common...), tt.flags...), addr)
		code, out, stderr := run(t, nil, args...)
		if got := ids(out); code != tt.code || !slices.Equal(got, tt.want) {
			t.Errorf("%v: exit %d, %v; want %d, %v\n%s", tt.flags, code, got, tt.code, tt.want, stderr)
		}
	}

	code, out, _ := run(t, nil, "check", "--tls", "explicit", "--ca-file", ca, "--no-standard-client", addr)
	if code != exitWarning || !regexp.MustCompile(`^FTPNAT WARNING - TLS certificate expires soon \(tls.certificate_expiring\) \|`).MatchString(out) {
		t.Errorf("check: exit %d %q", code, out)
	}
	if !strings.Contains(out, "expires on "+time.Now().Add(10*24*time.Hour+time.Hour).UTC().Format(time.DateOnly)+", in 10 days") {
		t.Errorf("check output lacks the days left:\n%s", out)
	}
	code, out, _ = run(t, nil, "check", "--cert-days", "7", "--tls", "explicit", "--ca-file", ca, "--no-standard-client", addr)
	if code != exitOK {
		t.Errorf("check --cert-days 7: exit %d %q", code, out)
	}
	targets := writeFile(t, "targets.txt", addr+" tls=explicit no-standard-client\n")
	for _, tt := range []struct {
		days string
		code int
	}{{"14", exitWarning}, {"7", exitOK}} {
		code, out, stderr := run(t, nil, "batch", "--format", "json", "--ca-file", ca, "--cert-days", tt.days, targets)
		if code != tt.code || strings.Contains(out, "tls.certificate_expiring") != (tt.code == exitWarning) {
			t.Errorf("batch --cert-days %s: exit %d, want %d\n%s%s", tt.days, code, tt.code, out, stderr)
		}
	}
	for _, cmd := range []string{"diagnose", "check", "batch"} {
		if code, out, stderr := run(t, nil, cmd, "--cert-days", "-3", addr); code != exitUnknown || !strings.Contains(stderr, "--cert-days must be 0 (never) or more") {
			t.Errorf("%s --cert-days -3: exit %d %q %q", cmd, code, out, stderr)
		}
	}
}
