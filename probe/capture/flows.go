package capture

import (
	"net/netip"
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
	conn   *Conn // &c
	c      Conn
	ctl    *Control // set once the flow looks like FTP control
	looks  [2]int8  // payload segments examined per side for FTP content
	notFTP bool
	// isn are the initial sequence numbers of the SYN and SYN-ACK, for a
	// control channel recognised only after the handshake.
	isn     [2]uint32
	isnSeen [2]bool
	kept    bool // in Capture.Conns
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
		if f := r.flows.get(keyOf(p.src, p.dst)); f != nil && f.conn.Unreachable.IsZero() {
			f.conn.Unreachable = ts
			f.conn.UnreachableText = p.unreachText
		}
		return
	}
	key := keyOf(p.src, p.dst)
	f := r.flows.get(key)
	syn := p.flags&flagSYN != 0
	ack := p.flags&flagACK != 0
	if f == nil {
		f = r.newFlow(key, p, ts)
	} else if syn && !ack && f.conn.Established && !f.conn.FIN.IsZero() && p.src == f.conn.Client {
		// The same endpoints used again after the connection closed (a
		// client reusing its port): a new attempt.
		r.flows.del(key)
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
	if p.payloadLen > len(p.payload) {
		r.c.Cut++
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

// newFlow starts tracking a connection; the flow table forgets the
// longest idle ones when it is full.
func (r *Reader) newFlow(key flowKey, p *packet, ts time.Time) *flow {
	f := &flow{c: Conn{Client: p.src, Server: p.dst, FirstSeen: ts, LastSeen: ts}}
	f.conn = &f.c
	c := f.conn
	switch {
	case p.flags&flagSYN != 0 && p.flags&flagACK != 0:
		c.Client, c.Server = p.dst, p.src // the SYN was not captured
	case p.flags&flagSYN == 0 && p.src.Port() < p.dst.Port():
		// Already open when the capture began: the lower port is likely
		// the server's; FTP content corrects this for control channels.
		c.Client, c.Server = p.dst, p.src
	}
	if n := r.flows.put(key, f); n > 0 {
		r.c.Dropped += int64(n)
		if !r.flowsFull {
			r.flowsFull = true
			r.warn("more than " + itoa(int64(r.opts.MaxFlows)) + " TCP connections open at once: the longest idle ones were no longer followed")
		}
	}
	if r.ctlAddrs[c.Client.Addr()] == 0 && r.ctlAddrs[c.Server.Addr()] == 0 {
		r.c.Unrelated++ // kept if it turns out to be a control connection
		return f
	}
	r.keep(f)
	return f
}

// keep adds a connection to the capture's records, within the bound.
func (r *Reader) keep(f *flow) {
	if f.kept {
		return
	}
	f.kept = true
	if len(r.c.Conns) < r.opts.MaxConns {
		r.c.Conns = append(r.c.Conns, f.conn)
	} else {
		r.c.Dropped++
		if !r.connsFull {
			r.connsFull = true
			r.warn("more than " + itoa(int64(r.opts.MaxConns)) + " TCP connections: the later ones are not reported")
		}
	}
}
