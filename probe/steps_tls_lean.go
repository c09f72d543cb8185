package probe

import (
	"context"
	"fmt"
	"net/netip"
)

// StepTLSPolicy is the step of the concurrent TLS policy session.
const StepTLSPolicy = "tls-policy"

// leanTransfers makes the protected listings of a TLS session that runs
// beside a plaintext one. Each listing's PASV reply and data connect are
// recorded as a passive sample; the series stops at the first data port
// that does not answer, so a filtered range costs one data timeout.
func (s *session) leanTransfers(ctx context.Context, cc *controlConn) {
	t := s.r.facts.TLS
	s.step(StepTLSData, ProtectedRuns*(s.r.o.DataTimeout+2*s.r.o.StepTimeout), func() (CheckStatus, string) {
		via, record := "PASV", &s.f.PASV
		ok, resumed := 0, 0
		for i := 0; i < ProtectedRuns && !s.broken(); i++ {
			n := len(*record)
			tr := s.list(ctx, cc, listing{via: via, command: "LIST", protect: s.tlsConf, record: record})
			if i == 0 && len(*record) == n && via == "PASV" && !s.broken() {
				// PASV refused or unparseable under TLS: try EPSV.
				via, record = "EPSV", &s.f.EPSV
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
			s.f.Transfer = &first
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
		s.r.step(StepTLSPolicy, 4*s.r.o.StepTimeout+s.r.o.DataTimeout, func() (CheckStatus, string) {
			if !s.r.acquire(ctx) {
				return CheckSkip, "no connection slot before the timeout"
			}
			defer s.r.release()
			return s.policySession(ctx)
		})
	}()
	return done
}

func (s *session) policySession(ctx context.Context) (CheckStatus, string) {
	t := s.r.facts.TLS
	ap := netip.AddrPortFrom(s.r.facts.Peer, uint16(s.r.o.Port))
	conn, d := dialEndpoint(ctx, s.r.o.Dialer, ap, s.r.connectTimeout())
	if conn == nil {
		return CheckSkip, "third connection: " + string(d.Reach)
	}
	ps := &session{r: s.r, name: "tls-policy", f: &SessionFacts{}, tlsConf: s.r.newTLSConfig()}
	cc := newControlConn(conn, s.r.o.Limits, s.r.o.StepTimeout, s.r.tr, ps.name)
	defer cc.close()

	g, err := cc.readReply(ctx)
	for err == nil && g.Code == 120 {
		g, err = cc.readReply(ctx)
	}
	if err != nil || g.Code != 220 {
		return CheckSkip, "no second TLS session: " + firstLine(g)
	}
	offered := false
	for _, command := range []string{"AUTH TLS", "AUTH SSL"} {
		if rep, err := cc.cmd(ctx, command); err == nil && (rep.Code == 234 || rep.Code == 334) {
			offered = true
			break
		}
	}
	if !offered {
		return CheckSkip, "AUTH refused"
	}
	if _, err := cc.startTLS(ctx, ps.tlsConf); err != nil {
		return CheckSkip, err.Error()
	}
	for _, line := range []string{"USER " + s.r.o.User, "PASS " + s.r.o.Password} {
		rep, err := cc.cmd(ctx, line)
		if err != nil {
			return CheckSkip, "login: " + err.Error()
		}
		if rep.Code == 230 {
			break
		}
		if rep.Class() != 3 {
			return CheckSkip, "login refused: " + firstLine(rep)
		}
	}
	for _, line := range []string{"PBSZ 0", "PROT P"} {
		if rep, err := cc.cmd(ctx, line); err != nil || !rep.OK() {
			return CheckSkip, line + " refused"
		}
	}
	rep, err := cc.cmd(ctx, "PROT C")
	if err != nil {
		return CheckSkip, "PROT C: " + err.Error()
	}
	t.ProtCReply, t.ProtC = &rep, "refused"
	if rep.OK() {
		t.ProtC = "allowed"
		if back, err := cc.cmd(ctx, "PROT P"); err != nil || !back.OK() {
			return CheckWarn, "PROT C allowed; PROT P not restored"
		}
	}
	fresh := ps.tlsConf.Clone()
	fresh.ClientSessionCache = nil
	tr := ps.list(ctx, cc, listing{via: "PASV", command: "LIST", protect: fresh, tolerant: true})
	t.NoResume = &tr
	if tr.OK {
		_, _ = cc.cmd(ctx, "QUIT")
	}
	return CheckPass, fmt.Sprintf("PROT C %s; a data connection without TLS resumption %s", t.ProtC, map[bool]string{true: "works", false: "fails: " + tr.Error}[tr.OK])
}
