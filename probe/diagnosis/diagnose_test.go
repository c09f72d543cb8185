package diagnosis

import (
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

var (
	pub6Addr   = netip.MustParseAddr("2001:db8::10")
	otherAddr4 = netip.MustParseAddr("198.51.100.20")
)

// healthySession6 is a plaintext session over IPv6 at pub6Addr where
// everything worked: PASV is refused (it cannot name an IPv6 address),
// EPSV data ports answer and the listing went through EPSV.
func healthySession6() SessionFacts {
	s := healthySession()
	s.PASV = []PassiveSample{{Command: "PASV", Reply: Reply{500, []string{"500 PASV not understood."}}}}
	s.EPSV = []PassiveSample{
		epsvSampleAt(pub6Addr, 30001, ReachOpen), epsvSampleAt(pub6Addr, 30004, ReachOpen),
		epsvSampleAt(pub6Addr, 30006, ReachOpen),
	}
	s.Transfer = &Transfer{Command: "MLSD", Via: "EPSV", Endpoint: netip.AddrPortFrom(pub6Addr, 30006), Connected: true, OK: true, Bytes: 120, Lines: 2}
	return s
}

// filteredSession6 is healthySession6 with every EPSV data port dropped;
// the listing was not attempted since no data port answered.
func filteredSession6() SessionFacts {
	s := healthySession6()
	for i := range s.EPSV {
		s.EPSV[i].Peer.Reach = ReachFiltered
		s.EPSV[i].Peer.Duration = 3 * time.Second
	}
	s.Transfer = nil
	s.StdClient = &StdClient{Ran: true, Error: "list: dial tcp [2001:db8::10]:30001: i/o timeout"}
	return s
}

// tlsOK is a TLS path's facts where negotiation, certificate and protected
// listings all worked.
func tlsOK() *TLSFacts {
	return &TLSFacts{
		AuthCommand: "AUTH TLS",
		AuthReplies: []Reply{{234, []string{"234 Proceed with negotiation."}}},
		Offered:     true, Version: "TLS 1.3", Cipher: "TLS_AES_128_GCM_SHA256",
		Certificate: &Certificate{Subject: "CN=ftp.example.test", Issuer: "CN=Example CA", DNSNames: []string{"ftp.example.test"},
			NotBefore: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
			DaysLeft: 30, Verified: true, NameMatch: true},
		PBSZ: &Reply{200, []string{"200 PBSZ set to 0."}},
		PROT: &Reply{200, []string{"200 PROT now Private."}},
		Transfers: []Transfer{
			{Command: "MLSD", Via: "PASV", Connected: true, OK: true, Protected: true, Reuse: true, Resumed: true, Lines: 2},
			{Command: "MLSD", Via: "PASV", Connected: true, OK: true, Protected: true, Reuse: true, Resumed: true, Lines: 2},
		},
	}
}

// selfSigned is tlsOK with a certificate no client verifies.
func selfSigned() *TLSFacts {
	t := tlsOK()
	c := *t.Certificate
	c.Subject, c.Issuer, c.SelfSigned, c.Verified = "CN=localhost", "CN=localhost", true, false
	c.DNSNames, c.NameMatch = []string{"localhost"}, false
	c.Error = "x509: certificate signed by unknown authority"
	t.Certificate = &c
	return t
}

func idsOf(fs []Finding) []string {
	ids := make([]string, 0, len(fs))
	for _, f := range fs {
		ids = append(ids, f.ID)
	}
	return ids
}

func findingByID(t *testing.T, fs []Finding, id string) Finding {
	t.Helper()
	k := slices.IndexFunc(fs, func(f Finding) bool { return f.ID == id })
	if k < 0 {
		t.Fatalf("no %s among %v", id, idsOf(fs))
	}
	return fs[k]
}

func checkParams(t *testing.T, f Finding, want Params) {
	t.Helper()
	for k, v := range want {
		if f.Params[k] != v {
			t.Errorf("%s: param %s = %q, want %q", f.ID, k, f.Params[k], v)
		}
	}
}

func checkPorts(t *testing.T, f Finding, want PortLists) {
	t.Helper()
	if !reflect.DeepEqual(f.Ports, want) {
		t.Errorf("%s: ports %+v, want %+v", f.ID, f.Ports, want)
	}
}

func checkPaths(t *testing.T, f Finding, want ...PathID) {
	t.Helper()
	if !slices.Equal(f.Paths, want) {
		t.Errorf("%s: paths = %v, want %v", f.ID, f.Paths, want)
	}
}

func TestReferencePath(t *testing.T) {
	greeted := func() SessionFacts {
		s := healthySession()
		s.UserReply, s.PassReply, s.LoggedIn = nil, nil, false
		return s
	}
	refused := healthySession()
	refused.UserReply = &Reply{530, []string{"530 Non-anonymous sessions must use encryption."}}
	refused.PassReply, refused.LoggedIn = nil, false
	noGreeting := healthySession()
	noGreeting.Greeting = &Reply{421, []string{"421 Too many connections"}}
	noGreeting.GreetingError = "server refused the session with 421"

	tests := []struct {
		name  string
		paths []Path
		want  int
	}{
		{"no path", nil, -1},
		{"one path", []Path{plainPath(pubAddr, healthySession())}, 0},
		{"one unreachable path", []Path{deadPath(pubAddr, TransportPlain, ReachFiltered)}, 0},
		{"logged in beats greeted", []Path{plainPath(pubAddr, greeted()), tlsPath(pubAddr, healthySession(), tlsOK())}, 1},
		{"greeted beats connected without greeting", []Path{plainPath(pubAddr, noGreeting), tlsPath(pubAddr, greeted(), tlsOK())}, 1},
		{"connected beats unreachable", []Path{deadPath(pubAddr, TransportPlain, ReachRefused), plainPath(pub6Addr, noGreeting)}, 1},
		{"plaintext before TLS among equals", []Path{tlsPath(pubAddr, healthySession(), tlsOK()), plainPath(pubAddr, healthySession())}, 1},
		{"IPv4 before IPv6 among equals", []Path{plainPath(pub6Addr, healthySession6()), plainPath(pubAddr, healthySession())}, 1},
		{"transport decides before family", []Path{tlsPath(pubAddr, healthySession(), tlsOK()), plainPath(pub6Addr, healthySession6())}, 1},
		{"planned order among equals", []Path{plainPath(pubAddr, healthySession()), plainPath(otherAddr4, healthySession())}, 0},
		{"plaintext login refused: the TLS path", []Path{plainPath(pubAddr, refused), tlsPath(pubAddr, healthySession(), tlsOK())}, 1},
		{"unreachable IPv4, working IPv6", []Path{deadPath(pubAddr, TransportPlain, ReachFiltered), plainPath(pub6Addr, healthySession6())}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReferencePath(tt.paths); got != tt.want {
				t.Errorf("ReferencePath = %d, want %d", got, tt.want)
			}
			if got := Diagnose(Facts{Host: "ftp.example.test", Port: 21, TLSMode: TLSAuto, User: "anonymous", Paths: tt.paths}).Reference; got != tt.want {
				t.Errorf("Diagnosis.Reference = %d, want %d", got, tt.want)
			}
		})
	}
}

// dualStack is a diagnosis of a name with an A and an AAAA record.
func dualStack(v4 []Path, v6 ...Path) Facts {
	return Facts{
		Host: "ftp.example.test", Port: 21, TLSMode: TLSAuto, User: "anonymous",
		Addresses: []netip.Addr{pubAddr, pub6Addr},
		Paths:     append(append([]Path(nil), v4...), v6...),
	}
}

func TestDiagnoseFamilyDataBlocked(t *testing.T) {
	f := dualStack([]Path{plainPath(pubAddr, healthySession())}, plainPath(pub6Addr, filteredSession6()))
	v4, v6 := f.Paths[0].PathID, f.Paths[1].PathID
	d := Diagnose(f)
	want := []string{FindingDataPortFiltered, FindingFamilyDataBlocked, FindingPassivePortRange}
	if got := idsOf(d.Findings); !slices.Equal(got, want) {
		t.Fatalf("findings = %v, want %v", got, want)
	}
	if d.Verdict != VerdictCritical {
		t.Errorf("verdict = %s, want critical", d.Verdict)
	}

	fam := findingByID(t, d.Findings, FindingFamilyDataBlocked)
	if fam.Severity != SeverityCritical {
		t.Errorf("%s: severity = %s, want critical", fam.ID, fam.Severity)
	}
	checkParams(t, fam, Params{ParamFamily: "ipv6", ParamPublicAddress: "2001:db8::10",
		ParamWorkingFamily: "ipv4", ParamWorkingAddress: "203.0.113.10"})
	checkPorts(t, fam, PortLists{Ports: ports(30001, 30004, 30006)})
	checkPaths(t, fam, v6)
	for _, s := range []string{"IPv6 data ports are filtered at 2001:db8::10", "IPv4 works at 203.0.113.10"} {
		if !strings.Contains(fam.Summary, s) {
			t.Errorf("%s: summary %q lacks %q", fam.ID, fam.Summary, s)
		}
	}
	if len(fam.Evidence) != 2 || !strings.HasPrefix(fam.Evidence[0], "IPv6 (2001:db8::10)") ||
		!strings.Contains(fam.Evidence[1], "MLSD via PASV worked (2 lines)") {
		t.Errorf("%s: evidence = %q", fam.ID, fam.Evidence)
	}

	filtered := findingByID(t, d.Findings, FindingDataPortFiltered)
	if filtered.Severity != SeverityCritical {
		t.Errorf("%s: severity = %s, want critical", filtered.ID, filtered.Severity)
	}
	checkParams(t, filtered, Params{ParamFamily: "ipv6", ParamPublicAddress: "2001:db8::10"})
	checkPorts(t, filtered, PortLists{Ports: ports(30001, 30004, 30006)})
	checkPaths(t, filtered, v6)
	if !strings.Contains(filtered.Summary, "30001, 30004, 30006 at 2001:db8::10 do not answer") {
		t.Errorf("%s: summary = %q", filtered.ID, filtered.Summary)
	}
	if !slices.ContainsFunc(filtered.Evidence, func(l string) bool {
		return strings.Contains(l, "connect [2001:db8::10]:30001 (EPSV): filtered")
	}) {
		t.Errorf("%s: evidence = %q", filtered.ID, filtered.Evidence)
	}

	for _, fd := range d.Findings {
		if slices.Contains(dataFindings, fd.ID) && slices.Contains(fd.Paths, v4) {
			t.Errorf("%s names the IPv4 path, whose data ports answer", fd.ID)
		}
		if fd.Params[ParamFamily] == "ipv4" && slices.Contains(dataFindings, fd.ID) {
			t.Errorf("%s raised for IPv4", fd.ID)
		}
	}
	// The port range is the server's: one finding naming both paths.
	checkPaths(t, findingByID(t, d.Findings, FindingPassivePortRange), v4, v6)
	// Over IPv6 a refused PASV is no finding.
	if slices.Contains(idsOf(d.Findings), FindingPASVUnsupported) {
		t.Errorf("pasv.unsupported raised for an IPv6 path")
	}
}

func TestDiagnoseFamilyDataBlockedIPv4(t *testing.T) {
	// The other way round: IPv4 data ports dropped, IPv6 fine.
	s := healthySession()
	for i := range s.PASV {
		s.PASV[i].Peer.Reach = ReachFiltered
	}
	s.EPSV[0].Peer.Reach = ReachFiltered
	s.Transfer = nil
	f := dualStack([]Path{plainPath(pubAddr, s)}, plainPath(pub6Addr, healthySession6()))
	d := Diagnose(f)
	fam := findingByID(t, d.Findings, FindingFamilyDataBlocked)
	checkParams(t, fam, Params{ParamFamily: "ipv4", ParamPublicAddress: "203.0.113.10",
		ParamWorkingFamily: "ipv6", ParamWorkingAddress: "2001:db8::10"})
	checkPaths(t, fam, f.Paths[0].PathID)
	if !strings.Contains(fam.Summary, "clients that prefer IPv4 log in") {
		t.Errorf("%s: summary = %q", fam.ID, fam.Summary)
	}
	if !strings.Contains(fam.Evidence[1], "MLSD via EPSV worked") {
		t.Errorf("%s: evidence = %q", fam.ID, fam.Evidence)
	}
	if d.Verdict != VerdictCritical {
		t.Errorf("verdict = %s, want critical", d.Verdict)
	}
}

func TestDiagnoseNoFamilyComparisonWithoutWorkingFamily(t *testing.T) {
	// Both families' data ports dropped: no family is the working one.
	s := healthySession()
	for i := range s.PASV {
		s.PASV[i].Peer.Reach = ReachFiltered
	}
	s.EPSV[0].Peer.Reach = ReachFiltered
	s.Transfer = nil
	d := Diagnose(dualStack([]Path{plainPath(pubAddr, s)}, plainPath(pub6Addr, filteredSession6())))
	want := []string{FindingDataPortFiltered, FindingDataPortFiltered, FindingPassivePortRange}
	if got := idsOf(d.Findings); !slices.Equal(got, want) {
		t.Fatalf("findings = %v, want %v", got, want)
	}
	var fams []string
	for _, fd := range d.Findings[:2] {
		fams = append(fams, fd.Params[ParamFamily]+" "+fd.Params[ParamPublicAddress])
	}
	slices.Sort(fams)
	if !slices.Equal(fams, []string{"ipv4 203.0.113.10", "ipv6 2001:db8::10"}) {
		t.Errorf("data.port_filtered findings for %v", fams)
	}
}

func TestDiagnoseControlUnreachable(t *testing.T) {
	tests := []struct {
		name     string
		facts    Facts
		want     []string
		verdict  Verdict
		check    string // the finding checked below
		severity Severity
		params   Params
		summary  []string
		evidence []string
		paths    []PathID
	}{
		{
			name:  "IPv6 control filtered, IPv4 works",
			facts: dualStack([]Path{plainPath(pubAddr, healthySession())}, deadPath(pub6Addr, TransportPlain, ReachFiltered)),
			want:  []string{FindingFamilyControlBlocked, FindingPassivePortRange}, verdict: VerdictWarning,
			check: FindingFamilyControlBlocked, severity: SeverityWarning,
			params: Params{ParamFamily: "ipv6", ParamPublicAddress: "2001:db8::10", ParamWorkingFamily: "ipv4",
				ParamWorkingAddress: "203.0.113.10", ParamControlPort: "21", ParamHost: "ftp.example.test"},
			summary:  []string{"IPv6 control port at [2001:db8::10]:21 is filtered while IPv4 works at 203.0.113.10"},
			evidence: []string{"connect [2001:db8::10]:21: filtered after 5.0 s", "IPv4 control port 203.0.113.10:21 answered"},
			paths:    []PathID{{IPv6, pub6Addr, TransportPlain}},
		},
		{
			name: "IPv6 plaintext and TLS paths both filtered: one warning naming both",
			facts: dualStack([]Path{plainPath(pubAddr, healthySession()), tlsPath(pubAddr, healthySession(), tlsOK())},
				deadPath(pub6Addr, TransportPlain, ReachFiltered), deadPath(pub6Addr, TransportExplicitTLS, ReachFiltered)),
			want: []string{FindingFamilyControlBlocked, FindingPassivePortRange}, verdict: VerdictWarning,
			check: FindingFamilyControlBlocked, severity: SeverityWarning,
			params: Params{ParamFamily: "ipv6", ParamWorkingFamily: "ipv4"},
			paths:  []PathID{{IPv6, pub6Addr, TransportPlain}, {IPv6, pub6Addr, TransportExplicitTLS}},
		},
		{
			name:  "IPv4 control refused, IPv6 works",
			facts: dualStack([]Path{deadPath(pubAddr, TransportPlain, ReachRefused)}, plainPath(pub6Addr, healthySession6())),
			want:  []string{FindingFamilyControlBlocked, FindingPassivePortRange}, verdict: VerdictWarning,
			check: FindingFamilyControlBlocked, severity: SeverityWarning,
			params:  Params{ParamFamily: "ipv4", ParamPublicAddress: "203.0.113.10", ParamWorkingFamily: "ipv6", ParamWorkingAddress: "2001:db8::10"},
			summary: []string{"IPv4 control port at 203.0.113.10:21 is refused while IPv6 works at 2001:db8::10"},
			paths:   []PathID{{IPv4, pubAddr, TransportPlain}},
		},
		{
			name:  "both families unreachable: one critical finding naming both",
			facts: dualStack([]Path{deadPath(pubAddr, TransportPlain, ReachFiltered)}, deadPath(pub6Addr, TransportPlain, ReachUnreachable)),
			want:  []string{FindingControlUnreachable}, verdict: VerdictCritical,
			check: FindingControlUnreachable, severity: SeverityCritical,
			params:   Params{ParamControlPort: "21", ParamHost: "ftp.example.test"},
			summary:  []string{"203.0.113.10:21 is filtered", "[2001:db8::10]:21 is unreachable"},
			evidence: []string{"connect 203.0.113.10:21: filtered", "connect [2001:db8::10]:21: unreachable"},
			paths:    []PathID{{IPv4, pubAddr, TransportPlain}, {IPv6, pub6Addr, TransportPlain}},
		},
		{
			name:  "one of two IPv4 addresses unreachable: critical for that address",
			facts: dualStack([]Path{plainPath(pubAddr, healthySession()), deadPath(otherAddr4, TransportPlain, ReachFiltered)}),
			want:  []string{FindingControlUnreachable, FindingPassivePortRange}, verdict: VerdictCritical,
			check: FindingControlUnreachable, severity: SeverityCritical,
			params:  Params{ParamFamily: "ipv4", ParamPublicAddress: "198.51.100.20"},
			summary: []string{"198.51.100.20:21 is filtered"},
			paths:   []PathID{{IPv4, otherAddr4, TransportPlain}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Diagnose(tt.facts)
			if got := idsOf(d.Findings); !slices.Equal(got, tt.want) {
				t.Fatalf("findings = %v, want %v", got, tt.want)
			}
			if d.Verdict != tt.verdict {
				t.Errorf("verdict = %s, want %s", d.Verdict, tt.verdict)
			}
			f := findingByID(t, d.Findings, tt.check)
			if f.Severity != tt.severity {
				t.Errorf("%s: severity = %s, want %s", f.ID, f.Severity, tt.severity)
			}
			checkParams(t, f, tt.params)
			checkPaths(t, f, tt.paths...)
			for _, s := range tt.summary {
				if !strings.Contains(f.Summary, s) {
					t.Errorf("%s: summary %q lacks %q", f.ID, f.Summary, s)
				}
			}
			for _, s := range tt.evidence {
				if !slices.ContainsFunc(f.Evidence, func(l string) bool { return strings.Contains(l, s) }) {
					t.Errorf("%s: no evidence line contains %q; evidence:\n  %s", f.ID, s, strings.Join(f.Evidence, "\n  "))
				}
			}
		})
	}
}

func TestDiagnoseIPv6Only(t *testing.T) {
	tests := []struct {
		name    string
		session func() SessionFacts
		want    []string
		verdict Verdict
	}{
		{
			name:    "healthy, PASV refused",
			session: healthySession6,
			want:    []string{FindingPassivePortRange},
			verdict: VerdictOK,
		},
		{
			name: "healthy, PASV answered with an IPv4 address",
			session: func() SessionFacts {
				s := healthySession6()
				s.PASV = []PassiveSample{pasvSampleAt(pub6Addr, privAddr, 30002, ReachNotTested)}
				return s
			},
			want:    []string{FindingPassivePortRange},
			verdict: VerdictOK,
		},
		{
			name: "EPSV refused: no passive mode over IPv6",
			session: func() SessionFacts {
				s := healthySession6()
				s.EPSV = []PassiveSample{{Command: "EPSV", Reply: Reply{500, []string{"500 EPSV not understood."}}}}
				s.Transfer = nil
				return s
			},
			want:    []string{FindingEPSVUnsupported},
			verdict: VerdictCritical,
		},
		{
			name: "EPSV malformed: no passive mode over IPv6",
			session: func() SessionFacts {
				s := healthySession6()
				s.EPSV = []PassiveSample{{Command: "EPSV", Reply: Reply{229, []string{"229 Entering Extended Passive Mode (|||0|)"}},
					Accepted: true, Error: "229 reply port 0 is out of range 1-65535"}}
				s.Transfer = nil
				return s
			},
			want:    []string{FindingEPSVMalformed},
			verdict: VerdictCritical,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Facts{Host: "ftp.example.test", Port: 21, TLSMode: TLSAuto, User: "anonymous",
				Addresses: []netip.Addr{pub6Addr}, Families: []Family{IPv6},
				Paths: []Path{plainPath(pub6Addr, tt.session())}}
			d := Diagnose(f)
			if got := idsOf(d.Findings); !slices.Equal(got, tt.want) {
				t.Fatalf("findings = %v, want %v", got, tt.want)
			}
			if d.Verdict != tt.verdict {
				t.Errorf("verdict = %s, want %s", d.Verdict, tt.verdict)
			}
			for _, fd := range d.Findings {
				if strings.HasPrefix(fd.ID, "pasv.") {
					t.Errorf("%s raised over IPv6", fd.ID)
				}
				checkParams(t, fd, Params{ParamFamily: "ipv6", ParamPublicAddress: "2001:db8::10"})
			}
			if k := slices.Index(idsOf(d.Findings), FindingEPSVUnsupported); k >= 0 {
				fd := d.Findings[k]
				if fd.Severity != SeverityCritical || !strings.Contains(fd.Summary, "Over IPv6 (2001:db8::10)") {
					t.Errorf("%s: %s %q", fd.ID, fd.Severity, fd.Summary)
				}
			}
		})
	}
}

func TestDiagnoseServerScopeMerge(t *testing.T) {
	f := dualStack(
		[]Path{plainPath(pubAddr, healthySession()), tlsPath(pubAddr, healthySession(), selfSigned())},
		plainPath(pub6Addr, healthySession6()), tlsPath(pub6Addr, healthySession6(), selfSigned()))
	d := Diagnose(f)
	want := []string{FindingTLSCertificateInvalid, FindingPassivePortRange}
	if got := idsOf(d.Findings); !slices.Equal(got, want) {
		t.Fatalf("findings = %v, want %v", got, want)
	}
	if d.Verdict != VerdictWarning {
		t.Errorf("verdict = %s, want warning", d.Verdict)
	}
	cert := findingByID(t, d.Findings, FindingTLSCertificateInvalid)
	if cert.Severity != SeverityWarning {
		t.Errorf("%s: severity = %s, want warning", cert.ID, cert.Severity)
	}
	checkPaths(t, cert, f.Paths[1].PathID, f.Paths[3].PathID)
	// The reference address's finding is the one kept.
	checkParams(t, cert, Params{ParamFamily: "ipv4", ParamPublicAddress: "203.0.113.10"})
	if !slices.Contains(cert.Evidence, "verification: x509: certificate signed by unknown authority") {
		t.Errorf("%s: evidence = %q", cert.ID, cert.Evidence)
	}
	checkPaths(t, findingByID(t, d.Findings, FindingPassivePortRange), f.Paths[0].PathID, f.Paths[2].PathID)

	// Each finding appears once.
	seen := map[string]bool{}
	for _, fd := range d.Findings {
		if seen[fd.ID] {
			t.Errorf("%s appears twice", fd.ID)
		}
		seen[fd.ID] = true
	}
	// Every TLS path's row lists the certificate finding.
	for _, o := range d.Outcomes {
		if got := slices.Contains(o.Findings, FindingTLSCertificateInvalid); got != o.Transport.Secure() {
			t.Errorf("%s: outcome findings %v", o.PathID, o.Findings)
		}
	}
}

func TestDiagnoseOutcomes(t *testing.T) {
	refused := healthySession()
	refused.PassReply = &Reply{530, []string{"530 Login incorrect."}}
	refused.LoggedIn, refused.PASV, refused.EPSV, refused.Transfer, refused.StdClient = false, nil, nil, nil, nil

	partial := healthySession()
	partial.PASV[1].Peer.Reach, partial.PASV[3].Peer.Reach = ReachFiltered, ReachFiltered
	partial.Transfer = &Transfer{Command: "MLSD", Via: "PASV", Endpoint: netip.AddrPortFrom(pubAddr, 30007), Connected: true,
		Replies: []Reply{{150, []string{"150 Here comes the directory listing."}}},
		Error:   "reading the listing: connection reset by peer", Stage: StageData}

	tests := []struct {
		name  string
		facts Facts
		want  []PathOutcome // Findings compared as a set
	}{
		{
			name:  "healthy path",
			facts: healthyFacts(),
			want: []PathOutcome{{PathID: PathID{IPv4, pubAddr, TransportPlain}, Control: StatusOK, ControlReach: ReachOpen,
				PassiveCommand: "PASV", PassiveAddress: pubAddr, PassiveClass: ClassDocumentation,
				Data: StatusOK, DataReach: ReachOpen, Listing: StatusOK, Findings: []string{FindingPassivePortRange}}},
		},
		{
			name:  "IPv6 data filtered beside a healthy IPv4 path",
			facts: dualStack([]Path{plainPath(pubAddr, healthySession())}, plainPath(pub6Addr, filteredSession6())),
			want: []PathOutcome{
				{PathID: PathID{IPv4, pubAddr, TransportPlain}, Control: StatusOK, ControlReach: ReachOpen,
					PassiveCommand: "PASV", PassiveAddress: pubAddr, PassiveClass: ClassDocumentation,
					Data: StatusOK, DataReach: ReachOpen, Listing: StatusOK, Findings: []string{FindingPassivePortRange}},
				{PathID: PathID{IPv6, pub6Addr, TransportPlain}, Control: StatusOK, ControlReach: ReachOpen,
					PassiveCommand: "EPSV", PassiveAddress: pub6Addr, PassiveClass: ClassDocumentation,
					Data: StatusFailed, DataReach: ReachFiltered, Listing: StatusNotTested,
					Findings: []string{FindingDataPortFiltered, FindingFamilyDataBlocked, FindingPassivePortRange}},
			},
		},
		{
			name: "unreachable, login refused, partly forwarded range",
			facts: Facts{Host: "ftp.example.test", Port: 21, TLSMode: TLSAuto, User: "anonymous", Paths: []Path{
				plainPath(pubAddr, partial), plainPath(otherAddr4, refused), deadPath(pub6Addr, TransportPlain, ReachFiltered),
				{PathID: PathID{IPv6, pub6Addr, TransportExplicitTLS}},
			}},
			want: []PathOutcome{
				{PathID: PathID{IPv4, pubAddr, TransportPlain}, Control: StatusOK, ControlReach: ReachOpen,
					PassiveCommand: "PASV", PassiveAddress: pubAddr, PassiveClass: ClassDocumentation,
					Data: StatusPartial, DataReach: ReachFiltered, Listing: StatusFailed,
					Findings: []string{FindingRangePartiallyBlocked, FindingDataTransferFailed, FindingPassivePortRange}},
				{PathID: PathID{IPv4, otherAddr4, TransportPlain}, Control: StatusFailed, ControlReach: ReachOpen, ControlDetail: "login refused",
					Data: StatusNotTested, DataReach: ReachNotTested, Listing: StatusNotTested, Findings: []string{FindingLoginFailed}},
				{PathID: PathID{IPv6, pub6Addr, TransportPlain}, Control: StatusFailed, ControlReach: ReachFiltered, ControlDetail: "filtered",
					Data: StatusNotTested, DataReach: ReachNotTested, Listing: StatusNotTested, Findings: []string{FindingFamilyControlBlocked}},
				{PathID: PathID{IPv6, pub6Addr, TransportExplicitTLS}, Control: StatusNotTested, ControlReach: ReachNotTested,
					Data: StatusNotTested, DataReach: ReachNotTested, Listing: StatusNotTested, Findings: []string{FindingFamilyControlBlocked}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Diagnose(tt.facts)
			if len(d.Outcomes) != len(tt.want) {
				t.Fatalf("%d outcomes, want %d: %+v", len(d.Outcomes), len(tt.want), d.Outcomes)
			}
			for i, w := range tt.want {
				got := d.Outcomes[i]
				gotF, wantF := slices.Clone(got.Findings), slices.Clone(w.Findings)
				slices.Sort(gotF)
				slices.Sort(wantF)
				if !slices.Equal(gotF, wantF) {
					t.Errorf("row %d (%s): findings = %v, want %v", i, got.PathID, got.Findings, w.Findings)
				}
				got.Findings, w.Findings = nil, nil
				if !reflect.DeepEqual(got, w) {
					t.Errorf("row %d:\n got %+v\nwant %+v", i, got, w)
				}
			}
		})
	}
}

func TestDiagnoseTLSOff(t *testing.T) {
	noAuth := func() Facts {
		f := healthyFacts()
		feat := Reply{211, []string{"211-Features:", " EPSV", " PASV", " MLSD", "211 End"}}
		features := ParseFEAT(feat)
		f.Paths[0].Feat, f.Paths[0].Features = &feat, &features
		return f
	}
	tests := []struct {
		name    string
		mode    TLSMode
		want    []string
		verdict Verdict
	}{
		{"off", TLSOff, []string{FindingPassivePortRange}, VerdictOK},
		{"auto", TLSAuto, []string{FindingTLSNotOffered, FindingPassivePortRange}, VerdictWarning},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := noAuth()
			f.TLSMode = tt.mode
			d := Diagnose(f)
			if got := idsOf(d.Findings); !slices.Equal(got, tt.want) {
				t.Fatalf("findings = %v, want %v", got, tt.want)
			}
			if d.Verdict != tt.verdict {
				t.Errorf("verdict = %s, want %s", d.Verdict, tt.verdict)
			}
			if d.TLS != nil {
				t.Errorf("TLS policy = %+v without a TLS path", d.TLS)
			}
			if tt.mode == TLSOff {
				for _, fd := range d.Findings {
					if strings.HasPrefix(fd.ID, "tls.") {
						t.Errorf("%s raised with TLS off", fd.ID)
					}
				}
			}
		})
	}
}

func TestDiagnoseTLSPolicy(t *testing.T) {
	refusedPlain := healthySession()
	refusedPlain.UserReply = &Reply{530, []string{"530 Non-anonymous sessions must use encryption."}}
	refusedPlain.PassReply, refusedPlain.LoggedIn = nil, false
	refusedPlain.PASV, refusedPlain.EPSV, refusedPlain.Transfer, refusedPlain.StdClient = nil, nil, nil, nil

	reuse := func(noResume Transfer) *TLSFacts {
		t := tlsOK()
		t.NoResume = &noResume
		return t
	}
	noResumeFailed := Transfer{Command: "MLSD", Via: "PASV", Endpoint: netip.AddrPortFrom(pubAddr, 30011), Connected: true,
		Protected: true, Replies: []Reply{{150, []string{"150 Here comes the directory listing."}}, {522, []string{"522 SSL connection failed: session reuse required"}}},
		Error: "server answered 522 SSL connection failed: session reuse required", Stage: StageFinal}
	noResumeUnreached := Transfer{Command: "MLSD", Via: "PASV", Endpoint: netip.AddrPortFrom(pubAddr, 30011),
		Protected: true, Error: "data connect 203.0.113.10:30011: filtered", Stage: StageConnect}

	protC := func(r *Reply) *TLSFacts {
		t := tlsOK()
		t.ProtCReply = r
		return t
	}

	tests := []struct {
		name      string
		mode      TLSMode
		paths     []Path
		reference int
		want      []string
		policy    TLSPolicy // PlaintextReply and ProtCReply compared by code
		plainCode int
		protCCode int
	}{
		{
			name:      "everything allowed",
			mode:      TLSAuto,
			paths:     []Path{plainPath(pubAddr, healthySession()), tlsPath(pubAddr, healthySession(), protC(&Reply{200, []string{"200 PROT now Clear."}}))},
			want:      []string{FindingPassivePortRange},
			policy:    TLSPolicy{PlaintextLogin: PolicyAllowed, ProtC: PolicyAllowed},
			protCCode: 200,
		},
		{
			name: "plaintext login refused: the TLS path is the reference",
			mode: TLSAuto,
			paths: []Path{plainPath(pubAddr, refusedPlain),
				tlsPath(pubAddr, healthySession(), protC(&Reply{534, []string{"534 PROT C refused: use PROT P."}}))},
			reference: 1,
			want:      []string{FindingPassivePortRange},
			policy:    TLSPolicy{PlaintextLogin: PolicyRefused, ProtC: PolicyRefused},
			plainCode: 530, protCCode: 534,
		},
		{
			name:   "explicit mode: plaintext login not judged",
			mode:   TLSExplicit,
			paths:  []Path{tlsPath(pubAddr, healthySession(), tlsOK())},
			want:   []string{FindingPassivePortRange},
			policy: TLSPolicy{PlaintextLogin: PolicyUnknown, ProtC: PolicyNotTested},
		},
		{
			name:   "session reuse required",
			mode:   TLSExplicit,
			paths:  []Path{tlsPath(pubAddr, healthySession(), reuse(noResumeFailed))},
			want:   []string{FindingTLSSessionReuseRequired, FindingPassivePortRange},
			policy: TLSPolicy{PlaintextLogin: PolicyUnknown, ProtC: PolicyNotTested, SessionReuseRequired: true},
		},
		{
			name:   "listing without resumption never reached the data port: reuse not judged",
			mode:   TLSExplicit,
			paths:  []Path{tlsPath(pubAddr, healthySession(), reuse(noResumeUnreached))},
			want:   []string{FindingPassivePortRange},
			policy: TLSPolicy{PlaintextLogin: PolicyUnknown, ProtC: PolicyNotTested},
		},
		{
			name:   "listing without resumption worked",
			mode:   TLSExplicit,
			paths:  []Path{tlsPath(pubAddr, healthySession(), reuse(Transfer{Command: "MLSD", Via: "PASV", Endpoint: netip.AddrPortFrom(pubAddr, 30011), Connected: true, OK: true}))},
			want:   []string{FindingPassivePortRange},
			policy: TLSPolicy{PlaintextLogin: PolicyUnknown, ProtC: PolicyNotTested},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Diagnose(Facts{Host: "ftp.example.test", Port: 21, TLSMode: tt.mode, User: "anonymous", Paths: tt.paths})
			if got := idsOf(d.Findings); !slices.Equal(got, tt.want) {
				t.Fatalf("findings = %v, want %v", got, tt.want)
			}
			if d.Reference != tt.reference {
				t.Errorf("reference = %d, want %d", d.Reference, tt.reference)
			}
			if d.TLS == nil {
				t.Fatal("no TLS policy")
			}
			got := *d.TLS
			if code(got.PlaintextReply) != tt.plainCode || code(got.ProtCReply) != tt.protCCode {
				t.Errorf("replies: plaintext %d, PROT C %d; want %d, %d", code(got.PlaintextReply), code(got.ProtCReply), tt.plainCode, tt.protCCode)
			}
			got.PlaintextReply, got.ProtCReply = nil, nil
			if got != tt.policy {
				t.Errorf("policy = %+v, want %+v", got, tt.policy)
			}
		})
	}
}

func code(r *Reply) int {
	if r == nil {
		return 0
	}
	return r.Code
}

func TestDiagnoseUnknownWithoutObservation(t *testing.T) {
	// Connected and greeted but neither logged in nor broken, and nothing
	// to report: no verdict can be given.
	s := healthySession()
	s.UserReply, s.PassReply, s.LoggedIn, s.PASV, s.EPSV, s.Transfer, s.StdClient = nil, nil, false, nil, nil, nil, nil
	d := Diagnose(Facts{Host: "ftp.example.test", Port: 21, TLSMode: TLSAuto, User: "anonymous", Paths: []Path{plainPath(pubAddr, s)}})
	if len(d.Findings) != 0 || d.Verdict != VerdictUnknown {
		t.Errorf("findings %v, verdict %s; want none, unknown", idsOf(d.Findings), d.Verdict)
	}
	if d.Software.Name != SoftwareVsftpd {
		t.Errorf("software = %+v", d.Software)
	}
}

// A server has one passive range, and each address samples a part of it:
// the fix for the IPv6 path pins and opens the range every address saw,
// not the IPv6 samples alone, and the top-level range is the same.
func TestDiagnoseServerRangeAcrossFamilies(t *testing.T) {
	f := dualStack([]Path{plainPath(pubAddr, healthySession())}, plainPath(pub6Addr, filteredSession6()))
	d := Diagnose(f)
	if d.Range.Min != 30000 || d.Range.Max != 30009 || !d.Range.Observed {
		t.Errorf("server range %+v, want 30000-30009 observed", d.Range)
	}
	for _, id := range []string{FindingDataPortFiltered, FindingFamilyDataBlocked, FindingPassivePortRange} {
		p := findingByID(t, d.Findings, id).Params
		if p[ParamPortMin] != "30000" || p[ParamPortMax] != "30009" || p[ParamRangeObserved] != "true" {
			t.Errorf("%s: range %s-%s observed=%s, want 30000-30009 observed", id, p[ParamPortMin], p[ParamPortMax], p[ParamRangeObserved])
		}
	}
	if n := len(findingByID(t, d.Findings, FindingPassivePortRange).Paths); n != 2 {
		t.Errorf("passive.port_range names %d paths, want both", n)
	}
}
