package diagnosis

import (
	"fmt"
	"slices"
	"strings"
)

// mixedPorts are the data ports of a path that accepted one connection and
// refused another (in one sample and its redials, or across samples): a
// port is either forwarded to the server or not, so the two answers come
// from two servers.
func mixedPorts(p *Path) []int {
	type seen struct{ open, refused bool }
	by := map[int]*seen{}
	for _, ss := range [][]PassiveSample{p.PASV, p.EPSV} {
		for _, s := range ss {
			if !s.Usable() || s.Peer.Reach == ReachNotTested {
				continue
			}
			o := by[int(s.Port)]
			if o == nil {
				o = &seen{}
				by[int(s.Port)] = o
			}
			for _, d := range append([]Dial{s.Peer}, s.Redials...) {
				switch d.Reach {
				case ReachOpen:
					o.open = true
				case ReachRefused:
					o.refused = true
				}
			}
		}
	}
	var out []int
	for port, o := range by {
		if o.open && o.refused {
			out = append(out, port)
		}
	}
	slices.Sort(out)
	return out
}

// balancer raises balancer.no_affinity when the sessions and connections
// to one address reach different servers: a data port that answers one
// connection and refuses the next, or sessions whose servers name other
// software.
func (a *analysis) balancer() {
	f := a.f
	mixed := mixedPorts(f.Path)
	var ev []string
	for _, ss := range [][]PassiveSample{f.PASV, f.EPSV} {
		for _, s := range ss {
			if !slices.Contains(mixed, int(s.Port)) {
				continue
			}
			ev = append(ev, dialLine(s.Command, s.Peer))
			for _, d := range s.Redials {
				ev = append(ev, dialLine(s.Command+", again", d))
			}
		}
	}
	// Identical backends greet alike; a first greeting line that differs
	// comes from another server.
	greetings := map[string]bool{}
	var greeted []string
	for _, p := range []*Path{f.plain, f.sec} {
		if p != nil && p.Greeting != nil && p.GreetingError == "" {
			greetings[greetingShape(p.Greeting)] = true
			greeted = append(greeted, fmt.Sprintf("%s session greeted: %s", p.Transport.Label(), FirstLine(*p.Greeting)))
		}
	}
	differ := len(greetings) > 1
	if differ {
		ev = append(ev, greeted...)
	}
	// Two TLS connections shown different certificates met two servers.
	if t := f.tlsf; t != nil && t.Certificate != nil && t.PolicyCertificate != nil &&
		t.Certificate.SHA256 != "" && t.PolicyCertificate.SHA256 != "" && t.Certificate.SHA256 != t.PolicyCertificate.SHA256 {
		differ = true
		ev = append(ev, "TLS session's certificate: "+t.Certificate.Subject+" sha256 "+t.Certificate.SHA256,
			"another connection's certificate: "+t.PolicyCertificate.Subject+" sha256 "+t.PolicyCertificate.SHA256)
	}
	// Two connections listing different features before AUTH met two
	// servers.
	if t := f.tlsf; t != nil && t.PolicyFeatures != nil && f.plain != nil && f.plain.Features != nil &&
		!sameFeatures(f.plain.Features.List, t.PolicyFeatures.List) {
		differ = true
		ev = append(ev, "plaintext session's FEAT: "+strings.Join(f.plain.Features.List, ", "),
			"another connection's FEAT: "+strings.Join(t.PolicyFeatures.List, ", "))
	}
	// A listing that failed with its data connection open and worked the
	// next time met another server the first time.
	flaky := false
	if t := f.Transfer; t != nil && !t.OK && t.Connected && t.Again != nil && t.Again.OK {
		flaky = true
		ev = append(ev, fmt.Sprintf("%s via %s: the data connection opened, the listing failed: %s", t.Command, t.Via, t.Error),
			fmt.Sprintf("the same listing again: %d lines", t.Again.Lines))
	}
	if len(mixed) == 0 && !differ && !flaky {
		return
	}
	what := fmt.Sprintf("data port%s %s at %s answered one connection and refused the next", plural(len(mixed)), joinInts(mixed), f.Peer)
	switch {
	case len(mixed) > 0:
	case differ:
		what = fmt.Sprintf("sessions to %s were greeted by different servers, shown different certificates or listed different features", f.Peer)
	default:
		what = "a listing failed with its data connection open and worked the next time (a server that fails now and then does this too; the balancer is the usual cause)"
	}
	ev = append(ev, stdClientEvidence(f.StdClient)...)
	a.add(FindingBalancerNoAffinity, SeverityCritical,
		fmt.Sprintf("Connections to %s reach different servers: %s. A load balancer without session affinity sends a client's data connection to another backend than its control connection about half the time, where nothing waits for it: listings and transfers fail now and then.",
			f.Peer, what), ev, nil).Ports = PortLists{Ports: SpansOf(mixed)}
}

// greetingShape is a greeting's first line: further lines carry what
// changes from one session to the next (Pure-FTPd's user count and clock),
// the first names the server (ProFTPD even the address it was reached at).
func greetingShape(r *Reply) string {
	if len(r.Lines) == 0 {
		return ""
	}
	return r.Lines[0]
}

// sameFeatures compares feature lists as sets, ignoring case.
func sameFeatures(a, b []string) bool {
	norm := func(l []string) []string {
		out := make([]string, 0, len(l))
		for _, f := range l {
			out = append(out, strings.ToUpper(strings.TrimSpace(f)))
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	return slices.Equal(norm(a), norm(b))
}
