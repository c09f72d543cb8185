package diagnosis

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// where says where a path's diagnosis stood relative to the server: the
// network of its own source address, and whether the server is inside it.
type where struct {
	src     netip.Addr   // this machine's address on the path
	network netip.Prefix // the interface prefix that holds src; invalid when unknown
	// inside: the server is in this machine's own network, so what
	// internet clients see was not tested; why says how it shows.
	inside bool
	why    []string
	// private: the address diagnosed is one internet clients cannot use.
	private bool
	// seen is the client address the server names (STAT).
	seen netip.Addr
}

// locate places a path: from its source address and this machine's
// interfaces, and from what the server says or announces.
func locate(f view) where {
	w := where{src: f.Local.Addr().Unmap()}
	for _, p := range f.interfaces {
		if w.src.IsValid() && p.Contains(w.src) && (!w.network.IsValid() || p.Bits() > w.network.Bits()) {
			w.network = p.Masked()
		}
	}
	peerClass := ClassifyAddr(f.Peer)
	w.private = !peerClass.Routable() && peerClass != ClassLoopback
	in := func(a netip.Addr) bool { return a.IsValid() && w.network.IsValid() && w.network.Contains(a) }
	if in(f.Peer) {
		w.inside = true
		w.why = append(w.why, fmt.Sprintf("the server's address %s is in this machine's network %s", f.Peer, w.network))
	}
	if f.Stat != nil {
		w.seen = ParseStatClient(*f.Stat)
	}
	// The server seeing this machine's own public address says nothing; an
	// address of this network that is another (the router's, after NAT
	// loopback), or this machine's private one, says the server is near.
	if in(w.seen) && !in(f.Peer) && (w.seen != w.src || !ClassifyAddr(w.src).Routable()) {
		w.inside = true
		w.why = append(w.why, fmt.Sprintf("the server sees this client as %s, an address of this machine's network %s: the connection to %s came back inside (hairpin NAT)", w.seen, w.network, f.Peer))
	}
	if !in(f.Peer) {
		for _, s := range f.PASV {
			if s.Usable() && !s.Class.Routable() && in(s.Address) {
				w.inside = true
				w.why = append(w.why, fmt.Sprintf("the server announces its own address %s, in this machine's network %s", s.Address, w.network))
				break
			}
		}
	}
	return w
}

// vantage raises vantage.inside_network when the diagnosis cannot show
// what internet clients see, and vantage.no_hairpin when, from inside,
// the server's public address works for the control connection but not
// for data.
func (a *analysis) vantage() {
	f := a.f
	w := a.where
	if f.serverSide {
		// A capture behind the NAT in front of the server: the private
		// address is the server's own, reached through the NAT by a
		// client outside; where that client stood is not in question.
		return
	}
	if !w.inside && !w.private {
		return
	}
	ev := append([]string{}, w.why...)
	if w.src.IsValid() {
		ev = append(ev, fmt.Sprintf("this machine's address on the path: %s", w.src))
	}
	if w.private && !w.inside {
		ev = append(ev, fmt.Sprintf("%s is a %s address: internet clients never connect to it", f.Peer, ClassifyAddr(f.Peer)))
	}
	summary := fmt.Sprintf("This diagnosis ran from inside the server's own network (%s): it cannot show what internet clients see. Test from outside, for example with a remote probe: ftpnat diagnose --via https://PROBE %s.",
		strings.Join(w.why, "; "), f.Host)
	if !w.inside {
		summary = fmt.Sprintf("%s is a %s address, which internet clients never use: this diagnosis cannot show what they see. Diagnose the public address or name, from outside (ftpnat diagnose --via https://PROBE NAME).",
			f.Peer, ClassifyAddr(f.Peer))
	}
	extra := Params{}
	if w.src.IsValid() {
		extra[ParamClientAddress] = w.src.String()
	}
	a.add(FindingVantageInside, SeverityWarning, summary, ev, extra)

	if !w.inside || w.private {
		return
	}
	// From inside, to the public address: the control connection came
	// back (hairpin NAT for the control port), the data connections did
	// not.
	// Their own findings would ask to forward ports that may well be
	// forwarded for internet clients already: the loopback is what fails.
	k := slices.IndexFunc(a.out, func(fd Finding) bool { return slices.Contains(dataFindings, fd.ID) })
	if k < 0 {
		return
	}
	bad := a.out[k]
	a.out = slices.DeleteFunc(a.out, func(fd Finding) bool { return slices.Contains(dataFindings, fd.ID) })
	hev := append([]string{}, w.why...)
	hev = append(hev, bad.Summary)
	extra = Params{ParamClientAddress: w.src.String()}
	if w.network.IsValid() {
		extra[ParamClientNetwork] = w.network.String()
	}
	a.add(FindingVantageNoHairpin, SeverityWarning,
		fmt.Sprintf("From inside the server's network, the control connection to the public address %s comes back in, but the data connections do not: the router's NAT loopback (hairpin NAT) covers the control port only. Clients inside this network fail; internet clients may well work.", f.Peer),
		hev, extra).Ports = bad.Ports
}
