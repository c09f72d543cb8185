package probe

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jlaffaye/ftp"
)

// startStdClient runs the standard-client check in the background: a
// typical client library (github.com/jlaffaye/ftp, which like FileZilla,
// curl and lftp replaces an unusable PASV address with the control address)
// logs in and lists the directory. The returned channel closes when done.
func (s *session) startStdClient(ctx context.Context) <-chan struct{} {
	done := make(chan struct{})
	if !s.plan.Std {
		if s.r.o.SkipStdClient {
			s.skip(StepStdClient, "disabled")
		}
		close(done)
		return done
	}
	go func() {
		defer close(done)
		s.step(StepStdClient, s.r.o.Timeout, func() (CheckStatus, string) {
			if !s.t.acquire(ctx) {
				return CheckSkip, "no connection slot before the timeout"
			}
			defer s.t.release()
			sc, ref := s.stdClient(ctx)
			s.r.mu.Lock()
			s.p.StdClient = &sc
			s.r.mu.Unlock()
			if ref != nil && s.r.turnedAway(s.t, s.p.PathID, SessionStdClient, ref.step, ref.reply, ref.err, ref.others) {
				s.stdRefused = true
				return CheckWarn, "the standard client was " + refusedDetail(ref.reply, ref.err, ref.others.open)
			}
			if !sc.OK {
				return CheckFail, "a standard client could not list the directory: " + sc.Error
			}
			detail := fmt.Sprintf("a standard client listed %d entries", sc.Entries)
			if sc.Error != "" {
				detail += " (" + sc.Error + ")"
			}
			return CheckPass, detail
		})
	}()
	return done
}

func (s *session) stdClient(ctx context.Context) (StdClient, *stdRefusal) {
	begin := time.Now()
	rt := s.r.newChain(s.t.conns.isAlone())
	defer s.r.endChain(rt)
	sc := StdClient{Ran: true}
	conns := &connSet{}
	stop := context.AfterFunc(ctx, conns.closeAll)
	defer stop()
	// The control connection counts among the run's open ones until it is
	// closed.
	var counted, greeted atomic.Bool
	defer func() {
		// Not counted as served before the server can free its place.
		if greeted.Load() {
			s.t.conns.accept(-1)
		}
		conns.closeAll()
		if counted.Load() {
			s.t.conns.add(-1)
		}
	}()

	debug := &debugLines{max: 200}
	// A connection that reaches its read bound ends the client at once:
	// the reply to what it was reading no longer matters.
	bounds := &readBounds{onHit: conns.closeAll}
	// A client of its own: its own TLS session cache, with ServerName set
	// so that its data connections resume the control session.
	// The plan says whether the path is TLS: the session's own tlsConf is
	// replaced while this runs beside it (leadWith).
	var tlsConf *tls.Config
	if s.plan.Transport.Secure() {
		tlsConf = s.r.newTLSConfig()
	}
	first := true
	dial := func(network, address string) (net.Conn, error) {
		timeout, control := s.r.o.DataTimeout, first
		if first {
			timeout, first = s.r.connectTimeout(), false
		}
		dctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		// The control connection is counted from the dial on: the server
		// may take it before the dial returns here.
		if control && !s.t.conns.waitTurn(ctx) {
			return nil, context.Cause(ctx)
		}
		if control && !counted.Swap(true) {
			s.t.conns.add(1)
		}
		var claimed []*lateProbe // lateprobes.go
		ap, perr := netip.ParseAddrPort(address)
		if perr == nil && !control {
			claimed = s.r.late.claim(ap, nil)
		}
		dialStart := time.Now()
		c, err := s.r.o.Dialer.DialContext(dctx, network, address)
		handOver(claimed, dialOutcome(ap, time.Since(dialStart), err, timeout))
		if err != nil {
			if control && counted.Swap(false) {
				s.t.conns.add(-1)
			}
			return nil, err
		}
		rt.add(1) // the client waits for every connect it makes
		var dc net.Conn = &deadlineConn{Conn: countConn(c, rt, control), ctx: ctx, idle: s.r.o.StepTimeout}
		conns.add(dc)
		if control {
			dc = newBoundedConn(dc, bounds, boundReply, s.r.replyBytes(), true)
		} else {
			dc = newBoundedConn(dc, bounds, boundListing, s.r.o.Limits.ListingBytes, false)
		}
		// With a dial function the library leaves TLS on data connections
		// (and on an implicit-TLS control connection) to the caller.
		if tlsConf != nil && (!control || s.implicit) {
			dc = tls.Client(dc, tlsConf)
		}
		return dc, nil
	}
	addr := netip.AddrPortFrom(s.p.Address, uint16(s.r.o.Port)).String()
	// Without OPTS UTF8 ON: a round trip that tells nothing about the
	// data connection.
	opts := []ftp.DialOption{ftp.DialWithDialFunc(dial), ftp.DialWithDebugOutput(debug), ftp.DialWithDisabledUTF8(true)}
	switch {
	case tlsConf != nil && s.implicit:
		opts = append(opts, ftp.DialWithTLS(tlsConf))
	case tlsConf != nil:
		opts = append(opts, ftp.DialWithExplicitTLS(tlsConf))
	}
	c, err := ftp.Dial(addr, opts...)
	finish := func(stage string, err error) StdClient {
		sc.Duration = time.Since(begin)
		sc.Debug = debug.lines()
		if b := bounds.first(); b != nil && err != nil {
			err = b // what else went wrong followed from it
		}
		if err != nil {
			err = fmt.Errorf("%s: %w", stage, err)
			sc.Error = stdClientErr(ctx, err)
		}
		return sc
	}
	if err != nil {
		var ref *stdRefusal
		if counted.Load() {
			ref = s.stdClientRefusal(StepGreeting, err, debug.sent("AUTH "), nil)
		}
		return finish("connect", err), ref
	}
	if counted.Load() && !greeted.Swap(true) {
		s.t.conns.accept(1)
	}
	if err := c.Login(s.r.o.User, s.r.o.Password); err != nil {
		return finish("login", err), s.stdClientRefusal(StepLogin, err, true, debug.lastReply())
	}
	entries, err := c.List("")
	if b := bounds.first(); b != nil && b.What == boundListing {
		// The data channel delivered more than any check needs: the
		// client works; the listing was cut short on purpose.
		sc.OK, sc.Entries, sc.Error = true, len(entries), b.Error()
		return finish("", nil), nil
	}
	if err != nil {
		return finish("list", err), nil
	}
	sc.OK, sc.Entries = true, len(entries)
	_ = c.Quit()
	return finish("", nil), nil
}

func stdClientErr(ctx context.Context, err error) string {
	if ctx.Err() != nil {
		return fmt.Sprintf("%v (%v)", err, context.Cause(ctx))
	}
	return err.Error()
}

// deadlineConn bounds every read and write by an idle timeout and the
// context deadline: the library sets no read deadline of its own.
type deadlineConn struct {
	net.Conn
	ctx  context.Context
	idle time.Duration
}

func (c *deadlineConn) arm() {
	d := time.Now().Add(c.idle)
	if cd, ok := c.ctx.Deadline(); ok && cd.Before(d) {
		d = cd
	}
	_ = c.Conn.SetDeadline(d)
}

func (c *deadlineConn) Read(p []byte) (int, error)  { c.arm(); return c.Conn.Read(p) }
func (c *deadlineConn) Write(p []byte) (int, error) { c.arm(); return c.Conn.Write(p) }

// connSet closes every connection a library opened when the run is cancelled.
type connSet struct {
	mu     sync.Mutex
	conns  []net.Conn
	closed bool
}

func (s *connSet) add(c net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		_ = c.Close()
		return
	}
	s.conns = append(s.conns, c)
}

func (s *connSet) closeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for _, c := range s.conns {
		_ = c.Close()
	}
	s.conns = nil
}

// debugLines collects the library's debug output line by line, bounded,
// with PASS arguments redacted.
type debugLines struct {
	mu      sync.Mutex
	partial []byte
	out     []string
	max     int
}

func (d *debugLines) Write(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.partial = append(d.partial, p...)
	for {
		i := bytes.IndexByte(d.partial, '\n')
		if i < 0 {
			break
		}
		line := sanitizeLine(bytes.TrimRight(d.partial[:i], "\r"))
		d.partial = d.partial[i+1:]
		if len(d.out) < d.max && line != "" {
			d.out = append(d.out, redactCommand(Truncate(line, 512)))
		}
	}
	if len(d.partial) > 4096 {
		d.partial = d.partial[:0]
	}
	return len(p), nil
}

// sent reports whether a line the library logged starts with prefix.
func (d *debugLines) sent(prefix string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.ContainsFunc(d.out, func(l string) bool { return strings.HasPrefix(l, prefix) })
}

// lastReply is the last one-line reply the library logged, nil when none.
func (d *debugLines) lastReply() *Reply {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := len(d.out) - 1; i >= 0; i-- {
		l := d.out[i]
		if len(l) >= 4 && l[3] == ' ' {
			if code, err := strconv.Atoi(l[:3]); err == nil && code >= 100 && code <= 599 {
				return &Reply{Code: code, Lines: []string{l}}
			}
		}
	}
	return nil
}

func (d *debugLines) lines() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.out...)
}
