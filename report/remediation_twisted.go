package report

// twisted is Twisted's FTP server (twisted.protocols.ftp): the PASV reply
// names the local address of the control connection, and nothing changes
// that short of subclassing; the passive ports can be pinned.

const twistedName = "Twisted's FTP server (twisted.protocols.ftp)"

func twistedFixes() playbook {
	pinRange := "factory.passivePortRange = range({{min}}, {{max}} + 1)"
	return playbook{
		fixAdvertise: {
			text: wayOut(twistedName, "its PASV reply names the local address of the control connection, here "+
				"{{advertised}}, and FTPFactory has no setting for another one.") + " What Twisted can do is pin its " +
				"passive ports to the {{range}} {{min}}-{{max}} on the FTPFactory (range() excludes its end, hence " +
				"+ 1), so that the firewall forwards exactly those.",
			config: pinRange,
		},
		fixPinRange: {
			text: "Pin Twisted's passive ports to the {{range}} {{min}}-{{max}} on the FTPFactory (the default, " +
				"range(0, 1), lets the kernel pick any port), and restart the program.",
			config: pinRange,
		},
		fixGreeting: {
			text: "Twisted's FTPFactory answers '421 Too many users right now, try again in a few minutes.' and " +
				"closes the connection beyond factory.connectionLimit (None, no limit, by default): raise it or " +
				"leave it unset.",
		},
		fixLogin: {
			text: "Twisted's FTP server accepts the users its Portal's checkers know; anonymous logins need " +
				"FTPFactory(portal, userAnonymous='anonymous') and an AllowAnonymousAccess checker in the portal.",
		},
		fixEnableTLS: {
			text: "Twisted's FTP server has no AUTH TLS. For FTPS replace it with a server that has it, or offer SFTP " +
				"(twisted.conch) instead.",
		},
		fixActive: {
			text: "Twisted connects back to the address and port the client names in PORT. Prefer passive mode.",
		},
	}
}
