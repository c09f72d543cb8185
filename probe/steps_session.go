package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// diagnose resolves and connects, then runs the sessions the TLS mode
// asks for: plaintext (off), TLS (explicit, implicit), or both at once
// (auto), so TLS costs one more handshake, not a second diagnosis.
func (r *run) diagnose(ctx context.Context) {
	if !r.resolve(ctx) {
		return
	}
	if !r.acquire(ctx) {
		return
	}
	cc := r.connect(ctx)
	if cc == nil {
		r.release()
		return
	}
	defer cc.close()
	main := &session{r: r, name: "main", f: &r.facts.SessionFacts, slot: true}
	defer main.releaseSlot()
	switch r.o.TLS {
	case TLSExplicit, TLSImplicit:
		r.facts.TLS = &TLSFacts{Mode: r.o.TLS, Attempted: true}
		main.tlsConf, main.implicit = r.newTLSConfig(), r.o.TLS == TLSImplicit
		main.run(ctx, cc)
	case TLSAuto:
		r.facts.TLS = &TLSFacts{Mode: TLSAuto, Attempted: true, Session: &SessionFacts{}}
		sec := &session{r: r, name: "tls", prefix: "tls-", f: r.facts.TLS.Session, tlsConf: r.newTLSConfig(), lean: true}
		done := make(chan struct{})
		go func() {
			defer close(done)
			sec.runSeparate(ctx)
		}()
		main.run(ctx, cc)
		<-done
		if tooManySessions(sec.f) && !r.overallExpired(ctx) {
			// The server allows one session per client: run TLS after.
			r.facts.TLS = &TLSFacts{Mode: TLSAuto, Attempted: true, Session: &SessionFacts{}, Sequential: true}
			sec.f = r.facts.TLS.Session
			sec.runSeparate(ctx)
		}
		r.facts.TLS.PlaintextLogin, r.facts.TLS.PlaintextReply = plaintextPolicy(main.f)
		r.facts.TLS.SessionReuseRequired = reuseRequired(r.facts.TLS)
		if f := main.f.Features; f != nil {
			r.facts.TLS.CCC = f.Has("CCC")
		}
	default:
		main.run(ctx, cc)
	}
	if t := r.facts.TLS; t != nil {
		if t.ProtC == "" {
			t.ProtC = "not_tested"
		}
		if t.PlaintextLogin == "" {
			t.PlaintextLogin = "unknown"
		}
		if f := main.f.Features; f != nil && !t.CCC {
			t.CCC = f.Has("CCC")
		}
	}
	if r.o.ExpectRange != nil && !r.overallExpired(ctx) {
		r.scanRange(ctx)
	}
	r.facts.Software = Fingerprint(main.f.Greeting, main.f.Syst, main.f.Features)
	if r.facts.Software.Name == SoftwareUnknown || r.facts.Software.Name == SoftwareOther {
		if t := r.facts.TLSSession(); t != nil && t != main.f {
			if sw := Fingerprint(t.Greeting, t.Syst, t.Features); sw.Name != SoftwareUnknown {
				r.facts.Software = sw
			}
		}
	}
}

// reuseRequired: protected listings resuming the control session work,
// and the one that did not resume reached the data port but failed.
func reuseRequired(t *TLSFacts) bool {
	if t.NoResume == nil || t.NoResume.OK || !t.NoResume.Endpoint.IsValid() || strings.HasPrefix(t.NoResume.Error, "data connect") {
		return false
	}
	for _, tr := range t.Transfers {
		if tr.OK && tr.Resumed {
			return true
		}
	}
	return false
}

// tooManySessions reports a refusal of a second concurrent session (421 or
// a "too many connections" text).
func tooManySessions(f *SessionFacts) bool {
	if f.Greeting == nil || f.LoggedIn {
		return false
	}
	g := f.Greeting
	return g.Code == 421 || g.Class() >= 4 && strings.Contains(strings.ToLower(g.Text()), "too many")
}

// runSeparate opens a second control connection to the peer and runs the
// session on it.
func (s *session) runSeparate(ctx context.Context) {
	if !s.r.acquire(ctx) {
		return
	}
	s.slot = true
	defer s.releaseSlot()
	ap := netip.AddrPortFrom(s.r.facts.Peer, uint16(s.r.o.Port))
	conn, d := dialEndpoint(ctx, s.r.o.Dialer, ap, s.r.connectTimeout())
	if conn == nil {
		s.f.SessionError = &SessionError{Step: StepConnect, Command: "connect", Kind: ErrKindClosed,
			Error: fmt.Sprintf("second connection to %s: %s", ap, d.Reach)}
		return
	}
	cc := newControlConn(conn, s.r.o.Limits, s.r.o.StepTimeout, s.r.tr, s.name)
	defer cc.close()
	s.run(ctx, cc)
}

// run performs the steps of one session in order: greeting (after the
// handshake with implicit TLS), AUTH TLS for explicit TLS, FEAT, login,
// PBSZ/PROT, SYST, PWD, TYPE I, the passive samples and their data-port
// tests, real listings (protected ones under TLS) and QUIT; the
// standard-client check runs beside it.
func (s *session) run(ctx context.Context, cc *controlConn) {
	defer func() { s.f.UnexpectedReplies = cc.unexpected }()
	secure := s.tlsConf != nil
	if s.implicit {
		st := s.step(StepImplicit, s.r.o.StepTimeout, func() (CheckStatus, string) {
			s.r.facts.TLS.Offered = true
			return s.handshake(ctx, cc)
		})
		if st == CheckFail {
			return
		}
	}
	if !s.greeting(ctx, cc) {
		return
	}
	// Work on connections of its own starts at once, beside this session.
	stdDone := s.startStdClient(ctx)
	defer func() { <-stdDone }()
	if s.lean {
		policyDone := s.startPolicySession(ctx)
		defer func() { <-policyDone }()
	}
	defer s.releaseSlot() // runs first: free the slot, then wait for the helpers

	if secure && !s.implicit && !s.auth(ctx, cc) {
		if !s.broken() {
			s.quit(ctx, cc)
		}
		return
	}
	if !s.lean {
		s.feat(ctx, cc)
		if s.broken() {
			return
		}
	}
	if !s.login(ctx, cc) {
		s.quit(ctx, cc)
		return
	}
	if secure {
		s.protect(ctx, cc)
	}
	if s.lean {
		// Beside a plaintext session that samples the range, lists the
		// directory and reads SYST and PWD: the protected listings double
		// as PASV samples.
		s.leanTransfers(ctx, cc)
		if !s.broken() {
			// Nothing more to learn here: say goodbye without waiting.
			s.r.tr.add(s.name, DirSend, "QUIT")
			_ = cc.w.PrintfLine("QUIT")
		}
		return
	}
	s.syst(ctx, cc)
	s.pwd(ctx, cc)
	s.typeI(ctx, cc)
	if s.broken() {
		return
	}
	s.passive(ctx, cc)
	switch {
	case s.broken():
	case secure:
		s.protC(ctx, cc)
		s.protectedTransfers(ctx, cc)
	default:
		s.transfer(ctx, cc)
	}
	if s.r.o.Active && s.name == "main" && !s.broken() {
		if secure {
			s.skip(StepActive, "active mode is tested in plaintext only")
		} else {
			s.active(ctx, cc)
		}
	}
	if !s.broken() && !s.unsure && (!secure || s.r.facts.TLS.NoResume == nil || s.r.facts.TLS.NoResume.OK) {
		s.quit(ctx, cc)
	}
}

// broken reports whether the main control session can no longer be used.
func (s *session) broken() bool { return s.f.SessionError != nil }

// exchange sends one command on the main session. A failure to get a reply
// ends the session: it is recorded as SessionError and ok is false.
func (s *session) exchange(ctx context.Context, cc *controlConn, step, line string) (Reply, bool) {
	rep, err := cc.cmd(ctx, line)
	if err != nil {
		s.sessionFailed(ctx, step, verbOf(line), err)
		return rep, false
	}
	return rep, true
}

func (s *session) sessionFailed(ctx context.Context, step, command string, err error) {
	kind := errKind(err)
	if kind == "" {
		kind = ErrKindClosed
	}
	msg := err.Error()
	if s.r.overallExpired(ctx) {
		kind, msg = ErrKindTimeout, fmt.Sprintf("%s: overall timeout of %s reached", command, s.r.o.Timeout)
	} else if kind == ErrKindTimeout {
		msg = fmt.Sprintf("%s: no reply within %s", command, s.r.o.StepTimeout)
	}
	s.f.SessionError = &SessionError{Step: step, Command: command, Kind: kind, Error: msg}
}

func (r *run) resolve(ctx context.Context) bool {
	status := r.step(StepResolve, r.o.StepTimeout, func() (CheckStatus, string) {
		host := strings.TrimSuffix(strings.TrimPrefix(r.o.Host, "["), "]")
		if a, err := netip.ParseAddr(host); err == nil {
			r.facts.Addresses = []netip.Addr{a.Unmap()}
			return CheckPass, a.String() + " (literal address)"
		}
		rctx, cancel := context.WithTimeout(ctx, r.o.StepTimeout)
		defer cancel()
		addrs, err := r.o.Resolver.LookupNetIP(rctx, "ip", host)
		if err != nil || len(addrs) == 0 {
			if err == nil {
				err = errors.New("no A or AAAA records")
			}
			r.facts.ResolveError = resolveErrText(err)
			return CheckFail, r.facts.ResolveError
		}
		// IPv4 first: it is what most FTP clients behind NAT end up using,
		// and the PASV analysis is IPv4-only.
		var v4, v6 []netip.Addr
		for _, a := range addrs {
			if a = a.Unmap(); a.Is4() {
				v4 = append(v4, a)
			} else {
				v6 = append(v6, a)
			}
		}
		r.facts.Addresses = append(v4, v6...)
		return CheckPass, joinAddrs(r.facts.Addresses)
	})
	return status == CheckPass
}

func resolveErrText(err error) string {
	var de *net.DNSError
	if errors.As(err, &de) {
		switch {
		case de.IsNotFound:
			return "no such host"
		case de.IsTimeout:
			return "DNS lookup timed out"
		}
	}
	return err.Error()
}

func joinAddrs(as []netip.Addr) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = a.String()
	}
	return strings.Join(s, ", ")
}

// connect tries each resolved address in turn until one accepts.
func (r *run) connect(ctx context.Context) *controlConn {
	var cc *controlConn
	timeout := r.connectTimeout()
	r.step(StepConnect, timeout*time.Duration(len(r.facts.Addresses)), func() (CheckStatus, string) {
		var notes []string
		for _, a := range r.facts.Addresses {
			if ctx.Err() != nil {
				break
			}
			ap := netip.AddrPortFrom(a, uint16(r.o.Port))
			conn, d := dialEndpoint(ctx, r.o.Dialer, ap, timeout)
			r.facts.ControlAttempts = append(r.facts.ControlAttempts, d)
			if conn == nil {
				notes = append(notes, fmt.Sprintf("%s %s", ap, d.Reach))
				r.tr.add("main", DirInfo, fmt.Sprintf("connect %s: %s (%s)", ap, d.Reach, d.Error))
				continue
			}
			r.facts.Peer = a
			if la, ok := conn.LocalAddr().(*net.TCPAddr); ok {
				r.facts.Local = la.AddrPort()
			}
			r.tr.add("main", DirInfo, fmt.Sprintf("connected to %s in %s", ap, fmtDur(d.Duration)))
			cc = newControlConn(conn, r.o.Limits, r.o.StepTimeout, r.tr, "main")
			return CheckPass, fmt.Sprintf("%s in %s", ap, fmtDur(d.Duration))
		}
		return CheckFail, strings.Join(notes, "; ")
	})
	return cc
}

// connectTimeout bounds one control connect: long enough for a slow
// server, short enough to try the next address.
func (r *run) connectTimeout() time.Duration {
	t := r.o.StepTimeout
	if t > 5*time.Second {
		t = 5 * time.Second
	}
	if r.o.DataTimeout > t {
		t = r.o.DataTimeout
	}
	return t
}

// controlRTT is the measured TCP connect time to the control port.
func (r *run) controlRTT() time.Duration {
	for _, d := range r.facts.ControlAttempts {
		if d.Reach == ReachOpen {
			return d.Duration
		}
	}
	return 0
}

// greeting waits for the 220, skipping 120 "service ready in n minutes".
func (s *session) greeting(ctx context.Context, cc *controlConn) bool {
	status := s.step(StepGreeting, s.r.o.StepTimeout, func() (CheckStatus, string) {
		for range 8 {
			rep, err := cc.readReply(ctx)
			if err != nil {
				if len(rep.Lines) > 0 {
					s.f.Greeting = &rep
				}
				s.f.GreetingError = greetingErrText(s.r.overallExpired(ctx), err, s.r.o.StepTimeout)
				return CheckFail, s.f.GreetingError
			}
			switch {
			case rep.Code == 120:
				continue
			case rep.Code == 220:
				s.f.Greeting = &rep
				return CheckPass, firstLine(rep)
			default:
				s.f.Greeting = &rep
				s.f.GreetingError = fmt.Sprintf("server refused the session with %d", rep.Code)
				return CheckFail, firstLine(rep)
			}
		}
		s.f.GreetingError = "too many 120 replies without a 220"
		return CheckFail, s.f.GreetingError
	})
	return status == CheckPass
}

func greetingErrText(overall bool, err error, stepTimeout time.Duration) string {
	switch errKind(err) {
	case ErrKindTimeout:
		if overall {
			return "no greeting before the overall timeout"
		}
		return fmt.Sprintf("no greeting within %s", stepTimeout)
	case ErrKindClosed:
		return "connection closed before a greeting"
	}
	return err.Error()
}

func (s *session) feat(ctx context.Context, cc *controlConn) {
	s.step(StepFeat, s.r.o.StepTimeout, func() (CheckStatus, string) {
		rep, ok := s.exchange(ctx, cc, StepFeat, "FEAT")
		if !ok {
			return CheckFail, s.f.SessionError.Error
		}
		s.f.Feat = &rep
		if rep.Code != 211 {
			return CheckWarn, "FEAT not supported: " + firstLine(rep)
		}
		f := ParseFEAT(rep)
		s.f.Features = &f
		if len(f.Problems) > 0 {
			return CheckWarn, fmt.Sprintf("%d features; %s", len(f.List), strings.Join(f.Problems, "; "))
		}
		return CheckPass, fmt.Sprintf("%d features: %s", len(f.List), truncate(strings.Join(f.List, ", "), 120))
	})
}

func (s *session) login(ctx context.Context, cc *controlConn) bool {
	status := s.step(StepLogin, 2*s.r.o.StepTimeout, func() (CheckStatus, string) {
		rep, ok := s.exchange(ctx, cc, StepLogin, "USER "+s.r.o.User)
		if !ok {
			return CheckFail, s.f.SessionError.Error
		}
		s.f.UserReply = &rep
		if rep.Code == 331 || rep.Code == 332 {
			rep, ok = s.exchange(ctx, cc, StepLogin, "PASS "+s.r.o.Password)
			if !ok {
				return CheckFail, s.f.SessionError.Error
			}
			s.f.PassReply = &rep
		}
		if rep.Code == 230 || rep.Code == 202 {
			s.f.LoggedIn = true
			return CheckPass, fmt.Sprintf("logged in as %s", s.r.o.User)
		}
		return CheckFail, fmt.Sprintf("login as %s refused: %s", s.r.o.User, firstLine(rep))
	})
	return status == CheckPass
}

// simple runs a command whose only interest is its reply.
func (s *session) simple(ctx context.Context, cc *controlConn, step, line string, want int, keep func(Reply) string) {
	if s.broken() {
		s.skip(step, "control session lost")
		return
	}
	s.step(step, s.r.o.StepTimeout, func() (CheckStatus, string) {
		rep, ok := s.exchange(ctx, cc, step, line)
		if !ok {
			return CheckFail, s.f.SessionError.Error
		}
		detail := keep(rep)
		if rep.Code != want {
			return CheckWarn, firstLine(rep)
		}
		return CheckPass, detail
	})
}

func (s *session) syst(ctx context.Context, cc *controlConn) {
	s.simple(ctx, cc, StepSyst, "SYST", 215, func(rep Reply) string {
		s.f.Syst = &rep
		if rep.Code != 215 {
			return firstLine(rep)
		}
		info := ParseSYST(rep)
		s.f.SystInfo = &info
		if info.Masked {
			return "masked: " + info.Text
		}
		return info.Text
	})
}

func (s *session) pwd(ctx context.Context, cc *controlConn) {
	s.simple(ctx, cc, StepPwd, "PWD", 257, func(rep Reply) string {
		s.f.Pwd = &rep
		if dir, err := ParsePWD(rep); err == nil {
			s.f.Dir = dir
			return dir
		}
		return firstLine(rep)
	})
}

func (s *session) typeI(ctx context.Context, cc *controlConn) {
	s.simple(ctx, cc, StepType, "TYPE I", 200, func(rep Reply) string {
		s.f.TypeI = &rep
		return firstLine(rep)
	})
}

// quit ends the session politely; failures here do not matter.
func (s *session) quit(ctx context.Context, cc *controlConn) {
	s.step(StepQuit, time.Second, func() (CheckStatus, string) {
		qctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		rep, err := cc.cmd(qctx, "QUIT")
		if err != nil {
			return CheckWarn, "no reply to QUIT"
		}
		return CheckPass, firstLine(rep)
	})
}

func firstLine(r Reply) string {
	if len(r.Lines) == 0 {
		return strconv.Itoa(r.Code)
	}
	return truncate(r.Lines[0], 160)
}

// fmtDur prints a duration rounded for humans: "0.4 ms", "12 ms", "3.0 s".
func fmtDur(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	default:
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
}
