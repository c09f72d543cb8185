package probe

import (
	"context"
	"net/netip"
	"strings"
	"time"
)

// startInfoSession asks, on a plaintext connection of its own beside the
// path's main session, the questions whose answers no other step waits
// for: FEAT (which only the listing reads), SYST, PWD, STAT, TYPE I,
// when nothing named the program HELP, and over IPv4 the EPSV sample.
// The main session then goes from login straight to the passive samples,
// so these round trips leave the critical path. The answers are copied to
// the path when the session ends. The returned channel closes when done.
func (s *session) startInfoSession(ctx context.Context) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer s.featAnswered(nil) // whatever happened, the main session waits no longer
		if !s.t.acquire(ctx) {
			return
		}
		defer s.t.release()
		s.infoSession(ctx)
	}()
	return done
}

func (s *session) infoSession(ctx context.Context) {
	// A scratch path with the same identity: its steps are recorded as the
	// path's checks, and only the answers are copied over.
	scratch := &Path{PathID: s.p.PathID}
	// Its connect, greeting and login are the main session's checks
	// again: they are not recorded twice.
	is := &session{r: s.r, t: s.t, p: scratch, plan: s.plan, name: strings.Replace(s.name, "main", "info", 1), info: true, quiet: true,
		chain: s.r.newChain(s.t.conns.isAlone())}
	defer s.r.endChain(is.chain)
	cc := is.connect(ctx)
	if cc == nil {
		return
	}
	defer func() {
		is.leaving() // before the server can free its place
		_ = cc.close()
		is.uncount()
		scratch.UnexpectedReplies = cc.unexpected
		s.r.mu.Lock()
		s.infoPath = scratch
		s.r.mu.Unlock()
	}()
	if !is.greeting(ctx, cc) {
		if is.refused {
			s.infoRefused = true
		}
		return
	}
	// FEAT here, not on the main session: its multi-line answer comes slowly
	// from some servers, and only the main session's listing needs it.
	is.quiet = false
	// To a server known to read one command at a time the EPSV sample
	// goes in the first flight too, so that its data connect runs while
	// the other questions are asked; elsewhere it is asked last.
	epsv := s.plan.Passive == "PASV"
	epsvFirst := epsv && is.pipelines()
	ahead := []string{"FEAT", "USER " + s.r.o.User, "PASS " + s.r.o.Password}
	if epsvFirst {
		ahead = append(ahead, "EPSV")
	}
	is.sendAhead(ctx, cc, ahead...)
	is.feat(ctx, cc)
	s.featAnswered(scratch.Features)
	is.quiet = true
	if is.broken() {
		return
	}
	if !is.login(ctx, cc) {
		if is.refused {
			s.infoRefused = true
		}
		return
	}
	var epsvDone func() Check
	if epsvFirst {
		epsvDone = is.epsvAlone(ctx, cc)
	}
	is.quiet = false
	is.syst(ctx, cc)
	if s.plan.Pwd {
		is.pwd(ctx, cc)
	}
	if s.plan.Stat {
		is.stat(ctx, cc)
	}
	is.typeI(ctx, cc)
	if s.plan.Help {
		// Only when nothing so far named the program.
		is.help(ctx, cc)
	}
	if epsv {
		if epsvDone == nil {
			// Last: a server that holds commands until the data
			// connection arrives (Twisted) holds nothing else of this
			// session.
			epsvDone = is.epsvAlone(ctx, cc)
		}
		// Recorded by the main session, which may not want it (mergeInfo).
		c := epsvDone()
		s.r.mu.Lock()
		s.infoEPSV = &c
		s.r.mu.Unlock()
	}
	if !is.broken() {
		is.quitNoWait(cc)
	}
}

// epsvAlone takes the one EPSV sample of an IPv4 path on a session that
// samples nothing else (the info session, beside the main session's PASV
// samples): one round trip and a data connect off the main session's
// chain. It reads the reply and starts the endpoint test, which runs while
// the session asks its other questions (none of which closes the
// listener); the returned func waits for the test and gives the step, for
// the main session to record when it wants the sample (see mergeInfo).
func (s *session) epsvAlone(ctx context.Context, cc *controlConn) func() Check {
	c := Check{Name: StepEPSV, Path: s.p.PathID, Status: CheckSkip, Detail: "control session lost"}
	if s.broken() {
		return func() Check { return c }
	}
	begin := time.Now()
	smp, ok := s.sample(ctx, cc, "EPSV")
	if !ok {
		c.Status, c.Detail, c.Duration = CheckFail, s.p.SessionError.Error, time.Since(begin)
		return func() Check { return c }
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if smp.Usable() {
			d := s.probeEndpoint(ctx, netip.AddrPortFrom(s.p.Address, smp.Port))
			s.noteDial(d, "EPSV")
			smp.Peer, smp.Redials = d, s.redial(ctx, d, "EPSV")
			smp.Advertised = &d // EPSV names no address: the endpoint is the control peer's
		}
	}()
	return func() Check {
		<-done
		s.p.EPSV = append(s.p.EPSV, smp)
		c.Status, c.Detail = epsvCheck(smp)
		if smp.Usable() && smp.Peer.Reach != ReachOpen {
			// The main session's data-ports step does not see this
			// endpoint: the step says what its connect met.
			c.Status, c.Detail = CheckFail, c.Detail+", data connect "+string(smp.Peer.Reach)
		}
		c.Duration = time.Since(begin)
		return c
	}
}

// mergeInfo copies the info session's answers to the path, once every
// session of the address is done (a main session run again alone starts
// from an empty path).
func (s *session) mergeInfo() {
	if epsv := s.mergeInfoFacts(); s.epsvAside {
		if epsv != nil {
			s.r.replayStep(*epsv)
		} else {
			s.r.skip(s.p.PathID, StepEPSV, "the info session could not ask it")
		}
	}
}

// mergeInfoFacts copies the answers and returns the EPSV step, if the info
// session took one.
func (s *session) mergeInfoFacts() *Check {
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	i := s.infoPath
	if i == nil {
		return nil
	}
	p := s.p
	p.Syst, p.SystInfo, p.Pwd, p.Dir, p.Stat, p.TypeI, p.Help = i.Syst, i.SystInfo, i.Pwd, i.Dir, i.Stat, i.TypeI, i.Help
	if s.epsvAside {
		p.EPSV = append(p.EPSV, i.EPSV...)
	}
	if p.Feat == nil {
		p.Feat, p.Features = i.Feat, i.Features
	}
	p.UnexpectedReplies = append(p.UnexpectedReplies, i.UnexpectedReplies...)
	// A control session that broke off on one of these questions broke
	// off on the path all the same.
	if p.SessionError == nil && i.SessionError != nil && i.Greeting != nil && (s.epsvAside || i.SessionError.Step != StepEPSV) {
		p.SessionError = i.SessionError
	}
	return s.infoEPSV
}
