package report

import "github.com/ftpnat/ftpnat/probe"

// tlsEntries cover FTPS: whether it is offered, the handshake, the
// certificate, and protected data connections.
func tlsEntries() []Entry {
	return []Entry{
		{
			ID: probe.FindingTLSNotOffered, Severity: probe.SeverityWarning,
			Title: "FTPS (AUTH TLS) not offered",
			Explanation: "The server does not offer AUTH TLS (explicit FTPS), so user names, passwords and file " +
				"contents cross the network in clear text. Clients set to require FTPS refuse to connect; the others " +
				"work, unprotected. Behind NAT there is a trap: while the control channel is plaintext, a firewall's " +
				"FTP inspection may be silently correcting PASV addresses and opening data ports. Once TLS is on it " +
				"no longer can, so the server's own passive address and an explicitly forwarded port range must be " +
				"right first.",
			advice: "Enable explicit FTPS with a certificate for {{host}}. Before that, make the server announce its " +
				"public address and forward its passive range explicitly: no firewall can read an encrypted control channel.",
			fixes: []recipe{fixEnableTLS, fixForward},
		},
		{
			ID: probe.FindingTLSHandshakeFailed, Severity: probe.SeverityWarning,
			SeverityNote: "critical when TLS was required (--tls explicit or implicit)",
			Title:        "TLS handshake failed",
			Explanation: "The server accepted AUTH TLS (or the implicit-TLS port answered), but the TLS handshake " +
				"failed: no protocol version or cipher in common, a certificate or key the server cannot use, or a " +
				"middlebox interfering with the encrypted stream. FTPS clients fail at connect time with a TLS " +
				"error; plaintext clients are not affected.",
			advice: "Check the server's TLS settings and log. openssl s_client -starttls ftp -connect {{host}}:{{port}} " +
				"shows where the handshake stops.",
			fixes: []recipe{fixTLSSettings},
		},
		{
			ID: probe.FindingTLSCertificateInvalid, Severity: probe.SeverityWarning,
			Title: "TLS certificate not trusted",
			Explanation: "The server's certificate is not trusted: it is self-signed or from an unknown CA, the " +
				"intermediate certificates are missing, it has expired, or it does not name the host that was " +
				"used. Clients that verify certificates (curl, lftp, Go, Python and Java libraries by default) " +
				"refuse to connect; FileZilla and WinSCP ask the user to accept it, which teaches users to accept " +
				"anything.",
			advice: "Install a certificate for {{host}} from a public CA with its full chain, and renew it before it " +
				"expires. Check with openssl s_client -starttls ftp -connect {{host}}:{{port}} -servername {{host}}.",
			fixes: []recipe{fixCertificate},
		},
		{
			ID: probe.FindingTLSSessionReuseRequired, Severity: probe.SeverityInfo,
			Title: "Data connections require TLS session reuse",
			Explanation: "A protected data connection is refused when it starts a fresh TLS session, but works when " +
				"it resumes the control connection's session. The server requires session reuse (vsftpd's default " +
				"require_ssl_reuse=YES, ProFTPD and FileZilla Server likewise), a guard against hijacked data " +
				"connections. Clients that resume sessions (FileZilla, WinSCP, lftp, curl) work; clients that " +
				"cannot (some older libraries, Go programs without a per-connection session cache, some mobile " +
				"apps) fail every transfer with 425 or 522 'session reuse required'.",
			advice: "Nothing to change if your clients resume TLS sessions. Relax the requirement only if clients " +
				"that cannot resume must be supported.",
			fixes: []recipe{fixSessionReuse},
		},
		{
			ID: probe.FindingTLSDataFailed, Severity: probe.SeverityCritical,
			Title: "Protected data connection cannot be established",
			Explanation: "Under TLS no protected data connection could be established, not even with TLS session " +
				"resumption. Usually the passive ports are reachable only through a firewall's FTP inspection, or " +
				"not forwarded at all: an encrypted control channel cannot be inspected, so no ports are opened and " +
				"no addresses corrected. FTPS clients log in and then every listing and transfer hangs; plaintext " +
				"FTP may still work through the same firewall.",
			advice: "Make the server announce {{public}} itself and forward and allow the {{range}} {{min}}-{{max}} " +
				"to {{server}} explicitly: under TLS nothing in the network can do it for you.",
			fixes: []recipe{fixAdvertise, fixForward},
		},
	}
}
