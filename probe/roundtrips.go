package probe

import (
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// chain counts the network round trips one line of work waited for in
// sequence — a session's connect, greeting, exchanges, TLS handshakes and
// the data connects it waited for. A run's critical path is its longest
// chain; work run again alone starts where the longest chain so far ended.
type chain struct {
	base int // round trips of the work this chain waited for before it began
	n    atomic.Int32
}

func (c *chain) add(n int) {
	if c != nil {
		c.n.Add(int32(n))
	}
}

func (c *chain) total() int { return c.base + int(c.n.Load()) }

// newChain starts a chain: at 0 for work that starts with the run, after
// the longest chain so far for work that waited for others to finish.
func (r *run) newChain(sequential bool) *chain {
	c := &chain{}
	if sequential {
		r.mu.Lock()
		c.base = r.facts.Timing.RoundTrips
		r.mu.Unlock()
	}
	return c
}

// endChain records a finished chain: the run's round trips are its
// longest one.
func (r *run) endChain(c *chain) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.facts.Timing.RoundTrips = max(r.facts.Timing.RoundTrips, c.total())
}

// noteRTT keeps the shortest control round trip measured.
func (r *run) noteRTT(d time.Duration) {
	if d <= 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if t := &r.facts.Timing; t.ControlRTT == 0 || d < t.ControlRTT {
		t.ControlRTT = d
	}
}

// rtConn counts the round trips a connection's reads wait for: a read
// after a write is one (the answer to what was sent), and so is the first
// read of a control connection (its greeting, one round trip after the
// connect). Exchanges are not timed: a reply that was already waiting in
// the buffer would pass for a round trip of no time; the control RTT comes
// from the TCP handshakes.
type rtConn struct {
	net.Conn
	c       *chain
	mu      sync.Mutex
	pending bool // written since the last read
	first   bool // no read yet
}

func countConn(conn net.Conn, c *chain, control bool) net.Conn {
	return &rtConn{Conn: conn, c: c, first: control}
}

func (c *rtConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	c.pending = true
	c.mu.Unlock()
	return c.Conn.Write(p)
}

func (c *rtConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n == 0 {
		return n, err
	}
	c.mu.Lock()
	waited := c.pending || c.first
	c.pending, c.first = false, false
	c.mu.Unlock()
	if waited {
		c.c.add(1)
	}
	return n, err
}

// CloseWrite passes a half-close through (TLS close_notify, data ends).
func (c *rtConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
