package probe

import (
	"context"
	"fmt"
	"strings"
)

// StepTLSPolicy is the step of the concurrent TLS policy session.
const StepTLSPolicy = "tls-policy"

// leanTransfers makes the protected listing of a TLS session that runs
// beside a plaintext one: one (LeanProtectedRuns), since each costs four
// round trips on the run's longest chain; a TLS-only run (--tls explicit
// or implicit) repeats it ProtectedRuns times. The listing's PASV reply
// and data connect are recorded as a passive sample; a data port that
// does not answer costs one data timeout.
func (s *session) leanTransfers(ctx context.Context, cc *controlConn) {
	t := s.p.TLS
	s.step(StepTLSData, LeanProtectedRuns*(s.r.o.DataTimeout+2*s.r.o.StepTimeout), func() (CheckStatus, string) {
		via, record := s.plan.Passive, &s.p.PASV
		if via == "EPSV" {
			record = &s.p.EPSV
		}
		ok, resumed := 0, 0
		for i := 0; i < LeanProtectedRuns && !s.broken(); i++ {
			n := len(*record)
			tr := s.list(ctx, cc, listing{via: via, command: "LIST", protect: s.tlsConf, record: record})
			if i == 0 && len(*record) == n && via == "PASV" && !s.broken() {
				// PASV refused or unparseable under TLS: try EPSV.
				via, record = "EPSV", &s.p.EPSV
				tr = s.list(ctx, cc, listing{via: via, command: "LIST", protect: s.tlsConf, record: record})
			}
			t.Transfers = append(t.Transfers, tr)
			if tr.OK {
				ok++
			}
			if tr.Resumed {
				resumed++
			}
			if len(*record) == n || (*record)[n].Peer.Reach != ReachOpen {
				break // no endpoint, or it did not answer
			}
		}
		if len(t.Transfers) > 0 {
			first := t.Transfers[0]
			s.p.Transfer = &first
		}
		if len(t.Transfers) == 0 {
			return CheckSkip, "the TLS session broke off before a protected listing"
		}
		last := t.Transfers[len(t.Transfers)-1]
		detail := fmt.Sprintf("%d of %d protected listings worked, %d resumed the TLS session", ok, len(t.Transfers), resumed)
		switch {
		case ok == 0:
			return CheckFail, detail + ": " + last.Error
		case ok < len(t.Transfers):
			return CheckWarn, detail
		}
		return CheckPass, detail
	})
}

// startPolicySession tests, on a connection of its own, what the server
// allows a TLS client: PROT C (clear data after AUTH TLS) and a protected
// data connection that does not resume the control session. It writes only
// TLSFacts.ProtC, ProtCReply and NoResume. When the server refuses another
// concurrent session, the test runs after the TLS session instead.
func (s *session) startPolicySession(ctx context.Context) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.r.step(s.p.PathID, StepTLSPolicy, 4*s.r.o.StepTimeout+s.r.o.DataTimeout, func() (CheckStatus, string) {
			if !s.t.acquire(ctx) {
				return CheckSkip, "no connection slot before the timeout"
			}
			defer s.t.release()
			return s.policySession(ctx)
		})
	}()
	return done
}

func (s *session) policySession(ctx context.Context) (CheckStatus, string) {
	// A session of its own, built from the same steps as every other, on a
	// scratch path: only what it is for is copied to the TLS path.
	scratch := &Path{PathID: s.p.PathID, TLS: &TLSFacts{}}
	plan := PathPlan{PathID: s.plan.PathID, Passive: s.plan.Passive}
	ps := &session{r: s.r, t: s.t, p: scratch, plan: plan,
		name: strings.Replace(s.name, "tls", "tls-policy", 1), tlsConf: s.r.newTLSConfig(), quiet: true,
		chain: s.r.newChain(s.t.conns.isAlone())}
	defer s.r.endChain(ps.chain)
	cc := ps.connect(ctx)
	if cc == nil {
		return CheckSkip, "third connection: " + string(scratch.Control.Reach)
	}
	defer func() {
		ps.leaving() // before the server can free its place
		_ = cc.close()
		ps.uncount()
	}()
	if !ps.greeting(ctx, cc) {
		if ps.refused {
			s.policyRefused = true
			return CheckWarn, "the TLS policy session was " + ps.refusal
		}
		return CheckSkip, "no second TLS session: " + scratch.GreetingError
	}
	// FEAT before AUTH, as the plaintext session asks it: another
	// connection's answer to the same question tells whether it met the
	// same server.
	ps.sendAhead(ctx, cc, "FEAT", "AUTH TLS")
	ps.feat(ctx, cc)
	s.p.TLS.PolicyFeatures = scratch.Features
	if ps.broken() {
		return CheckSkip, "FEAT: " + scratch.SessionError.Error
	}
	if !ps.auth(ctx, cc) {
		return CheckSkip, "AUTH refused"
	}
	via := s.plan.Passive
	// To a server known to read one command at a time, everything up to
	// the listing's passive reply goes in one flight.
	ps.sendAhead(ctx, cc, "USER "+s.r.o.User, "PASS "+s.r.o.Password, "PBSZ 0", "PROT C", "PROT P", via)
	if !ps.login(ctx, cc) {
		if ps.refused {
			s.policyRefused = true
			return CheckWarn, "the TLS policy session was " + ps.refusal
		}
		return CheckSkip, "login refused"
	}
	// To a server that reads one command at a time, PROT C goes out with
	// PBSZ and PROT P; otherwise it is asked last, after the listing.
	ps.protect(ctx, cc, ps.pipelines())
	s.p.TLS.ProtCReply = scratch.TLS.ProtCReply
	if p := scratch.TLS.PROT; p == nil || !p.OK() {
		return CheckSkip, "PROT P refused"
	}
	s.p.TLS.PolicyCertificate = scratch.TLS.Certificate
	fresh := ps.tlsConf.Clone()
	fresh.ClientSessionCache = nil
	tr := ps.list(ctx, cc, listing{via: via, command: "LIST", protect: fresh, tolerant: true})
	s.p.TLS.NoResume = &tr
	// Otherwise PROT C last: nothing needs protection turned back on after
	// it. A control connection the listing broke is asked nothing more.
	if tr.Stage != StageControl && !ps.broken() {
		if scratch.TLS.ProtCReply == nil {
			ps.protCLast(ctx, cc)
			s.p.TLS.ProtCReply = scratch.TLS.ProtCReply
		}
		if !ps.broken() {
			ps.quitNoWait(cc)
		}
	}
	protC := "refused"
	if r := scratch.TLS.ProtCReply; r != nil && r.OK() {
		protC = "allowed"
	}
	lead := "PROT C " + protC + "; a data connection without TLS resumption"
	switch {
	case tr.OK:
		return CheckPass, lead + " works"
	case !tr.Connected:
		// The data port never answered: the question is still open, and
		// a check that could not ask it did not pass.
		return CheckWarn, lead + " could not be tried: " + tr.Error
	}
	// The server answered on the data connection and turned the listing
	// away: that is the policy being asked about, an answer, so the check
	// passes; the diagnosis decides whether it matters. The detail names
	// the reply rather than quoting a failure.
	detail := "PROT C " + protC + "; the server refuses a data connection without TLS resumption"
	if n := len(tr.Replies); n > 0 {
		detail += fmt.Sprintf(" (%d)", tr.Replies[n-1].Code)
	}
	return CheckPass, detail
}
