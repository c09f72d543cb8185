package reporttest

import (
	"fmt"
	"net/netip"
	"time"

	"github.com/ftpnat/ftpnat/probe"
)

// Addresses used by the sample results (documentation and private ranges).
const (
	Host          = "ftp.example.test"
	PublicAddress = "203.0.113.10"
	ServerAddress = "10.0.0.5"
)

// StartedAt is when every sample run started.
func StartedAt() time.Time { return time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC) }

func reply(code int, lines ...string) *probe.Reply { return &probe.Reply{Code: code, Lines: lines} }

func pasvSample(port uint16, advertised string, class probe.AddrClass, reach probe.Reach, d time.Duration) probe.PassiveSample {
	a := netip.MustParseAddr(advertised)
	b := a.As4()
	line := fmt.Sprintf("227 Entering Passive Mode (%d,%d,%d,%d,%d,%d).", b[0], b[1], b[2], b[3], port>>8, port&0xff)
	return probe.PassiveSample{
		Command:  "PASV",
		Reply:    *reply(227, line),
		Accepted: true, Standard: true, Format: "rfc959",
		Address: a, Port: port, Class: class,
		Peer: probe.Dial{Address: netip.AddrPortFrom(netip.MustParseAddr(PublicAddress), port), Reach: reach, Duration: d,
			Error: map[probe.Reach]string{probe.ReachFiltered: "i/o timeout"}[reach]},
	}
}

func baseFacts() probe.Facts {
	peer := netip.MustParseAddr(PublicAddress)
	return probe.Facts{
		Host: Host, Port: 21, TLSMode: probe.TLSAuto, User: "anonymous",
		Addresses:       []netip.Addr{peer},
		ControlAttempts: []probe.Dial{{Address: netip.AddrPortFrom(peer, 21), Reach: probe.ReachOpen, Duration: 21 * time.Millisecond}},
		Peer:            peer,
		Local:           netip.MustParseAddrPort("192.0.2.44:51012"),
		SessionFacts: probe.SessionFacts{
			Greeting:  reply(220, "220 (vsFTPd 3.0.5)"),
			Feat:      reply(211, "211-Features:", " EPRT", " EPSV", " MDTM", " PASV", " REST STREAM", " SIZE", " TVFS", " UTF8", "211 End"),
			Features:  &probe.Features{List: []string{"EPRT", "EPSV", "MDTM", "PASV", "REST STREAM", "SIZE", "TVFS", "UTF8"}},
			UserReply: reply(331, "331 Please specify the password."),
			PassReply: reply(230, "230 Login successful."),
			LoggedIn:  true,
			Syst:      reply(215, "215 UNIX Type: L8"),
			SystInfo:  &probe.Syst{Type: "UNIX", Text: "UNIX Type: L8"},
			Pwd:       reply(257, `257 "/" is the current directory`),
			Dir:       "/",
			TypeI:     reply(200, "200 Switching to Binary mode."),
		},
		Software: probe.Software{Name: probe.SoftwareVsftpd, Version: "3.0.5", Source: "greeting"},
		Phases: []probe.Phase{
			{Name: "resolve", Duration: 3 * time.Millisecond}, {Name: "connect", Duration: 21 * time.Millisecond},
			{Name: "login", Duration: 88 * time.Millisecond}, {Name: "passive", Duration: 140 * time.Millisecond},
		},
	}
}

func transcript() []probe.TranscriptEntry {
	lines := []struct {
		ms        int
		dir, line string
	}{
		{21, probe.DirRecv, "220 (vsFTPd 3.0.5)"},
		{22, probe.DirSend, "FEAT"},
		{45, probe.DirRecv, "211 End"},
		{46, probe.DirSend, "USER anonymous"},
		{70, probe.DirRecv, "331 Please specify the password."},
		{70, probe.DirSend, "PASS ****"},
		{110, probe.DirRecv, "230 Login successful."},
		{111, probe.DirSend, "PASV"},
	}
	out := make([]probe.TranscriptEntry, 0, len(lines))
	for _, l := range lines {
		out = append(out, probe.TranscriptEntry{T: time.Duration(l.ms) * time.Millisecond, Dir: l.dir, Line: l.line, Session: "main"})
	}
	return out
}

// Healthy is a vsftpd server on a public address whose passive range is
// forwarded: only an informational port-range finding.
func Healthy() probe.Result {
	f := baseFacts()
	f.Greeting = reply(220, "220 (vsFTPd 3.0.5)")
	for i, p := range []uint16{30003, 30007, 30001, 30009} {
		s := pasvSample(p, PublicAddress, probe.ClassDocumentation, probe.ReachOpen, time.Duration(20+i)*time.Millisecond)
		s.Advertised = &s.Peer
		f.PASV = append(f.PASV, s)
	}
	f.EPSV = []probe.PassiveSample{{
		Command: "EPSV", Reply: *reply(229, "229 Entering Extended Passive Mode (|||30005|)"),
		Accepted: true, Standard: true, Format: "rfc2428", Port: 30005,
		Peer: probe.Dial{Address: netip.MustParseAddrPort(PublicAddress + ":30005"), Reach: probe.ReachOpen, Duration: 19 * time.Millisecond},
	}}
	f.Transfer = &probe.Transfer{Command: "MLSD", Via: "EPSV", Endpoint: netip.MustParseAddrPort(PublicAddress + ":30005"),
		Replies: []probe.Reply{*reply(150, "150 Here comes the directory listing."), *reply(226, "226 Directory send OK.")},
		Bytes:   912, Lines: 12, OK: true, Duration: 64 * time.Millisecond}
	f.StdClient = &probe.StdClient{Ran: true, OK: true, Entries: 12, Duration: 340 * time.Millisecond}
	findings := []probe.Finding{{
		ID: probe.FindingPassivePortRange, Severity: probe.SeverityInfo,
		Summary:  "4 PASV replies used ports 30001-30009.",
		Evidence: []string{"ports seen: 30001, 30003, 30007, 30009"},
		Params: probe.Params{probe.ParamPublicAddress: PublicAddress, probe.ParamControlPort: "21",
			probe.ParamPortMin: "30001", probe.ParamPortMax: "30009", probe.ParamRangeObserved: "true", probe.ParamHost: Host},
	}}
	return probe.Result{
		StartedAt: StartedAt(), Duration: 1240 * time.Millisecond, Facts: f, Findings: findings,
		Checks: []probe.Check{
			{Name: "resolve", Status: probe.CheckPass, Duration: 3 * time.Millisecond, Detail: Host + " -> " + PublicAddress},
			{Name: "connect", Status: probe.CheckPass, Duration: 21 * time.Millisecond, Detail: "connected to " + PublicAddress + ":21"},
			{Name: "login", Status: probe.CheckPass, Duration: 88 * time.Millisecond, Detail: "230 Login successful."},
			{Name: "passive", Status: probe.CheckPass, Duration: 140 * time.Millisecond, Detail: "4 PASV, 1 EPSV; every data port answered"},
			{Name: "listing", Status: probe.CheckPass, Duration: 64 * time.Millisecond, Detail: "MLSD: 12 entries"},
			{Name: "standard client", Status: probe.CheckPass, Duration: 340 * time.Millisecond, Detail: "listed 12 entries"},
		},
		Transcript: transcript(),
		Verdict:    probe.VerdictOK,
	}
}

// NATPrivateFiltered is vsftpd behind NAT: PASV announces its private
// address and the passive ports are not forwarded.
func NATPrivateFiltered() probe.Result {
	f := baseFacts()
	for _, p := range []uint16{30001, 30004} {
		f.PASV = append(f.PASV, pasvSample(p, ServerAddress, probe.ClassPrivate, probe.ReachFiltered, 3*time.Second))
	}
	f.EPSV = []probe.PassiveSample{{
		Command: "EPSV", Reply: *reply(229, "229 Entering Extended Passive Mode (|||30002|)"),
		Accepted: true, Standard: true, Format: "rfc2428", Port: 30002,
		Peer: probe.Dial{Address: netip.MustParseAddrPort(PublicAddress + ":30002"), Reach: probe.ReachFiltered, Duration: 3 * time.Second, Error: "i/o timeout"},
	}}
	f.StdClient = &probe.StdClient{Ran: true, OK: false, Error: "dial tcp " + PublicAddress + ":30003: i/o timeout", Duration: 3100 * time.Millisecond}
	params := func(extra probe.Params) probe.Params {
		p := probe.Params{probe.ParamPublicAddress: PublicAddress, probe.ParamAdvertisedAddress: ServerAddress,
			probe.ParamServerAddress: ServerAddress, probe.ParamControlPort: "21", probe.ParamPortMin: "30000",
			probe.ParamPortMax: "30009", probe.ParamRangeObserved: "false", probe.ParamHost: Host}
		for k, v := range extra {
			p[k] = v
		}
		return p
	}
	findings := []probe.Finding{
		{
			ID: probe.FindingPASVUnroutable, Severity: probe.SeverityCritical,
			Summary:  "PASV announced 10.0.0.5, a private address, while the control connection reached 203.0.113.10.",
			Evidence: []string{"227 Entering Passive Mode (10,0,0,5,117,49).", "advertised 10.0.0.5 (private); control peer 203.0.113.10"},
			Params:   params(nil),
		},
		{
			ID: probe.FindingDataPortFiltered, Severity: probe.SeverityCritical,
			Summary:  "Passive ports 30001, 30002 and 30004 at 203.0.113.10 did not answer within 3s.",
			Evidence: []string{"203.0.113.10:30001 filtered after 3.00s", "203.0.113.10:30002 filtered after 3.00s", "203.0.113.10:30004 filtered after 3.00s"},
			Params:   params(probe.Params{probe.ParamPorts: "30001,30002,30004"}),
		},
		{
			ID: probe.FindingTLSNotOffered, Severity: probe.SeverityWarning,
			Summary:  "FEAT does not list AUTH TLS; credentials travel in clear text.",
			Evidence: []string{"211 End"},
			Params:   params(nil),
		},
		{
			ID: probe.FindingPassivePortRange, Severity: probe.SeverityInfo,
			Summary: "Only 3 passive ports were seen; 30000-30009 is a recommended range.",
			Params:  params(nil),
		},
	}
	return probe.Result{
		StartedAt: StartedAt(), Duration: 9870 * time.Millisecond, Facts: f, Findings: findings,
		Checks: []probe.Check{
			{Name: "resolve", Status: probe.CheckPass, Duration: 3 * time.Millisecond, Detail: Host + " -> " + PublicAddress},
			{Name: "connect", Status: probe.CheckPass, Duration: 21 * time.Millisecond, Detail: "connected to " + PublicAddress + ":21"},
			{Name: "login", Status: probe.CheckPass, Duration: 88 * time.Millisecond, Detail: "230 Login successful."},
			{Name: "passive", Status: probe.CheckFail, Duration: 6100 * time.Millisecond, Detail: "PASV announces 10.0.0.5 (private); ports 30001, 30002, 30004 filtered"},
			{Name: "listing", Status: probe.CheckSkip, Detail: "no reachable data port"},
			{Name: "standard client", Status: probe.CheckFail, Duration: 3100 * time.Millisecond, Detail: "i/o timeout on the data connection"},
		},
		Transcript: transcript(),
		Verdict:    probe.VerdictCritical,
	}
}

// DNSFailure is a name that does not resolve: almost no facts at all.
func DNSFailure() probe.Result {
	const host = "nx.example.test"
	return probe.Result{
		StartedAt: StartedAt(), Duration: 48 * time.Millisecond,
		Facts: probe.Facts{Host: host, Port: 21, TLSMode: probe.TLSAuto, User: "anonymous",
			ResolveError: "lookup nx.example.test: no such host"},
		Findings: []probe.Finding{{
			ID: probe.FindingDNSUnresolved, Severity: probe.SeverityCritical,
			Summary:  "nx.example.test has no A or AAAA record.",
			Evidence: []string{"lookup nx.example.test: no such host"},
			Params:   probe.Params{probe.ParamHost: host, probe.ParamControlPort: "21"},
		}},
		Checks: []probe.Check{
			{Name: "resolve", Status: probe.CheckFail, Duration: 48 * time.Millisecond, Detail: "lookup nx.example.test: no such host"},
			{Name: "connect", Status: probe.CheckSkip},
		},
		Verdict: probe.VerdictCritical,
	}
}
