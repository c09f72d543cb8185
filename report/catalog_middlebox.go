package report

import "github.com/ftpnat/ftpnat/probe"

// middleboxEntries cover what only captures from both sides of a NAT or
// firewall show: what the device in between did to the connections.
func middleboxEntries() []Entry {
	return []Entry{
		{
			ID: probe.FindingMiddleboxDroppedBetween, Severity: probe.SeverityCritical, Cause: CauseNetwork,
			Title: "Connections dropped between the two captures",
			Explanation: "Captures from both sides of the NAT or firewall were read (ftpnat pcap with a client-side " +
				"and a server-side capture). Connection attempts left one side and never appeared on the other: the " +
				"device between the captures dropped them. The server never saw them, so nothing in its " +
				"configuration can answer them; a server-side firewall or a server that is down would show the SYN " +
				"arriving on the server's side. Typically the passive range is not forwarded or not allowed, or for " +
				"active mode the connection back to the client is blocked on the client's side. Every client fails " +
				"the same way, in plaintext and under TLS, once it has logged in.",
			advice: "Forward and allow the {{range}} {{min}}-{{max}} from {{public}} to {{server}} on the device " +
				"between the captures, and pin the server to that range so that the rule covers every port it hands out.",
			fixes: []recipe{fixForward, fixPinRange},
		},
		{
			ID: probe.FindingMiddleboxNATMapping, Severity: probe.SeverityInfo, Cause: CauseNetwork,
			Title: "NAT mapping of the control connection",
			Explanation: "Captures from both sides of the NAT or firewall were read and the control connection was " +
				"found on both by its conversation and its timing. Its addresses or ports differ between the sides: " +
				"the device translates it (destination NAT or port forwarding towards the server, source NAT of the " +
				"client). This is how the server is reached, not a fault by itself: the server must announce the " +
				"public address of this mapping in its PASV replies, and the passive range needs the same mapping.",
			advice: "Nothing to fix by itself. Make sure the server announces {{public}} (not {{server}}) and that the " +
				"{{range}} {{min}}-{{max}} is forwarded to {{server}} like the control port.",
			fixes: []recipe{fixAdvertise, fixForward},
		},
	}
}
