package report

import "github.com/ftpnat/ftpnat/probe"

// tlsEntries cover FTPS: whether it is offered, the handshake, the
// certificate, and protected data connections.
func tlsEntries() []Entry {
	return []Entry{
		{
			ID: probe.FindingTLSNotOffered, Severity: probe.SeverityWarning,
			SeverityNote: "critical when TLS was required (--tls explicit or implicit)",
			Title:        "FTPS (AUTH TLS) not offered",
			Explanation: "The server does not offer AUTH TLS (explicit FTPS), so user names, passwords and file " +
				"contents cross the network in clear text. Clients set to require FTPS refuse to connect; the others " +
				"work, unprotected. Behind NAT there is a trap: while the control channel is plaintext, a firewall's " +
				"FTP inspection may be silently correcting PASV addresses and opening data ports. Once TLS is on it " +
				"no longer can, so the server's own passive address and an explicitly forwarded port range must be " +
				"right first.",
			advice: "Enable explicit FTPS with a certificate for {{host}}. Before that, make the server announce " +
				"{{public}} itself and forward its {{range}} {{min}}-{{max}} explicitly: no firewall can read an " +
				"encrypted control channel.",
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
				"-servername {{host}} shows where the handshake stops (for implicit TLS, leave out -starttls ftp).",
			fixes: []recipe{fixTLSSettings},
		},
		{
			ID: probe.FindingTLSCertificateInvalid, Severity: probe.SeverityWarning,
			Title: "TLS certificate not trusted",
			Explanation: "The server's certificate does not verify, and the summary says why: it is self-signed or " +
				"issued by an unknown CA, the intermediate certificates are missing, it has expired or is not valid " +
				"yet, or it does not name the host that was used (a certificate for an internal name, or a " +
				"connection by IP address). Clients that verify certificates (curl, lftp, Go, Python and Java " +
				"libraries by default) refuse to connect; FileZilla and WinSCP ask the user to accept it, which " +
				"teaches users to accept anything, an attacker's certificate included.",
			advice: "Install a certificate for {{host}} from a public CA with its full chain, and renew it before it " +
				"expires. Check with openssl s_client -starttls ftp -connect {{host}}:{{port}} -servername {{host}}.",
			fixes: []recipe{fixCertificate},
		},
		{
			ID: probe.FindingTLSCertificateExpiring, Severity: probe.SeverityWarning,
			Title: "TLS certificate expires soon",
			Explanation: "The server's certificate is valid today but expires within the warning period (14 days " +
				"unless --cert-days says otherwise); the summary gives the date and the days left. From that moment " +
				"every client that verifies certificates refuses to connect, and the others warn their users. An " +
				"automatic renewal that stopped working looks exactly like this: certbot renews a Let's Encrypt " +
				"certificate once 30 days are left, so one with 14 days left was not renewed. FTP servers read " +
				"their certificate only when they start, so a renewed certificate that the server was not restarted " +
				"or reloaded for looks the same. Once expired, it is reported as tls.certificate_invalid.",
			advice: "Renew the certificate for {{host}} now (certbot renew, or your CA's renewal), install it with its " +
				"intermediate certificates and restart or reload the FTP server: it reads the certificate only at " +
				"start. Make the renewal restart the server (certbot --deploy-hook), and check the date it serves " +
				"with openssl s_client -starttls ftp -connect {{host}}:{{port}} -servername {{host}} | openssl x509 " +
				"-noout -enddate.",
			fixes: []recipe{fixCertificate},
		},
		{
			ID: probe.FindingTLSSessionReuseRequired, Severity: probe.SeverityInfo,
			Title: "Data connections require TLS session reuse",
			Explanation: "A protected data connection that starts a fresh TLS session is refused, while one that " +
				"resumes the control connection's TLS session works. The server requires session reuse, a guard " +
				"against a third party taking over the data connection: vsftpd by default (require_ssl_reuse=YES), " +
				"ProFTPD unless told otherwise, FileZilla Server always. Clients that resume sessions work " +
				"(FileZilla, WinSCP, lftp, curl). Clients that cannot log in and then fail every listing and " +
				"transfer with 425 or 522 'session reuse required': older FluentFTP versions, PHP's FTP functions " +
				"before PHP 8.3, Go programs whose tls.Config lacks a ClientSessionCache and a ServerName, and some " +
				"iOS clients.",
			advice: "Nothing to change on the server if your clients resume TLS sessions. Otherwise update the " +
				"client (in Go, give each connection a tls.Config with ClientSessionCache and ServerName set); relax " +
				"the server's requirement only as a last resort.",
			fixes: []recipe{fixSessionReuse},
		},
		{
			ID: probe.FindingTLSDataFailed, Severity: probe.SeverityCritical,
			Title: "Protected data connection cannot be established",
			Explanation: "Under TLS no protected data connection could be established, not even one resuming the " +
				"control connection's TLS session, or only the first few worked. When none works, the passive ports " +
				"are usually reachable only through a firewall's FTP inspection, or not forwarded at all: an " +
				"encrypted control channel cannot be inspected, so no ports are opened and no addresses corrected. " +
				"FTPS clients log in and then every listing and transfer hangs, while plaintext FTP may still work " +
				"through the same firewall. When the first listings work and later ones fail, the server stops " +
				"accepting resumed sessions after a few (a TLS 1.3 session ticket problem); capping the server at " +
				"TLS 1.2 is the usual work-around until server or client is fixed.",
			advice: "Make the server announce {{public}} itself and forward and allow the {{range}} {{min}}-{{max}} " +
				"to {{server}} explicitly: under TLS nothing in the network can do it for you. If only later listings " +
				"failed, cap the server at TLS 1.2 for now.",
			fixes: []recipe{fixAdvertise, fixForward, fixTransfer},
		},
	}
}
