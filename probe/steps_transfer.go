package probe

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"time"
)

// transfer lists the directory over a real data connection, through the
// first passive mode whose endpoint answered, at the control peer's
// address (what clients that substitute the address do). asSample: the
// listing is the session's last passive sample, through the command the
// session samples with, and its reply and connect are recorded as one.
func (s *session) transfer(ctx context.Context, cc *controlConn, asSample bool) {
	var via, listCmd string
	var record *[]PassiveSample
	if asSample {
		via, record = s.passiveCommand()
		listCmd = s.listCommand(ctx)
	} else {
		via, listCmd = s.listingPlan(ctx)
	}
	if via == "" {
		s.skip(StepTransfer, "no passive data endpoint answered")
		return
	}
	s.step(StepTransfer, s.r.o.DataTimeout+2*s.r.o.StepTimeout, func() (CheckStatus, string) {
		t := s.list(ctx, cc, listing{via: via, command: listCmd, record: record})
		if !t.OK && listCmd == "MLSD" && !s.broken() && isUnknownCommand(t.Replies) {
			t = s.list(ctx, cc, listing{via: via, command: "LIST"})
		}
		if !t.OK && t.Connected && !s.broken() {
			// The data connection opened and the listing failed: the same
			// listing once more tells a passing fault, or a second server
			// behind a balancer, from a server that always fails it.
			again := s.list(ctx, cc, listing{via: via, command: t.Command})
			t.Again = &again
		}
		s.p.Transfer = &t
		if !t.OK {
			return CheckFail, fmt.Sprintf("%s via %s: %s", t.Command, via, t.Error)
		}
		return CheckPass, fmt.Sprintf("%s via %s: %d lines, %d bytes in %s", t.Command, via, t.Lines, t.Bytes, FormatDuration(t.Duration))
	})
}

// listingPlan picks the passive mode for a listing — the first whose
// endpoint answered, PASV before EPSV — and MLSD when the server advertises
// it. via is "" when no endpoint answered.
func (s *session) listingPlan(ctx context.Context) (via, command string) {
	switch {
	case AnyOpen(s.p.PASV):
		via = "PASV"
	case AnyOpen(s.p.EPSV):
		via = "EPSV"
	default:
		return "", ""
	}
	return via, s.listCommand(ctx)
}

// listCommand is MLSD when the server advertises it, else LIST.
func (s *session) listCommand(ctx context.Context) string {
	command := "LIST"
	if f := s.features(ctx); f != nil && (f.Has("MLSD") || f.Has("MLST")) {
		command = "MLSD"
	}
	return command
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

// listing says how to run one listing.
type listing struct {
	via, command string
	protect      *tls.Config // TLS for the data connection (PROT P), nil in plaintext
	// tolerant: a broken control connection is recorded in the transfer
	// only, not as the session's failure (for the deliberate no-resume test,
	// after which some servers end the session).
	tolerant bool
	// record, when set, receives the PASV/EPSV sample with its connect
	// result: listings double as port samples.
	record *[]PassiveSample
}

// list runs one passive listing: PASV/EPSV, connect, LIST/MLSD (with the
// data TLS handshake when protected), read the data (bounded), read the
// final reply.
func (s *session) list(ctx context.Context, cc *controlConn, l listing) Transfer {
	begin := time.Now()
	t := Transfer{Command: l.command, Via: l.via, Protected: l.protect != nil, Reuse: l.protect != nil && l.protect.ClientSessionCache != nil}
	defer func() { t.Duration = time.Since(begin) }()
	fail := func(step, command string, err error) Transfer {
		t.Stage = StageControl
		if l.tolerant {
			t.Error = fmt.Sprintf("%s: %v", command, err)
			return t
		}
		s.sessionFailed(ctx, step, command, err)
		t.Error = s.p.SessionError.Error
		return t
	}

	smp, err := s.trySample(ctx, cc, l.via)
	if err != nil {
		return fail(StepTransfer, l.via, err)
	}
	t.Replies = append(t.Replies, smp.Reply)
	if !smp.Usable() {
		t.Stage = StagePassive
		t.Error = fmt.Sprintf("%s failed this time: %s", l.via, FirstLine(smp.Reply))
		return t
	}
	t.Endpoint = netip.AddrPortFrom(s.p.Address, smp.Port)
	tcp, d := s.r.dialData(ctx, t.Endpoint, s.r.o.DataTimeout)
	if tcp != nil {
		s.chain.add(1) // the listing waits for the data connect
		tcp = countConn(tcp, s.chain, false)
	}
	if l.record != nil {
		smp.Peer, smp.Redials = d, s.redial(ctx, d, l.via)
		if smp.Address == s.p.Address {
			smp.Advertised = &d
		}
		*l.record = append(*l.record, smp)
	}
	s.unreached = nil
	if tcp == nil {
		if !l.tolerant {
			s.unreached = &d
		}
		t.Stage = StageConnect
		t.Error = fmt.Sprintf("data connect %s: %s", t.Endpoint, d.Reach)
		return t
	}
	defer tcp.Close()
	t.Connected = true
	head := &headConn{Conn: tcp}

	// The data TLS handshake runs beside the command: some servers send
	// the 1yz reply before their side of the handshake, others after.
	var hs <-chan handshakeResult
	if l.protect != nil {
		hs = dataHandshake(ctx, head, l.protect, s.r.o.StepTimeout, s.program().AwaitsCloseNotify)
		defer func() { _ = tcp.Close(); <-hs }()
	}
	rep, err := cc.cmd(ctx, l.command)
	if err != nil {
		return fail(StepTransfer, l.command, err)
	}
	t.Replies = append(t.Replies, rep)
	switch rep.Class() {
	case 1:
	case 2: // some servers omit the 1yz reply; the data is there all the same
	default:
		t.Stage = StageCommand
		t.Error = fmt.Sprintf("server answered %s", FirstLine(rep))
		// Whatever already spoke on the data connection says who answered it.
		peekHead(ctx, head, s.r.fewRoundTrips(s.p.Control.Duration))
		t.DataHead = head.bytes()
		return t
	}

	// The listing is read while the control connection is watched: a
	// final reply that is not a success (425, 426, 451) ends the wait for
	// the data at once instead of after the data timeout.
	read := make(chan dataRead, 1)
	go func(hs <-chan handshakeResult) {
		var r dataRead
		var data net.Conn = head
		if hs != nil {
			res := <-hs
			if res.err != nil {
				r.err, r.stage = res.err, StageTLS
			} else {
				data = res.conn
				r.resumed, r.version = res.state.DidResume, tls.VersionName(res.state.Version)
			}
		}
		if r.err == nil {
			r.bytes, r.lines, r.err = s.readData(ctx, data)
		}
		_ = data.Close()
		read <- r
	}(hs)
	var final Reply
	var finalErr error
	var r dataRead
	cut, got := false, false
	if rep.Class() == 1 {
		final, finalErr = cc.readReplyWithin(ctx, 2*s.r.o.StepTimeout)
		if finalErr != nil || final.Class() != 2 {
			select {
			case r = <-read: // the data had ended already
				got = true
			default:
				// The server gave up on the transfer (or the control
				// connection broke) while the data connection is open:
				// it has nothing more to say.
				cut = true
				_ = tcp.Close()
			}
		}
	}
	if !got {
		r = <-read
	}
	if hs != nil {
		hs = closedHandshake()
	}
	t.Resumed, t.TLSVersion = r.resumed, r.version
	t.Bytes, t.Lines, t.DataHead = r.bytes, r.lines, head.bytes()
	readErr := r.err
	if r.stage != "" {
		t.Stage = r.stage
	}
	if cut && errors.Is(readErr, net.ErrClosed) {
		readErr = nil // closed by us when the final reply came
	}
	if rep.Class() == 1 {
		if finalErr != nil {
			r := fail(StepTransfer, l.command, finalErr)
			if readErr != nil {
				r.Error = readErr.Error() + "; then " + r.Error
			}
			return r
		}
		t.Replies = append(t.Replies, final)
		rep = final
	}
	switch {
	case readErr != nil && !errors.Is(readErr, errListingTruncated):
		if t.Stage == "" {
			t.Stage = StageData
		}
		t.Error = readErr.Error()
		if rep.Class() != 2 {
			t.Error += "; server: " + FirstLine(rep)
		}
	case rep.Class() != 2:
		t.Stage = StageFinal
		t.Error = fmt.Sprintf("transfer ended with %s", FirstLine(rep))
		if cut {
			t.Error += " while the data connection was still open"
		}
		if readErr != nil {
			t.Error = readErr.Error() + "; " + t.Error
		}
	default:
		t.OK = true
		if readErr != nil {
			t.Error = readErr.Error()
		}
	}
	return t
}

// dataRead is what the data connection of a listing gave.
type dataRead struct {
	bytes   int64
	lines   int
	err     error
	stage   TransferStage
	resumed bool
	version string
}

type handshakeResult struct {
	conn  *tls.Conn
	state tls.ConnectionState
	err   error
}

// dataHandshake starts the client side of a data connection's TLS
// handshake; the result arrives on the channel (always exactly once).
// halfClose: under TLS 1.3 the client's side is closed (close_notify) as
// soon as the handshake is done — a listing sends nothing — for a server
// that waits for it before its final reply (Program.AwaitsCloseNotify).
func dataHandshake(ctx context.Context, conn net.Conn, cfg *tls.Config, timeout time.Duration, halfClose bool) <-chan handshakeResult {
	ch := make(chan handshakeResult, 1)
	go func() {
		hctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		tc := tls.Client(conn, cfg)
		if err := tc.HandshakeContext(hctx); err != nil {
			ch <- handshakeResult{err: fmt.Errorf("data TLS handshake: %w", err)}
			return
		}
		st := tc.ConnectionState()
		if halfClose && st.Version == tls.VersionTLS13 {
			_ = tc.CloseWrite()
		}
		ch <- handshakeResult{conn: tc, state: st}
	}()
	return ch
}

func closedHandshake() <-chan handshakeResult {
	ch := make(chan handshakeResult, 1)
	ch <- handshakeResult{}
	return ch
}

var errListingTruncated = errors.New("listing truncated")

// dataBufStart and dataBufMax bound the buffer a listing is read with.
const (
	dataBufStart = 4 << 10
	dataBufMax   = 32 << 10
)

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
	// Most listings are a few hundred bytes: the buffer grows to its full
	// size only for one that fills it, so that a diagnosis (a batch's, for
	// every target) does not allocate and clear the full size for each.
	buf := make([]byte, dataBufStart)
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
		if k == len(buf) && len(buf) < dataBufMax {
			buf = make([]byte, dataBufMax)
		}
	}
	return n, lines, fmt.Errorf("%w at %d bytes", errListingTruncated, n)
}
