package reporttest

import (
	"net/netip"
	"strconv"
	"time"

	"github.com/ftpnat/ftpnat/probe"
)

// vsftpdFeat is vsftpd's FEAT reply with explicit FTPS enabled.
func vsftpdFeat() (*probe.Reply, *probe.Features) {
	list := []string{"AUTH TLS", "EPRT", "EPSV", "MDTM", "PASV", "PBSZ", "PROT", "REST STREAM", "SIZE", "TVFS", "UTF8"}
	lines := []string{"211-Features:"}
	for _, f := range list {
		lines = append(lines, " "+f)
	}
	return reply(211, append(lines, "211 End")...), &probe.Features{List: list}
}

func epsvSample(port uint16, reach probe.Reach, d time.Duration) probe.PassiveSample {
	ap := netip.AddrPortFrom(netip.MustParseAddr(PublicAddress), port)
	return probe.PassiveSample{
		Command: "EPSV", Reply: *reply(229, "229 Entering Extended Passive Mode (|||"+strconv.Itoa(int(port))+"|)"),
		Accepted: true, Standard: true, Format: "rfc2428", Port: port,
		Address: netip.MustParseAddr(PublicAddress), Class: probe.ClassDocumentation,
		Peer: probe.Dial{Address: ap, Reach: reach, Duration: d},
	}
}

// listing is one LIST over a data connection to the public address.
func listing(port uint16, ms int, protected, resumed bool) probe.Transfer {
	t := probe.Transfer{
		Command: "LIST", Via: "PASV", Endpoint: netip.AddrPortFrom(netip.MustParseAddr(PublicAddress), port),
		Replies: []probe.Reply{*reply(150, "150 Here comes the directory listing."), *reply(226, "226 Directory send OK.")},
		Bytes:   804, Lines: 12, OK: true, Duration: time.Duration(ms) * time.Millisecond,
	}
	if protected {
		t.Protected, t.Reuse, t.Resumed, t.TLSVersion = true, true, resumed, "TLS 1.3"
	}
	return t
}

// TLSBehindALG is vsftpd behind a router with an FTP ALG, diagnosed with
// --tls auto: in plaintext the ALG rewrites PASV to the public address
// 203.0.113.10, under TLS the server's own 10.0.0.5 shows. The passive
// range is forwarded, so data connections to the control address work in
// both sessions. The certificate is self-signed, and protected data
// connections work only when they resume the control connection's TLS
// session (vsftpd's require_ssl_reuse=YES).
func TLSBehindALG() probe.Result {
	f := baseFacts()
	p := &f.Paths[0]
	p.Feat, p.Features = vsftpdFeat()
	for i, port := range []uint16{30001, 30004, 30006, 30009} {
		s := pasvSample(port, PublicAddress, probe.ClassDocumentation, probe.ReachOpen, time.Duration(20+i)*time.Millisecond)
		s.Advertised = &s.Peer
		p.PASV = append(p.PASV, s)
	}
	p.EPSV = []probe.PassiveSample{epsvSample(30003, probe.ReachOpen, 19*time.Millisecond)}
	plain := listing(30001, 58, false, false)
	p.Transfer = &plain
	p.StdClient = &probe.StdClient{Ran: true, OK: true, Entries: 12, Duration: 310 * time.Millisecond}

	sec := ConnectedPath(TLSID(), 21*time.Millisecond)
	sec.SessionFacts = vsftpdSession()
	sec.Feat, sec.Features = vsftpdFeat()
	for i, port := range []uint16{30002, 30005, 30007, 30008} {
		sec.PASV = append(sec.PASV, pasvSample(port, ServerAddress, probe.ClassPrivate, probe.ReachOpen, time.Duration(22+i)*time.Millisecond))
	}
	sec.EPSV = []probe.PassiveSample{epsvSample(30006, probe.ReachOpen, 21*time.Millisecond)}
	var protected []probe.Transfer
	for i, port := range []uint16{30002, 30005, 30007, 30008} {
		protected = append(protected, listing(port, 95+i, true, true))
	}
	first := protected[0]
	sec.Transfer = &first
	sec.StdClient = &probe.StdClient{Ran: true, OK: true, Entries: 12, Duration: 420 * time.Millisecond}

	noResume := listing(30004, 61, true, false)
	noResume.Reuse, noResume.OK, noResume.Bytes, noResume.Lines = false, false, 0, 0
	noResume.Replies = []probe.Reply{*reply(150, "150 Here comes the directory listing."),
		*reply(522, "522 SSL connection failed: session reuse required")}
	noResume.Error = "522 SSL connection failed: session reuse required"

	sec.TLS = &probe.TLSFacts{
		AuthCommand: "AUTH TLS",
		AuthReplies: []probe.Reply{*reply(234, "234 Proceed with negotiation.")},
		Offered:     true, Version: "TLS 1.3", Cipher: "TLS_AES_128_GCM_SHA256",
		Certificate: &probe.Certificate{
			Subject: "CN=" + Host, Issuer: "CN=" + Host, DNSNames: []string{Host},
			NotBefore: StartedAt().Truncate(24 * time.Hour), NotAfter: StartedAt().Truncate(24*time.Hour).AddDate(1, 0, 0),
			DaysLeft: 364, SelfSigned: true, NameMatch: true,
			Problem: probe.CertSelfSigned, Error: "self-signed: no trusted authority vouches for it",
		},
		PBSZ:       reply(200, "200 PBSZ set to 0."),
		PROT:       reply(200, "200 PROT now Private."),
		ProtCReply: reply(536, "536 Data connections must be encrypted."),
		Transfers:  protected, NoResume: &noResume,
	}
	f.Paths = append(f.Paths, sec)
	return probe.Result{
		StartedAt: StartedAt(), Duration: 2870 * time.Millisecond, Facts: f,
		Diagnosis: Diagnosed(f, tlsBehindALGFindings(), probe.VerdictCritical),
		Checks: []probe.Check{
			{Name: "resolve", Status: probe.CheckPass, Duration: 3 * time.Millisecond, Detail: Host + " -> " + PublicAddress},
			{Name: "connect", Path: PlainID(), Status: probe.CheckPass, Duration: 21 * time.Millisecond, Detail: "connected to " + PublicAddress + ":21"},
			{Name: "login", Path: PlainID(), Status: probe.CheckPass, Duration: 88 * time.Millisecond, Detail: "230 Login successful."},
			{Name: "auth-tls", Path: TLSID(), Status: probe.CheckWarn, Duration: 64 * time.Millisecond,
				Detail: "TLS 1.3, TLS_AES_128_GCM_SHA256; certificate self-signed: no trusted authority vouches for it"},
			{Name: "pasv", Path: PlainID(), Status: probe.CheckPass, Duration: 140 * time.Millisecond, Detail: "4 PASV, 1 EPSV; every data port answered"},
			{Name: "pasv", Path: TLSID(), Status: probe.CheckWarn, Duration: 150 * time.Millisecond, Detail: "PASV announces 10.0.0.5 (private)"},
			{Name: "transfer", Path: PlainID(), Status: probe.CheckPass, Duration: 58 * time.Millisecond, Detail: "LIST via PASV: 12 lines, 804 bytes in 58ms"},
			{Name: "tls-data", Path: TLSID(), Status: probe.CheckPass, Duration: 402 * time.Millisecond,
				Detail: "4 of 4 protected listings worked, 4 resumed the TLS session"},
			{Name: "tls-no-resume", Path: TLSID(), Status: probe.CheckWarn, Duration: 61 * time.Millisecond,
				Detail: "the server requires TLS session resumption: 522 SSL connection failed: session reuse required"},
			{Name: "standard-client", Path: PlainID(), Status: probe.CheckPass, Duration: 310 * time.Millisecond, Detail: "listed 12 entries"},
		},
		Transcript: append(transcript(),
			probe.TranscriptEntry{T: 23 * time.Millisecond, Dir: probe.DirRecv, Line: "220 (vsFTPd 3.0.5)", Session: "tls"},
			probe.TranscriptEntry{T: 24 * time.Millisecond, Dir: probe.DirSend, Line: "AUTH TLS", Session: "tls"},
			probe.TranscriptEntry{T: 47 * time.Millisecond, Dir: probe.DirRecv, Line: "234 Proceed with negotiation.", Session: "tls"},
			probe.TranscriptEntry{T: 88 * time.Millisecond, Dir: probe.DirInfo, Line: "TLS established: TLS 1.3, TLS_AES_128_GCM_SHA256", Session: "tls"},
		),
	}
}

// tlsBehindALGFindings are the findings probe.Diagnose raises for
// TLSBehindALG's facts (kept literal, so that report tests do not change
// with the analysis wording).
func tlsBehindALGFindings() []probe.Finding {
	params := func(extra probe.Params) probe.Params {
		p := probe.Params{probe.ParamPublicAddress: PublicAddress, probe.ParamAdvertisedAddress: PublicAddress,
			probe.ParamControlPort: "21", probe.ParamPortMin: "30001", probe.ParamPortMax: "30009",
			probe.ParamRangeObserved: "true", probe.ParamRangeSource: string(probe.RangeObserved), probe.ParamHost: Host,
			probe.ParamFamily: string(probe.IPv4)}
		for k, v := range extra {
			p[k] = v
		}
		return p
	}
	return []probe.Finding{
		{
			ID: probe.FindingALGPASVRewritten, Severity: probe.SeverityCritical,
			Summary: "In plaintext the PASV reply names 203.0.113.10, under TLS 10.0.0.5 (private): a firewall or router " +
				"rewrites plaintext FTP replies (an FTP ALG such as Linux nf_nat_ftp, Cisco ASA inspect ftp or a Juniper SRX ALG). " +
				"FTPS clients get the server's own, unroutable answer and their listings fail.",
			Evidence: []string{"plaintext session:", "> PASV", "< 227 Entering Passive Mode (203,0,113,10,117,49).",
				"TLS session:", "> PASV", "< 227 Entering Passive Mode (10,0,0,5,117,50).",
				"the control connection reached 203.0.113.10"},
			Params: params(probe.Params{probe.ParamAdvertisedAddress: ServerAddress, probe.ParamServerAddress: ServerAddress}),
		},
		{
			ID: probe.FindingTLSCertificateInvalid, Severity: probe.SeverityWarning,
			Summary: "The server's TLS certificate is not valid for ftp.example.test: self-signed: no trusted authority vouches " +
				"for it. Clients that verify certificates refuse to connect or ask the user to trust it.",
			Evidence: []string{"subject: CN=ftp.example.test", "issuer: CN=ftp.example.test",
				"valid 2026-03-14 to 2027-03-14 (364 days left)", "names: ftp.example.test",
				"verification: self-signed: no trusted authority vouches for it"},
			Params: params(nil),
		},
		{
			ID: probe.FindingTLSSessionReuseRequired, Severity: probe.SeverityInfo,
			Summary: "The server accepts protected data connections only when they resume the control connection's TLS " +
				"session: clients that cannot resume (older FluentFTP, PHP before 8.3, Go programs without a session cache " +
				"and ServerName, some iOS apps) fail to list or transfer.",
			Evidence: []string{"4 of 4 protected listings resuming the TLS session worked", "without resumption:",
				"data connection 203.0.113.10:30004 (PASV), resumed=false", "> LIST",
				"< 150 Here comes the directory listing.", "< 522 SSL connection failed: session reuse required",
				"522 SSL connection failed: session reuse required"},
			Params: params(nil),
		},
		{
			ID: probe.FindingPassivePortRange, Severity: probe.SeverityInfo,
			Summary:  "Passive ports seen: 30001\u201330009 over 5 samples.",
			Evidence: []string{"ports offered: 30001, 30004, 30006, 30009, 30003", "spread: 8"},
			Params:   params(probe.Params{probe.ParamSpread: "8", probe.ParamAnyPort: "false"}),
			Ports:    probe.PortLists{Ports: probe.SpansOf([]int{30001, 30004, 30006, 30009, 30003})},
		},
	}
}
