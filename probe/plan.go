package probe

import (
	"net/netip"
	"slices"
)

// MaxAddresses bounds the addresses one run diagnoses (--all-addresses).
const MaxAddresses = 8

// PathPlan is what one path of a run does. A run's plan is data: a pure
// function of the options and the resolved addresses (PlanRun), so that
// which session does what is decided in one place, not by the TLS mode at
// each step.
type PathPlan struct {
	PathID
	// Lean: a TLS session beside a plaintext session of the same address.
	// The plaintext one samples the range, lists the directory and reads
	// SYST and PWD; this one takes what TLS changes — the PASV answer
	// under TLS and protected listings — and no more, so TLS adds as few
	// round trips as possible.
	Lean bool
	// Policy: a connection of its own tests what the server allows a TLS
	// client (PROT C, a data connection without session resumption).
	Policy bool
	// NoResume: the session itself ends with a protected listing that does
	// not resume its TLS session (when no policy session does it).
	NoResume bool
	// Passive is the passive command the session samples: PASV over IPv4
	// (and EPSV once), EPSV only over IPv6, where PASV cannot name an
	// address.
	Passive string
	Active  bool // test active mode (PORT/EPRT, EPRT only over IPv6)
	Range   bool // verify the --expect-range ports at this address
	Std     bool // run the standard-client check beside the session
	// Pwd: ask the working directory — the server's, the same on every
	// path, so on the first address only.
	Pwd bool
	// Stat: ask STAT for the client address the server sees, which shows
	// NAT in front of either side — IPv4 only, where there is NAT.
	Stat bool
	// Help: ask HELP when nothing said so far named the server program —
	// the program's, so in the first session only, and a recognised
	// server costs no extra round trip.
	Help bool
	// Info: SYST, PWD, STAT, TYPE I, HELP and, over IPv4, the EPSV sample
	// are asked on a plaintext connection of their own beside the session
	// (steps_info.go), which then goes from login straight to the PASV
	// samples.
	Info bool
}

// PlanRun lays out the paths of a run: the addresses to diagnose (one of
// each family asked for, or every address with AllAddresses, at most
// MaxAddresses; IPv4 first), and per address the sessions the TLS mode
// asks for.
func PlanRun(o Options, addrs []netip.Addr) []PathPlan {
	var plans []PathPlan
	for i, a := range pickAddresses(addrs, o.Families, o.AllAddresses) {
		fam := FamilyOf(a)
		// What the server allows a TLS client (PROT C, data without
		// resumption, a standard client's FTPS) is the server's, not the
		// path's: the first address tests it, the others test only what a
		// path changes — connections, addresses, data ports.
		first := i == 0
		passive := "PASV"
		if fam == IPv6 {
			passive = "EPSV"
		}
		base := PathPlan{PathID: PathID{Family: fam, Address: a}, Passive: passive, Std: !o.SkipStdClient,
			Pwd: first, Stat: fam == IPv4, Help: first}
		switch o.TLS {
		case TLSExplicit, TLSImplicit:
			p := base
			p.Transport = TransportExplicitTLS
			if o.TLS == TLSImplicit {
				p.Transport = TransportImplicitTLS
			}
			p.NoResume, p.Range = first, o.ExpectRange != nil
			plans = append(plans, p)
		default:
			p := base
			p.Transport, p.Active, p.Range, p.Info = TransportPlain, o.Active, o.ExpectRange != nil, true
			plans = append(plans, p)
			if o.TLS == TLSAuto {
				t := base
				t.Transport, t.Lean, t.Policy, t.Help = TransportExplicitTLS, true, first, false
				// A standard FTPS client's round trips (AUTH, FEAT, PBSZ,
				// PROT, TYPE, EPSV, a data handshake) would be the run's
				// longest chain, and the protected listings of this session
				// and the policy session already ask what it would.
				t.Std = false
				plans = append(plans, t)
			}
		}
	}
	return plans
}

// pickAddresses keeps the families asked for (all when none), one address
// of each unless all is set, IPv4 first, at most MaxAddresses.
func pickAddresses(addrs []netip.Addr, families []Family, all bool) []netip.Addr {
	var out []netip.Addr
	seen := map[Family]bool{}
	for _, want := range []Family{IPv4, IPv6} {
		if len(families) > 0 && !slices.Contains(families, want) {
			continue
		}
		for _, a := range addrs {
			a = a.Unmap()
			if FamilyOf(a) != want || slices.Contains(out, a) || (seen[want] && !all) || len(out) == MaxAddresses {
				continue
			}
			seen[want] = true
			out = append(out, a)
		}
	}
	return out
}
