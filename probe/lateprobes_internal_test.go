package probe

import (
	"context"
	"net"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// silentDialer never gets an answer: every dial waits for its context, as
// one whose SYN is lost does, and counts itself.
type silentDialer struct{ dials atomic.Int32 }

func (d *silentDialer) DialContext(ctx context.Context, _, _ string) (net.Conn, error) {
	d.dials.Add(1)
	<-ctx.Done()
	return nil, ctx.Err()
}

func lateProbeRun(d Dialer) *session {
	r := &run{o: Options{DataTimeout: 5 * time.Second, Dialer: d}}
	r.tr = newTranscript(time.Now(), time.Now, func(Event) {})
	return &session{r: r, name: "main"}
}

// A sample's probe still waiting once its session has moved on is called
// off when another data connection of the run claims its endpoint, and
// only then: not before the session moved on, not for another port.
func TestLateProbeCalledOffByClaim(t *testing.T) {
	s := lateProbeRun(&silentDialer{})
	addr := netip.MustParseAddrPort("203.0.113.10:30005")
	other := netip.MustParseAddrPort("203.0.113.10:30006")
	lp := &lateProbe{}
	res := make(chan Dial, 1)
	dialling := make(chan struct{})
	go func() { res <- s.probeEndpointThen(context.Background(), addr, func() { close(dialling) }, lp) }()
	<-dialling
	// The watch is registered before the dial: wait until it is there.
	for i := 0; ; i++ {
		s.r.late.mu.Lock()
		n := len(s.r.late.waiting[addr])
		s.r.late.mu.Unlock()
		if n == 1 {
			break
		}
		if i == 1000 {
			t.Fatal("probe never registered")
		}
		time.Sleep(time.Millisecond)
	}

	if n := s.r.late.claim(addr, nil); n != 0 {
		t.Fatalf("a probe in time was called off (%d)", n)
	}
	lp.setLate()
	if n := s.r.late.claim(other, nil); n != 0 {
		t.Fatalf("a claim of another port called off %d", n)
	}
	if n := s.r.late.claim(addr, lp); n != 0 {
		t.Fatalf("a probe called itself off (%d)", n)
	}
	begin := time.Now()
	if n := s.r.late.claim(addr, nil); n != 1 {
		t.Fatalf("claim called off %d probes, want 1", n)
	}
	select {
	case d := <-res:
		if d.Reach != ReachNotTested || !strings.Contains(d.Error, "offered again") {
			t.Errorf("outcome %s %q, want not tested, called off", d.Reach, d.Error)
		}
		if el := time.Since(begin); el > time.Second {
			t.Errorf("called off after %s", el)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("the probe went on after it was called off")
	}
	s.r.late.mu.Lock()
	defer s.r.late.mu.Unlock()
	if len(s.r.late.waiting) != 0 {
		t.Errorf("probes left registered: %v", s.r.late.waiting)
	}
}

// A probe not called off keeps its outcome: a silent port is filtered
// after the data timeout, every attempt counted.
func TestLateProbeNotClaimedIsFiltered(t *testing.T) {
	d := &silentDialer{}
	s := lateProbeRun(d)
	s.r.o.DataTimeout = 700 * time.Millisecond
	lp := &lateProbe{}
	lp.setLate()
	got := s.probeEndpointThen(context.Background(), netip.MustParseAddrPort("203.0.113.10:30005"), nil, lp)
	if got.Reach != ReachFiltered || got.Attempts < 2 || int(d.dials.Load()) != got.Attempts {
		t.Errorf("outcome %s after %d attempts (%d dials), want filtered after more than one", got.Reach, got.Attempts, d.dials.Load())
	}
}
