package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// run performs the steps of one session in order: greeting (after the
// handshake with implicit TLS), AUTH TLS for explicit TLS, FEAT, login,
// PBSZ/PROT, SYST, PWD, STAT, TYPE I, the passive samples and their
// data-port tests, real listings (protected ones under TLS), active mode,
// HELP (when nothing named the program) and QUIT; the standard-client
// check runs beside it.
func (s *session) run(ctx context.Context, cc *controlConn) {
	defer func() { s.p.UnexpectedReplies = cc.unexpected }()
	secure := s.tlsConf != nil
	if s.implicit {
		st := s.step(StepImplicit, s.r.o.StepTimeout, func() (CheckStatus, string) {
			s.p.TLS.Offered = true
			return s.handshake(ctx, cc)
		})
		if st == CheckFail {
			return
		}
	}
	if !s.greeting(ctx, cc) {
		return
	}
	defer func() { // end the connection and free the slot before the helpers are waited for
		s.endConn(ctx, cc)
		s.releaseSlot()
	}()

	if secure && !s.implicit && !s.auth(ctx, cc) {
		if !s.broken() {
			s.quit(ctx, cc)
		}
		return
	}
	if s.plan.Lean {
		// Known to read one command at a time, the server gets the whole
		// way to the listing's passive reply in one flight.
		s.sendAhead(ctx, cc, "USER "+s.r.o.User, "PASS "+s.r.o.Password, "PBSZ 0", "PROT P", s.plan.Passive)
	}
	if s.plan.Info && !secure {
		// The first passive sample needs only the login: it goes with it.
		s.sendAhead(ctx, cc, "USER "+s.r.o.User, "PASS "+s.r.o.Password, s.plan.Passive)
	}
	if !s.plan.Lean && !s.plan.Info {
		if !secure {
			s.sendAhead(ctx, cc, "FEAT", "USER "+s.r.o.User, "PASS "+s.r.o.Password)
		}
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
		s.protect(ctx, cc, false)
	}
	if s.plan.Lean {
		// Beside a plaintext session that samples the range, lists the
		// directory and reads SYST and PWD: the protected listings double
		// as PASV samples.
		s.leanTransfers(ctx, cc)
		if !s.broken() {
			// Nothing more to learn here: say goodbye without waiting.
			s.quitNoWait(cc)
		}
		return
	}
	if !s.plan.Info {
		s.syst(ctx, cc)
		if s.plan.Pwd {
			s.pwd(ctx, cc)
		}
		if s.plan.Stat {
			s.stat(ctx, cc)
		}
		s.typeI(ctx, cc)
	}
	if s.broken() {
		return
	}
	listed := s.passive(ctx, cc)
	switch {
	case s.broken() || listed:
	case secure:
		s.protC(ctx, cc)
		s.protectedTransfers(ctx, cc)
	default:
		s.transfer(ctx, cc, false)
	}
	if s.r.o.Active && s.name == "main" && !s.broken() {
		if secure {
			s.skip(StepActive, "active mode is tested in plaintext only")
		} else {
			s.active(ctx, cc)
		}
	}
	if s.plan.Help && !s.plan.Info && !s.unsure {
		// Last: a server that never answers HELP costs the fingerprint
		// only, not the data-connection tests.
		s.help(ctx, cc)
	}
	if !s.broken() && !s.unsure && (!secure || s.p.TLS.NoResume == nil || s.p.TLS.NoResume.OK) {
		// The goodbye's reply tells nothing: the run does not wait for it.
		s.quitNoWait(cc)
	}
}

// broken reports whether the main control session can no longer be used.
func (s *session) broken() bool { return s.p.SessionError != nil }

// exchange sends one command on the main session. A failure to get a reply
// ends the session: it is recorded as SessionError and ok is false.
func (s *session) exchange(ctx context.Context, cc *controlConn, step, line string) (Reply, bool) {
	rep, err := cc.cmd(ctx, line)
	if err != nil {
		s.sessionFailed(ctx, step, verbOf(line), err)
		return rep, false
	}
	s.unreached = nil // the server answered: it is not waiting for a data connection
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
	s.p.SessionError = &SessionError{Step: step, Command: command, Kind: kind, Error: msg}
	if kind == ErrKindTimeout && s.unreached != nil {
		d := *s.unreached
		s.p.SessionError.AwaitingData = &d
	}
}

func (r *run) resolve(ctx context.Context) bool {
	status := r.step(PathID{}, StepResolve, r.o.StepTimeout, func() (CheckStatus, string) {
		host := strings.TrimSuffix(strings.TrimPrefix(r.o.Host, "["), "]")
		if a, err := netip.ParseAddr(host); err == nil {
			a = a.Unmap()
			if fams := r.o.Families; len(fams) > 0 && !slices.Contains(fams, FamilyOf(a)) {
				r.facts.ResolveError = fmt.Sprintf("%s is an %s address, and only %s was asked for", a, FamilyOf(a).Label(), familyWords(fams))
				return CheckFail, r.facts.ResolveError
			}
			r.facts.Addresses = []netip.Addr{a}
			return CheckPass, a.String() + " (literal address)"
		}
		rctx, cancel := context.WithTimeout(ctx, r.o.StepTimeout)
		defer cancel()
		network := "ip"
		if fams := r.o.Families; len(fams) == 1 {
			network = map[Family]string{IPv4: "ip4", IPv6: "ip6"}[fams[0]]
		}
		addrs, err := r.o.Resolver.LookupNetIP(rctx, network, host)
		if err == nil && len(addrs) == 0 {
			err = fmt.Errorf("no %s records", map[string]string{"ip": "A or AAAA", "ip4": "A", "ip6": "AAAA"}[network])
		}
		if err != nil {
			r.facts.ResolveError = resolveErrText(err)
			return CheckFail, r.facts.ResolveError
		}
		for _, a := range addrs {
			r.facts.Addresses = append(r.facts.Addresses, a.Unmap())
		}
		return CheckPass, joinAddrs(r.facts.Addresses)
	})
	return status == CheckPass
}

func familyWords(fams []Family) string {
	var out []string
	for _, f := range fams {
		out = append(out, f.Label())
	}
	return strings.Join(out, " and ")
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

// greeting waits for the 220, skipping 120 "service ready in n minutes".
func (s *session) greeting(ctx context.Context, cc *controlConn) bool {
	status := s.step(StepGreeting, s.r.o.StepTimeout, func() (CheckStatus, string) {
		for range 8 {
			rep, err := cc.readReply(ctx)
			if err != nil {
				if len(rep.Lines) > 0 {
					s.p.Greeting = &rep
				}
				s.p.GreetingError = greetingErrText(s.r.overallExpired(ctx), err, s.r.o.StepTimeout)
				if errKind(err) == ErrKindTimeout && !s.r.overallExpired(ctx) && s.greetsInTLS(ctx, cc) {
					s.p.GreetingTLS = true
				}
				if errKind(err) == ErrKindClosed && s.p.Greeting == nil {
					if away, detail := s.turnedAway(StepGreeting, nil, s.p.GreetingError); away {
						s.refused, s.refusal = true, detail
						return CheckWarn, detail
					}
				}
				return CheckFail, s.p.GreetingError
			}
			switch {
			case rep.Code == 120:
				continue
			case rep.Code == 220:
				s.countAccepted()
				s.p.Greeting = &rep
				return CheckPass, FirstLine(rep)
			default:
				s.p.Greeting = &rep
				s.p.GreetingError = fmt.Sprintf("server refused the session with %d", rep.Code)
				if away, detail := s.turnedAway(StepGreeting, &rep, ""); away {
					s.refused, s.refusal = true, detail
					return CheckWarn, detail
				}
				return CheckFail, FirstLine(rep)
			}
		}
		s.p.GreetingError = "too many 120 replies without a 220"
		return CheckFail, s.p.GreetingError
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
			return CheckFail, s.p.SessionError.Error
		}
		s.p.Feat = &rep
		if rep.Code != 211 {
			return CheckWarn, "FEAT not supported: " + FirstLine(rep)
		}
		f := ParseFEAT(rep)
		s.p.Features = &f
		if len(f.Problems) > 0 {
			return CheckWarn, fmt.Sprintf("%d features; %s", len(f.List), strings.Join(f.Problems, "; "))
		}
		return CheckPass, fmt.Sprintf("%d features: %s", len(f.List), Truncate(strings.Join(f.List, ", "), 120))
	})
}

func (s *session) login(ctx context.Context, cc *controlConn) bool {
	status := s.step(StepLogin, 2*s.r.o.StepTimeout, func() (CheckStatus, string) {
		s.sendAhead(ctx, cc, "USER "+s.r.o.User, "PASS "+s.r.o.Password)
		rep, ok := s.exchange(ctx, cc, StepLogin, "USER "+s.r.o.User)
		if !ok {
			return CheckFail, s.p.SessionError.Error
		}
		user := rep // rep is reused for PASS: keep the USER reply apart
		s.p.UserReply = &user
		if rep.Code == 331 || rep.Code == 332 {
			rep, ok = s.exchange(ctx, cc, StepLogin, "PASS "+s.r.o.Password)
			if !ok {
				return CheckFail, s.p.SessionError.Error
			}
			s.p.PassReply = &rep
		}
		if rep.Code == 230 || rep.Code == 202 {
			s.p.LoggedIn = true
			return CheckPass, fmt.Sprintf("logged in as %s", s.r.o.User)
		}
		// ProFTPD's MaxClientsPerHost refuses at login, in words.
		if LimitReply(rep) {
			if away, detail := s.turnedAway(StepLogin, &rep, ""); away {
				s.refused, s.refusal = true, detail
				return CheckWarn, detail
			}
		}
		return CheckFail, fmt.Sprintf("login as %s refused: %s", s.r.o.User, FirstLine(rep))
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
			return CheckFail, s.p.SessionError.Error
		}
		detail := keep(rep)
		if rep.Code != want {
			return CheckWarn, FirstLine(rep)
		}
		return CheckPass, detail
	})
}

func (s *session) syst(ctx context.Context, cc *controlConn) {
	s.simple(ctx, cc, StepSyst, "SYST", 215, func(rep Reply) string {
		s.p.Syst = &rep
		if rep.Code != 215 {
			return FirstLine(rep)
		}
		info := ParseSYST(rep)
		s.p.SystInfo = &info
		if info.Masked {
			return "masked: " + info.Text
		}
		return info.Text
	})
}

func (s *session) pwd(ctx context.Context, cc *controlConn) {
	s.simple(ctx, cc, StepPwd, "PWD", 257, func(rep Reply) string {
		s.p.Pwd = &rep
		if dir, err := ParsePWD(rep); err == nil {
			s.p.Dir = dir
			return dir
		}
		return FirstLine(rep)
	})
}

// stat asks the server for its status, which names the client address it
// sees: how the connection reached it, through NAT or back from inside.
func (s *session) stat(ctx context.Context, cc *controlConn) {
	if s.broken() {
		s.skip(StepStat, "control session lost")
		return
	}
	s.step(StepStat, s.r.o.StepTimeout, func() (CheckStatus, string) {
		rep, ok := s.exchange(ctx, cc, StepStat, "STAT")
		if !ok {
			return CheckFail, s.p.SessionError.Error
		}
		s.p.Stat = &rep
		if a := ParseStatClient(rep); a.IsValid() {
			return CheckPass, "the server sees this client as " + a.String()
		}
		// Many servers keep their status to themselves: nothing wrong.
		return CheckPass, "no client address in the reply: " + FirstLine(rep)
	})
}

func (s *session) typeI(ctx context.Context, cc *controlConn) {
	s.simple(ctx, cc, StepType, "TYPE I", 200, func(rep Reply) string {
		s.p.TypeI = &rep
		return FirstLine(rep)
	})
}

// quit ends the session politely; failures here do not matter.
func (s *session) quit(ctx context.Context, cc *controlConn) {
	s.step(StepQuit, time.Second, func() (CheckStatus, string) {
		qctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		s.quitSent = true
		s.leaving()
		rep, err := cc.cmd(qctx, "QUIT")
		if err != nil {
			return CheckWarn, "no reply to QUIT"
		}
		return CheckPass, FirstLine(rep)
	})
}

// quitNoWait says goodbye without waiting for the reply: nothing more is
// learnt from it, and the server hangs up on its own.
func (s *session) quitNoWait(cc *controlConn) {
	_ = cc.send("QUIT")
	s.quitSent = true
	s.leaving()
}
