package report

import "github.com/ftpnat/ftpnat/probe"

// familyEntries cover what differs between the address families of a
// dual-stack name.
func familyEntries() []Entry {
	return []Entry{
		{
			ID: probe.FindingFamilyDataBlocked, Severity: probe.SeverityCritical, Cause: CauseNetwork,
			Title: "Data connections fail on one address family",
			Explanation: "The name has both an A and an AAAA record, and the passive data connections work over one " +
				"family but not the other. Clients prefer IPv6 when the name has an AAAA record, and Happy Eyeballs " +
				"only rescues the control connection: once a client is logged in over IPv6, its data connections go " +
				"over IPv6 too. The typical cause is an IPv6 firewall (ip6tables, an nft ip6 table, a cloud rule for " +
				"::/0) that opens only port 21 while the IPv4 NAT forwards the passive range. Curl, FileZilla and lftp " +
				"then hang on every listing while monitoring over IPv4 says all is well.",
			advice: "Open the {{range}} {{min}}-{{max}} to {{public}} on every firewall in front of the server, for " +
				"IPv6 as for IPv4 (no NAT: IPv6 is routed). Until then, clients can be told to use IPv4 (curl -4, " +
				"lftp 'set dns:order inet').",
			fixes: []recipe{fixPinRange, fixAllowV6},
		},
		{
			ID: probe.FindingFamilyControlBlocked, Severity: probe.SeverityWarning,
			Title: "Control port closed on one address family",
			Explanation: "The name publishes addresses of both families, but the control port answers on only one. " +
				"Clients that try the closed family first (most prefer IPv6) wait for a timeout before they fall " +
				"back, which makes every connection slow, and clients without a fallback fail.",
			advice: "Accept TCP {{port}} to {{public}} and make the server listen on that family too, or stop " +
				"publishing the record of the family that is not served.",
			fixes: []recipe{fixListenIPv6, fixAllowV6Control},
		},
		{
			ID: probe.FindingBalancerNoAffinity, Severity: probe.SeverityCritical, Cause: CauseNetwork,
			Title: "Load balancer without session affinity",
			Explanation: "The control and data connections of one client reach different servers: a data port that " +
				"the server handed out answered one connection and refused the next, sessions were greeted by " +
				"different servers, shown different certificates or listed different features, or a listing " +
				"failed with its data connection " +
				"open and worked the next time. An L4 load balancer sits in front of several FTP servers and picks a backend " +
				"per connection (nftables numgen, HAProxy balance roundrobin in TCP mode, nginx stream without hash, " +
				"an AWS NLB without stickiness, a Kubernetes Service without sessionAffinity). A passive data " +
				"connection then lands on a server that never handed out that port about half the time: listings " +
				"and transfers fail now and then, which looks like a flaky firewall. Forwarding more ports does not help.",
			advice: "Make the balancer keep a client's connections on one server (affinity by client address), or give " +
				"each backend a passive range of its own, forwarded to that backend only. Ports that answered and were " +
				"refused in turn: {{ports}}.",
			fixes: []recipe{fixAffinity, fixSplitRanges},
		},
		{
			ID: probe.FindingVantageInside, Severity: probe.SeverityWarning, Cause: CauseNetwork,
			Title: "Diagnosed from inside the server's network",
			Explanation: "ftpnat ran from a machine in the server's own network, or against an address internet " +
				"clients never use: the server's address is in this machine's subnet, the server sees this client " +
				"at an address of that subnet (the connection came back through the router's NAT loopback), the " +
				"server announces an address of that subnet, or the address diagnosed is private. What works from " +
				"here can fail from the internet and the other way round: NAT, port forwarding and firewalls in " +
				"front of the server are not on this path. ftpnat cannot know what internet clients see from here.",
			advice: "Run the diagnosis from outside the server's network: from a machine on the internet, or with " +
				"ftpnat serve there and ftpnat diagnose --via URL {{host}} here (--compare shows both views side by side).",
		},
		{
			ID: probe.FindingVantageNoHairpin, Severity: probe.SeverityWarning, Cause: CauseNetwork,
			Title: "NAT loopback (hairpin) misses the data ports",
			Explanation: "From inside the server's network, a connection to the server's public address comes back " +
				"in through the router's NAT loopback (hairpin NAT) for the control port, but the passive data " +
				"connections do not: the router translates them only when they arrive from the internet. Clients " +
				"inside the network log in and then hang on every listing; whether internet clients work cannot be " +
				"seen from here.",
			advice: "Give the router a NAT loopback for the passive range too (translate it for connections from " +
				"{{client_network}} as well, and masquerade them), or let inside clients resolve the server's name to " +
				"its own address (split DNS) so they never take the loop. Then test from outside with --via.",
			fixes: []recipe{fixHairpin},
		},
	}
}

// ipv6Cases holds, for the findings whose network fix forwards ports, the
// circumstance of an IPv6 path: IPv6 is routed, not translated, so the fix
// is an accept rule for the server's own address, never a DNAT.
var ipv6Cases = map[string]variant{
	probe.FindingDataPortFiltered: {
		when:  "the path is IPv6",
		match: onIPv6,
		advice: "IPv6 is routed, not translated: accept TCP {{min}}-{{max}} (the {{range}}) to {{public}} on every " +
			"firewall in front of the server, as port {{port}} already is, and pin the server's range to it.",
		fixes: []recipe{fixPinRange, fixAllowV6},
	},
	probe.FindingDataPortRefused: {
		when:  "the path is IPv6",
		match: onIPv6,
		advice: "Over IPv6 a reset on a passive port means nothing listens there or a firewall rejects it: make the " +
			"server's range {{min}}-{{max}} and accept it to {{public}} (no NAT: IPv6 is routed).",
		fixes: []recipe{fixPinRange, fixAllowV6},
	},
	probe.FindingRangePartiallyBlocked: {
		when:  "the path is IPv6",
		match: onIPv6,
		advice: "Accept the whole range {{min}}-{{max}} to {{public}} on the IPv6 firewall (no NAT: IPv6 is routed), " +
			"or shrink the server's range to what is accepted. Ports that did not work: {{ports}}.",
		fixes: []recipe{fixPinRange, fixAllowV6},
	},
	probe.FindingControlUnreachable: {
		when:  "the path is IPv6",
		match: onIPv6,
		advice: "Check that the server listens on TCP {{port}} over IPv6 (ss -ltn 'sport = :{{port}}' shows [::]:{{port}} " +
			"or the address), then accept TCP {{port}} to {{public}} on every firewall in front of it (no NAT: IPv6 is routed).",
		fixes: []recipe{fixListenIPv6, fixAllowV6Control},
	},
}

// remapCase is the circumstance of a control port published on another
// number than the server's: FTP cannot translate passive ports, so the
// range must be published on its own numbers.
var remapCase = variant{
	when:  "the control port is published on another number",
	match: remappedControl,
	advice: "The control port is {{port}}, not the server's usual one: when a port mapping sits in front of the " +
		"server (Docker -p {{port}}:{{server_port}}, a Kubernetes Service, a router's port translation), remember " +
		"that FTP cannot translate passive ports — the server names its own numbers — so publish the {{range}} " +
		"{{min}}-{{max}} on the same numbers outside as inside, and leave the control port's mapping as it is.",
	fixes: []recipe{fixPinRange, fixPublishRange, fixForward},
}

// privateClientCase is a control port unreachable from a private network:
// when that network is the server's own, the router may lack NAT loopback.
var privateClientCase = variant{
	when:  "this machine is on a private network",
	match: has(probe.ParamClientNetwork),
	advice: "Check that the server listens on TCP {{port}} and that every NAT and firewall on the way forwards and " +
		"allows it. This machine is on the private network {{client_network}}: if that is the server's own network, " +
		"the router may not loop connections to its public address {{public}} back inside (NAT loopback, hairpin " +
		"NAT), and internet clients may well get through — test from outside with --via to know.",
	fixes: []recipe{fixForwardControl, fixHairpinControl},
}

// withPathCases puts the circumstances of the path first in the entries
// that have them — the family, then a remapped control port: they decide
// the kind of fix before any other circumstance.
func withPathCases(es []Entry) []Entry {
	for i := range es {
		var first []variant
		if v, ok := ipv6Cases[es[i].ID]; ok {
			first = append(first, v)
		}
		if es[i].ID == probe.FindingDataPortFiltered || es[i].ID == probe.FindingDataPortRefused {
			first = append(first, remapCase)
		}
		if es[i].ID == probe.FindingControlUnreachable {
			first = append(first, privateClientCase)
		}
		es[i].cases = append(first, es[i].cases...)
	}
	return es
}
