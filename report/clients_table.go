package report

// Client is a common FTP client program or library and how it behaves in
// each situation the clients table covers.
type Client struct {
	ID   string // slug, as in JSON
	Name string // display name
	Kind string // "command-line client", "GUI client", "library", …
	FTPS bool   // it can speak FTPS at all
	On   map[Situation]Behaviour
	// Sources for what holds of the client as a whole (no FTPS support).
	Sources []string
}

// Behaviour is one client's behaviour in one situation, with its sources.
// Since, when set, is the first version that behaves so; earlier
// versions behave as Before says (unknown when empty).
type Behaviour struct {
	Outcome    Outcome
	Since      string
	Before     Outcome
	BeforeNote string
	Note       string
	Sources    []string // Source IDs
}

// The notes several rows share.
const (
	noteCommonsPassive = "in passive mode (enterLocalPassiveMode); its default is active mode"
	noteUsesEPSVFirst  = "meets this only when EPSV fails: it tries EPSV first"
)

// Clients is the clients table: which common clients cope with each
// address, mode and TLS problem ftpnat reports, with the version where the
// behaviour changed and the source that says so. docs/clients.md is
// generated from it.
func Clients() []Client {
	return []Client{curlClient(), lftpClient(), fileZillaClient(), winSCPClient(), ftplibClient(),
		windowsFTPClient(), busyboxClient(), commonsNetClient(), jlaffayeClient()}
}

// curl ignores the PASV address by default since 7.74.0 and asks EPSV
// first.
func curlClient() Client {
	skip := Behaviour{Outcome: OutcomeCope, Since: "7.74.0", Before: OutcomeFail,
		BeforeNote: "unless --ftp-skip-pasv-ip; " + noteUsesEPSVFirst,
		Note:       "uses the control connection's address (--ftp-skip-pasv-ip is the default)",
		Sources:    []string{srcCurlSkipPASVIP, srcCurlEPSV}}
	return Client{ID: "curl", Name: "curl", Kind: "command-line client and library (libcurl)", FTPS: true,
		On: map[Situation]Behaviour{
			SituationPASVPrivate: skip, SituationPASVCGNAT: skip, SituationPASVLoopback: skip,
			SituationPASVLinkLocal: skip, SituationPASVUnspecified: skip, SituationPASVOtherPublic: skip,
			SituationPASVRefused: {Outcome: OutcomeCope, Note: "tries EPSV first", Sources: []string{srcCurlEPSV}},
			SituationEPSVRefused: {Outcome: OutcomeCope, Note: "falls back to PASV after a failed EPSV",
				Sources: []string{srcCurlEPSV}},
			SituationEPSVRefusedIPv6: {Outcome: OutcomeFail, Note: "over IPv6 EPSV is required",
				Sources: []string{srcCurlEPSV}},
			SituationNoPassive: {Outcome: OutcomeFail, Note: "passive by default; active mode only with --ftp-port",
				Sources: []string{srcCurlEPSV}},
			SituationActiveBroken: {Outcome: OutcomeNotAffected, Note: "passive by default; fails with --ftp-port",
				Sources: []string{srcCurlEPSV}},
			SituationTLSResumption: {Outcome: OutcomeCope,
				Note:    "resumes the control connection's session; with TLS 1.3 a reused control connection can fail (--tls-max 1.2)",
				Sources: []string{srcCurlTLS13}},
		}}
}

// lftp replaces a PASV address only when its class (private, loopback)
// differs from the control connection's, and asks PASV first over IPv4.
func lftpClient() Client {
	fix := Behaviour{Outcome: OutcomeCope, Note: "ftp:fix-pasv-address (on by default) uses the control connection's address",
		Sources: []string{srcLftpPASV, srcLftpSettings}}
	return Client{ID: "lftp", Name: "lftp", Kind: "command-line client", FTPS: true,
		On: map[Situation]Behaviour{
			SituationPASVPrivate: fix, SituationPASVLoopback: fix, SituationPASVLinkLocal: fix,
			SituationPASVUnspecified: {Outcome: OutcomeCope, Note: "treats 0.0.0.0 as reserved and uses the control connection's address",
				Sources: []string{srcLftpPASV, srcLftpSettings}},
			SituationPASVCGNAT: {Outcome: OutcomeFail,
				Note:    "100.64.0.0/10 is not private to ftp:fix-pasv-address; set ftp:ignore-pasv-address yes",
				Sources: []string{srcLftpPASV, srcLftpSettings}},
			SituationPASVOtherPublic: {Outcome: OutcomeFail, Note: "trusts a public PASV address; set ftp:ignore-pasv-address yes",
				Sources: []string{srcLftpPASV, srcLftpSettings}},
			SituationPASVRefused: {Outcome: OutcomeFail,
				Note:    "asks PASV over IPv4 (ftp:prefer-epsv is off) and then switches to active mode (ftp:auto-passive-mode)",
				Sources: []string{srcLftpPASV, srcLftpSettings}},
			SituationEPSVRefused: {Outcome: OutcomeCope, Note: "asks PASV over IPv4 (ftp:prefer-epsv is off)",
				Sources: []string{srcLftpPASV, srcLftpSettings}},
			SituationEPSVRefusedIPv6: {Outcome: OutcomeFail, Note: "over IPv6 it can only ask EPSV",
				Sources: []string{srcLftpPASV}},
			SituationNoPassive: {Outcome: OutcomeFail, Note: "switches to active mode, which works only if the server can connect back",
				Sources: []string{srcLftpPASV, srcLftpSettings}},
			SituationActiveBroken: {Outcome: OutcomeNotAffected, Note: "passive by default (ftp:passive-mode on)",
				Sources: []string{srcLftpSettings}},
			SituationTLSResumption: {Outcome: OutcomeCope,
				Note:    "copies the control connection's session to data connections (since 2.3.0; ftp:ssl-copy-sid off stops it, since 4.0.6)",
				Sources: []string{srcLftpPASV, srcLftpSettings}},
		}}
}

// FileZilla replaces only the addresses libfilezilla calls unroutable
// (10/8, 127/8, 169.254/16, 172.16/12, 192.168/16) and asks PASV over IPv4.
func fileZillaClient() Client {
	fix := Behaviour{Outcome: OutcomeCope,
		Note:    "\"Server sent passive reply with unroutable address. Using server address instead.\"",
		Sources: []string{srcFileZillaPASV, srcFileZillaRoute}}
	return Client{ID: "filezilla", Name: "FileZilla", Kind: "GUI client", FTPS: true,
		On: map[Situation]Behaviour{
			SituationPASVPrivate: fix, SituationPASVLoopback: fix, SituationPASVLinkLocal: fix,
			SituationPASVCGNAT: {Outcome: OutcomeFail, Note: "100.64.0.0/10 counts as routable, so it dials it",
				Sources: []string{srcFileZillaPASV, srcFileZillaRoute}},
			SituationPASVUnspecified: {Outcome: OutcomeFail, Note: "0.0.0.0 counts as routable, so it dials it",
				Sources: []string{srcFileZillaPASV, srcFileZillaRoute}},
			SituationPASVOtherPublic: {Outcome: OutcomeFail, Note: "dials a routable PASV address as given",
				Sources: []string{srcFileZillaPASV, srcFileZillaRoute}},
			SituationPASVRefused: {Outcome: OutcomeFail,
				Note:    "asks PASV over IPv4, then falls back to active mode if allowed",
				Sources: []string{srcFileZillaPASV}},
			SituationEPSVRefused: {Outcome: OutcomeCope, Note: "asks PASV over IPv4", Sources: []string{srcFileZillaPASV}},
			SituationEPSVRefusedIPv6: {Outcome: OutcomeFail, Note: "over IPv6 it asks EPSV only",
				Sources: []string{srcFileZillaPASV}},
			SituationNoPassive: {Outcome: OutcomeFail, Note: "falls back to active mode, which works only if the server can connect back",
				Sources: []string{srcFileZillaPASV}},
			SituationActiveBroken: {Outcome: OutcomeNotAffected, Note: "passive by default",
				Sources: []string{srcFileZillaPASV}},
			SituationTLSResumption: {Outcome: OutcomeCope, Note: "resumes the control connection's session on data connections",
				Sources: []string{srcFileZillaTLS}},
		}}
}

// WinSCP's FTP engine derives from FileZilla 2; its "Force IP address for
// passive mode connections" is Auto by default.
func winSCPClient() Client {
	auto := Behaviour{Outcome: OutcomeCope,
		Note:    "\"Force IP address for passive mode connections\" (Auto) uses the server address for an unroutable one",
		Sources: []string{srcWinSCPPASV}}
	return Client{ID: "winscp", Name: "WinSCP", Kind: "GUI client", FTPS: true,
		On: map[Situation]Behaviour{
			SituationPASVPrivate: auto, SituationPASVLoopback: auto, SituationPASVLinkLocal: auto,
			SituationPASVUnspecified: auto,
			SituationPASVCGNAT: {Outcome: OutcomeFail, Note: "100.64.0.0/10 counts as routable; set Force IP address to On",
				Sources: []string{srcWinSCPPASV}},
			SituationPASVOtherPublic: {Outcome: OutcomeFail, Note: "trusts a routable PASV address; set Force IP address to On",
				Sources: []string{srcWinSCPPASV}},
			SituationPASVRefused: {Outcome: OutcomeFail, Note: "asks PASV over IPv4, then tries active mode once",
				Sources: []string{srcWinSCPPASV}},
			SituationEPSVRefused: {Outcome: OutcomeCope, Note: "asks PASV over IPv4", Sources: []string{srcWinSCPPASV}},
			SituationEPSVRefusedIPv6: {Outcome: OutcomeFail, Note: "over IPv6 it asks EPSV only",
				Sources: []string{srcWinSCPPASV}},
			SituationNoPassive: {Outcome: OutcomeFail, Note: "tries active mode once, which works only if the server can connect back",
				Sources: []string{srcWinSCPPASV}},
			SituationActiveBroken: {Outcome: OutcomeNotAffected, Note: "passive by default", Sources: []string{srcWinSCPPASV}},
			SituationTLSResumption: {Outcome: OutcomeCope, Note: "reuses the control connection's session",
				Sources: []string{srcWinSCPTLS, srcWinSCPResumption}},
		}}
}

// Python's ftplib ignores the PASV address since the 2021 security
// releases and asks PASV over IPv4, EPSV over IPv6.
func ftplibClient() Client {
	ignore := Behaviour{Outcome: OutcomeCope, Since: "3.9.3", Before: OutcomeFail,
		Note:       "uses the control connection's address (also 3.8.9, 3.7.11, 3.6.14; trust_server_pasv_ipv4_address restores the old way)",
		BeforeNote: "dials the PASV address",
		Sources:    []string{srcPythonPASV, srcPythonFtplib}}
	return Client{ID: "python-ftplib", Name: "Python ftplib", Kind: "library", FTPS: true,
		On: map[Situation]Behaviour{
			SituationPASVPrivate: ignore, SituationPASVCGNAT: ignore, SituationPASVLoopback: ignore,
			SituationPASVLinkLocal: ignore, SituationPASVUnspecified: ignore, SituationPASVOtherPublic: ignore,
			SituationPASVRefused: {Outcome: OutcomeFail, Note: "asks PASV only over IPv4", Sources: []string{srcPythonFtplib}},
			SituationEPSVRefused: {Outcome: OutcomeCope, Note: "asks PASV over IPv4", Sources: []string{srcPythonFtplib}},
			SituationEPSVRefusedIPv6: {Outcome: OutcomeFail, Note: "asks EPSV only over IPv6",
				Sources: []string{srcPythonFtplib}},
			SituationNoPassive: {Outcome: OutcomeFail, Note: "passive by default; set_pasv(False) for active mode",
				Sources: []string{srcPythonFtplib}},
			SituationActiveBroken: {Outcome: OutcomeNotAffected, Note: "passive by default",
				Sources: []string{srcPythonFtplib}},
			SituationTLSResumption: {Outcome: OutcomeFail,
				Note:    "FTP_TLS does not pass the control connection's session on; a subclass whose ntransfercmd wraps with session=self.sock.session does",
				Sources: []string{srcPythonTLS}},
		}}
}

// Windows' ftp.exe has no passive mode and no TLS.
func windowsFTPClient() Client {
	active := Behaviour{Outcome: OutcomeNotAffected, Note: "active mode only (PORT)", Sources: []string{srcWindowsFTP}}
	return Client{ID: "windows-ftp", Name: "Windows ftp.exe", Kind: "command-line client", FTPS: false,
		Sources: []string{srcWindowsFTP},
		On: map[Situation]Behaviour{
			SituationPASVPrivate: active, SituationPASVCGNAT: active, SituationPASVLoopback: active,
			SituationPASVLinkLocal: active, SituationPASVUnspecified: active, SituationPASVOtherPublic: active,
			SituationPASVRefused: active, SituationEPSVRefused: active, SituationNoPassive: active,
			SituationEPSVRefusedIPv6: active,
			SituationActiveBroken: {Outcome: OutcomeFail, Note: "has no passive mode to fall back to",
				Sources: []string{srcWindowsFTP}},
		}}
}

// BusyBox ftpget/ftpput dial the control host with the port of the reply,
// and ask EPSV first when built with IPv6 (1.29.0).
func busyboxClient() Client {
	port := Behaviour{Outcome: OutcomeCope, Note: "uses only the port of the reply, with the control connection's address",
		Sources: []string{srcBusybox}}
	return Client{ID: "busybox", Name: "BusyBox ftpget/ftpput", Kind: "command-line client", FTPS: false,
		Sources: []string{srcBusybox},
		On: map[Situation]Behaviour{
			SituationPASVPrivate: port, SituationPASVCGNAT: port, SituationPASVLoopback: port,
			SituationPASVLinkLocal: port, SituationPASVUnspecified: port, SituationPASVOtherPublic: port,
			SituationPASVRefused: {Outcome: OutcomeCope, Since: "1.29.0", Before: OutcomeFail,
				Note: "asks EPSV first when built with IPv6 support", BeforeNote: "asks PASV only",
				Sources: []string{srcBusybox, srcBusyboxEPSV}},
			SituationEPSVRefused: {Outcome: OutcomeCope, Note: "falls back to PASV", Sources: []string{srcBusybox}},
			SituationEPSVRefusedIPv6: {Outcome: OutcomeUnknown,
				Note:    "falls back to PASV and dials the control address with its port: works only where the server answers PASV over IPv6",
				Sources: []string{srcBusybox}},
			SituationNoPassive:    {Outcome: OutcomeFail, Note: "passive mode only", Sources: []string{srcBusybox}},
			SituationActiveBroken: {Outcome: OutcomeNotAffected, Note: "passive mode only", Sources: []string{srcBusybox}},
		}}
}

// Apache Commons Net: active mode by default; in passive mode it replaced
// site-local PASV addresses from 3.0 and ignores the address from 3.9.0.
func commonsNetClient() Client {
	ignore := func(before, beforeNote string, src ...string) Behaviour {
		return Behaviour{Outcome: OutcomeCope, Since: before, Before: OutcomeFail, BeforeNote: beforeNote,
			Note:    "uses the control connection's address; " + noteCommonsPassive,
			Sources: append([]string{srcCommonsNet, srcCommonsNet711}, src...)}
	}
	return Client{ID: "commons-net", Name: "Apache Commons Net", Kind: "library (Java)", FTPS: true,
		On: map[Situation]Behaviour{
			SituationPASVPrivate: {Outcome: OutcomeCope, Since: "3.0", Before: OutcomeFail, BeforeNote: "dials the PASV address",
				Note:    "replaces a site-local PASV address (NatServerResolverImpl); " + noteCommonsPassive,
				Sources: []string{srcCommonsNet, srcCommonsNetNAT}},
			SituationPASVCGNAT:       ignore("3.9.0", "only site-local (RFC 1918) addresses were replaced"),
			SituationPASVLoopback:    ignore("3.9.0", "only site-local (RFC 1918) addresses were replaced"),
			SituationPASVLinkLocal:   ignore("3.9.0", "only site-local (RFC 1918) addresses were replaced"),
			SituationPASVUnspecified: ignore("3.7", "dials 0.0.0.0", srcCommonsNetZero),
			SituationPASVOtherPublic: ignore("3.9.0", "dials the PASV address"),
			SituationPASVRefused: {Outcome: OutcomeFail,
				Note:    "asks PASV over IPv4 unless setUseEPSVwithIPv4(true); " + noteCommonsPassive,
				Sources: []string{srcCommonsNet}},
			SituationEPSVRefused: {Outcome: OutcomeCope, Note: "asks PASV over IPv4 by default", Sources: []string{srcCommonsNet}},
			SituationEPSVRefusedIPv6: {Outcome: OutcomeFail, Note: "over IPv6 it asks EPSV only",
				Sources: []string{srcCommonsNet}},
			SituationNoPassive: {Outcome: OutcomeFail, Note: noteCommonsPassive, Sources: []string{srcCommonsNet}},
			SituationActiveBroken: {Outcome: OutcomeFail,
				Note:    "active mode is its default: programs that do not call enterLocalPassiveMode() fail",
				Sources: []string{srcCommonsNet}},
			SituationTLSResumption: {Outcome: OutcomeFail,
				Note:    "FTPSClient does not resume sessions (JSSE offers no way to); a subclass must work around it",
				Sources: []string{srcCommonsNetTLS, srcJSSEResumption}},
		}}
}

// jlaffaye/ftp asks EPSV first; v0.2.1 replaced some PASV addresses the
// way lftp does, v0.2.3 ignores the PASV address unless told to trust it.
func jlaffayeClient() Client {
	ignore := Behaviour{Outcome: OutcomeCope, Since: "0.2.3", Before: OutcomeFail,
		Note:       "ignores the PASV address (DialWithTrustPasvIP restores it); " + noteUsesEPSVFirst,
		BeforeNote: "dials the PASV address; " + noteUsesEPSVFirst,
		Sources:    []string{srcJlaffaye, srcJlaffayeBogus}}
	bogus := Behaviour{Outcome: OutcomeCope, Since: "0.2.1", Before: OutcomeFail,
		Note:       "replaces a PASV address whose class differs from the server's; " + noteUsesEPSVFirst,
		BeforeNote: "dials the PASV address; " + noteUsesEPSVFirst,
		Sources:    []string{srcJlaffaye, srcJlaffayeBogus}}
	return Client{ID: "jlaffaye-ftp", Name: "jlaffaye/ftp", Kind: "library (Go)", FTPS: true,
		On: map[Situation]Behaviour{
			SituationPASVPrivate: bogus, SituationPASVLoopback: bogus,
			SituationPASVCGNAT: ignore, SituationPASVLinkLocal: ignore, SituationPASVUnspecified: ignore,
			SituationPASVOtherPublic: ignore,
			SituationPASVRefused:     {Outcome: OutcomeCope, Note: "tries EPSV first", Sources: []string{srcJlaffaye}},
			SituationEPSVRefused: {Outcome: OutcomeCope, Note: "falls back to PASV after a failed EPSV",
				Sources: []string{srcJlaffaye}},
			SituationEPSVRefusedIPv6: {Outcome: OutcomeUnknown,
				Note:    "falls back to PASV and dials the control address with its port: works only where the server answers PASV over IPv6",
				Sources: []string{srcJlaffaye}},
			SituationNoPassive:    {Outcome: OutcomeFail, Note: "passive mode only", Sources: []string{srcJlaffaye}},
			SituationActiveBroken: {Outcome: OutcomeNotAffected, Note: "passive mode only", Sources: []string{srcJlaffaye}},
			SituationTLSResumption: {Outcome: OutcomeFail,
				Note:    "resumes only when the program's tls.Config sets ClientSessionCache and ServerName",
				Sources: []string{srcJlaffayeTLS}},
		}}
}

// situationTitle is a situation in words.
func situationTitle(s Situation) string {
	switch s {
	case SituationPASVPrivate:
		return "PASV names a private (RFC 1918) address, the control connection a public one"
	case SituationPASVCGNAT:
		return "PASV names a CGNAT address (100.64.0.0/10)"
	case SituationPASVLoopback:
		return "PASV names a loopback address (127.0.0.0/8)"
	case SituationPASVLinkLocal:
		return "PASV names a link-local address (169.254.0.0/16)"
	case SituationPASVUnspecified:
		return "PASV names 0.0.0.0"
	case SituationPASVOtherPublic:
		return "PASV names a routable address other than the one the client reached"
	case SituationPASVRefused:
		return "PASV refused, EPSV works (IPv4)"
	case SituationEPSVRefused:
		return "EPSV refused, PASV works (IPv4)"
	case SituationEPSVRefusedIPv6:
		return "EPSV refused on an IPv6 connection"
	case SituationNoPassive:
		return "PASV and EPSV both refused"
	case SituationActiveBroken:
		return "Active mode fails (PORT/EPRT refused, or the server cannot connect back)"
	case SituationTLSResumption:
		return "The server requires TLS session resumption on data connections"
	}
	return string(s)
}
