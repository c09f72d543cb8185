package capture

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	synth "github.com/ftpnat/ftpnat/internal/pcapsynth"
	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/probe/diagnosis"
)

// write returns a synthetic capture of sc.
func write(t testing.TB, sc synth.Scenario, link synth.Link, ng, v6 bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	var w *synth.Writer
	var err error
	if ng {
		w, err = synth.NewPcapng(&buf, link)
	} else {
		w, err = synth.NewPcap(&buf, link)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := synth.WriteFTP(w, sc, v6); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func read(t testing.TB, data []byte) *Capture {
	t.Helper()
	c, err := Read(context.Background(), bytes.NewReader(data), "test.pcap", Options{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ids(r probe.Result) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, string(f.ID))
	}
	return out
}

// want are the findings each scenario must raise, by ID.
var want = map[synth.Scenario][]string{
	synth.Healthy:         {"passive.port_range"},
	synth.PrivateDropped:  {"pasv.unroutable_address", "data.port_filtered", "passive.port_range"},
	synth.Refused:         {"data.port_refused", "passive.port_range"},
	synth.Unreachable:     {"data.port_filtered", "passive.port_range"},
	synth.ActiveNoConnect: {"active.no_connect_back"},
	// The data connection of the encrypted session was never answered:
	// its port is filtered, whatever the hidden reply said.
	synth.AuthTLS: {"data.port_filtered"},
}

var wantVerdict = map[synth.Scenario]diagnosis.Verdict{
	synth.Healthy:         diagnosis.VerdictOK,
	synth.PrivateDropped:  diagnosis.VerdictCritical,
	synth.Refused:         diagnosis.VerdictCritical,
	synth.Unreachable:     diagnosis.VerdictCritical,
	synth.ActiveNoConnect: diagnosis.VerdictWarning,
	synth.AuthTLS:         diagnosis.VerdictCritical,
}

func TestScenarioFindings(t *testing.T) {
	for _, sc := range synth.Scenarios {
		t.Run(string(sc), func(t *testing.T) {
			r := Result(read(t, write(t, sc, synth.Ethernet, false, false)), netip.AddrPort{})
			if got := ids(r); !slices.Equal(got, want[sc]) {
				t.Errorf("findings %v, want %v", got, want[sc])
			}
			if r.Verdict != wantVerdict[sc] {
				t.Errorf("verdict %s, want %s", r.Verdict, wantVerdict[sc])
			}
			if r.Facts.Source == nil || r.Facts.Source.Kind != diagnosis.SourceCapture || len(r.Facts.Source.Unseen) == 0 {
				t.Errorf("source %+v: want a capture source with what it cannot show", r.Facts.Source)
			}
		})
	}
}

// TestLinkTypes reads the same session framed every way tcpdump writes on
// Linux, in pcap and pcapng, over IPv4 and IPv6 (with an extension header).
func TestLinkTypes(t *testing.T) {
	for _, link := range synth.Links {
		for _, ng := range []bool{false, true} {
			for _, v6 := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/ng=%v/v6=%v", link, ng, v6), func(t *testing.T) {
					c := read(t, write(t, synth.PrivateDropped, link, ng, v6))
					if c.Undecoded != 0 {
						t.Errorf("%d packets undecoded", c.Undecoded)
					}
					if len(c.Controls) != 1 {
						t.Fatalf("%d control connections, want 1", len(c.Controls))
					}
					r := Result(c, netip.AddrPort{})
					wantIDs := []string{"pasv.unroutable_address", "data.port_filtered", "passive.port_range"}
					if v6 {
						// EPSV names no address: the port is the problem.
						wantIDs = []string{"data.port_filtered", "passive.port_range"}
					}
					if got := ids(r); !slices.Equal(got, wantIDs) {
						t.Errorf("findings %v, want %v", got, wantIDs)
					}
					p := r.Facts.Paths[0]
					if p.Family != diagnosis.FamilyOf(p.Address) || (p.Family == diagnosis.IPv6) != v6 {
						t.Errorf("path %s: wrong family", p.PathID)
					}
				})
			}
		}
	}
}

// TestPassiveSampleFacts checks the facts of the private-address session
// field by field: what the live engine would have recorded.
func TestPassiveSampleFacts(t *testing.T) {
	r := Result(read(t, write(t, synth.PrivateDropped, synth.Ethernet, false, false)), netip.AddrPort{})
	if len(r.Facts.Paths) != 1 {
		t.Fatalf("%d paths", len(r.Facts.Paths))
	}
	p := r.Facts.Paths[0]
	if p.Greeting == nil || p.Greeting.Code != 220 || !p.LoggedIn || p.SystInfo == nil || p.Dir != "/" || p.Features == nil {
		t.Fatalf("session facts missing: %+v", p.SessionFacts)
	}
	if len(p.PASV) != 1 {
		t.Fatalf("%d PASV samples", len(p.PASV))
	}
	s := p.PASV[0]
	if s.Address != netip.MustParseAddr("192.168.1.10") || s.Port != 30000 || !s.Standard || s.Class != diagnosis.ClassifyAddr(s.Address) {
		t.Errorf("sample %+v", s)
	}
	if s.Peer.Reach != diagnosis.ReachFiltered || s.Peer.Address != netip.MustParseAddrPort("198.51.100.10:30000") {
		t.Errorf("peer dial %+v, want filtered at 198.51.100.10:30000", s.Peer)
	}
	if tr := p.Transfer; tr == nil || tr.Connected || tr.OK || tr.Stage != diagnosis.StageConnect || tr.Replies[0].Code != 425 {
		t.Errorf("transfer %+v", tr)
	}
	if p.Control.Reach != diagnosis.ReachOpen || p.Local != netip.MustParseAddrPort("203.0.113.2:40000") {
		t.Errorf("control %+v local %s", p.Control, p.Local)
	}
}

func TestHealthyTransfer(t *testing.T) {
	r := Result(read(t, write(t, synth.Healthy, synth.SLL2, true, false)), netip.AddrPort{})
	tr := r.Facts.Paths[0].Transfer
	if tr == nil || !tr.OK || !tr.Connected || tr.Bytes != 4000 || tr.Via != "PASV" || tr.Command != "LIST" {
		t.Fatalf("transfer %+v", tr)
	}
}

func TestAuthTLSOpaque(t *testing.T) {
	c := read(t, write(t, synth.AuthTLS, synth.Ethernet, false, false))
	ctl := c.Controls[0]
	if ctl.Opaque.IsZero() || ctl.OpaqueBytes[ClientSide] == 0 || ctl.OpaqueBytes[ServerSide] == 0 {
		t.Fatalf("opaque at %v, bytes %v", ctl.Opaque, ctl.OpaqueBytes)
	}
	r := Result(c, netip.AddrPort{})
	p := r.Facts.Paths[0]
	if p.Transport != diagnosis.TransportExplicitTLS || p.TLS == nil || !p.TLS.Offered || p.TLS.AuthCommand != "AUTH TLS" {
		t.Errorf("path %s TLS %+v", p.PathID, p.TLS)
	}
	last := r.Transcript[len(r.Transcript)-1]
	if last.Dir != probe.DirInfo || !strings.Contains(last.Line, "TLS from here") {
		t.Errorf("transcript ends %+v, want the point TLS began", last)
	}
	if !slices.ContainsFunc(r.Facts.Source.Unseen, func(s string) bool { return strings.Contains(s, "after AUTH TLS") }) {
		t.Errorf("unseen %q does not say the commands after AUTH TLS are hidden", r.Facts.Source.Unseen)
	}
}

// TestPasswordNeverStored: the PASS argument appears nowhere in what a
// read keeps or a result holds.
func TestPasswordNeverStored(t *testing.T) {
	c := read(t, write(t, synth.Healthy, synth.Ethernet, false, false))
	r := Result(c, netip.AddrPort{})
	for _, v := range []any{c.Controls, r} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(synth.Password)) {
			t.Fatalf("password found in %s", b)
		}
	}
	if !slices.ContainsFunc(r.Transcript, func(e probe.TranscriptEntry) bool { return e.Line == "PASS ****" }) {
		t.Error("no redacted PASS line in the transcript")
	}
}

// TestControlRTT: the control handshake's round trip becomes the run's
// measured control round-trip time.
func TestControlRTT(t *testing.T) {
	r := Result(read(t, write(t, synth.Healthy, synth.Ethernet, false, false)), netip.AddrPort{})
	// synth spaces packets 50 µs apart: SYN, SYN-ACK, ACK.
	if got := r.Facts.Timing.ControlRTT; got != 100*time.Microsecond {
		t.Errorf("control RTT %v, want 100µs", got)
	}
}

// TestPlainAndTLSSessions: a plaintext and an AUTH TLS session to the same
// server are two paths of one address, compared as the live engine's are.
func TestPlainAndTLSSessions(t *testing.T) {
	var buf bytes.Buffer
	w, err := synth.NewPcap(&buf, synth.Ethernet)
	if err != nil {
		t.Fatal(err)
	}
	if err := synth.WriteFTP(w, synth.PrivateDropped, false); err != nil {
		t.Fatal(err)
	}
	w.Advance(time.Second)
	if err := synth.WriteFTP(w, synth.AuthTLS, false); err != nil {
		t.Fatal(err)
	}
	c := read(t, buf.Bytes())
	if len(c.Controls) != 2 {
		t.Fatalf("%d controls", len(c.Controls))
	}
	r := Result(c, netip.AddrPort{})
	if len(r.Facts.Paths) != 2 || r.Facts.Paths[0].Transport != diagnosis.TransportPlain || r.Facts.Paths[1].Transport != diagnosis.TransportExplicitTLS {
		t.Fatalf("paths %v", r.Facts.Paths)
	}
	if r.Facts.Paths[0].Address != r.Facts.Paths[1].Address {
		t.Error("the two sessions are not on one address")
	}
	if got := ids(r); !slices.Contains(got, "pasv.unroutable_address") || !slices.Contains(got, "data.port_filtered") {
		t.Errorf("findings %v", got)
	}
	if r.TLSPath() == nil || r.PlainPath() == nil {
		t.Error("the result does not pair the plaintext and TLS paths")
	}
}

// TestPcapngInterfaces: a pcapng file whose interfaces have different
// link types is read packet by packet with each one's own.
func TestPcapngInterfaces(t *testing.T) {
	var buf bytes.Buffer
	w, err := synth.NewPcapngInterfaces(&buf, synth.Ethernet, synth.SLL2, synth.Raw)
	if err != nil {
		t.Fatal(err)
	}
	client, server, _ := synth.Addresses(false)
	ctl := w.NewConn(netip.AddrPortFrom(client, 40000), netip.AddrPortFrom(server, 21))
	data := w.NewConn(netip.AddrPortFrom(client, 40001), netip.AddrPortFrom(server, 30000))
	steps := []func() error{
		ctl.Handshake,
		func() error { w.Use(1); return ctl.ServerSays("220 FTP ready\r\n") },
		func() error { return ctl.ClientSays("EPSV\r\n") },
		func() error { w.Use(2); return ctl.ServerSays("229 Entering Extended Passive Mode (|||30000|)\r\n") },
		func() error { w.Use(0); return data.SYN() },
		data.Refuse,
	}
	for _, s := range steps {
		if err := s(); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	c := read(t, buf.Bytes())
	if c.Undecoded != 0 || len(c.Controls) != 1 || len(c.Files[0].LinkTypes) != 3 {
		t.Fatalf("%d undecoded, %d controls; files %+v", c.Undecoded, len(c.Controls), c.Files)
	}
	p := Result(c, netip.AddrPort{}).Facts.Paths[0]
	if len(p.EPSV) != 1 || p.EPSV[0].Peer.Reach != diagnosis.ReachRefused {
		t.Errorf("EPSV samples %+v", p.EPSV)
	}
}

// TestConverse: commands are paired with their replies, a 1xx keeps the
// command waiting for its final reply, and the first reply is the
// greeting.
func TestConverse(t *testing.T) {
	c := read(t, write(t, synth.Healthy, synth.Ethernet, false, false))
	cv := Converse(c.Controls[0])
	if cv.Greeting == nil || cv.Greeting.Code != 220 || len(cv.Unexpected) != 0 {
		t.Fatalf("greeting %+v, unexpected %+v", cv.Greeting, cv.Unexpected)
	}
	var list *Exchange
	for i := range cv.Exchanges {
		if cv.Exchanges[i].Verb == "LIST" {
			list = &cv.Exchanges[i]
		}
	}
	if list == nil || len(list.Replies) != 2 || list.Replies[0].Code != 150 || list.Final().Code != 226 || list.Done.Before(list.Sent) {
		t.Fatalf("LIST exchange %+v", list)
	}
	feat := cv.Exchanges[3]
	if feat.Verb != "FEAT" || len(feat.Final().Lines) != 5 {
		t.Errorf("FEAT exchange %+v", feat)
	}
}
