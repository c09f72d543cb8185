package diagnosis

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// unreachable judges the control connections: every address unreachable
// is critical; an address family whose control port is closed while the
// other family's works is a warning (clients wait for a fallback).
func unreachable(f Facts, gs []group, anyReached bool) []Finding {
	var dead []group
	for _, g := range gs {
		// A path never tried (the overall timeout came first) proves nothing.
		if r := g.ref.Control.Reach; !g.ref.Connected() && r != ReachNotTested && r != "" {
			dead = append(dead, g)
		}
	}
	if len(dead) == 0 {
		return nil
	}
	working := map[Family]netip.Addr{}
	for _, g := range gs {
		if g.ref.Connected() {
			if _, ok := working[g.ref.Family]; !ok {
				working[g.ref.Family] = g.addr
			}
		}
	}
	var out []Finding
	var allEv, allWhat []string
	var allIDs []PathID
	for _, g := range dead {
		ev, what := controlEvidence(g)
		var ids []PathID
		for _, p := range g.paths {
			ids = append(ids, p.PathID)
		}
		fam := g.ref.Family
		other, otherFam := otherFamily(working, fam)
		if _, same := working[fam]; !same && other.IsValid() {
			ev = append(ev, fmt.Sprintf("%s control port %s:%d answered", otherFam.Label(), other, f.Port))
			out = append(out, Finding{ID: FindingFamilyControlBlocked, Severity: SeverityWarning,
				Summary: fmt.Sprintf("The %s control port at %s is %s while %s works at %s: %s publishes both, so clients that prefer %s wait for a timeout before falling back to %s, and some never do.",
					fam.Label(), netip.AddrPortFrom(g.addr, uint16(f.Port)), reachShort(g.ref.Control.Reach), otherFam.Label(), other, f.Host, fam.Label(), otherFam.Label()),
				Evidence: ev, Paths: ids,
				Params: Params{ParamHost: f.Host, ParamControlPort: fmt.Sprint(f.Port), ParamPublicAddress: g.addr.String(),
					ParamFamily: string(fam), ParamWorkingFamily: string(otherFam), ParamWorkingAddress: other.String()}})
			continue
		}
		allEv, allWhat, allIDs = append(allEv, ev...), append(allWhat, what), append(allIDs, ids...)
		if anyReached {
			out = append(out, controlUnreachable(f, g.addr, fam, ev, []string{what}, ids))
			allEv, allWhat, allIDs = nil, nil, nil
		}
	}
	if len(allWhat) > 0 {
		out = append(out, controlUnreachable(f, dead[0].addr, dead[0].ref.Family, allEv, allWhat, allIDs))
	}
	return out
}

func controlUnreachable(f Facts, addr netip.Addr, fam Family, ev, what []string, ids []PathID) Finding {
	p := serverPortParam(f, Params{ParamHost: f.Host, ParamControlPort: fmt.Sprint(f.Port), ParamPublicAddress: addr.String(),
		ParamFamily: string(fam), ParamPortMin: fmt.Sprint(RecommendedPortMin), ParamPortMax: fmt.Sprint(RecommendedPortMax),
		ParamRangeObserved: "false", ParamRangeSource: string(RangeRecommended)})
	// From a private network to a public address, the router in front of
	// this machine may be the server's own, without NAT loopback.
	if n := privateNetwork(f.Vantage.Interfaces, fam); n.IsValid() && ClassifyAddr(addr).Routable() {
		p[ParamClientNetwork] = n.String()
		ev = append(ev, fmt.Sprintf("this machine is on the private network %s", n))
	}
	return Finding{ID: FindingControlUnreachable, Severity: SeverityCritical,
		Summary:  fmt.Sprintf("The FTP control port cannot be reached: %s.", strings.Join(what, "; ")),
		Evidence: ev, Paths: ids, Params: p}
}

// privateNetwork is the first private network of this machine in the
// family; invalid when it has none.
func privateNetwork(ifs []netip.Prefix, fam Family) netip.Prefix {
	for _, p := range ifs {
		c := ClassifyAddr(p.Addr())
		if FamilyOf(p.Addr()) == fam && (c == ClassPrivate || c == ClassCGNAT) {
			return p.Masked()
		}
	}
	return netip.Prefix{}
}

// serverPortParam adds the server's own control port, when the user said.
func serverPortParam(f Facts, p Params) Params {
	if f.ServerPort > 0 {
		p[ParamServerPort] = fmt.Sprint(f.ServerPort)
	}
	return p
}

// controlEvidence is one line per distinct connect attempt of an address.
func controlEvidence(g group) (ev []string, what string) {
	seen := map[netip.AddrPort]bool{}
	for _, p := range g.paths {
		d := p.Control
		if seen[d.Address] || !d.Address.IsValid() {
			continue
		}
		seen[d.Address] = true
		ev = append(ev, fmt.Sprintf("connect %s: %s after %s (%s)", d.Address, d.Reach, FormatDuration(d.Duration), d.Error))
		if what == "" {
			what = fmt.Sprintf("%s is %s", d.Address, reachWords(d.Reach))
		}
	}
	return ev, what
}

func otherFamily(working map[Family]netip.Addr, fam Family) (netip.Addr, Family) {
	for _, o := range []Family{IPv4, IPv6} {
		if o != fam {
			if a, ok := working[o]; ok {
				return a, o
			}
		}
	}
	return netip.Addr{}, ""
}

func reachShort(r Reach) string {
	switch r {
	case ReachRefused:
		return "refused"
	case ReachFiltered:
		return "filtered"
	case ReachUnreachable:
		return "unreachable"
	}
	return string(r)
}

// dataFindings are the findings that say data connections fail on a path.
var dataFindings = []string{FindingDataPortFiltered, FindingDataPortRefused, FindingRangePartiallyBlocked, FindingDataTransferFailed}

// familyDataBlocked compares address families: data connections that work
// on one family and fail on the other hang the clients that prefer the
// failing one (IPv6, for most), while the other family says all is well.
func familyDataBlocked(gs []group) []Finding {
	works := map[Family]group{}
	for _, g := range gs {
		if dataWorks(g) {
			if _, ok := works[g.ref.Family]; !ok {
				works[g.ref.Family] = g
			}
		}
	}
	var out []Finding
	for _, g := range gs {
		k := slices.IndexFunc(g.findings, func(fd Finding) bool { return slices.Contains(dataFindings, fd.ID) })
		if k < 0 {
			continue
		}
		fam := g.ref.Family
		var ok group
		found := false
		for _, o := range []Family{IPv4, IPv6} {
			if w, has := works[o]; has && o != fam {
				ok, found = w, true
			}
		}
		if !found {
			continue
		}
		bad := g.findings[k]
		p := Params{}
		for key, val := range bad.Params {
			p[key] = val
		}
		p[ParamFamily], p[ParamPublicAddress] = string(fam), g.addr.String()
		p[ParamWorkingFamily], p[ParamWorkingAddress] = string(ok.ref.Family), ok.addr.String()
		ev := []string{fmt.Sprintf("%s (%s): %s", fam.Label(), g.addr, bad.Summary)}
		ev = append(ev, fmt.Sprintf("%s (%s): %s", ok.ref.Family.Label(), ok.addr, dataWorkedWords(ok)))
		what := "fail"
		switch bad.ID {
		case FindingDataPortFiltered:
			what = "are filtered"
		case FindingDataPortRefused:
			what = "are refused"
		case FindingRangePartiallyBlocked:
			what = "are partly blocked"
		}
		prefer := fam.Label() + " (as most clients do when the name has both)"
		if fam == IPv4 {
			prefer = "IPv4"
		}
		out = append(out, Finding{ID: FindingFamilyDataBlocked, Severity: SeverityCritical,
			Summary: fmt.Sprintf("%s data ports %s at %s while %s works at %s: clients that prefer %s log in and then hang on every listing and transfer; %s works.",
				fam.Label(), what, g.addr, ok.ref.Family.Label(), ok.addr, prefer, ok.ref.Family.Label()),
			Evidence: ev, Params: p, Ports: bad.Ports, Paths: bad.Paths})
	}
	return out
}

// dataWorks: the address's reference session logged in, a data port
// answered and no data finding was raised.
func dataWorks(g group) bool {
	if !g.ref.LoggedIn || slices.ContainsFunc(g.findings, func(fd Finding) bool { return slices.Contains(dataFindings, fd.ID) }) {
		return false
	}
	return AnyOpen(g.ref.PASV) || AnyOpen(g.ref.EPSV)
}

func dataWorkedWords(g group) string {
	if t := g.ref.Transfer; t != nil && t.OK {
		return fmt.Sprintf("%s via %s worked (%d lines)", t.Command, t.Via, t.Lines)
	}
	return "the data ports answered"
}
