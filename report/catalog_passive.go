package report

import "github.com/ftpnat/ftpnat/probe"

// passiveEntries cover passive mode: what PASV/EPSV announce and whether the
// announced data ports can be reached.
func passiveEntries() []Entry {
	return []Entry{
		{
			ID: probe.FindingPASVUnroutable, Severity: probe.SeverityCritical,
			Title: "PASV announces an unroutable address",
			Explanation: "The server answered PASV with an address that cannot be reached from the internet (a " +
				"private RFC 1918 address, CGNAT 100.64.0.0/10, loopback, link-local or 0.0.0.0), while this client " +
				"reached it at a routable address. The server sits behind NAT and announces its own internal address " +
				"because nobody told it the public one. Clients that replace an unroutable PASV address with the " +
				"control connection's address (FileZilla, curl, lftp, WinSCP, jlaffaye/ftp) can still work if the " +
				"data ports are forwarded; strict clients (many scripts, libraries and embedded devices) try the " +
				"internal address and time out. FTPS clients fail too when a firewall has been correcting the " +
				"plaintext reply, because it cannot correct an encrypted one.",
			advice: "Make the server announce {{public}} in its PASV replies, and forward the {{range}} " +
				"{{min}}-{{max}} to {{server}}.",
			fixes: []recipe{fixAdvertise, fixForward},
			cases: []variant{{
				when:  "the server announces 0.0.0.0",
				match: advertisesUnspecified,
				advice: "The server announces 0.0.0.0, an address no client can connect to. vsftpd does this when one " +
					"IPv6 socket serves both families and pasv_address is set: give IPv4 its own listener. Other " +
					"servers: make them announce {{public}}. Forward the {{range}} {{min}}-{{max}} to {{server}}.",
				fixes: []recipe{fixUnspecified, fixForward},
			}},
		},
		{
			ID: probe.FindingPASVMismatch, Severity: probe.SeverityWarning,
			Title: "PASV announces a different public address",
			Explanation: "The server answered PASV with a routable address that is not the one this client " +
				"connected to. Typical causes: a stale or wrong public address in the server configuration (old " +
				"DHCP lease, moved server, outdated dynamic DNS name), a host with several interfaces announcing " +
				"another one, or a NAT or load balancer with several public addresses. Clients that trust the PASV " +
				"address connect to the wrong place and time out (or reach another server); clients that always use " +
				"the control connection's address keep working.",
			advice: "Make the server announce {{public}} (the address clients reach), or a DNS name that resolves to " +
				"it, instead of {{advertised}}.",
			fixes: []recipe{fixAdvertise},
		},
		{
			ID: probe.FindingPASVUnsupported, Severity: probe.SeverityWarning,
			SeverityNote: "critical when EPSV fails too",
			Title:        "PASV refused",
			Explanation: "The server refused the PASV command. Passive mode is what nearly every client uses by " +
				"default, and the only mode that works when the client is behind NAT. If EPSV works, modern clients " +
				"use it and keep working (on IPv6 connections refusing PASV is normal); if EPSV fails too, passive " +
				"transfers are impossible and only active mode remains, which rarely gets through a client's NAT.",
			advice: "Enable passive mode on the server. Over IPv6, PASV may be refused by design: clients must use EPSV there.",
			fixes:  []recipe{fixEnablePASV},
		},
		{
			ID: probe.FindingPASVMalformed, Severity: probe.SeverityWarning,
			SeverityNote: "critical when the reply cannot be parsed at all",
			Title:        "Malformed PASV reply",
			Explanation: "The 227 reply to PASV is not in the standard form '227 Entering Passive Mode " +
				"(h1,h2,h3,h4,p1,p2)', and common clients read it differently: ftpnat runs the reply through the " +
				"parsing rules of jlaffaye/ftp, Apache Commons Net, curl and Python ftplib and names the ones that " +
				"do not find the port (Commons Net reads only the first line of a multi-line reply, curl only the " +
				"last; jlaffaye/ftp needs the parentheses). A form every one of them reads raises nothing. FTP-" +
				"inspecting firewalls are stricter still: Linux nf_conntrack_ftp looks for '227 ' at the start of a " +
				"segment and misses a multi-line reply, and Cisco ASA 'inspect ftp strict' resets the connection. A " +
				"reply that cannot be parsed at all makes passive transfers impossible. A middlebox rewriting the " +
				"reply can be the cause as well.",
			advice: "Upgrade the server software or switch it to the standard reply. If the server's own reply is " +
				"standard (check on the server itself), a middlebox rewrites it: turn off its FTP inspection and " +
				"forward the passive range explicitly.",
			fixes: []recipe{fixInspectionOff},
		},
		{
			ID: probe.FindingEPSVMalformed, Severity: probe.SeverityWarning,
			SeverityNote: "critical over IPv6, where EPSV is the only passive mode",
			Title:        "Malformed EPSV reply",
			Explanation: "The server answered EPSV with 229, so it claims extended passive mode, but the reply " +
				"names no usable port: port 0, a protocol or an address inside the parentheses ('(|1|10.0.0.5|50000|)' " +
				"where RFC 2428 requires '(|||port|)'), or no group at all. A client that reads it as a port " +
				"connects to the wrong one; a client that rejects it gives up on the transfer, and only some fall " +
				"back to PASV (curl does not). The evidence shows how jlaffaye/ftp, Apache Commons Net, curl and " +
				"Python ftplib read this reply. Over IPv6 PASV cannot name the address, so no passive transfer works.",
			advice: "Upgrade or reconfigure the server so that EPSV answers '229 Entering Extended Passive Mode " +
				"(|||port|)', or disable EPSV on it so clients fall back to PASV at once. If the server's own reply " +
				"is standard, a middlebox rewrites it: turn off its FTP inspection.",
			fixes: []recipe{fixInspectionOff},
		},
		{
			ID: probe.FindingEPSVUnsupported, Severity: probe.SeverityInfo,
			Title: "EPSV not supported",
			Explanation: "The server refused EPSV (RFC 2428 extended passive mode). Clients fall back to PASV, which " +
				"works over IPv4, so this is informational. It matters over IPv6, where PASV cannot carry the " +
				"address, and for clients configured to use EPSV only.",
			advice: "Nothing to do for IPv4 clients. Enable EPSV if the server software allows it; IPv6 clients need it.",
		},
		{
			ID: probe.FindingDataPortFiltered, Severity: probe.SeverityCritical, Cause: CauseNetwork,
			Title: "Passive data ports filtered",
			Explanation: "The server announced a passive data port, but a connection to that port at the server's " +
				"public address got no answer: the packets are dropped, usually by a firewall, a cloud security " +
				"group, or a NAT device without a forwarding rule for the passive range. The control connection and " +
				"the login work, then every listing or transfer hangs ('Connection timed out', '425 Failed to " +
				"establish connection'). No client can work around this.",
			advice: "Forward and allow TCP {{min}}-{{max}} (the {{range}}) to {{server}} on every hop: NAT router, host " +
				"firewall, cloud security group. Ports that did not answer: {{ports}}.",
			fixes: []recipe{fixPinRange, fixForward},
		},
		{
			ID: probe.FindingDataPortRefused, Severity: probe.SeverityCritical, Cause: CauseNetwork,
			Title: "Passive data ports refused",
			Explanation: "The server announced a passive data port, but a connection to that port at the server's " +
				"public address was refused (TCP reset). The packets reach something, but nothing accepts them: the " +
				"NAT device forwards the control port but not the passive range (or another range than the server " +
				"uses), or the port leads to a different host. Listings and transfers fail at once with 'connection " +
				"refused' or 425. No client can work around this.",
			advice: "Forward the {{range}} {{min}}-{{max}} to {{server}}, not only the control port, and make the " +
				"server's passive range match the forwarded one. Ports that refused: {{ports}}.",
			fixes: []recipe{fixPinRange, fixForward},
		},
		{
			ID: probe.FindingDataTransferFailed, Severity: probe.SeverityCritical,
			Title: "Directory listing failed on the data connection",
			Explanation: "The data connection opened, but the listing did not complete: the server answered with an " +
				"error (425 cannot open data connection, 426 connection closed, 450 or 550 for the directory) or " +
				"the data stream broke off. Common causes: the server rejects a data connection that arrives from " +
				"another address than the control connection (NAT with several public addresses), it requires TLS " +
				"session reuse, a middlebox resets the connection, or the directory is not readable.",
			advice: "Read the server's reply in the evidence: 425 means the server could not set up the data " +
				"connection, 426 that it broke during the transfer, 450/550 a permission or path problem.",
			fixes: []recipe{fixTransfer},
		},
		{
			ID: probe.FindingPassivePortRange, Severity: probe.SeverityInfo,
			SeverityNote: "warning when the server hands out any port, or when the range holds ports other ALGs grab",
			Title:        "Passive port range",
			Explanation: "The passive ports the server handed out during this diagnosis. With several samples this " +
				"approximates the configured range; with few it is only a lower bound. Forwarding and firewall rules " +
				"must cover the server's whole configured range, not only the ports seen here. When no range could " +
				"be observed, the numbers are a recommended range to configure. Two shapes are warnings. Ports " +
				"spread over thousands of numbers mean the server hands out any free port (no passive range is " +
				"configured), which no forwarding rule can cover short of opening everything. And a range that " +
				"holds 5060/5061 (SIP), 1720 (H.323), 1723 (PPTP), 554 (RTSP) or 6660-6669 (IRC) meets routers' " +
				"ALGs and firewall rules for those protocols, which mangle or drop the data connections that land " +
				"there: transfers fail now and then, for no visible reason.",
			advice: "Pin the passive range in the server configuration ({{range}}: {{min}}-{{max}}) so that firewall " +
				"rules can match it exactly, and forward all of it.",
			fixes: []recipe{fixPinRange},
			cases: []variant{
				{
					when:  "the server hands out any port",
					match: isTrue(probe.ParamAnyPort),
					advice: "The server hands out passive ports from anywhere (the samples {{ports}} spread over {{spread}} " +
						"port numbers): no forwarding rule short of opening everything covers that. Pin the passive " +
						"range to a block such as the {{range}} {{min}}-{{max}}, clear of the ports other ALGs grab, " +
						"and forward exactly that block to {{server}}.",
					fixes:  []recipe{fixPinRange, fixForward},
					adjust: recommendedRange,
				},
				{
					when:  "the range holds ports other ALGs grab",
					match: algPorts,
					advice: "The passive range includes {{alg_ports}}, which routers' SIP (5060/5061), H.323 (1720), " +
						"PPTP (1723), RTSP (554) and IRC (6660-6669) ALGs and firewall rules grab: transfers that land " +
						"there fail or are mangled. Move the range clear of them, for example to the {{range}} " +
						"{{min}}-{{max}}, and forward the new range to {{server}}.",
					fixes:  []recipe{fixPinRange, fixForward},
					adjust: recommendedRange,
				},
			},
		},
		{
			ID: probe.FindingRangePartiallyBlocked, Severity: probe.SeverityCritical, Cause: CauseNetwork,
			Title: "Passive range only partly reachable",
			Explanation: "Some of the passive ports the server hands out are reachable and others are not. The " +
				"forwarding or firewall rule covers only part of the server's passive range (for example " +
				"30000-30009 forwarded while the server uses 30000-30019), or another rule takes some ports away " +
				"(SIP ALGs on 5060 are a classic). Clients succeed on some attempts and hang on others, which looks " +
				"like random failures. With --expect-range ftpnat dials every port of the range and names the " +
				"missing part exactly. A port counts as answering when it accepts the connection or answers with " +
				"a reset. The reset usually comes from the server (the port is forwarded, nothing listens on it " +
				"at that moment), but a firewall that rejects instead of dropping sends one itself: a port it " +
				"blocks then looks forwarded.",
			advice: "Forward the whole range {{min}}-{{max}} to {{server}}, or shrink the server's range to what is " +
				"forwarded. Ports that did not work: {{ports}}. To see exactly which part is missing, run again " +
				"with --expect-range {{min}}-{{max}}.",
			fixes: []recipe{fixPinRange, fixForward},
			cases: []variant{{
				when:  "every port of the range was dialled (--expect-range)",
				match: wholeRangeClassified,
				advice: "Of the range {{min}}-{{max}}, {{forwarded}} answer and {{missing}} do not. Forward exactly the " +
					"missing part, {{missing}}, to {{server}} on every hop (router, host firewall, cloud), or shrink " +
					"the server's passive range to the part that is forwarded.",
				fixes: []recipe{fixPinRange, fixForwardMissing},
			}},
		},
	}
}
