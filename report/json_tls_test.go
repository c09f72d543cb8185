package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

// tlsExplicit is the TLS sample as --tls explicit records it: the TLS
// path is the run's only path, and there is no plaintext one.
func tlsExplicit() probe.Result {
	r := reporttest.TLSBehindALG()
	r.Facts.TLSMode = probe.TLSExplicit
	r.Facts.Paths = slices.DeleteFunc(r.Facts.Paths, func(p probe.Path) bool { return !p.Transport.Secure() })
	r.Findings = r.Findings[1:] // nothing to compare the TLS session with
	reporttest.Rediagnose(&r)
	return r
}

// tlsRefused is a server that answers neither AUTH TLS nor AUTH SSL.
func tlsRefused() probe.Result {
	r := reporttest.Healthy()
	sec := reporttest.ConnectedPath(reporttest.TLSID(), 21*time.Millisecond)
	greeting := *r.RefPath().Greeting
	sec.Greeting = &greeting
	sec.TLS = &probe.TLSFacts{
		AuthCommand: "AUTH SSL",
		AuthReplies: []probe.Reply{
			{Code: 500, Lines: []string{"500 'AUTH TLS': command not understood"}},
			{Code: 500, Lines: []string{"500 'AUTH SSL': command not understood"}},
		},
	}
	r.Facts.Paths = append(r.Facts.Paths, sec)
	r.Findings = append(r.Findings, probe.Finding{ID: probe.FindingTLSNotOffered, Severity: probe.SeverityWarning,
		Summary: "The server refuses AUTH TLS.", Evidence: []string{"> AUTH TLS", "< 500 'AUTH TLS': command not understood"}})
	r.Verdict = probe.VerdictWarning
	reporttest.Rediagnose(&r)
	return r
}

// tlsHandshakeFailed is --tls explicit against a server whose handshake
// fails after 234.
func tlsHandshakeFailed() probe.Result {
	r := reporttest.DNSFailure()
	r.Facts = probe.Facts{Host: reporttest.Host, Port: 21, TLSMode: probe.TLSExplicit, User: "anonymous"}
	p := reporttest.ConnectedPath(reporttest.TLSID(), 21*time.Millisecond)
	p.Greeting = &probe.Reply{Code: 220, Lines: []string{"220 (vsFTPd 3.0.5)"}}
	const hs = "TLS handshake: remote error: tls: handshake failure"
	p.SessionError = &probe.SessionError{Step: "auth-tls", Command: "AUTH TLS", Kind: "protocol", Error: hs}
	p.TLS = &probe.TLSFacts{AuthCommand: "AUTH TLS", Offered: true,
		AuthReplies:    []probe.Reply{{Code: 234, Lines: []string{"234 Proceed with negotiation."}}},
		HandshakeError: hs}
	r.Facts.Paths = []probe.Path{p}
	r.Findings = []probe.Finding{{ID: probe.FindingTLSHandshakeFailed, Severity: probe.SeverityCritical, Summary: hs}}
	reporttest.Rediagnose(&r)
	return r
}

func TestBuildTLSAuto(t *testing.T) {
	got := Build(reporttest.TLSBehindALG(), testTool).TLS
	want := TLS{
		Mode: "auto", Attempted: true, Offered: true, AuthCommand: "AUTH TLS",
		AuthReplies: []string{"234 Proceed with negotiation."},
		Version:     "TLS 1.3", Cipher: "TLS_AES_128_GCM_SHA256",
		Certificate: Certificate{
			Subject: "CN=ftp.example.test", Issuer: "CN=ftp.example.test", Names: []string{"ftp.example.test"},
			NotBefore: "2026-03-14T00:00:00Z", NotAfter: "2027-03-14T00:00:00Z", DaysLeft: 364,
			SelfSigned: true, NameMatch: true, Error: "self-signed: no trusted authority vouches for it", Problem: "self_signed",
		},
		Policy:      TLSPolicy{PlaintextLogin: "allowed", ProtC: "refused"},
		DataResumed: true, SessionReuseRequired: true,
	}
	gotHead := got
	gotHead.Transfers, gotHead.NoResume, gotHead.Session = nil, nil, nil
	if !reflect.DeepEqual(gotHead, want) {
		t.Errorf("tls:\n got %+v\nwant %+v", gotHead, want)
	}
	wantFirst := TLSTransfer{OK: true, Resumed: true, Reuse: true, TLSVersion: "TLS 1.3", Via: "PASV",
		Endpoint: "203.0.113.10:30002", DurationMS: 95}
	if len(got.Transfers) != 4 || got.Transfers[0] != wantFirst {
		t.Errorf("transfers: %+v", got.Transfers)
	}
	wantNoResume := TLSTransfer{Resumed: false, Reuse: false, TLSVersion: "TLS 1.3", Via: "PASV",
		Endpoint: "203.0.113.10:30004", Error: "522 SSL connection failed: session reuse required", DurationMS: 61}
	if got.NoResume == nil || *got.NoResume != wantNoResume {
		t.Errorf("no_resume: %+v", got.NoResume)
	}
	s := got.Session
	if s == nil {
		t.Fatal("session: nil beside a plaintext session")
	}
	if s.Banner != "220 (vsFTPd 3.0.5)" || !s.LoggedIn || s.SessionError != nil || !s.StandardClient.OK {
		t.Errorf("session: %+v", s)
	}
	wantPASV := PASVSample{Reply: "227 Entering Passive Mode (10,0,0,5,117,50).", Accepted: true, Standard: true,
		Format: "rfc959", Address: "10.0.0.5", Port: 30002, AddressClass: "private", Reach: "open",
		ConnectMS: 22, AdvertisedReach: "not_tested"}
	if len(s.Passive.PASV) != 4 || s.Passive.PASV[0] != wantPASV {
		t.Errorf("session pasv[0]:\n got %+v\nwant %+v", s.Passive.PASV[0], wantPASV)
	}
	if want := (PortRange{Min: 30002, Max: 30008, Samples: 5, Spread: 6, ALGPorts: []int{}}); !reflect.DeepEqual(s.Passive.PortRange, want) || s.Passive.RangeCheck != nil {
		t.Errorf("session port range: %+v", s.Passive.PortRange)
	}
	// The top level stays the plaintext session.
	if r := Build(reporttest.TLSBehindALG(), testTool); r.Passive.PASV[0].Address != "203.0.113.10" {
		t.Errorf("top-level passive is not the plaintext session: %+v", r.Passive.PASV[0])
	}
}

func TestBuildTLSExplicitHasNoSeparateSession(t *testing.T) {
	r := Build(tlsExplicit(), testTool)
	if r.TLS.Mode != "explicit" || !r.TLS.Attempted || r.TLS.Session != nil {
		t.Errorf("explicit: mode %q attempted %v session %+v", r.TLS.Mode, r.TLS.Attempted, r.TLS.Session)
	}
	if r.TLS.Policy.PlaintextLogin != "unknown" || r.Passive.PASV[0].Address != "10.0.0.5" {
		t.Errorf("explicit: policy %+v, passive %+v", r.TLS.Policy, r.Passive.PASV[0])
	}
}

func TestBuildTLSOff(t *testing.T) {
	res := reporttest.Healthy()
	res.Facts.TLSMode = probe.TLSOff
	want := TLS{Mode: "off", AuthReplies: []string{}, Certificate: Certificate{Names: []string{}},
		Policy: TLSPolicy{PlaintextLogin: "unknown", ProtC: "not_tested"}, Transfers: []TLSTransfer{}}
	if got := Build(res, testTool).TLS; !reflect.DeepEqual(got, want) {
		t.Errorf("tls off:\n got %+v\nwant %+v", got, want)
	}
	out := writeJSON(t, res)
	for _, w := range []string{`"auth_replies": []`, `"names": []`, `"transfers": []`, `"no_resume": null`,
		`"session": null`, `"attempted": false`, `"not_after": ""`} {
		if !bytes.Contains(out, []byte(w)) {
			t.Errorf("tls off: JSON lacks %s", w)
		}
	}
}

func TestBuildTLSFailures(t *testing.T) {
	r := Build(tlsRefused(), testTool).TLS
	if r.Offered || r.AuthCommand != "AUTH SSL" || len(r.AuthReplies) != 2 || r.Session == nil || r.Session.LoggedIn {
		t.Errorf("refused: %+v", r)
	}
	r = Build(tlsHandshakeFailed(), testTool).TLS
	if !r.Offered || r.HandshakeError != "TLS handshake: remote error: tls: handshake failure" || r.Version != "" ||
		r.Certificate.NotAfter != "" || r.Session != nil {
		t.Errorf("handshake failed: %+v", r)
	}
}

// Values a newer probe might record are mapped onto the schema's enums.
func TestBuildTLSNormalisesPolicy(t *testing.T) {
	res := reporttest.TLSBehindALG()
	res.TLSPath().Features.List = append(res.TLSPath().Features.List, "CCC")
	reporttest.Rediagnose(&res)
	res.TLS.PlaintextLogin, res.TLS.ProtC = "", "sometimes"
	res.TLS.PlaintextReply = &probe.Reply{Code: 530, Lines: []string{"530 Non-anonymous sessions must use encryption."}}
	p := Build(res, testTool).TLS.Policy
	want := TLSPolicy{PlaintextLogin: "unknown", PlaintextReply: "530 Non-anonymous sessions must use encryption.",
		ProtC: "not_tested", CCC: true}
	if p != want {
		t.Errorf("policy:\n got %+v\nwant %+v", p, want)
	}
}

func TestBuildTLSDataResumed(t *testing.T) {
	res := reporttest.TLSBehindALG()
	res.TLSFacts().Transfers[3].Resumed = false
	if Build(res, testTool).TLS.DataResumed {
		t.Error("data_resumed with a listing that did not resume")
	}
	res.TLSFacts().Transfers = nil
	if Build(res, testTool).TLS.DataResumed {
		t.Error("data_resumed without protected listings")
	}
}

func TestWriteJSONTLSContractFields(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(writeJSON(t, reporttest.TLSBehindALG()), &doc); err != nil {
		t.Fatal(err)
	}
	paths := []string{
		"tls.mode", "tls.attempted", "tls.offered", "tls.auth_command", "tls.auth_replies.0", "tls.handshake_error",
		"tls.version", "tls.cipher", "tls.certificate.subject", "tls.certificate.issuer", "tls.certificate.names.0",
		"tls.certificate.not_before", "tls.certificate.not_after", "tls.certificate.days_left",
		"tls.certificate.self_signed", "tls.certificate.name_match", "tls.certificate.verified",
		"tls.certificate.error", "tls.policy.plaintext_login", "tls.policy.plaintext_reply", "tls.policy.prot_c",
		"tls.policy.ccc", "tls.data_resumed", "tls.session_reuse_required", "tls.sequential", "tls.transfers.0.ok",
		"tls.transfers.0.resumed", "tls.transfers.0.reuse", "tls.transfers.0.tls_version", "tls.transfers.0.via",
		"tls.transfers.0.endpoint", "tls.transfers.0.error", "tls.transfers.0.duration_ms", "tls.no_resume.ok",
		"tls.no_resume.resumed", "tls.session.banner", "tls.session.logged_in", "tls.session.passive.pasv.0.address",
		"tls.session.passive.epsv.0.reach", "tls.session.passive.port_range.min", "tls.session.standard_client.ok",
		"tls.session.session_error",
	}
	for _, p := range paths {
		if _, ok := lookupPath(doc, p); !ok {
			t.Errorf("report lacks %s", p)
		}
	}
}

func TestSchemaRejectsTLSViolations(t *testing.T) {
	good := writeJSON(t, reporttest.TLSBehindALG())
	tests := []struct{ name, from, to string }{
		{"bad mode", `"mode": "auto"`, `"mode": "tls"`},
		{"bad plaintext_login", `"plaintext_login": "allowed"`, `"plaintext_login": "maybe"`},
		{"bad prot_c", `"prot_c": "refused"`, `"prot_c": "denied"`},
		{"days_left not a number", `"days_left": 364`, `"days_left": "364"`},
		{"bad not_before", `"not_before": "2026-03-14T00:00:00Z"`, `"not_before": "March"`},
		{"bad session address class", `"address_class": "private"`, `"address_class": "secret"`},
		{"missing sequential", `"sequential": false,`, ``},
		{"null transfers", `"transfers": [`, `"transfers": null, "x": [`},
	}
	for _, tt := range tests {
		if !bytes.Contains(good, []byte(tt.from)) {
			t.Fatalf("%s: %q not in the report", tt.name, tt.from)
		}
		bad := bytes.Replace(good, []byte(tt.from), []byte(tt.to), 1)
		if err := reporttest.ValidateJSON(bad, reporttest.SchemaPath()); err == nil {
			t.Errorf("%s: schema accepted it", tt.name)
		}
	}
}

// The samples' findings are what the probe's analysis raises for their
// facts, so tests on them exercise realistic IDs, severities and values.
func TestSamplesMatchAnalysis(t *testing.T) {
	samples := map[string]probe.Result{
		"tls auto":                  reporttest.TLSBehindALG(),
		"active behind nat":         reporttest.ActiveBehindNAT(),
		"active from public client": reporttest.ActiveFromPublicClient(),
	}
	for name, res := range samples {
		t.Run(name, func(t *testing.T) { assertMatchesAnalysis(t, res) })
	}
}

func assertMatchesAnalysis(t *testing.T, res probe.Result) {
	t.Helper()
	type key struct {
		id  string
		sev probe.Severity
	}
	var got, want []key
	var gotParams, wantParams []probe.Params
	d := probe.Diagnose(res.Facts)
	for _, f := range d.Findings {
		got = append(got, key{f.ID, f.Severity})
		gotParams = append(gotParams, f.Params)
	}
	for _, f := range res.Findings {
		want = append(want, key{f.ID, f.Severity})
		wantParams = append(wantParams, f.Params)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n analysis %v\n   sample %v", got, want)
	} else if !reflect.DeepEqual(gotParams, wantParams) {
		for i := range got {
			if !reflect.DeepEqual(gotParams[i], wantParams[i]) {
				t.Errorf("%s params:\n analysis %v\n   sample %v", got[i].id, gotParams[i], wantParams[i])
			}
		}
	}
	if v := probe.VerdictOf(res.Findings); v != res.Verdict {
		t.Errorf("verdict %s, findings imply %s", res.Verdict, v)
	}
	if res.Reference != d.Reference || !reflect.DeepEqual(res.Software, d.Software) || !reflect.DeepEqual(res.TLS, d.TLS) ||
		!reflect.DeepEqual(res.Range, d.Range) || len(res.Outcomes) != len(res.Facts.Paths) {
		t.Errorf("derived values differ from the diagnosis:\n sample %+v %+v %+v %+v\n analysis %+v %+v %+v %+v",
			res.Reference, res.Software, res.TLS, res.Range, d.Reference, d.Software, d.TLS, d.Range)
	}
}
