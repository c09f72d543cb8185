package diagnosis

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// Diagnosis is what Diagnose makes of the facts: the findings, the
// verdict, and the interpreted values every front end shows, computed
// here once so that no renderer derives them again.
type Diagnosis struct {
	Findings []Finding // most severe first, then by ID
	Verdict  Verdict
	// Reference indexes the path the top-level report fields describe
	// (ReferencePath); -1 when no path was planned.
	Reference int
	Software  Software
	// TLS is the TLS policy of the reference address; nil when no TLS
	// path ran.
	TLS *TLSPolicy
	// Range is the server's passive range, from the samples of every
	// address (serverRange).
	Range PortRange
	// Outcomes has one entry per path, in the order of Facts.Paths.
	Outcomes []PathOutcome
}

// Diagnose turns facts into findings and a verdict. It is pure: all it
// needs is in f, and every rule that interprets an observation is here.
func Diagnose(f Facts) Diagnosis {
	d := Diagnosis{Reference: ReferencePath(f.Paths)}
	var out []Finding
	if f.ResolveError != "" {
		out = append(out, Finding{ID: FindingDNSUnresolved, Severity: SeverityCritical,
			Summary:  fmt.Sprintf("%s does not resolve (%s), so no client can reach it by name.", f.Host, f.ResolveError),
			Evidence: []string{"lookup " + f.Host + " (" + lookupWords(f.Families) + "): " + f.ResolveError},
			Params:   Params{ParamHost: f.Host, ParamControlPort: fmt.Sprint(f.Port)}})
	}
	groups := groupPaths(f.Paths, d.Reference)
	d.Range = serverRange(groups)
	var reached []group
	for _, g := range groups {
		v := newView(f, g)
		v.rng = d.Range
		if !v.Connected() {
			continue
		}
		a := analysis{f: v, params: baseParams(v)}
		a.connectivity()
		a.tls()
		a.banner()
		a.passive()
		a.data()
		a.differential()
		a.activeMode()
		a.rangeFindings()
		g.findings = a.out
		g.view = v
		reached = append(reached, g)
	}
	out = append(out, mergeServerFindings(reached)...)
	out = append(out, unreachable(f, groups, len(reached) > 0)...)
	out = append(out, familyDataBlocked(reached)...)
	sortFindings(out)
	d.Findings = out
	d.Verdict = VerdictOf(out)
	if len(out) == 0 && !anyLoggedIn(f.Paths) && !anySessionError(f.Paths) {
		d.Verdict = VerdictUnknown
	}
	d.Software = software(f.Paths, d.Reference)
	if d.Reference >= 0 {
		for _, g := range groups {
			if g.has(d.Reference) {
				d.TLS = tlsPolicy(f.TLSMode, g.plain(), g.secure())
			}
		}
	}
	d.Outcomes = outcomes(f.Paths, out)
	return d
}

// ReferencePath is the rule that picks the path the top-level report
// fields describe: the one whose session got furthest (connected,
// greeted, logged in); among equals plaintext before TLS — what the NAT
// analysis reads — then IPv4 before IPv6, then the planned order. -1
// when there is no path.
func ReferencePath(paths []Path) int {
	best := -1
	for i := range paths {
		if best < 0 || better(&paths[i], &paths[best]) {
			best = i
		}
	}
	return best
}

func better(p, q *Path) bool {
	if a, b := p.Progress(), q.Progress(); a != b {
		return a > b
	}
	if a, b := p.Transport.Secure(), q.Transport.Secure(); a != b {
		return !a
	}
	if p.Family != q.Family {
		return p.Family == IPv4
	}
	return false
}

// group is the paths of one address: its plaintext and TLS sessions.
type group struct {
	addr     netip.Addr
	idx      []int // into Facts.Paths
	paths    []*Path
	ref      *Path // the path the NAT findings of this address come from
	findings []Finding
	view     view
}

func (g group) has(i int) bool { return slices.Contains(g.idx, i) }

func (g group) plain() *Path {
	for _, p := range g.paths {
		if !p.Transport.Secure() {
			return p
		}
	}
	return nil
}

func (g group) secure() *Path {
	for _, p := range g.paths {
		if p.Transport.Secure() {
			return p
		}
	}
	return nil
}

// groupPaths groups paths by address, the reference path's group first.
func groupPaths(paths []Path, reference int) []group {
	var gs []group
	for i := range paths {
		p := &paths[i]
		k := slices.IndexFunc(gs, func(g group) bool { return g.addr == p.Address })
		if k < 0 {
			gs = append(gs, group{addr: p.Address})
			k = len(gs) - 1
		}
		gs[k].idx = append(gs[k].idx, i)
		gs[k].paths = append(gs[k].paths, p)
	}
	for k := range gs {
		best := gs[k].paths[0]
		for _, p := range gs[k].paths[1:] {
			if better(p, best) {
				best = p
			}
		}
		gs[k].ref = best
	}
	slices.SortStableFunc(gs, func(a, b group) int { return boolInt(b.has(reference)) - boolInt(a.has(reference)) })
	return gs
}

// serverRange is the server's passive range as every address's reference
// session sampled it, the reference address's samples first: a server has
// one range, and each address sees a part of it.
func serverRange(gs []group) PortRange {
	var ports []int
	for _, g := range gs {
		ports = append(ports, samplePorts(g.ref)...)
	}
	return rangeOf(ports)
}

// view is what the per-address rules read: the address's reference path
// (its session facts promoted) and its plaintext and TLS paths.
type view struct {
	*Path
	Host string
	User string
	Port int
	Mode TLSMode
	Peer netip.Addr
	// plain and sec are the address's plaintext and TLS sessions; nil
	// when not run.
	plain, sec *Path
	tlsf       *TLSFacts // sec's TLS facts
	rng        PortRange // the server's passive range (serverRange)
}

func newView(f Facts, g group) view {
	v := view{Path: g.ref, Host: f.Host, User: f.User, Port: f.Port, Mode: f.TLSMode, Peer: g.addr,
		plain: g.plain(), sec: g.secure()}
	if v.sec != nil {
		v.tlsf = v.sec.TLS
		if v.tlsf == nil {
			v.tlsf = &TLSFacts{}
		}
	}
	return v
}

// ids are the paths a finding of this address concerns: the reference
// session's, or both sessions for comparisons.
func (v view) idsFor(id string) []PathID {
	switch {
	case strings.HasPrefix(id, "tls.") && v.sec != nil:
		return []PathID{v.sec.PathID}
	case strings.HasPrefix(id, "alg.") && v.plain != nil && v.sec != nil && id != FindingALGSystMasked:
		return []PathID{v.plain.PathID, v.sec.PathID}
	}
	return []PathID{v.Path.PathID}
}

// serverScope lists the findings about the server itself rather than the
// network path to it: raised once, naming every path that shows them.
var serverScope = []string{
	FindingTLSNotOffered, FindingTLSHandshakeFailed, FindingTLSCertificateInvalid,
	FindingTLSSessionReuseRequired, FindingLoginFailed, FindingBannerLeaksPrivateAddr,
	FindingALGSystMasked, FindingPASVMalformed, FindingPassivePortRange,
}

// mergeServerFindings joins the addresses' findings, keeping one of each
// server-scope finding (the reference address's) with all its paths.
func mergeServerFindings(gs []group) []Finding {
	var out []Finding
	for _, g := range gs {
		for _, fd := range g.findings {
			if slices.Contains(serverScope, fd.ID) {
				if k := slices.IndexFunc(out, func(o Finding) bool { return o.ID == fd.ID }); k >= 0 {
					out[k].Paths = append(out[k].Paths, fd.Paths...)
					continue
				}
			}
			out = append(out, fd)
		}
	}
	return out
}

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
	return Finding{ID: FindingControlUnreachable, Severity: SeverityCritical,
		Summary:  fmt.Sprintf("The FTP control port cannot be reached: %s.", strings.Join(what, "; ")),
		Evidence: ev, Paths: ids,
		Params: Params{ParamHost: f.Host, ParamControlPort: fmt.Sprint(f.Port), ParamPublicAddress: addr.String(),
			ParamFamily: string(fam), ParamPortMin: fmt.Sprint(RecommendedPortMin), ParamPortMax: fmt.Sprint(RecommendedPortMax),
			ParamRangeObserved: "false"}}
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

// AnyOpen reports whether a usable sample's data port answered.
func AnyOpen(ss []PassiveSample) bool {
	for _, s := range ss {
		if s.Usable() && s.Peer.Reach == ReachOpen {
			return true
		}
	}
	return false
}

func anyLoggedIn(ps []Path) bool {
	return slices.ContainsFunc(ps, func(p Path) bool { return p.LoggedIn })
}

func anySessionError(ps []Path) bool {
	return slices.ContainsFunc(ps, func(p Path) bool { return p.SessionError != nil })
}

// software fingerprints the reference path's session, then the others
// until one is recognised.
func software(ps []Path, reference int) Software {
	order := make([]int, 0, len(ps))
	if reference >= 0 {
		order = append(order, reference)
	}
	for i := range ps {
		if i != reference {
			order = append(order, i)
		}
	}
	sw := Software{Name: SoftwareUnknown}
	for _, i := range order {
		p := &ps[i]
		if p.Greeting == nil {
			continue
		}
		got := Fingerprint(p.Greeting, p.Syst, p.Features)
		if sw.Name == SoftwareUnknown || (sw.Name == SoftwareOther && got.Name != SoftwareUnknown) {
			sw = got
		}
		if sw.Name != SoftwareUnknown && sw.Name != SoftwareOther {
			break
		}
	}
	return sw
}

func lookupWords(fams []Family) string {
	switch {
	case len(fams) == 1 && fams[0] == IPv4:
		return "A"
	case len(fams) == 1 && fams[0] == IPv6:
		return "AAAA"
	}
	return "A and AAAA"
}
