package reporttest

import (
	"net/netip"
	"time"

	"github.com/ftpnat/ftpnat/probe"
)

// Addresses of the client in ActiveBehindNAT: ftpnat runs behind a home
// router, so its own address is private and the server sees the router's.
const (
	ClientAddress       = "192.168.1.77"
	ClientPublicAddress = "198.51.100.77"
)

// pureFTPdFacts is Pure-FTPd on the public address with ForcePassiveIP
// set and its passive range 30000-30019, of which only 30000-30009 is
// forwarded.
func pureFTPdFacts() probe.Facts {
	f := baseFacts()
	p := &f.Paths[0]
	p.Local = netip.MustParseAddrPort(ClientAddress + ":51012")
	p.Greeting = reply(220, "220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------",
		"220-You are user number 1 of 50 allowed.", "220-Local time is now 09:26. Server port: 21.",
		"220 You will be disconnected after 15 minutes of inactivity.")
	list := []string{"EPRT", "IDLE", "MDTM", "SIZE", "MFMT", "REST STREAM", "MLSD", "AUTH TLS", "PBSZ", "PROT",
		"UTF8", "TVFS", "ESTA", "PASV", "EPSV"}
	lines := []string{"211-Extensions supported:"}
	for _, l := range list {
		lines = append(lines, " "+l)
	}
	p.Feat, p.Features = reply(211, append(lines, "211 End.")...), &probe.Features{List: list}
	p.UserReply = reply(331, "331 Any password will work")
	p.PassReply = reply(230, "230 Any password will work")
	p.Pwd = reply(257, `257 "/" is your current location`)
	p.TypeI = reply(200, "200 TYPE is now 8-bit binary")
	for i, port := range []uint16{30002, 30007, 30004, 30009} {
		s := pasvSample(port, PublicAddress, probe.ClassDocumentation, probe.ReachOpen, time.Duration(20+i)*time.Millisecond)
		s.Advertised = &s.Peer
		p.PASV = append(p.PASV, s)
	}
	p.EPSV = []probe.PassiveSample{epsvSample(30005, probe.ReachOpen, 19*time.Millisecond)}
	tr := listing(30005, 61, false, false)
	tr.Via, tr.Command = "EPSV", "MLSD"
	tr.Replies = []probe.Reply{*reply(150, "150 Accepted data connection"), *reply(226, "226-Options: -a -l", "226 12 matches total")}
	p.Transfer = &tr
	p.StdClient = &probe.StdClient{Ran: true, OK: true, Entries: 12, Duration: 330 * time.Millisecond}
	return f
}

// refusal is Pure-FTPd's anti-bounce answer to a PORT or EPRT naming the
// client's private address.
func refusal(command, sent string, port uint16) *probe.ActiveTest {
	return &probe.ActiveTest{
		Command: command, Sent: sent, Listener: netip.AddrPortFrom(netip.MustParseAddr(ClientAddress), port),
		Reply:      *reply(500, "500 I won't open a connection to "+ClientAddress+" (only to "+ClientPublicAddress+")"),
		ServerSees: netip.MustParseAddr(ClientPublicAddress),
		Duration:   24 * time.Millisecond,
	}
}

// ActiveBehindNAT is Pure-FTPd diagnosed with --active and --expect-range
// 30000-30019 from a client behind NAT: the server refuses PORT and EPRT
// naming the client's private address and says which address it sees, and
// only the lower half of the passive range is forwarded, which the four
// samples, all from that half, did not show.
func ActiveBehindNAT() probe.Result {
	f := pureFTPdFacts()
	p := &f.Paths[0]
	p.Active = &probe.ActiveFacts{
		Tested:    true,
		Advertise: netip.MustParseAddr(ClientAddress),
		PORT:      refusal("PORT", "PORT 192,168,1,77,156,187", 40123),
		EPRT:      refusal("EPRT", "EPRT |1|192.168.1.77|40125|", 40125),
	}
	p.Range = &probe.RangeScan{
		Min: 30000, Max: 30019,
		Answering: []probe.PortSpan{{Min: 30000, Max: 30009}},
		Silent:    []probe.PortSpan{{Min: 30010, Max: 30019}},
		Refused:   10, Concurrency: 20, Timeout: 3 * time.Second, Duration: 3010 * time.Millisecond,
	}
	f.Phases = append(f.Phases, probe.Phase{Name: "active", Path: p.PathID, Duration: 60 * time.Millisecond},
		probe.Phase{Name: "expect-range", Path: p.PathID, Duration: 3010 * time.Millisecond})
	return probe.Result{
		StartedAt: StartedAt(), Duration: 4630 * time.Millisecond, Facts: f,
		Diagnosis: Diagnosed(f, activeBehindNATFindings(), probe.VerdictCritical),
		Checks: append([]probe.Check{
			{Name: "resolve", Status: probe.CheckPass, Duration: 3 * time.Millisecond, Detail: Host + " -> " + PublicAddress},
		}, onPath(p.PathID,
			probe.Check{Name: "connect", Status: probe.CheckPass, Duration: 21 * time.Millisecond, Detail: "connected to " + PublicAddress + ":21"},
			probe.Check{Name: "login", Status: probe.CheckPass, Duration: 88 * time.Millisecond, Detail: "230 Any password will work"},
			probe.Check{Name: "pasv", Status: probe.CheckPass, Duration: 140 * time.Millisecond, Detail: "4 PASV, 1 EPSV; every data port answered"},
			probe.Check{Name: "transfer", Status: probe.CheckPass, Duration: 61 * time.Millisecond, Detail: "MLSD via EPSV: 12 lines, 804 bytes in 61ms"},
			probe.Check{Name: "active", Status: probe.CheckWarn, Duration: 60 * time.Millisecond,
				Detail: "PORT refused: 500 I won't open a connection to 192.168.1.77 (only to 198.51.100.77); " +
					"EPRT refused: 500 I won't open a connection to 192.168.1.77 (only to 198.51.100.77)"},
			probe.Check{Name: "expect-range", Status: probe.CheckFail, Duration: 3010 * time.Millisecond,
				Detail: "30000-30019: 10 answer (0 open, 10 reset), 10 silent, in 3.0 s"},
			probe.Check{Name: "standard-client", Status: probe.CheckPass, Duration: 330 * time.Millisecond, Detail: "listed 12 entries"},
		)...),
		Transcript: []probe.TranscriptEntry{
			{T: 21 * time.Millisecond, Dir: probe.DirRecv, Line: "220 You will be disconnected after 15 minutes of inactivity.", Session: "main"},
			{T: 46 * time.Millisecond, Dir: probe.DirSend, Line: "USER anonymous", Session: "main"},
			{T: 70 * time.Millisecond, Dir: probe.DirSend, Line: "PASS ****", Session: "main"},
			{T: 410 * time.Millisecond, Dir: probe.DirSend, Line: "PORT 192,168,1,77,156,187", Session: "main"},
			{T: 434 * time.Millisecond, Dir: probe.DirRecv, Line: "500 I won't open a connection to 192.168.1.77 (only to 198.51.100.77)", Session: "main"},
			{T: 436 * time.Millisecond, Dir: probe.DirSend, Line: "EPRT |1|192.168.1.77|40125|", Session: "main"},
			{T: 460 * time.Millisecond, Dir: probe.DirRecv, Line: "500 I won't open a connection to 192.168.1.77 (only to 198.51.100.77)", Session: "main"},
		},
	}
}

// activeBehindNATFindings are the findings probe.Diagnose raises for
// ActiveBehindNAT's facts (kept literal, so that report tests do not change
// with the analysis wording).
func activeBehindNATFindings() []probe.Finding {
	params := func(extra probe.Params) probe.Params {
		p := probe.Params{probe.ParamPublicAddress: PublicAddress, probe.ParamAdvertisedAddress: PublicAddress,
			probe.ParamControlPort: "21", probe.ParamPortMin: "30000", probe.ParamPortMax: "30019",
			probe.ParamRangeObserved: "true", probe.ParamRangeSource: string(probe.RangeConfigured), probe.ParamHost: Host,
			probe.ParamFamily: string(probe.IPv4)}
		for k, v := range extra {
			p[k] = v
		}
		return p
	}
	rejected := func(command, sent, listener string) probe.Finding {
		return probe.Finding{
			ID: probe.FindingActivePortRejected, Severity: probe.SeverityWarning,
			Summary: "The server refuses " + command + " naming 192.168.1.77: 500 I won't open a connection to 192.168.1.77 " +
				"(only to 198.51.100.77). It sees this client as 198.51.100.77: the client is behind NAT, and active mode " +
				"would need 198.51.100.77 and a forwarded data port.",
			Evidence: []string{"> " + sent, "< 500 I won't open a connection to 192.168.1.77 (only to 198.51.100.77)",
				"the server sees the client at 198.51.100.77; ftpnat's listener is " + listener},
			Params: params(probe.Params{probe.ParamClientAddress: ClientAddress, probe.ParamClientPublicAddress: ClientPublicAddress}),
		}
	}
	return []probe.Finding{
		{
			ID: probe.FindingRangePartiallyBlocked, Severity: probe.SeverityCritical,
			Summary: "Only part of the passive range 30000-30019 is forwarded: 30000-30009 answer, 30010-30019 do not. " +
				"Transfers fail whenever the server picks a missing port.",
			Evidence: []string{"dialled 20 ports at 203.0.113.10, 20 at a time, 3.0 s each",
				"answering (forwarded): 30000-30009 (0 accepted, 10 reset)", "silent (dropped): 30010-30019"},
			Params: params(nil),
			Ports: probe.PortLists{Ports: []probe.PortSpan{{Min: 30010, Max: 30019}}, Missing: []probe.PortSpan{{Min: 30010, Max: 30019}},
				Forwarded: []probe.PortSpan{{Min: 30000, Max: 30009}}},
		},
		rejected("PORT", "PORT 192,168,1,77,156,187", "192.168.1.77:40123"),
		rejected("EPRT", "EPRT |1|192.168.1.77|40125|", "192.168.1.77:40125"),
		{
			ID: probe.FindingPassivePortRange, Severity: probe.SeverityInfo,
			Summary:  "Passive ports seen: 30002\u201330009 over 5 samples.",
			Evidence: []string{"ports offered: 30002, 30007, 30004, 30009, 30005", "spread: 7"},
			Params:   params(probe.Params{probe.ParamSpread: "7", probe.ParamAnyPort: "false"}),
			Ports:    probe.PortLists{Ports: probe.SpansOf([]int{30002, 30007, 30004, 30009, 30005})},
		},
	}
}

// ActiveFromPublicClient is the healthy vsftpd server (with FTPS) diagnosed with
// --active and --expect-range 30000-30009 from a client with a public
// address: the server connects back for PORT and EPRT from its port 20,
// and every port of the range answers (with a reset, as nothing listens
// on it between transfers).
func ActiveFromPublicClient() probe.Result {
	res := Healthy()
	f := &res.Facts
	p := &f.Paths[0]
	p.Local = netip.MustParseAddrPort(ClientPublicAddress + ":51012")
	p.Feat, p.Features = vsftpdFeat()
	connected := func(command, sent string, port uint16, ok string, ms int) *probe.ActiveTest {
		return &probe.ActiveTest{
			Command: command, Sent: sent, Listener: netip.AddrPortFrom(netip.MustParseAddr(ClientPublicAddress), port),
			Reply: *reply(200, ok), Accepted: true,
			ListReplies: []probe.Reply{*reply(150, "150 Here comes the directory listing."), *reply(226, "226 Directory send OK.")},
			Connected:   true, From: netip.MustParseAddrPort(PublicAddress + ":20"), Bytes: 804, OK: true,
			Duration: time.Duration(ms) * time.Millisecond,
		}
	}
	p.Active = &probe.ActiveFacts{
		Tested:    true,
		Advertise: netip.MustParseAddr(ClientPublicAddress),
		PORT:      connected("PORT", "PORT 198,51,100,77,156,187", 40123, "200 PORT command successful. Consider using PASV.", 71),
		EPRT:      connected("EPRT", "EPRT |1|198.51.100.77|40124|", 40124, "200 EPRT command successful. Consider using EPSV.", 69),
	}
	p.Range = &probe.RangeScan{
		Min: 30000, Max: 30009, Answering: []probe.PortSpan{{Min: 30000, Max: 30009}},
		Refused: 10, Concurrency: 10, Timeout: 3 * time.Second, Duration: 42 * time.Millisecond,
	}
	findings := []probe.Finding{{
		ID: probe.FindingPassivePortRange, Severity: probe.SeverityInfo,
		Summary:  "Passive ports seen: 30001\u201330009 over 5 samples.",
		Evidence: []string{"ports offered: 30003, 30007, 30001, 30009, 30005", "spread: 8"},
		Params: probe.Params{probe.ParamPublicAddress: PublicAddress, probe.ParamAdvertisedAddress: PublicAddress,
			probe.ParamControlPort: "21", probe.ParamPortMin: "30000", probe.ParamPortMax: "30009",
			probe.ParamRangeObserved: "true", probe.ParamRangeSource: string(probe.RangeConfigured), probe.ParamHost: Host,
			probe.ParamFamily: string(probe.IPv4),
			probe.ParamSpread: "8", probe.ParamAnyPort: "false"},
		Ports: probe.PortLists{Ports: probe.SpansOf([]int{30003, 30007, 30001, 30009, 30005})},
	}}
	res.Diagnosis = Diagnosed(*f, findings, res.Verdict)
	res.Checks = append(res.Checks, onPath(p.PathID,
		probe.Check{Name: "active", Status: probe.CheckPass, Duration: 140 * time.Millisecond,
			Detail: "PORT: the server connected back from 203.0.113.10:20; EPRT: the server connected back from 203.0.113.10:20"},
		probe.Check{Name: "expect-range", Status: probe.CheckPass, Duration: 42 * time.Millisecond,
			Detail: "30000-30009: 10 answer (0 open, 10 reset), 0 silent, in 42 ms"})...)
	return res
}
