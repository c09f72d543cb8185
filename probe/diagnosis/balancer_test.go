package diagnosis

import (
	"slices"
	"testing"
)

// Two servers behind a balancer: a refused port that answers the next
// connection is the balancer's, and no finding lists a port as both
// answering and failing.
func TestDiagnoseBalancer(t *testing.T) {
	s := healthySession()
	s.PASV[1].Peer.Reach = ReachRefused
	s.PASV[1].Redials = []Dial{{Address: s.PASV[1].Peer.Address, Reach: ReachOpen}}
	s.PASV[2].Peer.Reach = ReachRefused // refused three times: not proven either way
	s.PASV[2].Redials = []Dial{{Address: s.PASV[2].Peer.Address, Reach: ReachRefused}, {Address: s.PASV[2].Peer.Address, Reach: ReachRefused}}
	f := Facts{Host: "ftp.example.test", Port: 21, TLSMode: TLSOff, User: "anonymous", Paths: []Path{plainPath(pubAddr, s)}}
	d := Diagnose(f)
	lb := findingByID(t, d.Findings, FindingBalancerNoAffinity)
	if lb.Severity != SeverityCritical || !slices.Equal(lb.Ports.Ports, ports(30003)) {
		t.Errorf("balancer finding: %+v", lb)
	}
	for _, fd := range d.Findings {
		if !slices.Contains(dataFindings, fd.ID) {
			continue // the others list ports offered, not failing
		}
		for _, list := range [][]PortSpan{fd.Ports.Ports, fd.Ports.Missing} {
			if slices.Contains(list, PortSpan{Min: 30003, Max: 30003}) {
				t.Errorf("%s lists the balanced port 30003 as failing: %+v", fd.ID, fd.Ports)
			}
		}
	}
	if got := mixedPorts(&f.Paths[0]); !slices.Equal(got, []int{30003}) {
		t.Errorf("mixed ports %v", got)
	}

	// The same port open in one sample and refused in another is mixed too.
	s = healthySession()
	s.PASV[1].Port, s.PASV[1].Peer.Reach = s.PASV[0].Port, ReachRefused
	if got := mixedPorts(&Path{SessionFacts: s}); !slices.Equal(got, []int{int(s.PASV[0].Port)}) {
		t.Errorf("mixed ports across samples %v", got)
	}
}

// Greetings whose first lines differ come from two servers; what follows
// the first line changes from session to session.
func TestDiagnoseBalancerGreetings(t *testing.T) {
	tests := []struct {
		plain, sec string
		two        bool
	}{
		{"220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------", "220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------", false},
		{"220 ftp1.example.test FTP server ready.", "220 ftp2.example.test FTP server ready.", true},
		{"220 ProFTPD Server (Debian) [10.0.0.5]", "220 ProFTPD Server (Debian) [10.0.0.6]", true},
	}
	for _, tt := range tests {
		p := plainPath(pubAddr, healthySession())
		p.Greeting = &Reply{Code: 220, Lines: []string{tt.plain, "220-You are user number 1 of 50 allowed."}}
		s := tlsPath(pubAddr, healthySession(), &TLSFacts{Offered: true})
		s.Greeting = &Reply{Code: 220, Lines: []string{tt.sec, "220-You are user number 2 of 50 allowed."}}
		d := Diagnose(Facts{Host: "ftp.example.test", Port: 21, TLSMode: TLSAuto, User: "anonymous", Paths: []Path{p, s}})
		got := slices.ContainsFunc(d.Findings, func(f Finding) bool { return f.ID == FindingBalancerNoAffinity })
		if got != tt.two {
			t.Errorf("%q / %q: balancer finding %v, want %v", tt.plain, tt.sec, got, tt.two)
		}
	}
}

// Two TLS connections to one address shown different certificates met
// two servers.
func TestDiagnoseBalancerCertificates(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		two  bool
	}{{"aa", "aa", false}, {"aa", "bb", true}, {"aa", "", false}} {
		tf := &TLSFacts{Offered: true, Certificate: &Certificate{Subject: "CN=ftp", SHA256: tt.a, Verified: true}}
		if tt.b != "" {
			tf.PolicyCertificate = &Certificate{Subject: "CN=ftp", SHA256: tt.b, Verified: true}
		}
		p := plainPath(pubAddr, healthySession())
		s := tlsPath(pubAddr, healthySession(), tf)
		d := Diagnose(Facts{Host: "ftp.example.test", Port: 21, TLSMode: TLSAuto, User: "anonymous", Paths: []Path{p, s}})
		got := slices.ContainsFunc(d.Findings, func(f Finding) bool { return f.ID == FindingBalancerNoAffinity })
		if got != tt.two {
			t.Errorf("certificates %q and %q: balancer finding %v, want %v", tt.a, tt.b, got, tt.two)
		}
	}
}

// A listing that fails with its data connection open and works the next
// time is the balancer's finding, not a failed transfer.
func TestDiagnoseBalancerFlakyListing(t *testing.T) {
	s := healthySession()
	s.Transfer = &Transfer{Command: "MLSD", Via: "PASV", Connected: true, Stage: StageFinal, Error: "transfer ended with 425 Failed to establish connection.",
		Again: &Transfer{Command: "MLSD", Via: "PASV", Connected: true, OK: true, Lines: 2}}
	d := Diagnose(Facts{Host: "ftp.example.test", Port: 21, TLSMode: TLSOff, User: "anonymous", Paths: []Path{plainPath(pubAddr, s)}})
	ids := idsOf(d.Findings)
	if !slices.Contains(ids, FindingBalancerNoAffinity) || slices.Contains(ids, FindingDataTransferFailed) {
		t.Errorf("findings %v", ids)
	}
	s.Transfer.Again.OK = false // fails every time: the server's
	d = Diagnose(Facts{Host: "ftp.example.test", Port: 21, TLSMode: TLSOff, User: "anonymous", Paths: []Path{plainPath(pubAddr, s)}})
	ids = idsOf(d.Findings)
	if slices.Contains(ids, FindingBalancerNoAffinity) || !slices.Contains(ids, FindingDataTransferFailed) {
		t.Errorf("findings %v", ids)
	}
}

// Two connections answering FEAT with different features met two servers;
// the same features in another order or case are one server.
func TestDiagnoseBalancerFeatures(t *testing.T) {
	for _, tt := range []struct {
		other []string
		two   bool
	}{
		{[]string{"MLSD", "pasv", "EPSV", "AUTH TLS"}, false},
		{[]string{"AUTH TLS", "EPSV", "PASV"}, true},
	} {
		f := ParseFEAT(Reply{Code: 211, Lines: append(append([]string{"211-Features:"}, prefixed(tt.other)...), "211 End")})
		tf := &TLSFacts{Offered: true, PolicyFeatures: &f}
		d := Diagnose(Facts{Host: "ftp.example.test", Port: 21, TLSMode: TLSAuto, User: "anonymous",
			Paths: []Path{plainPath(pubAddr, healthySession()), tlsPath(pubAddr, healthySession(), tf)}})
		got := slices.ContainsFunc(d.Findings, func(f Finding) bool { return f.ID == FindingBalancerNoAffinity })
		if got != tt.two {
			t.Errorf("FEAT %v: balancer finding %v, want %v", tt.other, got, tt.two)
		}
	}
}

func prefixed(l []string) []string {
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = " " + s
	}
	return out
}
