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

// readBoundError is the error of a standard-client connection that
// reached its read bound.
type readBoundError struct {
	What  string // boundReply or boundListing
	Bytes int64
	All   bool // the bound of the whole control connection, not of one reply
}

func (e *readBoundError) Error() string {
	if e.All {
		return fmt.Sprintf("more than %d bytes of control replies in all: stopped reading", e.Bytes)
	}
	return fmt.Sprintf("%s longer than %d bytes: stopped reading", e.What, e.Bytes)
}

// readBounds records the first bound a client's connections reached and
// then ends the client, so that it does not wait for a reply that no
// longer matters.
type readBounds struct {
	mu    sync.Mutex
	err   *readBoundError
	onHit func()
}

func (b *readBounds) hit(e *readBoundError) {
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
func (b *readBounds) first() *readBoundError {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

// controlReplies is how many replies' worth a standard client's control
// connection may read in all: its whole conversation is a dozen short
// replies. The bound per reply is renewed by every write, and a TLS
// connection writes on its own (key updates), so this one is not.
const controlReplies = 4

// boundedConn fails a Read once more than budget bytes have been read. A
// control connection (perCommand) gets a fresh budget with every command
// it writes, so the bound is per reply, and at most controlReplies
// budgets in all. A data connection's budget is for the whole connection.
type boundedConn struct {
	net.Conn
	bounds     *readBounds
	what       string
	budget     int64
	perCommand bool

	mu    sync.Mutex
	left  int64 // of the current reply (or of the data connection)
	total int64 // of the whole connection
}

func newBoundedConn(c net.Conn, b *readBounds, what string, budget int64, perCommand bool) *boundedConn {
	total := budget
	if perCommand {
		total = controlReplies * budget
	}
	return &boundedConn{Conn: c, bounds: b, what: what, budget: budget, perCommand: perCommand, left: budget, total: total}
}

func (c *boundedConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	left, total := c.left, c.total
	c.mu.Unlock()
	if left <= 0 || total <= 0 {
		// Exactly the budget and then the end is no overrun.
		var one [1]byte
		if n, err := c.Conn.Read(one[:]); n == 0 && err != nil {
			return 0, err
		}
		e := &readBoundError{What: c.what, Bytes: c.budget}
		if total <= 0 && c.perCommand {
			e.Bytes, e.All = controlReplies*c.budget, true
		}
		c.bounds.hit(e)
		return 0, e
	}
	if int64(len(p)) > min(left, total) {
		p = p[:min(left, total)]
	}
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	c.left -= int64(n)
	c.total -= int64(n)
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
