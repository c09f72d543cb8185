package capture

import (
	"net/netip"
	"slices"
	"time"
)

// flowKey names a TCP connection whichever way its packet went: the two
// endpoints in a fixed order.
type flowKey struct{ a, b netip.AddrPort }

func keyOf(src, dst netip.AddrPort) flowKey {
	if src.Compare(dst) < 0 {
		return flowKey{src, dst}
	}
	return flowKey{dst, src}
}

// flow is a tracked connection: its record and, for a control connection
// or a candidate for one, the reassembly state.
type flow struct {
	conn   *Conn
	ctl    *Control // set once the flow looks like FTP control
	looks  [2]int8  // payload segments examined per side for FTP content
	notFTP bool
	// isn are the initial sequence numbers of the SYN and SYN-ACK, for a
	// control channel recognised only after the handshake.
	isn     [2]uint32
	isnSeen [2]bool
}

// side is which end of c sent a packet from src.
func (c *Conn) side(src netip.AddrPort) Side {
	if src == c.Client {
		return ClientSide
	}
	return ServerSide
}

// handle takes one decoded packet.
func (r *Reader) handle(p *packet, ts time.Time) {
	if p.inner {
		// An ICMP unreachable quoting a segment from p.src to p.dst.
		if f := r.flows[keyOf(p.src, p.dst)]; f != nil && f.conn.Unreachable.IsZero() {
			f.conn.Unreachable = ts
			f.conn.UnreachableText = p.unreachText
		}
		return
	}
	key := keyOf(p.src, p.dst)
	f := r.flows[key]
	syn := p.flags&flagSYN != 0
	ack := p.flags&flagACK != 0
	if f == nil {
		f = r.newFlow(key, p, ts)
	} else if syn && !ack && f.conn.Established && !f.conn.FIN.IsZero() && p.src == f.conn.Client {
		// The same endpoints used again after the connection closed (a
		// client reusing its port): a new attempt.
		delete(r.flows, key)
		f = r.newFlow(key, p, ts)
	}
	c := f.conn
	c.LastSeen = ts
	side := c.side(p.src)
	c.Segments[side]++
	if syn && !f.isnSeen[side] {
		f.isn[side], f.isnSeen[side] = p.seq, true
	}
	switch {
	case syn && !ack:
		if side == ClientSide {
			if !c.SawSYN {
				c.SawSYN, c.FirstSYN = true, ts
			}
			c.SYNs++
			c.LastSYN = ts
		}
	case syn && ack:
		if c.SYNACK.IsZero() {
			c.SYNACK = ts
		}
	}
	if ack && !syn && !c.SYNACK.IsZero() && side == ClientSide {
		c.Established = true
		if c.HandshakeACK.IsZero() {
			c.HandshakeACK = ts
		}
	}
	if p.flags&flagRST != 0 && c.RST.IsZero() {
		c.RST, c.RSTFrom = ts, side
	}
	if p.flags&flagFIN != 0 && c.FIN.IsZero() {
		c.FIN, c.FINFrom = ts, side
	}
	if p.payloadLen > 0 {
		c.Payload[side] += int64(p.payloadLen)
		if !syn {
			c.Established = true
		}
		if f.ctl == nil && !f.notFTP {
			r.look(f, p, side)
		}
	}
	if f.ctl != nil {
		f.ctl.state.segment(f.ctl, r, side, p, ts)
	}
}

// newFlow starts tracking a connection, dropping the longest idle ones
// when the table is full.
func (r *Reader) newFlow(key flowKey, p *packet, ts time.Time) *flow {
	if len(r.flows) >= r.opts.MaxFlows {
		r.evict()
	}
	c := &Conn{Client: p.src, Server: p.dst, FirstSeen: ts, LastSeen: ts}
	switch {
	case p.flags&flagSYN != 0 && p.flags&flagACK != 0:
		c.Client, c.Server = p.dst, p.src // the SYN was not captured
	case p.flags&flagSYN == 0 && p.src.Port() < p.dst.Port():
		// Already open when the capture began: the lower port is likely
		// the server's; FTP content corrects this for control channels.
		c.Client, c.Server = p.dst, p.src
	}
	f := &flow{conn: c}
	r.flows[key] = f
	if len(r.c.Conns) < r.opts.MaxConns {
		r.c.Conns = append(r.c.Conns, c)
	} else {
		r.c.Dropped++
		r.warn("more than " + itoa(int64(r.opts.MaxConns)) + " TCP connections: the later ones are not reported")
	}
	return f
}

// evict forgets the tenth of the tracked connections that have been idle
// longest (never a control connection): their records stay, but later
// packets of theirs start new ones.
func (r *Reader) evict() {
	idle := make([]time.Time, 0, len(r.flows))
	for _, f := range r.flows {
		if f.ctl == nil {
			idle = append(idle, f.conn.LastSeen)
		}
	}
	if len(idle) == 0 {
		return
	}
	slices.SortFunc(idle, func(a, b time.Time) int { return a.Compare(b) })
	cut := idle[len(idle)/10]
	n := 0
	for k, f := range r.flows {
		if f.ctl == nil && !f.conn.LastSeen.After(cut) {
			delete(r.flows, k)
			n++
		}
	}
	r.c.Dropped += int64(n)
	r.warn("more than " + itoa(int64(r.opts.MaxFlows)) + " TCP connections open at once: the longest idle ones were no longer followed")
}
