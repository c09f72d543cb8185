package probe_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/fixtures/fakeftp"
	"github.com/ftpnat/ftpnat/probe"
)

// A certificate the fake server shows is judged at the run's start: close
// to its end it raises tls.certificate_expiring with its date and the
// days left, which --cert-days moves or switches off; once expired it is
// tls.certificate_invalid alone.
func TestCertificateExpiryThroughTheEngine(t *testing.T) {
	now := time.Now()
	day := 24 * time.Hour
	tests := []struct {
		name     string
		left     time.Duration
		certDays int
		want     []string // certificate findings
		days     int      // days left in the expiring finding
	}{
		{"5 days left", 5*day + time.Hour, 0, []string{probe.FindingTLSCertificateExpiring}, 5},
		{"30 days left", 30*day + time.Hour, 0, nil, 0},
		{"30 days left, warned 45 days before", 30*day + time.Hour, 45, []string{probe.FindingTLSCertificateExpiring}, 30},
		{"5 days left, warning off", 5*day + time.Hour, -1, nil, 0},
		{"expired", -day, 0, []string{probe.FindingTLSCertificateInvalid}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, pool, err := fakeftp.SelfSignedTLSValid(now.Add(-90*day), now.Add(tt.left), "127.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			srv, err := fakeftp.Start(fakeftp.Scenario{TLS: cfg, PassivePorts: fakeftp.PortRange{Min: 20100, Max: 20199}})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = srv.Close() })
			res := probe.Run(context.Background(), probe.Options{Host: "127.0.0.1", Port: int(srv.Addr().Port()),
				RootCAs: pool, TLS: probe.TLSExplicit, CertDays: tt.certDays, SkipStdClient: true,
				Timeout: 10 * time.Second, StepTimeout: 2 * time.Second, DataTimeout: time.Second})
			var got []string
			for _, f := range res.Findings {
				if strings.HasPrefix(f.ID, "tls.certificate_") {
					got = append(got, f.ID)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("certificate findings %v, want %v (all: %+v)", got, tt.want, res.Findings)
			}
			i := slices.IndexFunc(res.Findings, func(f probe.Finding) bool { return f.ID == probe.FindingTLSCertificateExpiring })
			if i < 0 {
				return
			}
			f := res.Findings[i]
			date := now.Add(tt.left).UTC().Format(time.DateOnly)
			if f.Severity != probe.SeverityWarning || !strings.Contains(f.Summary, "expires on "+date+", in "+strconv.Itoa(tt.days)+" days") {
				t.Errorf("%s %q", f.Severity, f.Summary)
			}
			ev := strings.Join(f.Evidence, "\n")
			for _, s := range []string{"subject: CN=127.0.0.1,O=ftpnat fixtures", "not after: " + date, strconv.Itoa(tt.days) + " days left"} {
				if !strings.Contains(ev, s) {
					t.Errorf("evidence lacks %q:\n%s", s, ev)
				}
			}
			if f.Params[probe.ParamDaysLeft] != strconv.Itoa(tt.days) {
				t.Errorf("days_left %q, want %d", f.Params[probe.ParamDaysLeft], tt.days)
			}
			if res.Verdict != probe.VerdictWarning {
				t.Errorf("verdict %s, want warning (findings %+v)", res.Verdict, res.Findings)
			}
		})
	}
}
