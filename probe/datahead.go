package probe

import (
	"context"
	"net"
	"sync"
	"time"
)

// MaxDataHead bounds the first bytes of a data connection kept as a fact:
// enough to tell a listing from another service's banner, page or alert.
const MaxDataHead = 64

// headConn records the first MaxDataHead bytes read through it.
type headConn struct {
	net.Conn
	mu   sync.Mutex
	head []byte
}

func (c *headConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.mu.Lock()
		if k := MaxDataHead - len(c.head); k > 0 {
			c.head = append(c.head, p[:min(n, k)]...)
		}
		c.mu.Unlock()
	}
	return n, err
}

// bytes is a copy of what was recorded; nil when nothing was read.
func (c *headConn) bytes() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.head) == 0 {
		return nil
	}
	return append([]byte(nil), c.head...)
}

// peekHead reads what a data connection already says, at most
// MaxDataHead bytes and wait long: a service that greets (SSH, FTP, SMTP)
// or answered something else has spoken by then.
func peekHead(ctx context.Context, c *headConn, wait time.Duration) {
	deadline := time.Now().Add(wait)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	_ = c.SetReadDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { _ = c.SetReadDeadline(time.Unix(1, 0)) })
	defer stop()
	buf := make([]byte, MaxDataHead)
	for n := 0; n < MaxDataHead; {
		k, err := c.Read(buf[:MaxDataHead-n])
		n += k
		if err != nil {
			return
		}
	}
}
