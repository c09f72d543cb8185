package report

import "github.com/ftpnat/ftpnat/probe"

// activeEntries cover active mode (PORT/EPRT), where the server connects
// back to the client.
func activeEntries() []Entry {
	return []Entry{
		{
			ID: probe.FindingActivePortRejected, Severity: probe.SeverityWarning,
			Title: "Active mode (PORT/EPRT) refused",
			Explanation: "The server refused PORT or EPRT, the commands with which a client asks the server to connect " +
				"back to it for a transfer (active mode). Usually this is the server guarding against FTP bounce " +
				"attacks: it connects back only to the address the control connection comes from and refuses any " +
				"other. A client behind NAT names its own private address in PORT, which is not the public address " +
				"the server sees, so the refusal is right. Pure-FTPd names both ('500 I won't open a connection to A " +
				"(only to B)': B is the client as the server sees it); vsftpd and ProFTPD answer '500 Illegal PORT " +
				"command'. Less often, active mode is switched off on the server. Clients in passive mode, the " +
				"default almost everywhere, are not affected; active mode through a client's NAT needs the client " +
				"to name its public address and its router to forward the data ports to it.",
			advice: "Use passive mode. PORT/EPRT named {{client}}: if the server sees this client at that address, " +
				"active mode is switched off or restricted on the server; enable PORT/EPRT there if clients need " +
				"active mode, keeping the check that PORT names the client's own address. If the client is behind NAT " +
				"with another public address, the refusal is the server's bounce guard, and right.",
			cases: []variant{
				{
					when:  "the server names the client address it sees",
					match: has(probe.ParamClientPublicAddress),
					advice: "The server sees you as {{client_public}}, while PORT/EPRT named {{client}}: you are behind NAT. " +
						"Active mode would need the client to name the public address {{client_public}} and your router to " +
						"forward the data port to {{client}}; use passive mode instead.",
				},
				{
					when:  "PORT/EPRT named a private address",
					match: func(f probe.Finding) bool { return unreachableFromOutside(f.Params[probe.ParamClientAddress]) },
					advice: "PORT/EPRT named {{client}}, a private address of this client, which the server cannot reach " +
						"and refuses as a guard against bounce attacks, rightly. Use passive mode; active mode through NAT " +
						"needs the client to name its public address and its router to forward the data ports to {{client}}.",
				},
			},
			fixes: []recipe{fixActiveClient, fixActive},
		},
		{
			ID: probe.FindingActiveNoConnectBack, Severity: probe.SeverityWarning,
			Title: "Active mode: the server never connected back",
			Explanation: "The server accepted PORT/EPRT but never connected back to the listener ftpnat opened. The " +
				"connection was dropped on the way, nearly always by the NAT or firewall on the client's side, which " +
				"lets no unsolicited inbound connection in (or forwards it to nobody); less often the server's own " +
				"firewall blocks its outbound data connections (from port 20). A router's FTP ALG that rewrites PORT " +
				"to its public address and opens the port for the server can make active mode work, but in " +
				"plaintext only: it cannot read PORT inside a TLS session, so active FTPS fails regardless. Passive " +
				"mode does not depend on any of this.",
			advice: "Use passive mode. For active mode, the firewall in front of {{client}} must let the server's " +
				"connections in: allow a fixed range of data ports and, behind NAT, forward it to {{client}} and name " +
				"the router's public address in PORT/EPRT.",
			cases: []variant{{
				when:  "PORT/EPRT named an address the server cannot reach",
				match: func(f probe.Finding) bool { return unreachableFromOutside(f.Params[probe.ParamClientAddress]) },
				advice: "PORT/EPRT named {{client}}, a private address of this client, and the server accepted it: it " +
					"tried to connect to an address it cannot reach. Use passive mode; for active mode the client must " +
					"name its public address and its router must forward the data ports to {{client}}.",
			}},
			fixes: []recipe{fixActiveClient},
		},
	}
}
