package probe

import (
	"context"
	"strings"
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
	if epsvFirst {
		is.sendAhead(ctx, cc, "FEAT", "USER "+s.r.o.User, "PASS "+s.r.o.Password, "EPSV")
	} else {
		is.sendAhead(ctx, cc, "FEAT", "USER "+s.r.o.User, "PASS "+s.r.o.Password)
	}
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
		is.quiet = true
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
			is.quiet = true
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
