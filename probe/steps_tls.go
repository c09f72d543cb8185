package probe

import (
	"context"
	"crypto/tls"
	"fmt"
)

// TLS step names.
const (
	StepAuthTLS   = "auth-tls"
	StepImplicit  = "implicit-tls"
	StepProtect   = "pbsz-prot"
	StepProtC     = "prot-c"
	StepTLSData   = "protected-data"
	StepNoResume  = "no-resume"
	ProtectedRuns = 4 // consecutive protected listings: TLS 1.3 ticket exhaustion shows after a few
	// LeanProtectedRuns is the protected listings of a TLS session beside
	// a plaintext one (--tls auto).
	LeanProtectedRuns = 1
)

// auth negotiates explicit TLS: AUTH TLS, falling back to AUTH SSL, then
// the handshake. It reports whether the control channel is now protected.
func (s *session) auth(ctx context.Context, cc *controlConn) bool {
	t := s.p.TLS
	if s.program().P256Only {
		s.tlsConf = leadWith(s.tlsConf, tls.CurveP256)
	}
	status := s.step(StepAuthTLS, 2*s.r.o.StepTimeout, func() (CheckStatus, string) {
		var rep Reply
		for _, command := range []string{"AUTH TLS", "AUTH SSL"} {
			var ok bool
			rep, ok = s.exchange(ctx, cc, StepAuthTLS, command)
			if !ok {
				return CheckFail, s.p.SessionError.Error
			}
			t.AuthReplies = append(t.AuthReplies, rep)
			t.AuthCommand = command
			if rep.Code == 234 || rep.Code == 334 {
				t.Offered = true
				break
			}
			if rep.Class() != 5 {
				break // 4yz or odd: try no further
			}
		}
		if !t.Offered {
			return CheckFail, "AUTH refused: " + FirstLine(rep)
		}
		return s.handshake(ctx, cc)
	})
	return status != CheckFail
}

// handshake runs the TLS handshake on the control connection and records
// what it negotiated. The data connections then lead with the key-exchange
// group the server chose.
func (s *session) handshake(ctx context.Context, cc *controlConn) (CheckStatus, string) {
	t := s.p.TLS
	st, err := cc.startTLS(ctx, s.tlsConf)
	if err != nil {
		t.HandshakeError = err.Error()
		if s.implicit {
			t.PlaintextReply = plaintextReply(err)
		}
		s.p.SessionError = &SessionError{Step: StepAuthTLS, Command: t.AuthCommand, Kind: ErrKindProtocol, Error: err.Error()}
		return CheckFail, err.Error()
	}
	s.tlsConf = leadWith(s.tlsConf, st.CurveID)
	t.Version, t.Cipher = tls.VersionName(st.Version), tls.CipherSuiteName(st.CipherSuite)
	t.Certificate = inspectCertificate(st, s.r.o.RootCAs, s.tlsConf.ServerName, s.r.o.Now())
	detail := fmt.Sprintf("%s, %s", t.Version, t.Cipher)
	if c := t.Certificate; !c.Verified {
		return CheckWarn, detail + "; certificate " + c.Error
	}
	return CheckPass, detail + "; certificate verified"
}

// protect turns data protection on: PBSZ 0 and PROT P, sent together to
// a server known to read one command at a time. With protC, PROT C goes
// between them, its answer costing no round trip of its own, and
// protection is on again for what follows.
func (s *session) protect(ctx context.Context, cc *controlConn, protC bool) {
	t := s.p.TLS
	lines := []string{"PBSZ 0", "PROT P"}
	if protC {
		lines = []string{"PBSZ 0", "PROT C", "PROT P"}
	}
	s.step(StepProtect, 2*s.r.o.StepTimeout, func() (CheckStatus, string) {
		s.sendAhead(ctx, cc, lines...)
		for _, line := range lines {
			rep, ok := s.exchange(ctx, cc, StepProtect, line)
			if !ok {
				return CheckFail, s.p.SessionError.Error
			}
			switch line {
			case "PBSZ 0":
				t.PBSZ = &rep
			case "PROT C":
				t.ProtCReply = &rep
			default:
				t.PROT = &rep
			}
		}
		if !t.PROT.OK() {
			return CheckFail, "PROT P refused: " + FirstLine(*t.PROT)
		}
		return CheckPass, "data connections protected"
	})
}

// protCLast tests whether the server lets a client turn data protection
// off (PROT C) as the session's last question: nothing is turned back on.
func (s *session) protCLast(ctx context.Context, cc *controlConn) {
	if rep, ok := s.exchange(ctx, cc, StepProtC, "PROT C"); ok {
		s.p.TLS.ProtCReply = &rep
	}
}

// protC tests whether the server lets a client turn data protection off
// (PROT C), then turns it back on.
func (s *session) protC(ctx context.Context, cc *controlConn) {
	t := s.p.TLS
	if s.broken() || t.PROT == nil || !t.PROT.OK() {
		return
	}
	s.step(StepProtC, 2*s.r.o.StepTimeout, func() (CheckStatus, string) {
		rep, ok := s.exchange(ctx, cc, StepProtC, "PROT C")
		if !ok {
			return CheckFail, s.p.SessionError.Error
		}
		t.ProtCReply = &rep
		if rep.OK() {
			if back, ok := s.exchange(ctx, cc, StepProtC, "PROT P"); !ok || !back.OK() {
				return CheckWarn, "PROT C allowed; PROT P not restored"
			}
			return CheckPass, "PROT C allowed: " + FirstLine(rep)
		}
		return CheckPass, "PROT C refused: " + FirstLine(rep)
	})
}

// protectedTransfers lists the directory several times over protected
// data connections resuming the control session, then once deliberately
// without resumption to learn whether the server insists on it.
func (s *session) protectedTransfers(ctx context.Context, cc *controlConn) {
	t := s.p.TLS
	via, listCmd := s.listingPlan(ctx)
	if via == "" {
		s.skip(StepTLSData, "no passive data endpoint answered")
		return
	}
	s.step(StepTLSData, ProtectedRuns*(s.r.o.DataTimeout+2*s.r.o.StepTimeout), func() (CheckStatus, string) {
		record := &s.p.PASV
		if via == "EPSV" {
			record = &s.p.EPSV
		}
		ok, resumed := 0, 0
		for i := 0; i < ProtectedRuns && !s.broken(); i++ {
			tr := s.list(ctx, cc, listing{via: via, command: listCmd, protect: s.tlsConf, record: record})
			if i == 0 && !tr.OK && listCmd == "MLSD" && isUnknownCommand(tr.Replies) {
				listCmd = "LIST"
				tr = s.list(ctx, cc, listing{via: via, command: listCmd, protect: s.tlsConf, record: record})
			}
			t.Transfers = append(t.Transfers, tr)
			if tr.OK {
				ok++
			}
			if tr.Resumed {
				resumed++
			}
		}
		if len(t.Transfers) > 0 {
			first := t.Transfers[0]
			s.p.Transfer = &first
		}
		detail := fmt.Sprintf("%d of %d protected listings worked, %d resumed the TLS session", ok, len(t.Transfers), resumed)
		switch {
		case ok == 0:
			return CheckFail, detail + ": " + t.Transfers[len(t.Transfers)-1].Error
		case ok < len(t.Transfers):
			return CheckWarn, detail
		}
		return CheckPass, detail
	})
	if !s.plan.NoResume || s.broken() || len(t.Transfers) == 0 || !t.Transfers[0].OK {
		return
	}
	s.step(StepNoResume, s.r.o.DataTimeout+2*s.r.o.StepTimeout, func() (CheckStatus, string) {
		fresh := s.tlsConf.Clone()
		fresh.ClientSessionCache = nil
		tr := s.list(ctx, cc, listing{via: via, command: listCmd, protect: fresh, tolerant: true})
		t.NoResume = &tr
		if tr.OK {
			return CheckPass, "a data connection without TLS session resumption is accepted"
		}
		return CheckWarn, "the server requires TLS session resumption: " + tr.Error
	})
}
