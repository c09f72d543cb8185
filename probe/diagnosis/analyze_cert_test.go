package diagnosis

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"
)

// A certificate close to its end raises a warning with the date and the
// days left; an expired one is tls.certificate_invalid only, and a
// threshold of 0 never warns.
func TestDiagnoseCertificateExpiring(t *testing.T) {
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	cert := func(left time.Duration) *Certificate {
		c := &Certificate{Subject: "CN=ftp.example.test", Issuer: "CN=Example CA", DNSNames: []string{"ftp.example.test"},
			NotBefore: now.AddDate(0, -3, 0), NotAfter: now.Add(left), Verified: true, NameMatch: true}
		if left <= 0 {
			c.Verified, c.Problem, c.Error = false, CertExpired, "expired on "+c.NotAfter.Format(time.DateOnly)
		}
		return c
	}
	tests := []struct {
		name     string
		cert     *Certificate
		days     int
		want     bool
		invalid  bool
		summary  string
		evidence string
		daysLeft string
	}{
		{name: "9 days left", cert: cert(9*24*time.Hour + time.Hour), days: 14, want: true,
			summary:  "expires on 2026-12-11, in 9 days",
			evidence: "not after: 2026-12-11 13:00:00 UTC (9 days left; the warning starts 14 days before)", daysLeft: "9"},
		{name: "exactly at the threshold", cert: cert(14 * 24 * time.Hour), days: 14, want: true,
			summary: "in 14 days", daysLeft: "14"},
		{name: "one day left", cert: cert(30 * time.Hour), days: 14, want: true, summary: "in 1 day", daysLeft: "1"},
		{name: "hours left", cert: cert(5 * time.Hour), days: 14, want: true,
			summary: "expires on 2026-12-02, in less than a day (5 h)", daysLeft: "0"},
		{name: "just beyond the threshold", cert: cert(14*24*time.Hour + time.Minute), days: 14},
		{name: "a year left", cert: cert(365 * 24 * time.Hour), days: 14},
		{name: "custom threshold", cert: cert(20 * 24 * time.Hour), days: 30, want: true, summary: "in 20 days", daysLeft: "20"},
		{name: "warning off", cert: cert(2 * 24 * time.Hour), days: 0},
		{name: "expired", cert: cert(-time.Hour), days: 14, invalid: true},
		{name: "no certificate", cert: nil, days: 14},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tf := &TLSFacts{Offered: true, Certificate: tt.cert,
				Transfers: []Transfer{{OK: true, Connected: true, Resumed: true, Protected: true}}}
			d := Diagnose(Facts{Host: "ftp.example.test", Port: 21, TLSMode: TLSAuto, User: "anonymous",
				Now: now, CertWarnDays: tt.days,
				Paths: []Path{plainPath(pubAddr, healthySession()), tlsPath(pubAddr, healthySession(), tf)}})
			i := slices.IndexFunc(d.Findings, func(f Finding) bool { return f.ID == FindingTLSCertificateExpiring })
			if got := i >= 0; got != tt.want {
				t.Fatalf("tls.certificate_expiring %v, want %v (%v)", got, tt.want, idsOf(d.Findings))
			}
			if inv := slices.ContainsFunc(d.Findings, func(f Finding) bool { return f.ID == FindingTLSCertificateInvalid }); inv != tt.invalid {
				t.Errorf("tls.certificate_invalid %v, want %v", inv, tt.invalid)
			}
			if !tt.want {
				return
			}
			f := d.Findings[i]
			if f.Severity != SeverityWarning {
				t.Errorf("severity %s", f.Severity)
			}
			if !strings.Contains(f.Summary, tt.summary) {
				t.Errorf("summary %q lacks %q", f.Summary, tt.summary)
			}
			if tt.evidence != "" && !slices.Contains(f.Evidence, tt.evidence) {
				t.Errorf("evidence %q lacks %q", f.Evidence, tt.evidence)
			}
			if f.Params[ParamDaysLeft] != tt.daysLeft || f.Params[ParamNotAfter] != tt.cert.NotAfter.UTC().Format(time.RFC3339) {
				t.Errorf("params %v, want days_left %s, not_after %s", f.Params, tt.daysLeft, tt.cert.NotAfter.UTC().Format(time.RFC3339))
			}
			if f.Params[ParamHost] != "ftp.example.test" {
				t.Errorf("params %v lack the host", f.Params)
			}
			if d.Verdict != VerdictWarning {
				t.Errorf("verdict %s, want warning", d.Verdict)
			}
		})
	}
}

// The certificate is the server's: over IPv4 and IPv6 alike it is one
// finding that names both TLS paths.
func TestCertificateExpiringOncePerServer(t *testing.T) {
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	v6 := netip.MustParseAddr("2001:db8::10")
	tf := func() *TLSFacts {
		return &TLSFacts{Offered: true, Transfers: []Transfer{{OK: true, Connected: true, Resumed: true, Protected: true}},
			Certificate: &Certificate{Subject: "CN=ftp.example.test", NotAfter: now.Add(3 * 24 * time.Hour), Verified: true, NameMatch: true}}
	}
	d := Diagnose(Facts{Host: "ftp.example.test", Port: 21, TLSMode: TLSAuto, User: "anonymous", Now: now, CertWarnDays: 14,
		Addresses: []netip.Addr{pubAddr, v6},
		Paths: []Path{plainPath(pubAddr, healthySession()), tlsPath(pubAddr, healthySession(), tf()),
			plainPath(v6, healthySession()), tlsPath(v6, healthySession(), tf())}})
	var found []Finding
	for _, f := range d.Findings {
		if f.ID == FindingTLSCertificateExpiring {
			found = append(found, f)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d tls.certificate_expiring findings, want 1 (%v)", len(found), idsOf(d.Findings))
	}
	if len(found[0].Paths) != 2 || found[0].Paths[0].Address == found[0].Paths[1].Address {
		t.Errorf("paths %v, want the IPv4 and the IPv6 TLS path", found[0].Paths)
	}
}
