package probe

import (
	"context"
	"net/netip"
	"sync"
)

// A passive sample's endpoint is dialled while its session goes on, so at
// a long round trip the session's next command usually leaves before the
// dial has its answer ("late"). That is safe for the first SYN, which
// leaves first and reaches the listener first. It is not safe for a SYN
// sent again — by the kernel after a loss, or by a probe's extra attempt:
// by then the server may have closed the listener and opened one on the
// same port for another session of the run, and a connection that lands
// there is taken for that session's data connection, which then fails.
//
// Every data connection to an endpoint therefore starts by claiming it:
// the late probes of that endpoint still waiting are called off. The
// answer to the claiming command arrived about when the new listener was
// opened, and a SYN that reaches the new listener is answered no earlier,
// so a probe called off on the claim has, but for a moment's race, not
// yet connected; its SYN-ACK finds no socket and is reset. Firewalls
// forward ports, not listeners: the probe's sample takes the outcome of
// the claiming connection to the same port, which had a listener waiting
// for it and retries of its own (handOver).

// lateProbe is one sample's endpoint probe, which may be called off once
// its session has moved on.
type lateProbe struct {
	cancel context.CancelFunc
	// measured receives, once, the outcome of the connection that called
	// the probe off.
	measured chan Dial

	mu         sync.Mutex
	late       bool // the session's next command went out before the answer
	superseded bool // called off: the endpoint was claimed meanwhile
}

func newLateProbe() *lateProbe { return &lateProbe{measured: make(chan Dial, 1)} }

func (p *lateProbe) setLate() {
	p.mu.Lock()
	p.late = true
	p.mu.Unlock()
}

// wasSuperseded reports whether the probe was called off by a claim.
func (p *lateProbe) wasSuperseded() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.superseded
}

// lateProbes are a run's endpoint probes still waiting for an answer.
type lateProbes struct {
	mu      sync.Mutex
	waiting map[netip.AddrPort][]*lateProbe
}

// watch registers a probe of addr before it dials; the returned func
// forgets it once the probe has its outcome.
func (l *lateProbes) watch(addr netip.AddrPort, p *lateProbe) (forget func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.waiting == nil {
		l.waiting = map[netip.AddrPort][]*lateProbe{}
	}
	l.waiting[addr] = append(l.waiting[addr], p)
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		ps := l.waiting[addr]
		for i, q := range ps {
			if q == p {
				ps = append(ps[:i], ps[i+1:]...)
				break
			}
		}
		if len(ps) == 0 {
			delete(l.waiting, addr)
		} else {
			l.waiting[addr] = ps
		}
	}
}

// claim is called before any data connection to addr: the late probes of
// addr other than self are called off. The caller hands them its outcome
// (handOver).
func (l *lateProbes) claim(addr netip.AddrPort, self *lateProbe) []*lateProbe {
	l.mu.Lock()
	defer l.mu.Unlock()
	var off []*lateProbe
	for _, p := range l.waiting[addr] {
		if p == self {
			continue
		}
		p.mu.Lock()
		if p.late && !p.superseded {
			p.superseded = true
			p.cancel()
			off = append(off, p)
		}
		p.mu.Unlock()
	}
	return off
}

// handOver gives the probes a claim called off the outcome of the
// claiming connection.
func handOver(off []*lateProbe, d Dial) {
	for _, p := range off {
		p.measured <- d // buffered, and each probe is called off once
	}
}
