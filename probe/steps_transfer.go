package probe

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"time"
)

// transfer lists the directory over a real data connection, through the
// first passive mode whose endpoint answered, at the control peer's
// address (what clients that substitute the address do).
func (s *session) transfer(ctx context.Context, cc *controlConn) {
	via := ""
	switch {
	case anyOpen(s.f.PASV):
		via = "PASV"
	case anyOpen(s.f.EPSV):
		via = "EPSV"
	default:
		s.skip(StepTransfer, "no passive data endpoint answered")
		return
	}
	listCmd := "LIST"
	if s.f.Features != nil && (s.f.Features.Has("MLSD") || s.f.Features.Has("MLST")) {
		listCmd = "MLSD"
	}
	s.step(StepTransfer, s.r.o.DataTimeout+2*s.r.o.StepTimeout, func() (CheckStatus, string) {
		t := s.list(ctx, cc, via, listCmd)
		if !t.OK && listCmd == "MLSD" && !s.broken() && isUnknownCommand(t.Replies) {
			t = s.list(ctx, cc, via, "LIST")
		}
		s.f.Transfer = &t
		if !t.OK {
			return CheckFail, fmt.Sprintf("%s via %s: %s", t.Command, via, t.Error)
		}
		return CheckPass, fmt.Sprintf("%s via %s: %d lines, %d bytes in %s", t.Command, via, t.Lines, t.Bytes, fmtDur(t.Duration))
	})
}

// isUnknownCommand reports whether the listing command itself was refused
// as unknown (a server without MLSD despite FEAT).
func isUnknownCommand(rs []Reply) bool {
	if len(rs) == 0 {
		return false
	}
	c := rs[len(rs)-1].Code
	return c == 500 || c == 502
}

func anyOpen(ss []PassiveSample) bool {
	for _, s := range ss {
		if s.Usable() && s.Peer.Reach == ReachOpen {
			return true
		}
	}
	return false
}

// list runs one passive listing: PASV/EPSV, connect, LIST/MLSD, read the
// data (bounded), read the final reply.
func (s *session) list(ctx context.Context, cc *controlConn, via, listCmd string) Transfer {
	begin := time.Now()
	t := Transfer{Command: listCmd, Via: via}
	defer func() { t.Duration = time.Since(begin) }()

	smp, ok := s.sample(ctx, cc, via)
	if !ok {
		t.Error = s.f.SessionError.Error
		return t
	}
	t.Replies = append(t.Replies, smp.Reply)
	if !smp.Usable() {
		t.Error = fmt.Sprintf("%s failed this time: %s", via, firstLine(smp.Reply))
		return t
	}
	t.Endpoint = netip.AddrPortFrom(s.r.facts.Peer, smp.Port)
	conn, d := dialEndpoint(ctx, s.r.o.Dialer, t.Endpoint, s.r.o.DataTimeout)
	if conn == nil {
		t.Error = fmt.Sprintf("data connect %s: %s", t.Endpoint, d.Reach)
		return t
	}
	defer conn.Close()

	rep, ok := s.exchange(ctx, cc, StepTransfer, listCmd)
	if !ok {
		t.Error = s.f.SessionError.Error
		return t
	}
	t.Replies = append(t.Replies, rep)
	switch rep.Class() {
	case 1:
	case 2: // some servers omit the 1yz reply; the data is there all the same
	default:
		t.Error = fmt.Sprintf("server answered %s", firstLine(rep))
		return t
	}
	var readErr error
	t.Bytes, t.Lines, readErr = s.readData(ctx, conn)
	_ = conn.Close()
	if rep.Class() == 1 {
		final, err := cc.readReply(ctx)
		if err != nil {
			s.sessionFailed(ctx, StepTransfer, listCmd, err)
			t.Error = "no reply after the listing: " + s.f.SessionError.Error
			return t
		}
		t.Replies = append(t.Replies, final)
		rep = final
	}
	switch {
	case readErr != nil && !errors.Is(readErr, errListingTruncated):
		t.Error = "reading the listing: " + readErr.Error()
	case rep.Class() != 2:
		t.Error = fmt.Sprintf("transfer ended with %s", firstLine(rep))
	default:
		t.OK = true
		if readErr != nil {
			t.Error = readErr.Error()
		}
	}
	return t
}

var errListingTruncated = errors.New("listing truncated")

// readData reads a listing up to the byte limit, within the step timeout.
func (s *session) readData(ctx context.Context, conn net.Conn) (int64, int, error) {
	deadline := time.Now().Add(s.r.o.StepTimeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	_ = conn.SetReadDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { _ = conn.SetReadDeadline(time.Unix(1, 0)) })
	defer stop()

	var n int64
	lines := 0
	buf := make([]byte, 32*1024)
	for n < s.r.o.Limits.ListingBytes {
		k, err := conn.Read(buf[:min(int64(len(buf)), s.r.o.Limits.ListingBytes-n)])
		n += int64(k)
		lines += bytes.Count(buf[:k], []byte{'\n'})
		if errors.Is(err, io.EOF) {
			return n, lines, nil
		}
		if err != nil {
			return n, lines, err
		}
	}
	return n, lines, fmt.Errorf("%w at %d bytes", errListingTruncated, n)
}
