package capture

import (
	"net/netip"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/probe/diagnosis"
)

// shift moves every time of a capture by d, as a capture taken by a
// machine whose clock is d ahead would have it.
func shift(c *Capture, d time.Duration) {
	mv := func(t *time.Time) {
		if !t.IsZero() {
			*t = t.Add(d)
		}
	}
	mv(&c.First)
	mv(&c.Last)
	for _, x := range c.Conns {
		for _, t := range []*time.Time{&x.FirstSYN, &x.LastSYN, &x.SYNACK, &x.RST, &x.FIN, &x.Unreachable, &x.FirstSeen, &x.LastSeen} {
			mv(t)
		}
	}
	for _, ctl := range c.Controls {
		mv(&ctl.Opaque)
		for i := range ctl.Lines {
			mv(&ctl.Lines[i].T)
		}
		for i := range ctl.Gaps {
			mv(&ctl.Gaps[i].T)
		}
	}
}

// TestSidesClockOffset: the server's side was captured by a machine whose
// clock is 47 s behind; the sides still match, with the offset found.
func TestSidesClockOffset(t *testing.T) {
	near, far := readLab(t, "alg-client"), readLab(t, "alg-server")
	want := Middlebox(near, far)
	far2 := readLab(t, "alg-server")
	shift(far2, -47*time.Second)
	got := Middlebox(near, far2)
	if got.Offset.Round(time.Second) != 47*time.Second {
		t.Errorf("offset %s, want 47s", got.Offset)
	}
	if len(got.Controls) != len(want.Controls) || len(got.Rewrites) != len(want.Rewrites) ||
		len(got.DroppedBetween) != len(want.DroppedBetween) || len(got.Crossed) != len(want.Crossed) {
		t.Errorf("with the offset: %d controls, %d rewrites, %d dropped, %d crossed; without: %d, %d, %d, %d",
			len(got.Controls), len(got.Rewrites), len(got.DroppedBetween), len(got.Crossed),
			len(want.Controls), len(want.Rewrites), len(want.DroppedBetween), len(want.Crossed))
	}
}

// TestSidesOfDifferentRuns: captures of two different runs are not two
// sides of one: nothing matches, and the caller falls back to one capture.
func TestSidesOfDifferentRuns(t *testing.T) {
	if _, ok := SidesResult(readLab(t, "healthy-client"), readLab(t, "alg-server"), netipZero); ok {
		t.Error("captures of two runs were taken for two sides of one")
	}
	m := Middlebox(readLab(t, "healthy-client"), readLab(t, "refused-server"))
	if len(m.Controls) != 0 || len(m.Rewrites) != 0 {
		t.Errorf("matched %d control connections of different runs", len(m.Controls))
	}
}

// TestSidesOrient: the server's side is the one whose control connections
// reach a private address, whichever order the files come in.
func TestSidesOrient(t *testing.T) {
	c, s := readLab(t, "private-dropped-client"), readLab(t, "private-dropped-server")
	for _, in := range [][2]*Capture{{c, s}, {s, c}} {
		near, far, ok := Orient(in[0], in[1])
		if !ok || near != c || far != s {
			t.Errorf("Orient picked the wrong sides (ok %v)", ok)
		}
	}
	// The same capture twice: one side, nothing in between.
	m := Middlebox(c, readLab(t, "private-dropped-client"))
	if len(m.Controls) != len(c.Controls) || len(m.Rewrites) != 0 {
		t.Errorf("a capture against itself: %d controls of %d, %d rewrites", len(m.Controls), len(c.Controls), len(m.Rewrites))
	}
	for _, x := range m.DroppedBetween {
		t.Errorf("a capture against itself dropped %s", x.Near)
	}
	d := diagnosis.Diagnose(diagnosis.Facts{Host: "203.0.113.1", Port: 21, Wire: &diagnosis.Wire{Middlebox: m}})
	for _, f := range d.Findings {
		if f.ID == diagnosis.FindingMiddleboxNATMapping {
			t.Errorf("NAT mapping of a capture against itself: %s", f.Summary)
		}
	}
}

// TestSidesBounded: a flood of connection attempts within one second (a
// scan, a SYN flood) is matched within bounds, in bounded time.
func TestSidesBounded(t *testing.T) {
	near, far := readLab(t, "private-dropped-client"), readLab(t, "private-dropped-server")
	ctl := near.Controls[0]
	t0 := ctl.FirstSYN
	for i := range 10_000 {
		syn := t0.Add(time.Duration(i) * 100 * time.Microsecond)
		near.Conns = append(near.Conns, &Conn{Client: netip.AddrPortFrom(ctl.Client.Addr(), uint16(1024+i)),
			Server: netip.AddrPortFrom(ctl.Server.Addr(), 30000), SawSYN: true, SYNs: 2, FirstSYN: syn, LastSYN: syn.Add(time.Second),
			FirstSeen: syn, LastSeen: syn.Add(time.Second)})
	}
	start := time.Now()
	m := Middlebox(near, far)
	if el := time.Since(start); el > 20*time.Second {
		t.Errorf("matching took %s", el)
	}
	if n := len(m.DroppedBetween) + len(m.Crossed); n > maxSideConns || m.LeftOut == 0 || n+m.LeftOut < 10_000 {
		t.Errorf("%d attempts kept, %d left out; bound %d", n, m.LeftOut, maxSideConns)
	}
	if len(m.Controls) != len(near.Controls) {
		t.Errorf("%d of %d control connections matched", len(m.Controls), len(near.Controls))
	}
}
