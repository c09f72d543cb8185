package report

import "github.com/ftpnat/ftpnat/probe"

// algEntries cover middleboxes that inspect or rewrite FTP (ALGs): found by
// comparing a plaintext session with a TLS one, which they cannot read.
func algEntries() []Entry {
	return []Entry{
		{
			ID: probe.FindingALGPASVRewritten, Severity: probe.SeverityWarning,
			SeverityNote: "critical when the address the server announces under TLS is unroutable",
			Title:        "A middlebox rewrites PASV replies",
			Explanation: "The PASV address seen in a plaintext session differs from the one seen under TLS. A " +
				"middlebox between client and server rewrites plaintext FTP replies: a router's FTP ALG, Linux " +
				"nf_nat_ftp (the ftp conntrack helper), Cisco ASA 'inspect ftp' or a Juniper SRX FTP ALG. It cannot " +
				"read an encrypted control channel, so FTPS clients get the server's own answer, often its internal " +
				"address. Plaintext FTP works and FTPS logins work, but FTPS listings and transfers fail unless the " +
				"client replaces the address with the one it connected to (FileZilla, WinSCP and curl do). The " +
				"durable fix is on the server: announce the public address itself, pin the passive range and " +
				"forward it explicitly. Then the middlebox has nothing left to correct, in plaintext or under TLS.",
			advice: "Under TLS the server announces {{advertised}}. Make it announce {{public}} itself and forward the " +
				"{{range}} {{min}}-{{max}} to {{server}} explicitly; then take the server out of the middlebox's FTP " +
				"inspection, which cannot help FTPS anyway.",
			fixes: []recipe{fixAdvertise, fixForward, fixInspectionOff},
		},
		{
			ID: probe.FindingALGDataPortsInspection, Severity: probe.SeverityCritical, Cause: CauseNetwork,
			Title: "Data ports open only through FTP inspection",
			Explanation: "The passive data ports answer in a plaintext session but are filtered in a TLS session. The " +
				"firewall has no rule for the passive range: it opens each port only after reading the PASV reply " +
				"(stateful FTP inspection: Linux nf_conntrack_ftp, Cisco ASA 'inspect ftp', a Juniper SRX FTP ALG, " +
				"Windows Firewall's stateful FTP filter). It cannot read an encrypted control channel, so under TLS " +
				"no port is ever opened. Plaintext FTP works; FTPS logs in and then every listing and transfer times out.",
			advice: "Under TLS, data ports {{ports}} did not answer although plaintext data connections work. Pin the server's passive ports to the {{range}} " +
				"{{min}}-{{max}}, then forward and allow exactly that range to {{server}} with explicit rules; do not " +
				"rely on FTP inspection, which cannot read TLS.",
			fixes: []recipe{fixPinRange, fixForward},
		},
		{
			ID: probe.FindingALGReplyDropped, Severity: probe.SeverityCritical, Cause: CauseNetwork,
			Title: "PASV reply dropped in plaintext",
			Explanation: "In a plaintext session the PASV reply never arrived, while under TLS it did. A middlebox " +
				"inspecting FTP swallowed it, typically because it could not parse it: Linux nf_conntrack_ftp drops " +
				"a 227 reply it matches only partly (a multi-line reply, one split across packets or one that does " +
				"not start a packet), and Cisco ASA 'inspect ftp strict' resets the connection when a 227 reply does " +
				"not hold exactly six numbers or carries more than a few characters after them. Plaintext clients " +
				"hang right after PASV; FTPS clients do not meet this problem, as the middlebox cannot read their replies.",
			advice: "Fix the FTP inspection on the firewall in front of the server, or turn it off for this server and " +
				"forward the {{range}} {{min}}-{{max}} to {{server}} explicitly. The server should answer PASV with " +
				"the standard one-line reply: 227 Entering Passive Mode (h1,h2,h3,h4,p1,p2).",
			fixes: []recipe{fixInspectionOff, fixForward},
		},
		{
			ID: probe.FindingALGSystMasked, Severity: probe.SeverityInfo, Cause: CauseNetwork,
			Title: "SYST reply masked by a firewall",
			Explanation: "The SYST reply was replaced by a row of X's. Cisco ASA and PIX firewalls do this by default " +
				"when they inspect FTP, so a firewall is reading this session. That is harmless by itself (clients " +
				"rarely depend on SYST), but plaintext FTP through this firewall may depend on its inspection, which " +
				"cannot help FTPS.",
			advice: "Nothing to fix unless a client relies on SYST. Make sure the passive range is permitted " +
				"explicitly, so that FTPS does not depend on the inspection.",
			fixes: []recipe{fixUnmaskSyst},
		},
	}
}
