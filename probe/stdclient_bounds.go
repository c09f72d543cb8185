package probe

import (
	"fmt"
	"net"
	"sync"
)

// The standard-client library buffers whole replies and whole listings
// in memory. Its connections therefore count what they read and fail once
// a server sends more than any real reply or listing needs, so that an
// endless listing or an endless "150-" continuation costs a bounded
// amount of memory.

// What a standard-client read bound applies to.
const (
	boundReply   = "control reply"
	boundListing = "listing"
)

// replyBytes bounds one reply of the standard client: as many bytes as
// the probe's own reader keeps in its longest reply.
func (r *run) replyBytes() int64 {
	return int64(r.o.Limits.LineBytes) * int64(r.o.Limits.ReplyLines)
}

// ReadBoundError is the error of a standard-client connection that
// reached its read bound.
type ReadBoundError struct {
	What  string // boundReply or boundListing
	Bytes int64
}

func (e *ReadBoundError) Error() string {
	return fmt.Sprintf("%s longer than %d bytes: stopped reading", e.What, e.Bytes)
}

// readBounds records the first bound a client's connections reached and
// then ends the client, so that it does not wait for a reply that no
// longer matters.
type readBounds struct {
	mu    sync.Mutex
	err   *ReadBoundError
	onHit func()
}

func (b *readBounds) hit(e *ReadBoundError) {
	b.mu.Lock()
	first := b.err == nil
	if first {
		b.err = e
	}
	b.mu.Unlock()
	if first && b.onHit != nil {
		b.onHit()
	}
}

// first returns the first bound reached, or nil.
func (b *readBounds) first() *ReadBoundError {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

// boundedConn fails a Read once budget bytes have been read. A control
// connection (perCommand) gets a fresh budget with every command it
// writes: the bound is per reply. A data connection's budget is for the
// whole connection.
type boundedConn struct {
	net.Conn
	bounds     *readBounds
	what       string
	budget     int64
	perCommand bool

	mu   sync.Mutex
	left int64
}

func newBoundedConn(c net.Conn, b *readBounds, what string, budget int64, perCommand bool) *boundedConn {
	return &boundedConn{Conn: c, bounds: b, what: what, budget: budget, perCommand: perCommand, left: budget}
}

func (c *boundedConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	left := c.left
	c.mu.Unlock()
	if left <= 0 {
		e := &ReadBoundError{What: c.what, Bytes: c.budget}
		c.bounds.hit(e)
		return 0, e
	}
	if int64(len(p)) > left {
		p = p[:left]
	}
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	c.left -= int64(n)
	c.mu.Unlock()
	return n, err
}

func (c *boundedConn) Write(p []byte) (int, error) {
	if c.perCommand {
		c.mu.Lock()
		c.left = c.budget
		c.mu.Unlock()
	}
	return c.Conn.Write(p)
}
