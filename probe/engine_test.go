package probe_test

import (
	"context"
	"fmt"
	"net/netip"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/fixtures/faultnet"
	"github.com/ftpnat/ftpnat/probe"
)

// diagnoseScenario runs the real engine against a named fake-server scenario.
func diagnoseScenario(t testing.TB, name string, tweak func(*probe.Options)) (probe.Result, *fixtures.Env) {
	t.Helper()
	sc, ok := fixtures.Lookup(name)
	if !ok {
		t.Fatalf("no scenario %q", name)
	}
	env, err := fixtures.Start(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(env.Close)
	o := probe.Options{
		Host: env.Host, Port: env.Port, Dialer: env.Dialer, Resolver: env.Resolver, Listen: env.Listen,
		RootCAs:     env.RootCAs,
		TLS:         probe.TLSAuto,
		Timeout:     10 * time.Second,
		StepTimeout: 2 * time.Second,
		DataTimeout: 300 * time.Millisecond,
	}
	if tweak != nil {
		tweak(&o)
	}
	return probe.Run(context.Background(), o), env
}

type want struct {
	id       string
	severity probe.Severity
	summary  []string
	evidence []string
	params   probe.Params
}

func TestEngineScenarios(t *testing.T) {
	portRange := want{id: probe.FindingPassivePortRange, severity: probe.SeverityInfo}
	tests := []struct {
		scenario string
		tweak    func(*probe.Options)
		findings []want
		verdict  probe.Verdict
		software string
		transfer bool // a listing came through
		stdOK    bool
		// luck: whether a listing and the standard client get through
		// depends on which server each connection meets.
		luck bool
	}{
		{scenario: "healthy", findings: []want{portRange}, verdict: probe.VerdictOK, software: "vsftpd", transfer: true, stdOK: true},
		{scenario: "dual-stack-healthy", findings: []want{portRange}, verdict: probe.VerdictOK, software: "vsftpd", transfer: true, stdOK: true},
		{
			scenario: "dual-stack-ipv6-data-filtered",
			findings: []want{
				{id: probe.FindingDataPortFiltered, severity: probe.SeverityCritical, summary: []string{"at 2001:db8::10"},
					evidence: []string{"connect [2001:db8::10]:", "(EPSV): filtered"},
					params:   probe.Params{probe.ParamFamily: "ipv6", probe.ParamPublicAddress: "2001:db8::10"}},
				{id: probe.FindingFamilyDataBlocked, severity: probe.SeverityCritical,
					summary: []string{"IPv6 data ports are filtered at 2001:db8::10 while IPv4 works at 203.0.113.10"},
					params: probe.Params{probe.ParamFamily: "ipv6", probe.ParamPublicAddress: "2001:db8::10",
						probe.ParamWorkingFamily: "ipv4", probe.ParamWorkingAddress: "203.0.113.10"}},
				portRange,
			},
			verdict: probe.VerdictCritical, software: "vsftpd", transfer: true, stdOK: true,
		},
		{
			scenario: "dual-stack-ipv6-control-filtered",
			findings: []want{
				{id: probe.FindingFamilyControlBlocked, severity: probe.SeverityWarning,
					summary: []string{"The IPv6 control port at [2001:db8::10]:21 is filtered while IPv4 works at 203.0.113.10"},
					params:  probe.Params{probe.ParamFamily: "ipv6", probe.ParamPublicAddress: "2001:db8::10", probe.ParamWorkingFamily: "ipv4"}},
				portRange,
			},
			verdict: probe.VerdictWarning, software: "vsftpd", transfer: true, stdOK: true,
		},
		{scenario: "ipv6-only", findings: []want{portRange}, verdict: probe.VerdictOK, software: "pure-ftpd", transfer: true, stdOK: true},
		{
			scenario: "balancer-no-affinity",
			findings: []want{{id: probe.FindingBalancerNoAffinity, severity: probe.SeverityCritical,
				summary:  []string{"Connections to 203.0.113.10 reach different servers", "answered one connection and refused the next"},
				evidence: []string{"(PASV): refused", "(PASV, again): open"}}, portRange},
			verdict: probe.VerdictCritical, software: "vsftpd", luck: true,
		},
		{
			scenario: "nat-private-unforwarded",
			findings: []want{
				{id: probe.FindingPASVUnroutable, severity: probe.SeverityCritical,
					summary:  []string{"PASV advertises 10.0.0.5, a private address", "clients reach the server at 203.0.113.10", "no client can list"},
					evidence: []string{"< 227 Entering Passive Mode (10,0,0,5,", "advertised 10.0.0.5 is private; the control connection reached 203.0.113.10 (documentation)"},
					params: probe.Params{probe.ParamPublicAddress: "203.0.113.10", probe.ParamAdvertisedAddress: "10.0.0.5",
						probe.ParamServerAddress: "10.0.0.5", probe.ParamRangeObserved: "true"}},
				{id: probe.FindingDataPortFiltered, severity: probe.SeverityCritical,
					summary:  []string{"at 203.0.113.10", "not answer"},
					evidence: []string{"(PASV): filtered", "(EPSV): filtered", "standard client (jlaffaye/ftp, substitutes the control address): failed"}},
				portRange,
			},
			verdict: probe.VerdictCritical, software: "vsftpd",
		},
		{
			scenario: "nat-private-forwarded",
			findings: []want{
				{id: probe.FindingPASVUnroutable, severity: probe.SeverityCritical,
					summary:  []string{"10.0.0.5", "FileZilla, curl, lftp"},
					evidence: []string{"(PASV): open", "standard client (jlaffaye/ftp, substitutes the control address): listed"}},
				portRange,
			},
			verdict: probe.VerdictCritical, software: "vsftpd", transfer: true, stdOK: true,
		},
		{
			scenario: "wrong-public-address",
			findings: []want{
				{id: probe.FindingPASVMismatch, severity: probe.SeverityWarning, summary: []string{"198.51.100.200", "203.0.113.10"},
					params: probe.Params{probe.ParamAdvertisedAddress: "198.51.100.200", probe.ParamPublicAddress: "203.0.113.10"}},
				portRange,
			},
			verdict: probe.VerdictWarning, software: "vsftpd", transfer: true, stdOK: true,
		},
		{
			scenario: "ports-filtered",
			findings: []want{{id: probe.FindingDataPortFiltered, severity: probe.SeverityCritical, evidence: []string{"filtered — no answer in 300 ms (dropped)"}}, portRange},
			verdict:  probe.VerdictCritical, software: "vsftpd",
		},
		{
			scenario: "ports-refused",
			findings: []want{{id: probe.FindingDataPortRefused, severity: probe.SeverityCritical, evidence: []string{"(PASV): refused — TCP reset after"}}, portRange},
			verdict:  probe.VerdictCritical, software: "vsftpd",
		},
		{
			scenario: "pasv-malformed",
			findings: []want{
				{id: probe.FindingPASVMalformed, severity: probe.SeverityCritical,
					evidence: []string{"< 227 Entering Passiv Mode (1216,256,2,127,127,127)", "parse error: ", "1216"}},
				portRange,
			},
			verdict: probe.VerdictCritical, transfer: true, stdOK: true,
		},
		{
			scenario: "pasv-nonstandard",
			findings: []want{{id: probe.FindingPASVMalformed, severity: probe.SeverityWarning, summary: []string{"equals"}}, portRange},
			verdict:  probe.VerdictWarning, transfer: true, stdOK: true,
		},
		{
			scenario: "pasv-refused",
			findings: []want{{id: probe.FindingPASVUnsupported, severity: probe.SeverityWarning, evidence: []string{"< 500 PASV not understood."}}, portRange},
			verdict:  probe.VerdictWarning, transfer: true, stdOK: true,
		},
		{
			scenario: "passive-refused",
			findings: []want{
				{id: probe.FindingPASVUnsupported, severity: probe.SeverityCritical, summary: []string{"both PASV and EPSV"}},
				{id: probe.FindingEPSVUnsupported, severity: probe.SeverityInfo, evidence: []string{"< 500 EPSV not understood."}},
			},
			verdict: probe.VerdictCritical,
		},
		{
			scenario: "epsv-refused",
			findings: []want{{id: probe.FindingEPSVUnsupported, severity: probe.SeverityInfo}, portRange},
			verdict:  probe.VerdictOK, transfer: true, stdOK: true,
		},
		{
			scenario: "list-425",
			findings: []want{
				{id: probe.FindingDataTransferFailed, severity: probe.SeverityCritical, summary: []string{"425"},
					evidence: []string{"< 425 Can't open data connection."}},
				portRange,
			},
			verdict: probe.VerdictCritical,
		},
		{
			scenario: "login-refused",
			findings: []want{{id: probe.FindingLoginFailed, severity: probe.SeverityCritical,
				evidence: []string{"> USER anonymous", "> PASS ****", "< 530 Login incorrect."}}},
			verdict: probe.VerdictCritical,
		},
		{
			scenario: "no-greeting",
			tweak:    func(o *probe.Options) { o.StepTimeout = 300 * time.Millisecond },
			findings: []want{{id: probe.FindingControlNoGreeting, severity: probe.SeverityCritical, summary: []string{"no greeting within 300ms"}}},
			verdict:  probe.VerdictCritical,
		},
		{
			scenario: "greeting-421",
			findings: []want{{id: probe.FindingControlNoGreeting, severity: probe.SeverityCritical, evidence: []string{"< 421 Too many connections"}}},
			verdict:  probe.VerdictCritical,
		},
		{
			scenario: "control-filtered",
			findings: []want{{id: probe.FindingControlUnreachable, severity: probe.SeverityCritical, summary: []string{"203.0.113.10:21 is filtered"}}},
			verdict:  probe.VerdictCritical,
		},
		{
			scenario: "control-refused",
			findings: []want{{id: probe.FindingControlUnreachable, severity: probe.SeverityCritical, summary: []string{"203.0.113.10:21 is refused"}}},
			verdict:  probe.VerdictCritical,
		},
		{
			scenario: "unknown-host",
			findings: []want{{id: probe.FindingDNSUnresolved, severity: probe.SeverityCritical, summary: []string{"ftp.nonexistent.example.test does not resolve (no such host)"}}},
			verdict:  probe.VerdictCritical,
		},
		{
			scenario: "proftpd-banner-leak",
			findings: []want{
				{id: probe.FindingPASVUnroutable, severity: probe.SeverityCritical, summary: []string{"10.0.0.5"}},
				{id: probe.FindingBannerLeaksPrivateAddr, severity: probe.SeverityInfo,
					evidence: []string{"< 220 ProFTPD 1.3.8 Server (Debian) [10.0.0.5]"}, params: probe.Params{probe.ParamServerAddress: "10.0.0.5"}},
				portRange,
			},
			verdict: probe.VerdictCritical, software: "proftpd", transfer: true, stdOK: true,
		},
		{
			scenario: "pure-ftpd-private",
			findings: []want{
				{id: probe.FindingPASVUnroutable, severity: probe.SeverityCritical, summary: []string{"192.168.1.20, a private address"},
					params: probe.Params{probe.ParamServerAddress: "192.168.1.20"}},
				{id: probe.FindingDataPortFiltered, severity: probe.SeverityCritical},
				portRange,
			},
			verdict: probe.VerdictCritical, software: "pure-ftpd",
		},
		{
			scenario: "slow-server", findings: []want{portRange}, verdict: probe.VerdictOK, software: "vsftpd", transfer: true, stdOK: true,
		},
		{
			scenario: "cgnat-address",
			findings: []want{{id: probe.FindingPASVUnroutable, severity: probe.SeverityCritical, summary: []string{"100.64.12.34, a cgnat address"}}, portRange},
			verdict:  probe.VerdictCritical, transfer: true, stdOK: true,
		},
		{
			scenario: "implicit-tls",
			tweak:    func(o *probe.Options) { o.TLS = probe.TLSImplicit },
			findings: []want{portRange},
			verdict:  probe.VerdictOK, software: "vsftpd", transfer: true, stdOK: true,
		},
		// Active-mode scenarios look healthy without --active (see TestEngineActive).
		{scenario: "active-ok", findings: []want{portRange}, verdict: probe.VerdictOK, software: "vsftpd", transfer: true, stdOK: true},
		{scenario: "active-client-nat", findings: []want{portRange}, verdict: probe.VerdictOK, software: "pure-ftpd", transfer: true, stdOK: true},
		{scenario: "active-no-connect-back", findings: []want{portRange}, verdict: probe.VerdictOK, software: "vsftpd", transfer: true, stdOK: true},
		{scenario: "active-disabled", findings: []want{portRange}, verdict: probe.VerdictOK, software: "vsftpd", transfer: true, stdOK: true},
		{
			scenario: "alg-rewrite-private",
			findings: []want{
				{id: probe.FindingALGPASVRewritten, severity: probe.SeverityCritical,
					summary:  []string{"In plaintext the PASV reply names 203.0.113.10, under TLS 10.0.0.5 (private)", "nf_nat_ftp"},
					evidence: []string{"plaintext session:", "< 227 Entering Passive Mode (203,0,113,10,", "TLS session:", "< 227 Entering Passive Mode (10,0,0,5,"},
					params:   probe.Params{probe.ParamAdvertisedAddress: "10.0.0.5", probe.ParamServerAddress: "10.0.0.5", probe.ParamPublicAddress: "203.0.113.10"}},
				{id: probe.FindingALGDataPortsInspection, severity: probe.SeverityCritical,
					evidence: []string{"plaintext session: data ports answered", "TLS session: connect 203.0.113.10:"}},
				portRange,
			},
			verdict: probe.VerdictCritical, software: "vsftpd", transfer: true, stdOK: true,
		},
		{
			scenario: "alg-pinholes-only",
			findings: []want{{id: probe.FindingALGDataPortsInspection, severity: probe.SeverityCritical, summary: []string{"answer in a plaintext session but not under TLS"}}, portRange},
			verdict:  probe.VerdictCritical, software: "vsftpd", transfer: true, stdOK: true,
		},
		{
			scenario: "alg-drops-pasv",
			findings: []want{{id: probe.FindingALGReplyDropped, severity: probe.SeverityCritical,
				evidence: []string{"plaintext session: PASV sent, no reply", "< 227 Entering Passive Mode"}}},
			verdict: probe.VerdictCritical, software: "vsftpd", stdOK: true,
		},
		{
			scenario: "asa-masked-syst",
			findings: []want{{id: probe.FindingALGSystMasked, severity: probe.SeverityInfo, evidence: []string{"< 215 XXXX"}}, portRange},
			verdict:  probe.VerdictOK, transfer: true, stdOK: true,
		},
		{
			scenario: "tls-reuse-required",
			findings: []want{{id: probe.FindingTLSSessionReuseRequired, severity: probe.SeverityInfo,
				summary: []string{"FluentFTP", "PHP before 8.3"}, evidence: []string{"without resumption:", "< 522 SSL connection failed; session reuse required"}}, portRange},
			verdict: probe.VerdictOK, software: "vsftpd", transfer: true, stdOK: true,
		},
		{
			scenario: "tls-untrusted-cert",
			tweak:    func(o *probe.Options) { o.RootCAs = nil },
			findings: []want{{id: probe.FindingTLSCertificateInvalid, severity: probe.SeverityWarning,
				summary: []string{"self-signed"}, evidence: []string{"verification: self-signed", "days left"}}, portRange},
			verdict: probe.VerdictWarning, transfer: true, stdOK: true,
		},
		{
			scenario: "tls-wrong-name",
			findings: []want{{id: probe.FindingTLSCertificateInvalid, severity: probe.SeverityWarning,
				summary: []string{"issued for other.example.test, not ftp.example.test"}}, portRange},
			verdict: probe.VerdictWarning, transfer: true, stdOK: true,
		},
		{
			scenario: "tls-handshake-broken",
			findings: []want{{id: probe.FindingTLSHandshakeFailed, severity: probe.SeverityWarning, evidence: []string{"> AUTH TLS", "< 234", "handshake: "}}, portRange},
			verdict:  probe.VerdictWarning, transfer: true, stdOK: true,
		},
		{
			// Plaintext logins are refused by policy: the NAT findings come
			// from the TLS session, and the plaintext facts stay empty.
			scenario: "tls-required",
			findings: []want{portRange},
			verdict:  probe.VerdictOK, software: "vsftpd", transfer: false, stdOK: false,
		},
		{
			scenario: "tls-data-broken",
			findings: []want{{id: probe.FindingTLSDataFailed, severity: probe.SeverityCritical, summary: []string{"No protected data connection"},
				evidence: []string{"< 522 SSL connection failed."}}, portRange},
			verdict: probe.VerdictCritical, transfer: true, stdOK: true,
		},
		{
			scenario: "no-tls",
			findings: []want{{id: probe.FindingTLSNotOffered, severity: probe.SeverityWarning, evidence: []string{"> AUTH TLS", "> AUTH SSL", "< 502"}}, portRange},
			verdict:  probe.VerdictWarning, transfer: true, stdOK: true,
		},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		seen[tt.scenario] = true
		t.Run(tt.scenario, func(t *testing.T) {
			t.Parallel()
			res, _ := diagnoseScenario(t, tt.scenario, tt.tweak)
			var ids, wantIDs []string
			for _, f := range res.Findings {
				ids = append(ids, f.ID)
			}
			for _, w := range tt.findings {
				wantIDs = append(wantIDs, w.id)
			}
			switch {
			case tt.luck:
				// Which connection meets which server varies with the
				// order of concurrent dials: the wanted findings must be
				// there, others may join them.
				for _, w := range tt.findings {
					k := slices.Index(ids, w.id)
					if k < 0 {
						t.Fatalf("findings = %v, want them to include %s", ids, w.id)
					}
					assertFinding(t, res.Findings[k], w)
				}
			case !slices.Equal(ids, wantIDs):
				t.Fatalf("findings = %v, want %v\nchecks: %+v", ids, wantIDs, res.Checks)
			default:
				for i, w := range tt.findings {
					assertFinding(t, res.Findings[i], w)
				}
			}
			if res.Verdict != tt.verdict {
				t.Errorf("verdict = %s, want %s", res.Verdict, tt.verdict)
			}
			if tt.software != "" && res.Software.Name != tt.software {
				t.Errorf("software = %+v, want %s", res.Software, tt.software)
			}
			// The first session: plaintext, or the TLS one when the mode
			// asks for TLS only.
			first := res.PlainPath()
			if first == nil {
				first = res.RefPath()
			}
			if got := first.Transfer != nil && first.Transfer.OK; got != tt.transfer && !tt.luck {
				t.Errorf("transfer ok = %v, want %v (%+v)", got, tt.transfer, first.Transfer)
			}
			if got := first.StdClient != nil && first.StdClient.OK; got != tt.stdOK && !tt.luck {
				t.Errorf("standard client ok = %v, want %v (%+v)", got, tt.stdOK, first.StdClient)
			}
			for _, e := range res.Transcript {
				if strings.HasPrefix(e.Line, "PASS ") && e.Line != "PASS ****" {
					t.Errorf("password in transcript: %q", e.Line)
				}
			}
		})
	}
	for _, sc := range fixtures.Scenarios() {
		if !seen[sc.Name] {
			t.Errorf("scenario %s has no expectations here", sc.Name)
		}
	}
}

func assertFinding(t *testing.T, f probe.Finding, w want) {
	t.Helper()
	if f.Severity != w.severity {
		t.Errorf("%s: severity %s, want %s", f.ID, f.Severity, w.severity)
	}
	for _, s := range w.summary {
		if !strings.Contains(f.Summary, s) {
			t.Errorf("%s: summary %q lacks %q", f.ID, f.Summary, s)
		}
	}
	for _, s := range w.evidence {
		if !slices.ContainsFunc(f.Evidence, func(l string) bool { return strings.Contains(l, s) }) {
			t.Errorf("%s: no evidence line contains %q:\n  %s", f.ID, s, strings.Join(f.Evidence, "\n  "))
		}
	}
	for k, v := range w.params {
		if f.Params[k] != v {
			t.Errorf("%s: param %s = %q, want %q", f.ID, k, f.Params[k], v)
		}
	}
	if len(f.Evidence) == 0 {
		t.Errorf("%s: no evidence", f.ID)
	}
}

// The engine never dials the advertised private address unless asked, and
// only the control peer's address otherwise (safety rule).
// Under --tls auto the TLS session's protected listing and policy tests
// run, and resume the control session; the standard client runs in
// plaintext only (its FTPS round trips would be the run's longest chain).
func TestEngineTLSSessionFacts(t *testing.T) {
	res, _ := diagnoseScenario(t, "healthy", nil)
	tf, ts := res.TLSFacts(), res.TLSPath()
	if tf == nil || ts == nil || ts == res.RefPath() {
		t.Fatalf("no TLS session facts: %+v", tf)
	}
	if !tf.Offered || tf.Version == "" || tf.Certificate == nil || !tf.Certificate.Verified {
		t.Errorf("negotiation: %+v %+v", tf, tf.Certificate)
	}
	if sc := ts.StdClient; sc != nil {
		t.Errorf("standard client under TLS beside plaintext: %+v", sc)
	}
	if sc := res.RefPath().StdClient; sc == nil || !sc.OK {
		t.Errorf("standard client in plaintext: %+v", sc)
	}
	if len(tf.Transfers) != probe.LeanProtectedRuns {
		t.Fatalf("%d protected listings, want %d", len(tf.Transfers), probe.LeanProtectedRuns)
	}
	for i, tr := range tf.Transfers {
		if !tr.OK || !tr.Protected || !tr.Resumed || !tr.Reuse {
			t.Errorf("protected listing %d: %+v", i, tr)
		}
	}
	if tf.NoResume == nil || !tf.NoResume.OK || tf.NoResume.Resumed || res.TLS.SessionReuseRequired {
		t.Errorf("no-resume test: %+v, reuse required %v", tf.NoResume, res.TLS.SessionReuseRequired)
	}
	if res.TLS.PlaintextLogin != probe.PolicyAllowed || res.TLS.ProtC == probe.PolicyNotTested {
		t.Errorf("policy: plaintext %s, PROT C %s", res.TLS.PlaintextLogin, res.TLS.ProtC)
	}
	if len(ts.PASV) < probe.LeanProtectedRuns {
		t.Errorf("TLS session samples: %d", len(ts.PASV))
	}
}

func TestEngineDialsOnlyControlPeer(t *testing.T) {
	res, env := diagnoseScenario(t, "nat-private-forwarded", nil)
	if res.Verdict != probe.VerdictCritical {
		t.Fatalf("verdict %s", res.Verdict)
	}
	peer := netip.MustParseAddr(fixtures.PublicIP)
	for _, d := range env.Net.Dials() {
		if d.Virtual.Addr() != peer {
			t.Errorf("dialled %s (%s): only the control peer %s is allowed", d.Address, d.Outcome, peer)
		}
	}
	for _, s := range res.RefPath().PASV {
		if s.Advertised != nil {
			t.Errorf("advertised address tested without --probe-advertised: %+v", s.Advertised)
		}
	}
}

func TestEngineProbeAdvertised(t *testing.T) {
	res, env := diagnoseScenario(t, "nat-private-forwarded", func(o *probe.Options) { o.ProbeAdvertised = true })
	priv := netip.MustParseAddr(fixtures.PrivateIP)
	if len(env.Net.DialsTo(priv)) == 0 {
		t.Fatal("--probe-advertised: the advertised address was not tested")
	}
	for _, s := range res.RefPath().PASV {
		if s.Advertised == nil || s.Advertised.Address.Addr() != priv || s.Advertised.Reach == probe.ReachOpen {
			t.Errorf("advertised test = %+v, want %s not open", s.Advertised, priv)
		}
	}
}

// With every data port filtered, the dials run concurrently: the whole
// diagnosis takes about one data timeout, not one per sample.
func TestEngineFilteredCostsOneDataTimeout(t *testing.T) {
	res, _ := diagnoseScenario(t, "ports-filtered", func(o *probe.Options) {
		o.DataTimeout = 400 * time.Millisecond
		o.Samples = 8
	})
	// Each sample's port waited out the data timeout: its own probe, or
	// the connection that called it off when the port was offered again
	// (lateprobes.go).
	var sum time.Duration
	for _, s := range append(res.RefPath().PASV, res.RefPath().EPSV...) {
		sum += s.Peer.Duration
	}
	if len(res.RefPath().PASV) != 8 || sum < 8*400*time.Millisecond {
		t.Fatalf("expected 9 filtered dials of 400 ms, got %d samples, %s total", len(res.RefPath().PASV), sum)
	}
	// Generous bound against a loaded machine; the benchmark measures it.
	if res.Duration > 3*400*time.Millisecond {
		t.Errorf("diagnosis took %s for 9 concurrent 400 ms dials", res.Duration)
	}
}

func TestEngineEventsAndPhases(t *testing.T) {
	var events []probe.Event
	res, _ := diagnoseScenario(t, "healthy", func(o *probe.Options) {
		o.Events = func(e probe.Event) { events = append(events, e) } // delivered synchronously
	})
	started, finished := map[string]bool{}, map[string]bool{}
	var done bool
	for _, e := range events {
		switch e.Kind {
		case probe.EventStepStarted:
			started[e.Step] = true
			if e.Deadline.IsZero() {
				t.Errorf("step %s started without a deadline", e.Step)
			}
		case probe.EventStepFinished:
			finished[e.Step] = true
		case probe.EventDone:
			done = true
		}
	}
	for _, step := range []string{probe.StepResolve, probe.StepConnect, probe.StepGreeting, probe.StepFeat, probe.StepLogin,
		probe.StepSyst, probe.StepPwd, probe.StepType, probe.StepPASV, probe.StepEPSV, probe.StepDataPorts,
		probe.StepTransfer, probe.StepStdClient} {
		if !started[step] || !finished[step] {
			t.Errorf("step %s: started %v, finished %v", step, started[step], finished[step])
		}
	}
	if !done {
		t.Error("no done event")
	}
	if len(res.Facts.Phases) < 14 {
		t.Errorf("phases = %+v", res.Facts.Phases)
	}
	for _, c := range res.Checks {
		if c.Status != probe.CheckPass {
			t.Errorf("healthy check %s = %s (%s)", c.Name, c.Status, c.Detail)
		}
	}
}

func TestEngineOverallTimeout(t *testing.T) {
	start := time.Now()
	res, _ := diagnoseScenario(t, "no-greeting", func(o *probe.Options) {
		o.Timeout = 250 * time.Millisecond
		o.StepTimeout = 5 * time.Second
	})
	if el := time.Since(start); el > 2*time.Second {
		t.Fatalf("took %s with a 250 ms overall timeout", el)
	}
	if !res.Facts.TimedOut || res.Verdict != probe.VerdictCritical {
		t.Errorf("timed out = %v, verdict %s", res.Facts.TimedOut, res.Verdict)
	}
}

func TestEngineCancel(t *testing.T) {
	sc, _ := fixtures.Lookup("ports-filtered")
	env, err := fixtures.Start(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(100 * time.Millisecond)
		cancel()
	}()
	start := time.Now()
	probe.Run(ctx, probe.Options{Host: env.Host, Dialer: env.Dialer, Resolver: env.Resolver, DataTimeout: 10 * time.Second})
	if el := time.Since(start); el > time.Second {
		t.Fatalf("cancel took effect after %s", el)
	}
}

// No goroutine survives a run.
func TestEngineNoGoroutineLeak(t *testing.T) {
	before := runtime.NumGoroutine()
	for _, name := range []string{"healthy", "nat-private-unforwarded", "list-425", "no-greeting"} {
		res, env := diagnoseScenario(t, name, func(o *probe.Options) { o.StepTimeout = 300 * time.Millisecond })
		env.Close()
		_ = res
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Fatalf("%d goroutines before, %d after:\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
}

// diagnoseModified runs a named scenario with a tweaked fake server.
func diagnoseModified(t *testing.T, name string, modify func(*fixtures.Scenario), tweak func(*probe.Options)) probe.Result {
	t.Helper()
	sc, _ := fixtures.Lookup(name)
	modify(&sc)
	env, err := fixtures.Start(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(env.Close)
	o := probe.Options{Host: env.Host, Dialer: env.Dialer, Resolver: env.Resolver, RootCAs: env.RootCAs,
		TLS: probe.TLSAuto, StepTimeout: 2 * time.Second, DataTimeout: 300 * time.Millisecond}
	if tweak != nil {
		tweak(&o)
	}
	return probe.Run(context.Background(), o)
}

func TestEngineGreetingAfter120(t *testing.T) {
	res := diagnoseModified(t, "healthy", func(sc *fixtures.Scenario) {
		sc.Server.Preliminary = "120 Service ready in 1 minute."
		sc.Server.GreetingDelay = 50 * time.Millisecond
	}, nil)
	if res.Verdict != probe.VerdictOK || res.RefPath().Greeting == nil || res.RefPath().Greeting.Code != 220 {
		t.Fatalf("verdict %s, greeting %+v, findings %+v", res.Verdict, res.RefPath().Greeting, res.Findings)
	}
}

func TestEngineOversizedReplyEndsSession(t *testing.T) {
	res := diagnoseModified(t, "healthy", func(sc *fixtures.Scenario) {
		sc.Server.Replies = map[string][]string{"SYST": {"215 " + strings.Repeat("X", 20000)}}
	}, nil)
	if len(res.Findings) == 0 || res.Findings[0].ID != probe.FindingControlSessionFailed {
		t.Fatalf("findings %+v", res.Findings)
	}
	if se := res.RefPath().SessionError; se == nil || se.Kind != probe.ErrKindLimit || se.Command != "SYST" {
		t.Errorf("session error %+v", res.RefPath().SessionError)
	}
}

func TestEngineSlowReplyIsStepTimeout(t *testing.T) {
	res := diagnoseModified(t, "healthy", func(sc *fixtures.Scenario) {
		sc.Server.Delays = map[string]time.Duration{"PASV": 2 * time.Second}
	}, func(o *probe.Options) { o.StepTimeout = 200 * time.Millisecond })
	if se := res.RefPath().SessionError; se == nil || se.Kind != probe.ErrKindTimeout || se.Command != "PASV" {
		t.Fatalf("session error %+v", se)
	}
	if res.Findings[0].ID != probe.FindingControlSessionFailed || !strings.Contains(res.Findings[0].Summary, "no reply within 200ms") {
		t.Errorf("finding %+v", res.Findings[0])
	}
}

// Data ports that answer slower than the pause between PASV samples: by the
// time the SYN arrives the server has replaced the listener and resets the
// connection. Such late resets are measured again, one sample at a time,
// instead of being reported as refused ports.
//
// The delay is longer than any pause the engine allows itself (500 ms at
// most, three control round trips usually), so the race happens however
// slow the machine makes the control connection; and one session alone
// uses the fake server's small passive range, so a late dial cannot meet
// another session's listener on the same port instead.
func TestEngineLateResetIsRechecked(t *testing.T) {
	res := diagnoseModified(t, "healthy", func(sc *fixtures.Scenario) {
		sc.Net.Faults = []faultnet.Fault{{Addr: netip.MustParseAddr(fixtures.PublicIP), Kind: faultnet.Delayed, Delay: 600 * time.Millisecond}}
	}, func(o *probe.Options) { o.DataTimeout, o.TLS, o.SkipStdClient = 2*time.Second, probe.TLSOff, true })
	for _, f := range res.Findings {
		if f.ID == probe.FindingDataPortRefused || f.ID == probe.FindingDataPortFiltered {
			t.Fatalf("slow but open ports reported as %s: %s", f.ID, f.Summary)
		}
	}
	var rechecked, open int
	for _, s := range res.RefPath().PASV {
		if s.Peer.Reach == probe.ReachNotTested {
			rechecked++
		}
		if s.Peer.Reach == probe.ReachOpen {
			open++
		}
	}
	if rechecked == 0 || open < rechecked {
		t.Errorf("%d samples set aside, %d open: %+v", rechecked, open, res.RefPath().PASV)
	}
	if res.Verdict != probe.VerdictOK {
		t.Errorf("verdict %s: %+v", res.Verdict, res.Findings)
	}
}

// One connection at a time: the TLS session, the policy test and the
// standard clients wait for the slot instead of deadlocking.
func TestEngineMaxSessionsOne(t *testing.T) {
	res, env := diagnoseScenario(t, "healthy", func(o *probe.Options) { o.MaxSessions = 1 })
	if res.Verdict != probe.VerdictOK {
		t.Fatalf("verdict %s: %+v", res.Verdict, res.Findings)
	}
	if tf := res.TLSFacts(); tf == nil || len(tf.Transfers) != probe.LeanProtectedRuns || tf.NoResume == nil || tf.ProtCReply == nil {
		t.Errorf("TLS session incomplete: %+v", tf)
	}
	if sc := res.RefPath().StdClient; sc == nil || !sc.OK {
		t.Errorf("standard client: %+v", sc)
	}
	_ = env
}

// --expect-range: ports 30010-30019 dropped, the rest answer (listening or
// reset by the host): the finding names both parts.
func TestEngineExpectRange(t *testing.T) {
	res := diagnoseModified(t, "healthy", func(sc *fixtures.Scenario) {
		var ports []uint16
		for p := uint16(30010); p <= 30019; p++ {
			ports = append(ports, p)
		}
		sc.Net.Faults = []faultnet.Fault{faultnet.OnPorts(netip.MustParseAddr(fixtures.PublicIP), faultnet.Filtered, ports...)}
	}, func(o *probe.Options) { o.ExpectRange = &probe.PortSpan{Min: 30000, Max: 30019} })
	rs := res.RefPath().Range
	if rs == nil || fmt.Sprint(rs.Answering) != "[{30000 30009}]" || fmt.Sprint(rs.Silent) != "[{30010 30019}]" {
		t.Fatalf("range scan %+v", rs)
	}
	var f *probe.Finding
	for i := range res.Findings {
		if res.Findings[i].ID == probe.FindingRangePartiallyBlocked {
			f = &res.Findings[i]
		}
	}
	if f == nil {
		t.Fatalf("no %s in %+v", probe.FindingRangePartiallyBlocked, res.Findings)
	}
	assertFinding(t, *f, want{id: f.ID, severity: probe.SeverityCritical,
		summary:  []string{"Only part of the passive range 30000-30019 is forwarded: 30000-30009 answer, 30010-30019 do not"},
		evidence: []string{"silent (dropped): 30010-30019"},
		params:   probe.Params{probe.ParamPortMin: "30000", probe.ParamPortMax: "30019"}})
	if want := (probe.PortLists{Ports: []probe.PortSpan{{Min: 30010, Max: 30019}}, Missing: []probe.PortSpan{{Min: 30010, Max: 30019}},
		Forwarded: []probe.PortSpan{{Min: 30000, Max: 30009}}}); !reflect.DeepEqual(f.Ports, want) {
		t.Errorf("ports %+v, want %+v", f.Ports, want)
	}
}

func TestEngineActive(t *testing.T) {
	tests := []struct {
		scenario string
		findings []want
		verdict  probe.Verdict
		ok       bool
	}{
		{scenario: "active-ok", verdict: probe.VerdictOK, ok: true},
		{
			scenario: "active-client-nat",
			findings: []want{
				{id: probe.FindingActivePortRejected, severity: probe.SeverityWarning,
					summary:  []string{"refuses PORT naming 198.51.100.77", "It sees this client as 203.0.113.77: the client is behind NAT"},
					evidence: []string{"> PORT 198,51,100,77,", "< 500 I won't open a connection to 198.51.100.77 (only to 203.0.113.77)"},
					params:   probe.Params{probe.ParamClientAddress: "198.51.100.77", probe.ParamClientPublicAddress: "203.0.113.77"}},
				{id: probe.FindingActivePortRejected, severity: probe.SeverityWarning, evidence: []string{"> EPRT |1|198.51.100.77|"}},
			},
			verdict: probe.VerdictWarning,
		},
		{
			scenario: "active-no-connect-back",
			findings: []want{
				{id: probe.FindingActiveNoConnectBack, severity: probe.SeverityWarning,
					summary: []string{"accepted PORT but never connected back to 198.51.100.77:"}, evidence: []string{"< 425 Failed to establish connection."}},
				{id: probe.FindingActiveNoConnectBack, severity: probe.SeverityWarning, summary: []string{"accepted EPRT"}},
			},
			verdict: probe.VerdictWarning,
		},
		{
			scenario: "active-disabled",
			findings: []want{
				{id: probe.FindingActivePortRejected, severity: probe.SeverityWarning, summary: []string{"550 Permission denied."}},
				{id: probe.FindingActivePortRejected, severity: probe.SeverityWarning},
			},
			verdict: probe.VerdictWarning,
		},
	}
	for _, tt := range tests {
		t.Run(tt.scenario, func(t *testing.T) {
			t.Parallel()
			res, env := diagnoseScenario(t, tt.scenario, func(o *probe.Options) { o.Active = true })
			var got []probe.Finding
			for _, f := range res.Findings {
				if strings.HasPrefix(f.ID, "active.") {
					got = append(got, f)
				}
			}
			if len(got) != len(tt.findings) {
				t.Fatalf("active findings %+v, want %d", got, len(tt.findings))
			}
			for i, w := range tt.findings {
				assertFinding(t, got[i], w)
			}
			if res.Verdict != tt.verdict {
				t.Errorf("verdict %s, want %s: %+v", res.Verdict, tt.verdict, res.Findings)
			}
			a := res.RefPath().Active
			if a == nil || a.PORT == nil || a.EPRT == nil || a.PORT.OK != tt.ok || a.EPRT.OK != tt.ok {
				t.Fatalf("active facts %+v", a)
			}
			// Safety: PORT and EPRT named only ftpnat's own listener.
			for _, at := range []*probe.ActiveTest{a.PORT, a.EPRT} {
				if at.Listener.Addr() != a.Advertise || !strings.Contains(at.Sent, fmt.Sprint(at.Listener.Port())) && at.Command == "EPRT" {
					t.Errorf("%s named %q, listener %s", at.Command, at.Sent, at.Listener)
				}
			}
			_ = env
		})
	}
}

// An IPv6 literal is diagnosed end to end like a name: one IPv6 path of
// each transport, EPSV samples, a protected listing, verdict ok; -4 on it
// is a clear resolve error, not a hang.
func TestEngineIPv6Literal(t *testing.T) {
	for _, host := range []string{fixtures.PublicIP6, "[" + fixtures.PublicIP6 + "]"} {
		res, _ := diagnoseScenario(t, "ipv6-only", func(o *probe.Options) { o.Host = host })
		if res.Verdict != probe.VerdictOK || len(res.Facts.Paths) != 2 {
			t.Fatalf("%s: verdict %s, %d paths: %+v", host, res.Verdict, len(res.Facts.Paths), res.Findings)
		}
		ref := res.RefPath()
		if ref.Family != probe.IPv6 || ref.Address.String() != fixtures.PublicIP6 || len(ref.EPSV) < probe.DefaultSamples || len(ref.PASV) != 0 {
			t.Errorf("%s: reference path %s, %d EPSV and %d PASV samples", host, ref.PathID, len(ref.EPSV), len(ref.PASV))
		}
		if tf := res.TLSFacts(); tf == nil || len(tf.Transfers) == 0 || !tf.Transfers[0].OK {
			t.Errorf("%s: no protected listing over IPv6: %+v", host, tf)
		}
	}
	res, _ := diagnoseScenario(t, "ipv6-only", func(o *probe.Options) { o.Host, o.Families = fixtures.PublicIP6, []probe.Family{probe.IPv4} })
	if res.Verdict != probe.VerdictCritical || len(res.Findings) != 1 || res.Findings[0].ID != probe.FindingDNSUnresolved {
		t.Errorf("-4 on an IPv6 literal: verdict %s, %+v", res.Verdict, res.Findings)
	}
}

// Behind a balancer without affinity every second data connection meets
// the other server: the engine redials a refused port, and the diagnosis
// names the balancer instead of a half-forwarded range; no finding lists
// a port as both answering and failing.
func TestEngineBalancerNoAffinity(t *testing.T) {
	res, _ := diagnoseScenario(t, "balancer-no-affinity", nil)
	var ids []string
	for _, f := range res.Findings {
		ids = append(ids, f.ID)
	}
	if !slices.Contains(ids, probe.FindingBalancerNoAffinity) || slices.Contains(ids, probe.FindingRangePartiallyBlocked) ||
		slices.Contains(ids, probe.FindingDataPortRefused) || res.Verdict != probe.VerdictCritical {
		t.Fatalf("verdict %s, findings %v", res.Verdict, ids)
	}
	var lb probe.Finding
	for _, f := range res.Findings {
		if f.ID == probe.FindingBalancerNoAffinity {
			lb = f
		}
	}
	if len(lb.Ports.Ports) == 0 || !strings.Contains(lb.Summary, "answered one connection and refused the next") {
		t.Errorf("balancer finding: %+v", lb)
	}
	redialled := false
	for _, s := range res.RefPath().PASV {
		redialled = redialled || len(s.Redials) > 0
	}
	if !redialled {
		t.Error("no refused port was dialled again")
	}
}
