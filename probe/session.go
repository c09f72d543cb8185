package probe

import (
	"context"
	"crypto/tls"
	"sync"
	"time"
)

// session is one control connection of a run: the session of one path.
// Its steps run in order on one goroutine and write only to its own path;
// work it starts in the background (data dials) is merged back before it
// reads the results.
type session struct {
	r    *run
	t    *target // the address and its connection budget
	p    *Path   // what this session observes
	plan PathPlan
	name string // transcript label
	// tlsConf is set for a TLS session: the control connection's
	// configuration and session cache, shared by its data connections.
	tlsConf  *tls.Config
	implicit bool // TLS from the first byte (the handshake precedes the greeting)
	// unsure: a reply may still be on its way (the active test gave up
	// waiting), so the session is not used again.
	unsure bool
	// slot: the session holds one of the address's connection slots, given
	// back when its own work is done, before it waits for the helpers it
	// started.
	slot bool
	// quiet: the session's steps record no checks of their own (the TLS
	// policy session reports as one step).
	quiet bool
	// unreached is the data endpoint of the last passive reply when its
	// connection did not open: a server that holds the next command until
	// the data connection arrives stalls after it (see SessionError.AwaitingData).
	unreached *Dial
	// counted: the session's control connection counts among the run's
	// connections open to the address (target.conns).
	counted bool
	// greeted: of those, one the server greeted (target.conns.accepted).
	greeted bool
	// refused, stdRefused, policyRefused: the server turned away this
	// session, its standard-client check or its TLS policy session while
	// other sessions were open; the work runs again alone (limits.go).
	refused, stdRefused, policyRefused, infoRefused bool
	// info: this is the session that asks SYST, PWD, STAT beside the
	// path's main session (steps_info.go).
	info bool
	// helpers: the connections of the session's own (standard client, TLS
	// policy, info) were started; a session run again alone does not
	// start them again.
	helpers bool
	// infoPath is what the info session learnt (see mergeInfo).
	infoPath *Path
	// chain counts the round trips the session waited for in sequence.
	chain *chain
	// featReady is closed once the info session has asked FEAT (or
	// cannot): the main session's listing reads featInfo then (MLSD or
	// LIST). Nil for sessions without an info session.
	featReady                 chan struct{}
	featOnce                  sync.Once
	featInfo                  *Features
	refusal                   string // how the session itself was refused
	refusedStep, refusedPlain string // the refused step, and the refusal in its own words
	// quitSent: the session said QUIT, so the server is about to hang up.
	quitSent bool
	// epsvAside: the path's EPSV sample is the info session's, recorded
	// when its answers are merged.
	epsvAside bool
	infoEPSV  *Check // the info session's EPSV step
}

func (s *session) releaseSlot() {
	if s.slot {
		s.slot = false
		s.t.release()
	}
}

// samples is how many passive samples the session takes.
func (s *session) samples() int {
	if s.plan.Lean {
		return 1
	}
	return s.r.o.Samples
}

func (s *session) step(name string, timeout time.Duration, f func() (CheckStatus, string)) CheckStatus {
	if s.quiet {
		st, _ := f()
		return st
	}
	return s.r.step(s.p.PathID, name, timeout, f)
}

func (s *session) skip(name, why string) {
	if !s.quiet {
		s.r.skip(s.p.PathID, name, why)
	}
}

// sendAhead sends commands together when the server, as its greeting
// names it, is known to read one command at a time: the steps that ask
// them then wait for no further round trip. Otherwise it does nothing and
// each command waits for the previous reply, as RFC 959 has it.
func (s *session) sendAhead(ctx context.Context, cc *controlConn, lines ...string) {
	if s.broken() || !s.pipelines() {
		return
	}
	if err := cc.pipeline(ctx, lines...); err != nil {
		s.r.tr.add(s.name, DirInfo, "commands not sent ahead: "+err.Error())
	}
}

// featAnswered publishes what the info session's FEAT listed (nil when it
// could not ask) to the main session, once.
func (s *session) featAnswered(f *Features) {
	if s.featReady == nil {
		return
	}
	s.featOnce.Do(func() {
		s.r.mu.Lock()
		s.featInfo = f
		s.r.mu.Unlock()
		close(s.featReady)
	})
}

// features is what the server's FEAT listed: the session's own answer, or
// the info session's, waited for at most the step timeout.
func (s *session) features(ctx context.Context) *Features {
	if s.featReady == nil || s.p.Features != nil {
		return s.p.Features
	}
	t := time.NewTimer(s.r.o.StepTimeout)
	defer t.Stop()
	select {
	case <-s.featReady:
	case <-t.C:
	case <-ctx.Done():
	}
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	return s.featInfo
}

// pipelines reports whether the server, as what the session heard names
// it, is known to read one command at a time.
func (s *session) pipelines() bool {
	return PipelinesCommands(Fingerprint(s.p.FingerprintEvidence(s.r.o.Host)))
}

// program is what is known of the server program, as what the session
// heard names it (the zero Program when nothing does).
func (s *session) program() Program {
	p, _ := LookupProgram(Fingerprint(s.p.FingerprintEvidence(s.r.o.Host)).Name)
	return p
}
