package monitor

import (
	"net/netip"
	"slices"

	"github.com/ftpnat/ftpnat/probe"
)

// batchInterfaces gives every diagnosis of a batch the machine's interface
// addresses as read once when the batch starts, instead of each reading
// them again (a netlink dump per interface, per target). Options that
// already say where the addresses come from — Interfaces set, or a dialer
// that is a network of its own — are left alone.
func batchInterfaces(base probe.Options) probe.Options {
	if base.Interfaces != nil {
		return base
	}
	if _, ok := base.Dialer.(interface{ Interfaces() []netip.Prefix }); ok {
		return base
	}
	ifs := probe.LocalPrefixes()
	base.Interfaces = func() []netip.Prefix { return slices.Clone(ifs) }
	return base
}
