package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"regexp"
	"strings"
	"time"
)

// StepActive is the active-mode step.
const StepActive = "active"

// active tests PORT (IPv4) and EPRT, each with a listener of our own, as
// the last thing on the session: a server that never connects back leaves
// the session waiting, and nothing after it depends on the session.
func (s *session) active(ctx context.Context, cc *controlConn) {
	a := &ActiveFacts{Tested: true, Advertise: s.r.o.ActiveAddress}
	s.p.Active = a
	if !a.Advertise.IsValid() {
		a.Advertise = s.p.Local.Addr()
	}
	s.step(StepActive, 2*(s.r.o.DataTimeout+2*s.r.o.StepTimeout), func() (CheckStatus, string) {
		var notes []string
		status := CheckPass
		commands := []string{"EPRT"}
		if a.Advertise.Is4() || a.Advertise.Is4In6() {
			commands = []string{"PORT", "EPRT"}
		}
		for _, command := range commands {
			t, cont := s.activeTest(ctx, cc, command, a)
			if command == "PORT" {
				a.PORT = t
			} else {
				a.EPRT = t
			}
			switch {
			case t.OK:
				notes = append(notes, fmt.Sprintf("%s: the server connected back from %s", command, t.From))
			case !t.Accepted:
				status = CheckWarn
				notes = append(notes, fmt.Sprintf("%s refused: %s", command, FirstLine(t.Reply)))
			default:
				status = CheckWarn
				notes = append(notes, fmt.Sprintf("%s: %s", command, t.Error))
			}
			if !cont {
				s.unsure = true
				break
			}
		}
		return status, strings.Join(notes, "; ")
	})
}

// activeTest runs one PORT or EPRT attempt. cont is false when the
// session can no longer be trusted (a reply may still be on its way).
func (s *session) activeTest(ctx context.Context, cc *controlConn, command string, a *ActiveFacts) (*ActiveTest, bool) {
	begin := time.Now()
	t := &ActiveTest{Command: command}
	defer func() { t.Duration = time.Since(begin) }()

	bind := s.p.Local.Addr()
	ln, err := s.r.o.Listen(ctx, "tcp", netip.AddrPortFrom(bind, 0).String())
	if err != nil {
		t.Error = "open a listener: " + err.Error()
		return t, true
	}
	defer ln.Close()
	port := listenerPort(ln)
	t.Listener = netip.AddrPortFrom(bind, port)
	// PORT and EPRT name our own listener and nothing else (no bounce).
	t.Sent = activeCommand(command, a.Advertise, port)

	rep, err := cc.cmd(ctx, t.Sent)
	if err != nil {
		t.Error = err.Error()
		return t, false
	}
	t.Reply = rep
	if !rep.OK() {
		t.ServerSees = serverSees(rep)
		return t, true
	}
	t.Accepted = true

	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			accepted <- nil
			return
		}
		accepted <- c
	}()
	// The server connects back when it gets the listing command; wait at
	// most a data timeout for it, then for its reply.
	wait := s.r.o.DataTimeout + s.r.o.StepTimeout
	lctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	first, err := cc.cmd(lctx, "LIST")
	if err != nil {
		_ = ln.Close()
		if c := <-accepted; c != nil {
			_ = c.Close()
		}
		t.Error = fmt.Sprintf("the server did not connect back within %s", wait.Round(time.Millisecond))
		return t, false
	}
	t.ListReplies = append(t.ListReplies, first)
	if first.Class() != 1 && first.Class() != 2 {
		_ = ln.Close()
		c := <-accepted
		if c != nil {
			t.Connected = true
			_ = c.Close()
		}
		t.Error = "the server did not connect back: " + FirstLine(first)
		return t, true
	}
	var conn net.Conn
	select {
	case conn = <-accepted:
	case <-time.After(s.r.o.DataTimeout):
	case <-ctx.Done():
	}
	_ = ln.Close()
	if conn == nil {
		t.Error = "the server said it was sending but never connected back"
		return t, false
	}
	defer conn.Close()
	t.Connected = true
	if ra, ok := conn.RemoteAddr().(*net.TCPAddr); ok {
		t.From = ra.AddrPort()
	}
	var readErr error
	t.Bytes, _, readErr = s.readData(ctx, conn)
	_ = conn.Close()
	final := first
	if first.Class() == 1 {
		final, err = cc.readReply(ctx)
		if err != nil {
			t.Error = "no reply after the listing: " + err.Error()
			return t, false
		}
		t.ListReplies = append(t.ListReplies, final)
	}
	switch {
	case readErr != nil && !errors.Is(readErr, errListingTruncated):
		t.Error = "reading the listing: " + readErr.Error()
	case !final.OK():
		t.Error = "transfer ended with " + FirstLine(final)
	default:
		t.OK = true
	}
	return t, true
}

func listenerPort(ln net.Listener) uint16 {
	if ta, ok := ln.Addr().(*net.TCPAddr); ok {
		return uint16(ta.Port)
	}
	return 0
}

// activeCommand formats PORT (RFC 959) or EPRT (RFC 2428).
func activeCommand(command string, addr netip.Addr, port uint16) string {
	if command == "PORT" {
		b := addr.Unmap().As4()
		return fmt.Sprintf("PORT %d,%d,%d,%d,%d,%d", b[0], b[1], b[2], b[3], port>>8, port&0xff)
	}
	proto := 2
	if addr.Unmap().Is4() {
		proto, addr = 1, addr.Unmap()
	}
	return fmt.Sprintf("EPRT |%d|%s|%d|", proto, addr, port)
}

// seesPattern finds Pure-FTPd's anti-bounce refusal, which names the
// client address the server sees: "I won't open a connection to X (only to Y)".
var seesPattern = regexp.MustCompile(`(?i)only to \[?([0-9a-f:.]+)\]?\)`)

func serverSees(r Reply) netip.Addr {
	m := seesPattern.FindStringSubmatch(r.Text())
	if m == nil {
		return netip.Addr{}
	}
	a, err := netip.ParseAddr(m[1])
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap()
}
