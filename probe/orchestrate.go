package probe

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"
)

// target is one address of a run and the connection budget its sessions
// share: servers limit connections per client address, so the budget is
// per address, and the addresses of a dual-stack name are diagnosed side
// by side.
type target struct {
	addr  netip.Addr
	label string // "" with a single address, else the family or address
	slots chan struct{}
	// waiting counts sessions waiting for a slot: a session that ends
	// waits for the server to hang up only when another will take its
	// slot (see endConn).
	waiting atomic.Int32
	// conns counts the run's control connections open to the address, and
	// alone is set while refused work runs again one session at a time
	// (see limits.go).
	conns openCount
}

// acquire waits for a control-connection slot.
func (t *target) acquire(ctx context.Context) bool {
	select {
	case t.slots <- struct{}{}:
		return true
	default:
	}
	t.waiting.Add(1)
	defer t.waiting.Add(-1)
	select {
	case t.slots <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

func (t *target) release() { <-t.slots }

// diagnose resolves the name, plans the paths, and runs every address's
// sessions concurrently under the one overall deadline.
func (r *run) diagnose(ctx context.Context) {
	if !r.resolve(ctx) {
		return
	}
	plans := PlanRun(r.o, r.facts.Addresses)
	r.facts.Paths = make([]Path, len(plans))
	var targets []*target
	byAddr := map[netip.Addr][]int{}
	for i, p := range plans {
		r.facts.Paths[i] = Path{PathID: p.PathID, Control: Dial{Reach: ReachNotTested}}
		if p.Transport.Secure() {
			r.facts.Paths[i].TLS = &TLSFacts{}
		}
		if _, ok := byAddr[p.Address]; !ok {
			t := &target{addr: p.Address, slots: make(chan struct{}, r.o.MaxSessions)}
			// One session at a time from the start: what the server still
			// turns away, it does while counting the one just closed.
			t.conns.alone = r.o.MaxSessions == 1
			targets = append(targets, t)
		}
		byAddr[p.Address] = append(byAddr[p.Address], i)
	}
	if len(targets) > 1 {
		for _, t := range targets {
			t.label = string(FamilyOf(t.addr))
			if r.o.AllAddresses {
				t.label = t.addr.String()
			}
		}
	}
	var wg sync.WaitGroup
	for _, t := range targets {
		wg.Go(func() { r.diagnoseAddress(ctx, t, byAddr[t.addr], plans) })
	}
	wg.Wait()
}

// diagnoseAddress runs the sessions of one address: plaintext and TLS side
// by side (--tls auto), so TLS costs one more handshake, not a second
// diagnosis; or the one session the TLS mode asks for.
func (r *run) diagnoseAddress(ctx context.Context, t *target, idx []int, plans []PathPlan) {
	var plain, sec *session
	for _, i := range idx {
		s := r.newSession(t, &r.facts.Paths[i], plans[i])
		if plans[i].Transport.Secure() {
			sec = s
		} else {
			plain = s
		}
	}
	switch {
	case plain != nil && sec != nil:
		done := make(chan struct{})
		go func() {
			defer close(done)
			sec.connectAndRun(ctx)
		}()
		plain.connectAndRun(ctx)
		<-done
	case plain != nil:
		plain.connectAndRun(ctx)
	case sec != nil:
		sec.connectAndRun(ctx)
	}
	// What the server turned away while other sessions were open runs
	// again, one session at a time.
	r.runRefusedAlone(ctx, t, plain, sec)
	if plain != nil {
		plain.mergeInfo()
	}
	for _, s := range []*session{plain, sec} {
		if s != nil && s.plan.Range && s.p.Connected() && !r.overallExpired(ctx) {
			r.scanRange(ctx, s)
		}
	}
}

// newSession prepares the session of one planned path.
func (r *run) newSession(t *target, p *Path, plan PathPlan) *session {
	name := "main"
	if plan.Lean {
		name = "tls"
	}
	if t.label != "" {
		name += " " + t.label
	}
	s := &session{r: r, t: t, p: p, plan: plan, name: name}
	if plan.Info {
		s.featReady = make(chan struct{})
	}
	if plan.Transport.Secure() {
		s.tlsConf, s.implicit = r.newTLSConfig(), plan.Transport == TransportImplicitTLS
	}
	return s
}

// connectAndRun opens the session's control connection and runs it.
func (s *session) connectAndRun(ctx context.Context) {
	// The session's helpers need no answer of this session: they start
	// with it, not after its greeting.
	if !s.helpers {
		s.helpers = true
		defer s.startHelpers(ctx)()
	}
	if !s.t.acquire(ctx) {
		return
	}
	s.chain = s.r.newChain(s.t.conns.isAlone())
	defer s.r.endChain(s.chain)
	s.slot = true
	defer s.releaseSlot()
	cc := s.connect(ctx)
	if cc == nil {
		return
	}
	defer func() {
		s.leaving() // before the server can free its place
		_ = cc.close()
		s.uncount()
	}()
	s.run(ctx, cc)
}

// connect opens the control connection of the session's path.
func (s *session) connect(ctx context.Context) *controlConn {
	var cc *controlConn
	r := s.r
	ap := netip.AddrPortFrom(s.p.Address, uint16(r.o.Port))
	if !s.t.conns.waitTurn(ctx) {
		return nil
	}
	s.step(StepConnect, r.connectTimeout(), func() (CheckStatus, string) {
		// Counted from the dial on: the server may take it before the
		// dial returns here.
		s.countOpen()
		conn, d := dialEndpoint(ctx, r.o.Dialer, ap, r.connectTimeout())
		s.p.Control = d
		if conn == nil {
			s.uncount()
			r.tr.add(s.name, DirInfo, fmt.Sprintf("connect %s: %s (%s)", ap, d.Reach, d.Error))
			return CheckFail, fmt.Sprintf("%s %s", ap, d.Reach)
		}
		if la, ok := conn.LocalAddr().(*net.TCPAddr); ok {
			s.p.Local = la.AddrPort()
		}
		// The TCP handshake is one round trip, and the purest measure of it.
		s.chain.add(1)
		r.noteRTT(d.Duration)
		conn = countConn(conn, s.chain, true)
		r.tr.add(s.name, DirInfo, fmt.Sprintf("connected to %s in %s", ap, FormatDuration(d.Duration)))
		cc = newControlConn(conn, r.o.Limits, r.o.StepTimeout, r.tr, s.name)
		return CheckPass, fmt.Sprintf("%s in %s", ap, FormatDuration(d.Duration))
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

// startHelpers starts the session's connections of their own — the
// standard-client check, the TLS policy session, the info session — and
// returns the function that waits for them.
func (s *session) startHelpers(ctx context.Context) func() {
	var done []<-chan struct{}
	done = append(done, s.startStdClient(ctx))
	if s.plan.Policy {
		done = append(done, s.startPolicySession(ctx))
	}
	if s.plan.Info {
		done = append(done, s.startInfoSession(ctx))
	}
	return func() {
		for _, d := range done {
			<-d
		}
	}
}
