package report

// Source is where a fact of the clients table comes from: a client's own
// code, documentation or changelog, or a public issue thread.
type Source struct {
	ID    string // short key the table cites
	Title string
	URL   string
}

// The sources the clients table cites, keyed by ID.
const (
	srcCurlSkipPASVIP   = "curl-skip-pasv-ip"
	srcCurlEPSV         = "curl-disable-epsv"
	srcCurlTLS13        = "curl-4654"
	srcLftpPASV         = "lftp-ftpclass"
	srcLftpSettings     = "lftp-resource"
	srcFileZillaPASV    = "filezilla-rawtransfer"
	srcFileZillaRoute   = "libfilezilla-iputils"
	srcFileZillaTLS     = "filezilla-transfersocket"
	srcWinSCPPASV       = "winscp-ftpcontrolsocket"
	srcWinSCPTLS        = "winscp-asyncssl"
	srcWinSCPResumption = "fluentftp-311"
	srcPythonPASV       = "cpython-43285"
	srcPythonTLS        = "cpython-63699"
	srcPythonFtplib     = "python-ftplib-docs"
	srcWindowsFTP       = "windows-ftp"
	srcBusybox          = "busybox-ftpgetput"
	srcBusyboxEPSV      = "busybox-epsv"
	srcCommonsNet       = "commons-net-ftpclient"
	srcCommonsNetNAT    = "commons-net-363"
	srcCommonsNet711    = "commons-net-711"
	srcCommonsNetZero   = "commons-net-zero"
	srcCommonsNetTLS    = "commons-net-ftpsclient"
	srcJSSEResumption   = "cyberduck-18399"
	srcJlaffaye         = "jlaffaye-ftp"
	srcJlaffayeBogus    = "jlaffaye-349"
	srcJlaffayeTLS      = "jlaffaye-342"
)

// Sources lists every source the clients table cites, in document order.
func Sources() []Source {
	return []Source{
		{srcCurlSkipPASVIP, "curl: CURLOPT_FTP_SKIP_PASV_IP (default 1 since 7.74.0, CVE-2020-8284)",
			"https://curl.se/libcurl/c/CURLOPT_FTP_SKIP_PASV_IP.html"},
		{srcCurlEPSV, "curl: --disable-epsv (EPSV first, PASV after a failed EPSV; EPSV required over IPv6)",
			"https://curl.se/docs/manpage.html#--disable-epsv"},
		{srcCurlTLS13, "curl#4654: vsftpd requires TLS 1.3 session reuse on a reused FTP connection",
			"https://github.com/curl/curl/issues/4654"},
		{srcLftpPASV, "lftp src/ftpclass.cc: ftp:fix-pasv-address, PASV/EPSV choice, copy_sid (session ID shared since 2.3.0, commit bff0feb9)",
			"https://github.com/lavv17/lftp/blob/master/src/ftpclass.cc"},
		{srcLftpSettings, "lftp src/resource.cc and src/network.cc: setting defaults, is_private/is_reserved",
			"https://github.com/lavv17/lftp/blob/master/src/resource.cc"},
		{srcFileZillaPASV, "FileZilla src/engine/ftp/rawtransfer.cpp: ParsePasvResponse, GetPassiveCommand",
			"https://svn.filezilla-project.org/filezilla/FileZilla3/trunk/src/engine/ftp/rawtransfer.cpp?view=markup"},
		{srcFileZillaRoute, "libfilezilla lib/iputils.cpp: is_routable_address (10/8, 127/8, 169.254/16, 172.16/12, 192.168/16)",
			"https://svn.filezilla-project.org/filezilla/libfilezilla/trunk/lib/iputils.cpp?view=markup"},
		{srcFileZillaTLS, "FileZilla src/engine/ftp/transfersocket.cpp: the data connection's TLS handshake passes the control connection's session parameters",
			"https://svn.filezilla-project.org/filezilla/FileZilla3/trunk/src/engine/ftp/transfersocket.cpp?view=markup"},
		{srcWinSCPPASV, "WinSCP source/filezilla/FtpControlSocket.cpp: CheckForcePasvIp, IsRoutableAddress, PASV/EPSV choice",
			"https://github.com/winscp/winscp/blob/master/source/filezilla/FtpControlSocket.cpp"},
		{srcWinSCPTLS, "WinSCP source/filezilla/AsyncSslSocketLayer.cpp: session reuse on data connections",
			"https://github.com/winscp/winscp/blob/master/source/filezilla/AsyncSslSocketLayer.cpp"},
		{srcWinSCPResumption, "FluentFTP#311: WinSCP handles TLS resumption against FileZilla Server 1.x",
			"https://github.com/robinrodricks/FluentFTP/issues/311"},
		{srcPythonPASV, "CPython gh-87451 / bpo-43285: ftplib no longer trusts the PASV address (3.9.3, 3.8.9, 3.7.11, 3.6.14)",
			"https://github.com/python/cpython/issues/87451"},
		{srcPythonTLS, "CPython gh-63699 / bpo-19500: ftplib FTP_TLS does not resume the TLS session on data connections",
			"https://github.com/python/cpython/issues/63699"},
		{srcPythonFtplib, "Python ftplib: makepasv (PASV over IPv4, EPSV over IPv6), passive mode by default",
			"https://docs.python.org/3/library/ftplib.html"},
		{srcWindowsFTP, "Microsoft: Ftp subcommands (none for passive mode or TLS)",
			"https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-xp/bb490681(v=technet.10)"},
		{srcBusybox, "BusyBox networking/ftpgetput.c: xconnect_ftpdata dials the control host with the reply's port",
			"https://git.busybox.net/busybox/tree/networking/ftpgetput.c"},
		{srcBusyboxEPSV, "BusyBox commit 1783ffa99 (1.29.0): ftpget/ftpput and wget send EPSV first when built with IPv6",
			"https://git.busybox.net/busybox/commit/?id=1783ffa990814e2aac14e7ff5a4bbf2d5bebe3cc"},
		{srcCommonsNet, "Apache Commons Net FTPClient.java: NatServerResolverImpl, data connection mode, EPSV with IPv4",
			"https://github.com/apache/commons-net/blob/master/src/main/java/org/apache/commons/net/ftp/FTPClient.java"},
		{srcCommonsNetNAT, "NET-363 (3.0): replace a site-local PASV address; NET-588 (3.6): only when the server is not site-local",
			"https://issues.apache.org/jira/browse/NET-363"},
		{srcCommonsNet711, "NET-711 (3.9.0): FTPClient ignores the PASV address by default, like curl",
			"https://issues.apache.org/jira/browse/NET-711"},
		{srcCommonsNetZero, "Commons Net commit d497b461 (3.7): a 0,0,0,0 PASV address means the control connection's",
			"https://github.com/apache/commons-net/commit/d497b4617c7fbb387de3929ea0fa3b1f912c7928"},
		{srcCommonsNetTLS, "Apache Commons Net FTPSClient.java: its hook for preparing data sockets is empty (no session reuse)",
			"https://github.com/apache/commons-net/blob/master/src/main/java/org/apache/commons/net/ftp/FTPSClient.java"},
		{srcJSSEResumption, "Cyberduck#18399: JSSE keys its session cache by host:port, so data connections do not resume",
			"https://github.com/iterate-ch/cyberduck/pull/18399"},
		{srcJlaffaye, "jlaffaye/ftp v0.2.4 ftp.go: EPSV first, PASV host ignored unless DialWithTrustPasvIP (v0.2.3)",
			"https://github.com/jlaffaye/ftp/blob/v0.2.4/ftp.go"},
		{srcJlaffayeBogus, "jlaffaye/ftp#349 (v0.2.1): replace a PASV address like lftp (isBogusDataIP)",
			"https://github.com/jlaffaye/ftp/pull/349"},
		{srcJlaffayeTLS, "jlaffaye/ftp#342 and #435: data connections resume only with ClientSessionCache and ServerName",
			"https://github.com/jlaffaye/ftp/issues/342"},
	}
}

// source looks up a source by ID.
func source(id string) (Source, bool) {
	for _, s := range Sources() {
		if s.ID == id {
			return s, true
		}
	}
	return Source{}, false
}
