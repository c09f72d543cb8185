package report

import "github.com/ftpnat/ftpnat/probe"

// algEntries cover middleboxes that inspect or rewrite FTP (ALGs): found by
// comparing a plaintext session with a TLS one, which they cannot read.
func algEntries() []Entry {
	return []Entry{
		{
			ID: probe.FindingALGPASVRewritten, Severity: probe.SeverityWarning,
			SeverityNote: "critical when the address seen under TLS is unroutable",
			Title:        "A middlebox rewrites PASV replies",
			Explanation: "The PASV address seen in a plaintext session differs from the one seen under TLS. A " +
				"middlebox (a router's FTP ALG, Linux nf_nat_ftp, a firewall's FTP inspection) rewrites plaintext " +
				"PASV replies; it cannot read them under TLS, so FTPS clients get the server's own answer. Plaintext " +
				"FTP works, FTPS logins work, FTPS listings and transfers fail unless the client replaces the " +
				"address. The fix belongs on the server: announce the public address itself.",
			advice: "Make the server announce {{public}} itself and forward the {{range}} {{min}}-{{max}} explicitly; " +
				"then FTPS clients get a usable address too, and the middlebox's FTP inspection is no longer needed.",
			fixes: []recipe{fixAdvertise, fixForward},
		},
		{
			ID: probe.FindingALGDataPortsInspection, Severity: probe.SeverityCritical,
			Title: "Data ports open only through FTP inspection",
			Explanation: "The passive data ports answer in a plaintext session but are filtered in a TLS session. The " +
				"firewall has no rule for the passive range; it opens each port only after reading the PASV reply " +
				"(stateful FTP inspection). It cannot read an encrypted control channel, so under TLS no port is " +
				"ever opened. Plaintext FTP works; FTPS logs in and then every transfer times out.",
			advice: "Add an explicit forwarding and allow rule for TCP {{min}}-{{max}} to {{server}}; do not rely on FTP " +
				"inspection, which cannot read TLS.",
			fixes: []recipe{fixPinRange, fixForward},
		},
		{
			ID: probe.FindingALGReplyDropped, Severity: probe.SeverityCritical,
			Title: "PASV reply dropped in plaintext",
			Explanation: "In a plaintext session the PASV reply never arrived, while under TLS it did. A middlebox " +
				"inspecting FTP swallowed it, typically because it could not parse it: Linux nf_conntrack_ftp drops " +
				"a 227 reply it matches only partly (a multi-line or split reply, for example), and Cisco ASA strict " +
				"inspection resets on non-standard text. Plaintext clients hang right after PASV; FTPS clients do " +
				"not meet this problem.",
			advice: "Turn off FTP inspection on the firewall in front of the server (or fix it), and forward the " +
				"passive range explicitly.",
			fixes: []recipe{fixInspectionOff, fixForward},
		},
		{
			ID: probe.FindingALGSystMasked, Severity: probe.SeverityInfo,
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
