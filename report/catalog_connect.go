package report

import "github.com/ftpnat/ftpnat/probe"

// connectEntries cover getting a session at all: name, control port,
// greeting, login, and what the greeting gives away.
func connectEntries() []Entry {
	return []Entry{
		{
			ID: probe.FindingDNSUnresolved, Severity: probe.SeverityCritical,
			Title: "Host name does not resolve",
			Explanation: "The host name has no A or AAAA record that this machine's resolver could find, so no " +
				"connection was attempted. The name may be misspelled, the record may never have been published " +
				"(or exist only in an internal DNS view), or the resolver itself failed; the evidence quotes the " +
				"resolver's error. Every client fails the same way; connecting by IP address works if the server is " +
				"otherwise reachable.",
			advice: "Check the name from outside your network (dig +short {{host}} A, and AAAA); publish or fix the " +
				"DNS record, or diagnose the IP address directly.",
		},
		{
			ID: probe.FindingControlUnreachable, Severity: probe.SeverityCritical, Cause: CauseNetwork,
			Title: "Control port unreachable",
			Explanation: "No TCP connection to the FTP control port could be made. 'Refused' means a host answered " +
				"with a reset: nothing listens on that port, or the NAT device in front of the server has no " +
				"forwarding rule for it. 'Timed out' means the packets were dropped: a firewall, security group or " +
				"forwarding rule is missing, or the host is down. No client can connect; passive or active mode does " +
				"not matter yet.",
			advice: "Check that the server listens on TCP {{port}} (ss -ltn 'sport = :{{port}}' on the server), then " +
				"that every NAT and firewall on the way forwards and allows TCP {{port}} to it.",
			fixes: []recipe{fixForwardControl},
		},
		{
			ID: probe.FindingControlNoGreeting, Severity: probe.SeverityCritical,
			Title: "No FTP greeting",
			Explanation: "The TCP connection opened, but the server did not send its 220 greeting in time, or it " +
				"refused the session (421 or another code). A 421 at connect time means a connection limit (total or " +
				"per address) or an access rule rejected this client. Silence usually means the server stalls on " +
				"reverse DNS or ident lookups of the client address, or the port is forwarded to something that is " +
				"not an FTP server. Clients report a timeout or 'connection closed by server' before any login.",
			advice: "Look in the server's log for this connection: a 421 names the limit or rule; silence points to " +
				"slow lookups or to a port forwarded to the wrong host.",
			fixes: []recipe{fixGreeting},
		},
		{
			ID: probe.FindingControlSessionFailed, Severity: probe.SeverityCritical,
			Title: "Control session broke off",
			Explanation: "The session started (the greeting arrived) and then broke off: a reply never came, the " +
				"connection was closed, or a reply broke the FTP framing or size rules. Right after PASV in a " +
				"plaintext session the usual cause is a firewall's FTP inspection (Linux nf_conntrack_ftp, Cisco ASA " +
				"'inspect ftp') dropping or resetting a reply it cannot parse; if the same step works under TLS, that " +
				"is confirmed. A closed connection can also be the server crashing or enforcing a policy, such as " +
				"refusing plaintext logins. Clients hang or report 'connection closed' in the middle of a session.",
			advice: "The evidence names the command in flight. After PASV in plaintext, suspect FTP inspection on a " +
				"firewall (compare with --tls explicit); otherwise read the server's log for that moment.",
			fixes: []recipe{fixInspectionOff},
		},
		{
			ID: probe.FindingControlHeldForData, Severity: probe.SeverityWarning, Cause: CauseNetwork,
			Title: "Server waits for the data connection",
			Explanation: "After a PASV or EPSV reply the server answered nothing more until the data connection " +
				"it had announced arrived, and that connection never arrived. RFC 959 lets a server do this, and " +
				"Twisted's FTP server does: it stops reading commands until the data connection is made or its own " +
				"timeout (10 seconds) passes, then answers the held command late. The control connection and any " +
				"firewall inspecting it are not at fault: the data port is unreachable (see the data-port findings), " +
				"and a client that opens the data connection right after the passive reply, as ftpnat does, would " +
				"list normally once the port is reachable. Clients that send another command first hang until the " +
				"server's timeout.",
			advice: "Make the passive data ports reachable: pin the server's passive range and forward it to the " +
				"server, or announce the address clients can reach.",
			fixes: []recipe{fixPinRange, fixForward},
		},
		{
			ID: probe.FindingLoginFailed, Severity: probe.SeverityCritical,
			Title: "Login rejected",
			Explanation: "The server rejected USER/PASS, so nothing that needs a session (directory listing, data " +
				"connections) could be tested. The credentials may be wrong, the account may not be allowed to use " +
				"FTP (disabled, no valid shell, listed in ftpusers), anonymous access may be off, or the server may " +
				"require TLS before it accepts a password ('530 Non-anonymous sessions must use encryption'). Every " +
				"client fails the same way with these credentials.",
			advice: "Check the account, or diagnose with a real one: ftpnat diagnose --user NAME {{host}} (password " +
				"from $FTPNAT_PASSWORD, --password-file or ~/.netrc). If the server requires TLS, add --tls explicit.",
			fixes: []recipe{fixLogin},
		},
		{
			ID: probe.FindingBannerLeaksPrivateAddr, Severity: probe.SeverityInfo,
			Title: "Greeting reveals an internal address",
			Explanation: "The 220 greeting contains an internal IP address (ProFTPD's default greeting does this). " +
				"Anyone who connects learns the server's address behind the NAT, which helps to map the internal " +
				"network. It breaks nothing, but it is a hint that the server sits behind NAT and may announce that " +
				"address in its PASV replies too.",
			advice: "Replace the greeting with a neutral text that shows neither version nor address ({{server}}).",
			fixes:  []recipe{fixBanner},
		},
	}
}
