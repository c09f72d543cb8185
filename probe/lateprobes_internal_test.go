package probe

import (
	"bufio"
	"context"
	"io"
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

// earlyListingServer answers PASV on the pipe's server end and reports
// each LIST it reads with the dials started by then; it never answers
// LIST, as a server still waiting for the data connection does not.
func earlyListingServer(t *testing.T, conn net.Conn, d *silentDialer) <-chan int32 {
	t.Helper()
	lists := make(chan int32, 4)
	go func() {
		br := bufio.NewReader(conn)
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				return
			}
			switch strings.TrimSpace(line) {
			case "PASV":
				_, _ = io.WriteString(conn, "227 Entering Passive Mode (203,0,113,10,117,53).\r\n")
			case "LIST":
				lists <- d.dials.Load()
			}
		}
	}()
	return lists
}

func earlyListingSession(t *testing.T) (*session, *controlConn, *silentDialer, <-chan int32) {
	d := &silentDialer{}
	s := lateProbeRun(d)
	s.r.o.DataTimeout, s.r.o.StepTimeout = 300*time.Millisecond, 2*time.Second
	s.t = &target{addr: netip.MustParseAddr("203.0.113.10")}
	s.p = &Path{}
	s.p.Address = s.t.addr
	s.p.Greeting = &Reply{Code: 220, Lines: []string{"220 (vsFTPd 3.0.3)"}}
	client, server := net.Pipe()
	t.Cleanup(func() { _ = client.Close(); _ = server.Close() })
	cc := newControlConn(client, Options{}.withDefaults().Limits, s.r.o.StepTimeout, s.r.tr, s.name)
	return s, cc, d, earlyListingServer(t, server, d)
}

// The last listing on a control connection goes out while its data
// connection opens, to a server known to read one command at a time.
// When the connection then never opens, the listing fails at the
// connect, within the data timeout, and the control connection is asked
// nothing more: the server is still waiting, so its next reply would be
// the listing's.
func TestListingSentEarly(t *testing.T) {
	s, cc, _, lists := earlyListingSession(t)
	s.r.opened.add(s.t.addr) // a sample's data connection reached the server
	begin := time.Now()
	tr := s.list(context.Background(), cc, listing{via: "PASV", command: "LIST", last: true})
	if tr.Stage != StageConnect || tr.Connected || !strings.Contains(tr.Error, "203.0.113.10:30005") {
		t.Errorf("transfer stage %q, error %q", tr.Stage, tr.Error)
	}
	if el := time.Since(begin); el > 2*time.Second {
		t.Errorf("listing took %s with a data timeout of 300ms", el)
	}
	select {
	case n := <-lists:
		if n != 1 {
			t.Errorf("LIST arrived with %d dials started, want it behind the one", n)
		}
	default:
		t.Fatal("LIST was not sent while the data connection opened")
	}
	if !s.unsure || s.broken() {
		t.Errorf("unsure %v, session error %+v: want the connection left alone, not failed", s.unsure, s.p.SessionError)
	}
}

// Otherwise the command waits for the data connection, and a connection
// that never opens leaves the control connection usable: when more is to
// be asked on it, when no data connection of the run has reached the
// server yet (the data ports may all be closed, and a server left waiting
// keeps its place for a minute), and when the server limits sessions.
func TestListingWaitsForConnect(t *testing.T) {
	for _, tt := range []struct {
		name  string
		last  bool
		setup func(*session)
	}{
		{"not the last listing", false, func(s *session) { s.r.opened.add(s.t.addr) }},
		{"no data connection reached the server yet", true, func(*session) {}},
		{"a session limit seen", true, func(s *session) {
			s.r.opened.add(s.t.addr)
			s.r.refusedBy = append(s.r.refusedBy, &s.t.conns)
		}},
		{"work running again alone", true, func(s *session) {
			s.r.opened.add(s.t.addr)
			s.t.conns.setAlone()
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, cc, _, lists := earlyListingSession(t)
			tt.setup(s)
			tr := s.list(context.Background(), cc, listing{via: "PASV", command: "LIST", last: tt.last})
			if tr.Stage != StageConnect {
				t.Errorf("transfer stage %q, error %q", tr.Stage, tr.Error)
			}
			select {
			case <-lists:
				t.Error("LIST sent although its data connection never opened")
			case <-time.After(50 * time.Millisecond):
			}
			if s.unsure || s.broken() {
				t.Errorf("unsure %v, session error %+v", s.unsure, s.p.SessionError)
			}
		})
	}
}
