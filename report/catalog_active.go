package report

import "github.com/ftpnat/ftpnat/probe"

// activeEntries cover active mode (PORT/EPRT), where the server connects
// back to the client.
func activeEntries() []Entry {
	return []Entry{
		{
			ID: probe.FindingActivePortRejected, Severity: probe.SeverityWarning,
			Title: "Active mode (PORT/EPRT) refused",
			Explanation: "The server refused PORT/EPRT, the commands with which a client asks the server to connect " +
				"back to it (active mode). Either active mode is disabled, or the server refused the address in the " +
				"command, usually because it differs from the address the control connection comes from (a guard " +
				"against FTP bounce attacks; a client behind NAT announces its private address). Clients in passive " +
				"mode, the default almost everywhere, are not affected.",
			advice: "Use passive mode. To support active mode, enable PORT/EPRT on the server; clients behind NAT " +
				"still need their router to rewrite or forward correctly.",
			fixes: []recipe{fixActive, fixActiveClient},
		},
		{
			ID: probe.FindingActiveNoConnectBack, Severity: probe.SeverityWarning,
			Title: "Active mode: the server never connected back",
			Explanation: "The server accepted PORT/EPRT but never connected back to the listener ftpnat opened. The " +
				"connection was blocked on the way: the NAT or firewall on the client's side does not let inbound " +
				"connections in, or the server's own firewall blocks its outbound data connections (from port 20). " +
				"Active mode does not work from this network; passive mode does not depend on it.",
			advice: "Use passive mode. Active mode needs the client's firewall to accept the server's inbound " +
				"connection, which home routers and corporate firewalls usually prevent.",
			fixes: []recipe{fixActive, fixActiveClient},
		},
	}
}
