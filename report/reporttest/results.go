package reporttest

import (
	"fmt"
	"net/netip"
	"slices"
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

// PlainID is the sample results' plaintext path: the public address over
// IPv4, without TLS.
func PlainID() probe.PathID {
	return probe.PathID{Family: probe.IPv4, Address: netip.MustParseAddr(PublicAddress), Transport: probe.TransportPlain}
}

// TLSID is the explicit-TLS path of the same address (--tls auto).
func TLSID() probe.PathID {
	id := PlainID()
	id.Transport = probe.TransportExplicitTLS
	return id
}

// ConnectedPath is a path whose control connection to port 21 opened
// after d, with no session facts yet.
func ConnectedPath(id probe.PathID, d time.Duration) probe.Path {
	return probe.Path{PathID: id,
		Control: probe.Dial{Address: netip.AddrPortFrom(id.Address, 21), Reach: probe.ReachOpen, Duration: d}}
}

// vsftpdSession is what a vsftpd session logged in anonymously observed
// before the passive tests.
func vsftpdSession() probe.SessionFacts {
	return probe.SessionFacts{
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
	}
}

// baseFacts is vsftpd on the public address with one plaintext path,
// Paths[0].
func baseFacts() probe.Facts {
	peer := netip.MustParseAddr(PublicAddress)
	p := ConnectedPath(PlainID(), 21*time.Millisecond)
	p.Local = netip.MustParseAddrPort("192.0.2.44:51012")
	p.SessionFacts = vsftpdSession()
	return probe.Facts{
		Host: Host, Port: 21, TLSMode: probe.TLSAuto, User: "anonymous",
		Addresses: []netip.Addr{peer},
		Paths:     []probe.Path{p},
		Phases: []probe.Phase{
			{Name: "resolve", Duration: 3 * time.Millisecond}, {Name: "connect", Path: p.PathID, Duration: 21 * time.Millisecond},
			{Name: "login", Path: p.PathID, Duration: 88 * time.Millisecond}, {Name: "passive", Path: p.PathID, Duration: 140 * time.Millisecond},
		},
	}
}

// Diagnosed is the diagnosis of the facts f with the given findings and
// verdict (kept literal, so that report tests do not change with the
// analysis wording): the reference path and the values probe.Diagnose
// derives (software, TLS policy, passive range, path outcomes), so that
// they agree with the facts. A finding without paths gets those of
// probe.Diagnose's finding of the same ID (the reference path when it
// raises none), and each path outcome lists the given findings that
// concern the path.
func Diagnosed(f probe.Facts, findings []probe.Finding, verdict probe.Verdict) probe.Diagnosis {
	d := probe.Diagnose(f)
	ref := probe.ReferencePath(f.Paths)
	for i := range findings {
		fd := &findings[i]
		if len(fd.Paths) > 0 {
			continue
		}
		if k := slices.IndexFunc(d.Findings, func(o probe.Finding) bool { return o.ID == fd.ID }); k >= 0 {
			fd.Paths = slices.Clone(d.Findings[k].Paths)
		} else if ref >= 0 {
			fd.Paths = []probe.PathID{f.Paths[ref].PathID}
		}
	}
	for i := range d.Outcomes {
		o := &d.Outcomes[i]
		o.Findings = nil
		for _, fd := range findings {
			if slices.Contains(fd.Paths, o.PathID) {
				o.Findings = append(o.Findings, fd.ID)
			}
		}
	}
	return probe.Diagnosis{
		Findings: findings, Verdict: verdict, Reference: ref,
		Software: d.Software, TLS: d.TLS, Range: d.Range, Outcomes: d.Outcomes,
	}
}

// Rediagnose recomputes the derived values of res after a test changed
// its facts, keeping its findings and verdict.
func Rediagnose(res *probe.Result) {
	res.Diagnosis = Diagnosed(res.Facts, res.Findings, res.Verdict)
}

// onPath sets the path of checks that ran on one path.
func onPath(id probe.PathID, cs ...probe.Check) []probe.Check {
	for i := range cs {
		cs[i].Path = id
	}
	return cs
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
	p := &f.Paths[0]
	p.Greeting = reply(220, "220 (vsFTPd 3.0.5)")
	for i, port := range []uint16{30003, 30007, 30001, 30009} {
		s := pasvSample(port, PublicAddress, probe.ClassDocumentation, probe.ReachOpen, time.Duration(20+i)*time.Millisecond)
		s.Advertised = &s.Peer
		p.PASV = append(p.PASV, s)
	}
	p.EPSV = []probe.PassiveSample{{
		Command: "EPSV", Reply: *reply(229, "229 Entering Extended Passive Mode (|||30005|)"),
		Accepted: true, Standard: true, Format: "rfc2428", Port: 30005,
		Address: netip.MustParseAddr(PublicAddress), Class: probe.ClassDocumentation,
		Peer: probe.Dial{Address: netip.MustParseAddrPort(PublicAddress + ":30005"), Reach: probe.ReachOpen, Duration: 19 * time.Millisecond},
	}}
	p.Transfer = &probe.Transfer{Command: "MLSD", Via: "EPSV", Endpoint: netip.MustParseAddrPort(PublicAddress + ":30005"),
		Replies: []probe.Reply{*reply(150, "150 Here comes the directory listing."), *reply(226, "226 Directory send OK.")},
		Bytes:   912, Lines: 12, OK: true, Duration: 64 * time.Millisecond}
	p.StdClient = &probe.StdClient{Ran: true, OK: true, Entries: 12, Duration: 340 * time.Millisecond}
	findings := []probe.Finding{{
		ID: probe.FindingPassivePortRange, Severity: probe.SeverityInfo,
		Summary:  "4 PASV replies used ports 30001-30009.",
		Evidence: []string{"ports seen: 30001, 30003, 30007, 30009"},
		Params: probe.Params{probe.ParamPublicAddress: PublicAddress, probe.ParamControlPort: "21",
			probe.ParamPortMin: "30001", probe.ParamPortMax: "30009", probe.ParamRangeObserved: "true", probe.ParamRangeSource: string(probe.RangeObserved), probe.ParamHost: Host, probe.ParamFamily: string(probe.IPv4)},
	}}
	return probe.Result{
		StartedAt: StartedAt(), Duration: 1240 * time.Millisecond, Facts: f,
		Diagnosis: Diagnosed(f, findings, probe.VerdictOK),
		Checks: append([]probe.Check{
			{Name: "resolve", Status: probe.CheckPass, Duration: 3 * time.Millisecond, Detail: Host + " -> " + PublicAddress},
		}, onPath(p.PathID,
			probe.Check{Name: "connect", Status: probe.CheckPass, Duration: 21 * time.Millisecond, Detail: "connected to " + PublicAddress + ":21"},
			probe.Check{Name: "login", Status: probe.CheckPass, Duration: 88 * time.Millisecond, Detail: "230 Login successful."},
			probe.Check{Name: "passive", Status: probe.CheckPass, Duration: 140 * time.Millisecond, Detail: "4 PASV, 1 EPSV; every data port answered"},
			probe.Check{Name: "listing", Status: probe.CheckPass, Duration: 64 * time.Millisecond, Detail: "MLSD: 12 entries"},
			probe.Check{Name: "standard client", Status: probe.CheckPass, Duration: 340 * time.Millisecond, Detail: "listed 12 entries"},
		)...),
		Transcript: transcript(),
	}
}

// NATPrivateFiltered is vsftpd behind NAT: PASV announces its private
// address and the passive ports are not forwarded.
func NATPrivateFiltered() probe.Result {
	f := baseFacts()
	p := &f.Paths[0]
	for _, port := range []uint16{30001, 30004} {
		p.PASV = append(p.PASV, pasvSample(port, ServerAddress, probe.ClassPrivate, probe.ReachFiltered, 3*time.Second))
	}
	p.EPSV = []probe.PassiveSample{{
		Command: "EPSV", Reply: *reply(229, "229 Entering Extended Passive Mode (|||30002|)"),
		Accepted: true, Standard: true, Format: "rfc2428", Port: 30002,
		Address: netip.MustParseAddr(PublicAddress), Class: probe.ClassDocumentation,
		Peer: probe.Dial{Address: netip.MustParseAddrPort(PublicAddress + ":30002"), Reach: probe.ReachFiltered, Duration: 3 * time.Second, Error: "i/o timeout"},
	}}
	p.StdClient = &probe.StdClient{Ran: true, OK: false, Error: "dial tcp " + PublicAddress + ":30003: i/o timeout", Duration: 3100 * time.Millisecond}
	params := func(extra probe.Params) probe.Params {
		p := probe.Params{probe.ParamPublicAddress: PublicAddress, probe.ParamAdvertisedAddress: ServerAddress,
			probe.ParamServerAddress: ServerAddress, probe.ParamControlPort: "21", probe.ParamPortMin: "30000",
			probe.ParamPortMax: "30009", probe.ParamRangeObserved: "false", probe.ParamRangeSource: string(probe.RangeRecommended), probe.ParamHost: Host, probe.ParamFamily: string(probe.IPv4)}
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
			Params:   params(nil),
			Ports:    probe.PortLists{Ports: probe.SpansOf([]int{30001, 30002, 30004})},
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
		StartedAt: StartedAt(), Duration: 9870 * time.Millisecond, Facts: f,
		Diagnosis: Diagnosed(f, findings, probe.VerdictCritical),
		Checks: append([]probe.Check{
			{Name: "resolve", Status: probe.CheckPass, Duration: 3 * time.Millisecond, Detail: Host + " -> " + PublicAddress},
		}, onPath(p.PathID,
			probe.Check{Name: "connect", Status: probe.CheckPass, Duration: 21 * time.Millisecond, Detail: "connected to " + PublicAddress + ":21"},
			probe.Check{Name: "login", Status: probe.CheckPass, Duration: 88 * time.Millisecond, Detail: "230 Login successful."},
			probe.Check{Name: "passive", Status: probe.CheckFail, Duration: 6100 * time.Millisecond, Detail: "PASV announces 10.0.0.5 (private); ports 30001, 30002, 30004 filtered"},
			probe.Check{Name: "listing", Status: probe.CheckSkip, Detail: "no reachable data port"},
			probe.Check{Name: "standard client", Status: probe.CheckFail, Duration: 3100 * time.Millisecond, Detail: "i/o timeout on the data connection"},
		)...),
		Transcript: transcript(),
	}
}

// DNSFailure is a name that does not resolve: almost no facts at all.
func DNSFailure() probe.Result {
	const host = "nx.example.test"
	f := probe.Facts{Host: host, Port: 21, TLSMode: probe.TLSAuto, User: "anonymous",
		ResolveError: "lookup nx.example.test: no such host"}
	findings := []probe.Finding{{
		ID: probe.FindingDNSUnresolved, Severity: probe.SeverityCritical,
		Summary:  "nx.example.test has no A or AAAA record.",
		Evidence: []string{"lookup nx.example.test: no such host"},
		Params:   probe.Params{probe.ParamHost: host, probe.ParamControlPort: "21"},
	}}
	return probe.Result{
		StartedAt: StartedAt(), Duration: 48 * time.Millisecond, Facts: f,
		Diagnosis: Diagnosed(f, findings, probe.VerdictCritical),
		Checks: []probe.Check{
			{Name: "resolve", Status: probe.CheckFail, Duration: 48 * time.Millisecond, Detail: "lookup nx.example.test: no such host"},
			{Name: "connect", Status: probe.CheckSkip},
		},
	}
}
