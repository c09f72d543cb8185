package report

// inetutils is GNU inetutils ftpd: no configuration file, no setting for
// the announced address or the passive ports, no TLS.

const inetutilsName = "GNU inetutils ftpd"

func inetutilsFixes() playbook {
	alg := wayOutALGnft()
	return playbook{
		fixAdvertise: {
			text: wayOut(inetutilsName, "it always names its own end of the control connection, here {{advertised}}, and a "+
				"port the kernel picks.") + " It has no TLS either, so the ALG (2) covers all its clients.",
			config: alg,
		},
		fixPinRange: {
			text: inetutilsName + " has no passive port setting: the kernel picks each port from its ephemeral " +
				"range (net.ipv4.ip_local_port_range), so a forwarded {{range}} {{min}}-{{max}} does not match what " +
				"it hands out. Where the server has a network namespace of its own (a container, or a VM), narrow that " +
				"range to {{min}}-{{max}} there (below; on a shared host it would also limit every outgoing " +
				"connection); then forward the range, or let the router's FTP helper open each port as it is " +
				"announced (plaintext only, and inetutils ftpd has no TLS). Otherwise replace it with a server that " +
				"pins its range.",
			config: ephemeralRange(),
		},
		fixGreeting: {
			text: "inetutils ftpd runs from inetd (or with -D on its own): a late or missing greeting is inetd's " +
				"connection limit, tcp_wrappers (/etc/hosts.allow, /etc/hosts.deny), /etc/nologin (it shows the file " +
				"and closes), or the reverse lookup of the client's address when no name server answers.",
		},
		fixLogin: {
			text: "inetutils ftpd refuses users listed in /etc/ftpusers and, for anonymous logins, needs a system " +
				"user 'ftp' whose home is the anonymous tree; -A allows anonymous logins only. With -a pam it asks the " +
				"PAM service 'ftp'.",
		},
		fixEnableTLS: {
			text: "inetutils ftpd has no TLS. For FTPS replace it with a server that has it (vsftpd, ProFTPD, " +
				"Pure-FTPd), or offer SFTP (OpenSSH) instead.",
		},
		fixTransfer: {
			text: "inetutils ftpd's '425 Can't open data connection.' means the client never reached the passive " +
				"port it announced: behind NAT, the address and port problem above.",
		},
		fixActive: {
			text: "inetutils ftpd connects back only to the client's own address and to ports above 1023; that is " +
				"its bounce protection, and right. Prefer passive mode.",
		},
		fixBanner: {
			text: "inetutils ftpd greets with its host name (and version; -q hides the version); /etc/ftpwelcome " +
				"adds lines before it. Set a host name that does not reveal {{server}}, and remove the address from " +
				"/etc/ftpwelcome.",
		},
	}
}
