package diagnosis

import (
	"net/netip"
	"slices"
	"strings"
	"time"
)

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
	r := rangeOf(ports)
	r.Configured = configuredRange(gs)
	return r
}

// view is what the per-address rules read: the address's reference path
// (its session facts promoted) and its plaintext and TLS paths.
type view struct {
	*Path
	Host       string
	User       string
	Port       int
	ServerPort int
	Mode       TLSMode
	Peer       netip.Addr
	// plain and sec are the address's plaintext and TLS sessions; nil
	// when not run.
	plain, sec *Path
	tlsf       *TLSFacts      // sec's TLS facts
	interfaces []netip.Prefix // of the machine that ran the diagnosis
	rng        PortRange      // the server's passive range (serverRange)
	now        time.Time      // Facts.Now
	certDays   int            // Facts.CertWarnDays
	// serverSide: the facts are a capture taken behind the NAT in front
	// of the server (SideServer): Peer is the server's own address, not
	// the one clients dialled.
	serverSide bool
}

func newView(f Facts, g group) view {
	v := view{Path: g.ref, Host: f.Host, User: f.User, Port: f.Port, ServerPort: f.ServerPort, Mode: f.TLSMode, Peer: g.addr,
		plain: g.plain(), sec: g.secure(), interfaces: f.Vantage.Interfaces, now: f.Now, certDays: f.CertWarnDays,
		serverSide: serverSide(f)}
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
