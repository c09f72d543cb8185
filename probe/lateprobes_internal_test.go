package probe

import (
	"context"
	"net"
	"net/netip"
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
// only then: not before the session moved on, not for another port. It
// takes the outcome of the connection that called it off, or none when
// that one has none in time.
func TestLateProbeCalledOffByClaim(t *testing.T) {
	addr := netip.MustParseAddrPort("203.0.113.10:30005")
	other := netip.MustParseAddrPort("203.0.113.10:30006")
	filtered := Dial{Address: addr, Reach: ReachFiltered, Duration: 3 * time.Second, Error: "no answer within 3s (packets dropped)"}
	for _, tt := range []struct {
		name     string
		handOver *Dial
		want     Dial
	}{
		{"measured by the claiming connection", &filtered, filtered},
		{"the claiming connection has no outcome in time", nil, Dial{Address: addr, Reach: ReachNotTested, Error: errTextSuperseded}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := lateProbeRun(&silentDialer{})
			s.r.o.DataTimeout = 300 * time.Millisecond
			lp := newLateProbe()
			res := make(chan Dial, 1)
			dialling := make(chan struct{})
			go func() { res <- s.probeEndpointThen(context.Background(), addr, func() { close(dialling) }, lp) }()
			<-dialling

			if off := s.r.late.claim(addr, nil); len(off) != 0 {
				t.Fatalf("a probe in time was called off (%d)", len(off))
			}
			lp.setLate()
			if off := s.r.late.claim(other, nil); len(off) != 0 {
				t.Fatalf("a claim of another port called off %d", len(off))
			}
			if off := s.r.late.claim(addr, lp); len(off) != 0 {
				t.Fatalf("a probe called itself off (%d)", len(off))
			}
			off := s.r.late.claim(addr, nil)
			if len(off) != 1 || off[0] != lp {
				t.Fatalf("claim called off %d probes, want the one", len(off))
			}
			if tt.handOver != nil {
				handOver(off, *tt.handOver)
			}
			select {
			case d := <-res:
				if d != tt.want {
					t.Errorf("outcome %+v, want %+v", d, tt.want)
				}
			case <-time.After(3 * time.Second):
				t.Fatal("the probe went on after it was called off")
			}
			s.r.late.mu.Lock()
			defer s.r.late.mu.Unlock()
			if len(s.r.late.waiting) != 0 {
				t.Errorf("probes left registered: %v", s.r.late.waiting)
			}
		})
	}
}

// A probe not called off keeps its outcome: a silent port is filtered
// after the data timeout, every attempt counted.
func TestLateProbeNotClaimedIsFiltered(t *testing.T) {
	d := &silentDialer{}
	s := lateProbeRun(d)
	s.r.o.DataTimeout = 700 * time.Millisecond
	lp := newLateProbe()
	lp.setLate()
	got := s.probeEndpointThen(context.Background(), netip.MustParseAddrPort("203.0.113.10:30005"), nil, lp)
	if got.Reach != ReachFiltered || got.Attempts < 2 || int(d.dials.Load()) != got.Attempts {
		t.Errorf("outcome %s after %d attempts (%d dials), want filtered after more than one", got.Reach, got.Attempts, d.dials.Load())
	}
}
