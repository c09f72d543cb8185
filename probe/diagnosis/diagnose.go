package diagnosis

import (
	"fmt"
	"slices"
)

// Diagnosis is what Diagnose makes of the facts: the findings, the
// verdict, and the interpreted values every front end shows, computed
// here once so that no renderer derives them again.
type Diagnosis struct {
	Findings []Finding // CompareFindings order: most severe first, then the root cause
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
		a := analysis{f: v, params: baseParams(v), where: locate(v)}
		a.connectivity()
		a.tls()
		a.banner()
		a.passive()
		a.data()
		a.balancer()
		a.vantage()
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
	out = append(out, connectionLimit(f)...)
	out = withWire(f, d.Range, out)
	sortFindings(out)
	d.Findings = out
	d.Verdict = VerdictOf(out)
	if len(out) == 0 && !anyLoggedIn(f.Paths) && !anySessionError(f.Paths) {
		d.Verdict = VerdictUnknown
	}
	d.Software = software(f.Host, f.Paths, d.Reference)
	if d.Reference >= 0 {
		for _, g := range groups {
			if g.has(d.Reference) {
				d.TLS = tlsPolicy(f.TLSMode, g.plain(), g.secure())
			}
		}
	}
	d.Outcomes = outcomes(f.Paths, out, f.Wire)
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

// serverScope lists the findings about the server itself rather than the
// network path to it: raised once, naming every path that shows them.
var serverScope = []string{
	FindingTLSNotOffered, FindingTLSHandshakeFailed, FindingTLSCertificateInvalid, FindingTLSCertificateExpiring,
	FindingTLSSessionReuseRequired, FindingLoginFailed, FindingBannerLeaksPrivateAddr,
	FindingALGSystMasked, FindingPASVMalformed, FindingEPSVMalformed, FindingPassivePortRange,
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
func software(host string, ps []Path, reference int) Software {
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
		got := Fingerprint(p.FingerprintEvidence(host))
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
