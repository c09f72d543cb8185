package diagnosis

import (
	"net/netip"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

var (
	pubAddr  = netip.MustParseAddr("203.0.113.10")
	privAddr = netip.MustParseAddr("10.0.0.5")
)

// pasvSample is a PASV exchange advertising addr, its data port dialled at
// the control peer pubAddr.
func pasvSample(addr netip.Addr, port uint16, reach Reach) PassiveSample {
	return pasvSampleAt(pubAddr, addr, port, reach)
}

// pasvSampleAt is a PASV exchange advertising addr, its data port dialled
// at the control peer.
func pasvSampleAt(peer, addr netip.Addr, port uint16, reach Reach) PassiveSample {
	h := addr.As4()
	line := "227 Entering Passive Mode (" + joinInts([]int{int(h[0]), int(h[1]), int(h[2]), int(h[3]), int(port >> 8), int(port & 0xff)}) + ")."
	line = strings.ReplaceAll(line, ", ", ",")
	return PassiveSample{
		Command: "PASV", Reply: Reply{227, []string{line}}, Accepted: true, Standard: true, Format: "rfc959",
		Address: addr, Port: port, Class: ClassifyAddr(addr),
		Peer: Dial{Address: netip.AddrPortFrom(peer, port), Reach: reach, Duration: 3 * time.Second},
	}
}

func epsvSample(port uint16, reach Reach) PassiveSample {
	return epsvSampleAt(pubAddr, port, reach)
}

// epsvSampleAt is an EPSV exchange whose data port is dialled at peer.
func epsvSampleAt(peer netip.Addr, port uint16, reach Reach) PassiveSample {
	return PassiveSample{
		Command: "EPSV", Reply: Reply{229, []string{"229 Entering Extended Passive Mode (|||" + strconv.Itoa(int(port)) + "|)"}},
		Accepted: true, Standard: true, Format: "rfc2428", Address: peer, Port: port, Class: ClassifyAddr(peer),
		Peer: Dial{Address: netip.AddrPortFrom(peer, port), Reach: reach},
	}
}

// plainPath is a plaintext path to addr whose control connection opened.
func plainPath(addr netip.Addr, s SessionFacts) Path {
	return Path{
		PathID:       PathID{Family: FamilyOf(addr), Address: addr, Transport: TransportPlain},
		Control:      Dial{Address: netip.AddrPortFrom(addr, 21), Reach: ReachOpen, Duration: 20 * time.Millisecond},
		SessionFacts: s,
	}
}

// tlsPath is an explicit TLS path to addr whose control connection opened.
func tlsPath(addr netip.Addr, s SessionFacts, t *TLSFacts) Path {
	p := plainPath(addr, s)
	p.Transport = TransportExplicitTLS
	p.TLS = t
	return p
}

// deadPath is a path to addr whose control connect failed.
func deadPath(addr netip.Addr, tr Transport, reach Reach) Path {
	return Path{
		PathID: PathID{Family: FamilyOf(addr), Address: addr, Transport: tr},
		Control: Dial{Address: netip.AddrPortFrom(addr, 21), Reach: reach, Duration: 5 * time.Second,
			Error: "no answer within 5s"},
	}
}

// healthySession is a plaintext session at pubAddr where everything worked.
func healthySession() SessionFacts {
	feat := Reply{211, []string{"211-Features:", " AUTH TLS", " EPSV", " PASV", " MLSD", "211 End"}}
	features := ParseFEAT(feat)
	return SessionFacts{
		Greeting:  &Reply{220, []string{"220 (vsFTPd 3.0.3)"}},
		Feat:      &feat,
		Features:  &features,
		UserReply: &Reply{331, []string{"331 Please specify the password."}},
		PassReply: &Reply{230, []string{"230 Login successful."}},
		LoggedIn:  true,
		PASV: []PassiveSample{
			pasvSample(pubAddr, 30000, ReachOpen), pasvSample(pubAddr, 30003, ReachOpen),
			pasvSample(pubAddr, 30007, ReachOpen), pasvSample(pubAddr, 30009, ReachOpen),
		},
		EPSV:      []PassiveSample{epsvSample(30005, ReachOpen)},
		Transfer:  &Transfer{Command: "MLSD", Via: "PASV", Connected: true, OK: true, Bytes: 120, Lines: 2},
		StdClient: &StdClient{Ran: true, OK: true, Entries: 2},
	}
}

// healthyFacts is a diagnosis of one plaintext path where everything worked.
func healthyFacts() Facts {
	return Facts{
		Host: "ftp.example.test", Port: 21, TLSMode: TLSAuto, User: "anonymous",
		Addresses: []netip.Addr{pubAddr},
		Paths:     []Path{plainPath(pubAddr, healthySession())},
	}
}

type findingWant struct {
	id       string
	severity Severity
	summary  []string // substrings
	evidence []string // substrings, each in some evidence line
	params   Params   // exact values for these keys
	ports    *PortLists
}

// ports is a list of one-port runs.
func ports(ps ...int) []PortSpan { return SpansOf(ps) }

func TestDiagnoseSinglePath(t *testing.T) {
	tests := []struct {
		name    string
		facts   func() Facts
		want    []findingWant // exactly these IDs, in this order
		verdict Verdict
	}{
		{
			name:    "healthy",
			facts:   healthyFacts,
			want:    []findingWant{{id: FindingPassivePortRange, severity: SeverityInfo, summary: []string{"30000–30009", "5 samples"}}},
			verdict: VerdictOK,
		},
		{
			name: "dns failure",
			facts: func() Facts {
				return Facts{Host: "nope.example.test", Port: 21, ResolveError: "nope.example.test: no such host"}
			},
			want:    []findingWant{{id: FindingDNSUnresolved, severity: SeverityCritical, summary: []string{"nope.example.test does not resolve"}}},
			verdict: VerdictCritical,
		},
		{
			name: "control port filtered",
			facts: func() Facts {
				return Facts{Host: "h", Port: 21, Addresses: []netip.Addr{pubAddr},
					Paths: []Path{deadPath(pubAddr, TransportPlain, ReachFiltered)}}
			},
			want: []findingWant{{id: FindingControlUnreachable, severity: SeverityCritical,
				summary: []string{"203.0.113.10:21 is filtered"}, evidence: []string{"connect 203.0.113.10:21: filtered after 5.0 s"}}},
			verdict: VerdictCritical,
		},
		{
			name: "greeting 421",
			facts: func() Facts {
				f := healthyFacts()
				p := &f.Paths[0]
				p.Greeting = &Reply{421, []string{"421 Too many connections (10) from this IP"}}
				p.GreetingError = "server refused the session with 421"
				p.Feat, p.Features, p.UserReply, p.PassReply, p.LoggedIn, p.PASV, p.EPSV, p.Transfer, p.StdClient = nil, nil, nil, nil, false, nil, nil, nil, nil
				return f
			},
			want: []findingWant{{id: FindingControlNoGreeting, severity: SeverityCritical,
				summary: []string{"421"}, evidence: []string{"< 421 Too many connections"}}},
			verdict: VerdictCritical,
		},
		{
			name: "login refused",
			facts: func() Facts {
				f := healthyFacts()
				p := &f.Paths[0]
				p.PassReply = &Reply{530, []string{"530 Login incorrect."}}
				p.LoggedIn, p.PASV, p.EPSV, p.Transfer, p.StdClient = false, nil, nil, nil, nil
				return f
			},
			want: []findingWant{{id: FindingLoginFailed, severity: SeverityCritical,
				summary: []string{`"anonymous"`, "530 Login incorrect."}, evidence: []string{"> PASS ****", "< 530 Login incorrect."}}},
			verdict: VerdictCritical,
		},
		{
			name: "NAT: private address, data ports filtered",
			facts: func() Facts {
				f := healthyFacts()
				p := &f.Paths[0]
				p.PASV = []PassiveSample{
					pasvSample(privAddr, 30001, ReachFiltered), pasvSample(privAddr, 30004, ReachFiltered),
					pasvSample(privAddr, 30002, ReachFiltered), pasvSample(privAddr, 30008, ReachFiltered),
				}
				p.EPSV = []PassiveSample{epsvSample(30006, ReachFiltered)}
				p.Transfer = nil
				p.StdClient = &StdClient{Ran: true, Error: "list: dial tcp 203.0.113.10:30005: i/o timeout"}
				return f
			},
			want: []findingWant{
				{id: FindingPASVUnroutable, severity: SeverityCritical,
					summary:  []string{"PASV advertises 10.0.0.5, a private address", "at 203.0.113.10", "no client can list"},
					evidence: []string{"< 227 Entering Passive Mode (10,0,0,5,117,49).", "advertised 10.0.0.5 is private"},
					params: Params{ParamPublicAddress: "203.0.113.10", ParamAdvertisedAddress: "10.0.0.5", ParamServerAddress: "10.0.0.5",
						ParamPortMin: "30001", ParamPortMax: "30008", ParamRangeObserved: "true", ParamControlPort: "21"}},
				{id: FindingDataPortFiltered, severity: SeverityCritical,
					summary:  []string{"30001, 30002, 30004, 30006, 30008 at 203.0.113.10 do not answer"},
					evidence: []string{"connect 203.0.113.10:30001 (PASV): filtered — no answer in 3.0 s (dropped)", "standard client", "failed"},
					params:   Params{ParamPortMin: "30001", ParamPortMax: "30008", ParamServerAddress: "10.0.0.5"},
					ports:    &PortLists{Ports: ports(30001, 30002, 30004, 30006, 30008)}},
				{id: FindingPassivePortRange, severity: SeverityInfo},
			},
			verdict: VerdictCritical,
		},
		{
			name: "NAT: private address, ports forwarded (substituting clients work)",
			facts: func() Facts {
				f := healthyFacts()
				p := &f.Paths[0]
				for i := range p.PASV {
					p.PASV[i] = pasvSample(privAddr, p.PASV[i].Port, ReachOpen)
				}
				return f
			},
			want: []findingWant{
				{id: FindingPASVUnroutable, severity: SeverityCritical,
					summary:  []string{"FileZilla, curl, lftp", "strict clients"},
					evidence: []string{"standard client (jlaffaye/ftp, substitutes the control address): listed 2 entries"}},
				{id: FindingPassivePortRange, severity: SeverityInfo},
			},
			verdict: VerdictCritical,
		},
		{
			// Client verdicts depend on the class of the address the
			// finding is about, not on the first sample's.
			name: "one backend announces the control address, another an internal one",
			facts: func() Facts {
				f := healthyFacts()
				p := &f.Paths[0]
				p.PASV[0] = pasvSample(pubAddr, p.PASV[0].Port, ReachOpen)
				for i := 1; i < len(p.PASV); i++ {
					p.PASV[i] = pasvSample(netip.MustParseAddr("100.64.0.9"), p.PASV[i].Port, ReachOpen)
				}
				return f
			},
			want: []findingWant{
				{id: FindingPASVUnroutable, severity: SeverityCritical, summary: []string{"100.64.0.9, a cgnat address"},
					params: Params{ParamAdvertisedAddress: "100.64.0.9"}},
				{id: FindingPassivePortRange, severity: SeverityInfo},
			},
			verdict: VerdictCritical,
		},
		{
			name: "wrong public address",
			facts: func() Facts {
				f := healthyFacts()
				p := &f.Paths[0]
				other := netip.MustParseAddr("198.51.100.200")
				for i := range p.PASV {
					p.PASV[i] = pasvSample(other, p.PASV[i].Port, ReachOpen)
				}
				return f
			},
			want: []findingWant{
				{id: FindingPASVMismatch, severity: SeverityWarning, summary: []string{"198.51.100.200", "203.0.113.10"},
					params: Params{ParamAdvertisedAddress: "198.51.100.200", ParamPublicAddress: "203.0.113.10"}},
				{id: FindingPassivePortRange, severity: SeverityInfo},
			},
			verdict: VerdictWarning,
		},
		{
			name: "data ports refused",
			facts: func() Facts {
				f := healthyFacts()
				p := &f.Paths[0]
				for i := range p.PASV {
					p.PASV[i].Peer.Reach = ReachRefused
				}
				p.EPSV[0].Peer.Reach = ReachRefused
				p.Transfer = nil
				return f
			},
			want: []findingWant{
				{id: FindingDataPortRefused, severity: SeverityCritical, summary: []string{"30000, 30003, 30005, 30007, 30009", "reset"}},
				{id: FindingPassivePortRange, severity: SeverityInfo},
			},
			verdict: VerdictCritical,
		},
		{
			name: "PASV unparseable",
			facts: func() Facts {
				f := healthyFacts()
				p := &f.Paths[0]
				p.PASV = []PassiveSample{{Command: "PASV", Reply: Reply{227, []string{"227 Entering Passiv Mode (1216,256,2,127,127,127)"}},
					Accepted: true, Error: "227 reply number 1216 is greater than 255"}}
				return f
			},
			want: []findingWant{
				{id: FindingPASVMalformed, severity: SeverityCritical, summary: []string{"cannot be parsed"},
					evidence: []string{"< 227 Entering Passiv Mode (1216,256,2,127,127,127)"}},
				{id: FindingPassivePortRange, severity: SeverityInfo},
			},
			verdict: VerdictCritical,
		},
		{
			name: "PASV non-standard form",
			facts: func() Facts {
				f := healthyFacts()
				p := &f.Paths[0]
				p.PASV[0].Standard, p.PASV[0].Format = false, "equals"
				p.PASV[0].Reply = Reply{227, []string{"227 =203,0,113,10,117,48"}}
				return f
			},
			want: []findingWant{
				{id: FindingPASVMalformed, severity: SeverityWarning, summary: []string{"not in the standard form (equals)"}},
				{id: FindingPassivePortRange, severity: SeverityInfo},
			},
			verdict: VerdictWarning,
		},
		{
			name: "PASV multi-line (aioftp): Commons Net reads the first line only",
			facts: func() Facts {
				f := healthyFacts()
				p := &f.Paths[0]
				p.PASV[0].Standard, p.PASV[0].Format = false, PASVFormatMultiLine
				p.PASV[0].Reply = Reply{227, []string{"227-listen socket created", "227 (203,0,113,10,117,48)"}}
				return f
			},
			want: []findingWant{
				{id: FindingPASVMalformed, severity: SeverityWarning,
					summary:  []string{"not in the standard form (multi-line)", "it breaks Apache Commons Net (reads only the first line)", "curl, Python ftplib cope"},
					evidence: []string{"< 227-listen socket created", "reply form: multi-line", "Apache Commons Net rejects the reply", "curl reads port 30000"}},
				{id: FindingPassivePortRange, severity: SeverityInfo},
			},
			verdict: VerdictWarning,
		},
		{
			name: "PASV in parentheses only: every modelled client reads it",
			facts: func() Facts {
				f := healthyFacts()
				p := &f.Paths[0]
				p.PASV[0].Standard, p.PASV[0].Format = false, PASVFormatParenthesesOnly
				p.PASV[0].Reply = Reply{227, []string{"227 (203,0,113,10,117,48)"}}
				return f
			},
			want: []findingWant{
				{id: FindingPassivePortRange, severity: SeverityInfo},
			},
			verdict: VerdictOK,
		},
		{
			name: "EPSV port 0 is malformed, not unsupported",
			facts: func() Facts {
				f := healthyFacts()
				p := &f.Paths[0]
				p.EPSV = []PassiveSample{{Command: "EPSV", Reply: Reply{229, []string{"229 Entering Extended Passive Mode (|||0|)"}},
					Accepted: true, Error: "229 reply port 0 is out of range 1-65535", Peer: Dial{Reach: ReachNotTested}}}
				return f
			},
			want: []findingWant{
				{id: FindingEPSVMalformed, severity: SeverityWarning, summary: []string{"EPSV reply is malformed (229 reply port 0"},
					evidence: []string{"> EPSV", "< 229 Entering Extended Passive Mode (|||0|)", "parse error: 229 reply port 0", "curl reads port 0"}},
				{id: FindingPassivePortRange, severity: SeverityInfo},
			},
			verdict: VerdictWarning,
		},
		{
			name: "EPSV naming an address is malformed",
			facts: func() Facts {
				f := healthyFacts()
				p := &f.Paths[0]
				p.EPSV = []PassiveSample{{Command: "EPSV", Reply: Reply{229, []string{"229 Entering Extended Passive Mode (|1|10.0.0.5|50000|)"}},
					Accepted: true, Error: `229 reply names network protocol "1" and address "10.0.0.5"; EPSV must leave both empty`, Peer: Dial{Reach: ReachNotTested}}}
				return f
			},
			want: []findingWant{
				{id: FindingEPSVMalformed, severity: SeverityWarning, summary: []string{"address \"10.0.0.5\""},
					evidence: []string{"Python ftplib reads port 50000", "curl rejects the reply"}},
				{id: FindingPassivePortRange, severity: SeverityInfo},
			},
			verdict: VerdictWarning,
		},
		{
			name: "PASV refused, EPSV works",
			facts: func() Facts {
				f := healthyFacts()
				p := &f.Paths[0]
				p.PASV = []PassiveSample{{Command: "PASV", Reply: Reply{500, []string{"500 PASV not understood."}}}}
				p.Transfer.Via = "EPSV"
				return f
			},
			want: []findingWant{
				{id: FindingPASVUnsupported, severity: SeverityWarning, evidence: []string{"< 500 PASV not understood."}},
				{id: FindingPassivePortRange, severity: SeverityInfo, summary: []string{"30005–30005 over 1 samples"}},
			},
			verdict: VerdictWarning,
		},
		{
			name: "no passive mode at all",
			facts: func() Facts {
				f := healthyFacts()
				p := &f.Paths[0]
				p.PASV = []PassiveSample{{Command: "PASV", Reply: Reply{500, []string{"500 PASV not understood."}}}}
				p.EPSV = []PassiveSample{{Command: "EPSV", Reply: Reply{500, []string{"500 EPSV not understood."}}}}
				p.Transfer = nil
				return f
			},
			want: []findingWant{
				{id: FindingPASVUnsupported, severity: SeverityCritical, summary: []string{"both PASV and EPSV"}},
				{id: FindingEPSVUnsupported, severity: SeverityInfo},
			},
			verdict: VerdictCritical,
		},
		{
			name: "LIST gets 425",
			facts: func() Facts {
				f := healthyFacts()
				p := &f.Paths[0]
				p.Transfer = &Transfer{Command: "MLSD", Via: "PASV", Endpoint: netip.AddrPortFrom(pubAddr, 30002), Connected: true, Stage: StageFinal,
					Replies: []Reply{{227, []string{"227 Entering Passive Mode (203,0,113,10,117,50)."}}, {425, []string{"425 Can't open data connection."}}},
					Error:   "server answered 425 Can't open data connection."}
				return f
			},
			want: []findingWant{
				{id: FindingDataTransferFailed, severity: SeverityCritical, summary: []string{"MLSD failed", "425"},
					evidence: []string{"< 425 Can't open data connection.", "data connection 203.0.113.10:30002 (PASV) opened"}},
				{id: FindingPassivePortRange, severity: SeverityInfo},
			},
			verdict: VerdictCritical,
		},
		{
			name: "no AUTH TLS, masked SYST, greeting leaks address",
			facts: func() Facts {
				f := healthyFacts()
				p := &f.Paths[0]
				feat := Reply{211, []string{"211-Features:", " EPSV", " PASV", "211 End"}}
				features := ParseFEAT(feat)
				p.Feat, p.Features = &feat, &features
				p.Greeting = &Reply{220, []string{"220 ProFTPD 1.3.8 Server (Debian) [10.0.0.5]"}}
				p.Syst = &Reply{215, []string{"215 XXXXXXXXXXXXXXXXXXX"}}
				s := ParseSYST(*p.Syst)
				p.SystInfo = &s
				return f
			},
			want: []findingWant{
				{id: FindingTLSNotOffered, severity: SeverityWarning, evidence: []string{"> FEAT", "< 211 End"}},
				{id: FindingALGSystMasked, severity: SeverityInfo, evidence: []string{"< 215 XXXX"}},
				{id: FindingBannerLeaksPrivateAddr, severity: SeverityInfo, summary: []string{"10.0.0.5"},
					evidence: []string{"10.0.0.5 in the greeting is a private address"}, params: Params{ParamServerAddress: "10.0.0.5"}},
				{id: FindingPassivePortRange, severity: SeverityInfo},
			},
			verdict: VerdictWarning,
		},
		{
			name: "part of the range answers",
			facts: func() Facts {
				f := healthyFacts()
				p := &f.Paths[0]
				p.PASV[1].Peer.Reach, p.PASV[3].Peer.Reach = ReachFiltered, ReachFiltered
				p.Transfer = nil
				return f
			},
			want: []findingWant{
				{id: FindingRangePartiallyBlocked, severity: SeverityCritical,
					summary: []string{"Some passive ports answer (30000, 30005, 30007) and others do not (30003, 30009)"},
					ports:   &PortLists{Ports: ports(30003, 30009), Missing: ports(30003, 30009), Forwarded: ports(30000, 30005, 30007)}},
				{id: FindingPassivePortRange, severity: SeverityInfo},
			},
			verdict: VerdictCritical,
		},
		{
			name: "any port: samples spread over the ephemeral range",
			facts: func() Facts {
				f := healthyFacts()
				p := &f.Paths[0]
				for i, port := range []uint16{33012, 47890, 58001, 40222} {
					p.PASV[i] = pasvSample(pubAddr, port, ReachOpen)
				}
				p.EPSV[0] = epsvSample(51234, ReachOpen)
				return f
			},
			want: []findingWant{{id: FindingPassivePortRange, severity: SeverityWarning,
				summary: []string{"any port", "pin a range"},
				params: Params{ParamAnyPort: "true", ParamSpread: "24989", ParamPortMin: "50000", ParamPortMax: "50099",
					ParamRangeObserved: "false"}}},
			verdict: VerdictWarning,
		},
		{
			name: "range holds the SIP port",
			facts: func() Facts {
				f := healthyFacts()
				p := &f.Paths[0]
				for i, port := range []uint16{5050, 5055, 5070, 5065} {
					p.PASV[i] = pasvSample(pubAddr, port, ReachOpen)
				}
				p.EPSV[0] = epsvSample(5058, ReachOpen)
				return f
			},
			want: []findingWant{{id: FindingPassivePortRange, severity: SeverityWarning,
				summary: []string{"includes 5060, 5061"}, params: Params{ParamAnyPort: "false"},
				ports: &PortLists{Ports: ports(5050, 5055, 5070, 5065, 5058), ALG: ports(5060, 5061)}}},
			verdict: VerdictWarning,
		},
		{
			name: "session broke off after PASV",
			facts: func() Facts {
				f := healthyFacts()
				p := &f.Paths[0]
				p.PASV, p.EPSV, p.Transfer = nil, nil, nil
				p.SessionError = &SessionError{Step: "pasv", Command: "PASV", Kind: ErrKindTimeout, Error: "PASV: no reply within 10s"}
				return f
			},
			want: []findingWant{{id: FindingControlSessionFailed, severity: SeverityCritical,
				summary: []string{"during PASV", "no reply within 10s"}}},
			verdict: VerdictCritical,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Diagnose(tt.facts())
			got := d.Findings
			var ids, wantIDs []string
			for _, f := range got {
				ids = append(ids, f.ID)
			}
			for _, w := range tt.want {
				wantIDs = append(wantIDs, w.id)
			}
			if !slices.Equal(ids, wantIDs) {
				t.Fatalf("findings = %v, want %v", ids, wantIDs)
			}
			for i, w := range tt.want {
				checkFinding(t, got[i], w)
			}
			checkFindingPaths(t, tt.facts(), got)
			if v := VerdictOf(got); v != tt.verdict {
				t.Errorf("verdict of the findings = %s, want %s", v, tt.verdict)
			}
			if d.Verdict != tt.verdict {
				t.Errorf("verdict = %s, want %s", d.Verdict, tt.verdict)
			}
		})
	}
}

func checkFinding(t *testing.T, f Finding, w findingWant) {
	t.Helper()
	if f.Severity != w.severity {
		t.Errorf("%s: severity = %s, want %s", f.ID, f.Severity, w.severity)
	}
	for _, s := range w.summary {
		if !strings.Contains(f.Summary, s) {
			t.Errorf("%s: summary %q lacks %q", f.ID, f.Summary, s)
		}
	}
	for _, s := range w.evidence {
		if !slices.ContainsFunc(f.Evidence, func(l string) bool { return strings.Contains(l, s) }) {
			t.Errorf("%s: no evidence line contains %q; evidence:\n  %s", f.ID, s, strings.Join(f.Evidence, "\n  "))
		}
	}
	for k, v := range w.params {
		if f.Params[k] != v {
			t.Errorf("%s: param %s = %q, want %q", f.ID, k, f.Params[k], v)
		}
	}
	if w.ports != nil && !reflect.DeepEqual(f.Ports, *w.ports) {
		t.Errorf("%s: ports %+v, want %+v", f.ID, f.Ports, *w.ports)
	}
	if len(f.Evidence) == 0 {
		t.Errorf("%s: no evidence", f.ID)
	}
}

// checkFindingPaths: every finding but dns.unresolved names at least one
// path, and only paths of the facts.
func checkFindingPaths(t *testing.T, f Facts, fs []Finding) {
	t.Helper()
	for _, fd := range fs {
		if fd.ID == FindingDNSUnresolved {
			continue
		}
		if len(fd.Paths) == 0 {
			t.Errorf("%s: names no path", fd.ID)
		}
		for _, id := range fd.Paths {
			if !slices.ContainsFunc(f.Paths, func(p Path) bool { return p.PathID == id }) {
				t.Errorf("%s: names %s, which is not a path of the facts", fd.ID, id)
			}
		}
	}
}
