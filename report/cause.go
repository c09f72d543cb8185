package report

import "slices"

// Cause says where a finding's problem lies, and so which fixes lead:
// the network in front of the server (forwarding, firewall and balancer
// rules first, the detected server's fix next) or the server's own
// configuration (the detected server first).
type Cause string

const (
	// CauseServer: the server's configuration is the cause (the zero
	// value of Entry.Cause).
	CauseServer Cause = ""
	// CauseNetwork: a router, firewall, ALG or load balancer in the path
	// is the cause.
	CauseNetwork Cause = "network"
)

// String names the cause for documentation.
func (c Cause) String() string {
	if c == CauseNetwork {
		return "network"
	}
	return "server"
}

// orderedFor is the order the fixes of a finding with this cause are
// listed in: for a network cause the network devices, then the detected
// server, then the other servers; for a server cause the detected
// server, then the other servers, then the network.
func (c Cause) orderedFor(detected, others, network []target) []target {
	if c == CauseNetwork {
		return slices.Concat(network, detected, others)
	}
	return slices.Concat(detected, others, network)
}
