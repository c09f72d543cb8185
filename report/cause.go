package report

import (
	"slices"

	"github.com/ftpnat/ftpnat/probe"
)

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

// causeOf is the cause the catalog gives a finding ID; server for an ID
// it does not know.
func causeOf(id string) Cause {
	if e, ok := Lookup(id); ok {
		return e.Cause
	}
	return CauseServer
}

// leadsByCause reports whether the i-th fix of a finding is the one its
// cause puts first and a short report shows in full besides the detected
// program's: the first fix of a network finding, when it is for a
// network device.
func leadsByCause(f probe.Finding, i int, r Remediation) bool {
	return i == 0 && causeOf(f.ID) == CauseNetwork && slices.Contains(NetworkTargets(), r.AppliesTo)
}
