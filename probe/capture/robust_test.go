package capture

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	synth "github.com/ftpnat/ftpnat/internal/pcapsynth"
)

var (
	cli = netip.MustParseAddrPort("203.0.113.2:40000")
	srv = netip.MustParseAddrPort("198.51.100.10:21")
)

// capture writes a capture with build and reads it.
func captureOf(t *testing.T, build func(w *synth.Writer, c *synth.Conn)) *Capture {
	t.Helper()
	var buf bytes.Buffer
	w, err := synth.NewPcap(&buf, synth.Ethernet)
	if err != nil {
		t.Fatal(err)
	}
	build(w, w.NewConn(cli, srv))
	return read(t, buf.Bytes())
}

func texts(ctl *Control) []string {
	var out []string
	for _, l := range ctl.Lines {
		out = append(out, l.Text)
	}
	return out
}

func must(t *testing.T, errs ...error) {
	t.Helper()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
}

// TestOutOfOrderAndRetransmitted: segments that arrive late, twice, or
// overlapping are put back in sequence once.
func TestOutOfOrderAndRetransmitted(t *testing.T) {
	c := captureOf(t, func(w *synth.Writer, c *synth.Conn) {
		must(t, c.Handshake(), c.ServerSays("220 Welcome to FTP\r\n"), c.ClientSays("USER anonymous\r\n"))
		reply := "331 Password required\r\n"
		must(t,
			c.ServerSegment(10, reply[10:]), // the second half first
			c.ServerSegment(0, reply[:10]),
			c.ServerSegment(0, reply[:14]), // retransmitted, overlapping
			c.ServerSegment(10, reply[10:]),
		)
		c.ServerSkip(len(reply))
		must(t, c.ClientSays("PASS x\r\n"), c.ServerSays("230 OK\r\n"))
	})
	if len(c.Controls) != 1 {
		t.Fatalf("%d controls", len(c.Controls))
	}
	got := texts(c.Controls[0])
	want := []string{"220 Welcome to FTP", "USER anonymous", "331 Password required", "PASS ****", "230 OK"}
	if !slices.Equal(got, want) {
		t.Errorf("lines %q, want %q", got, want)
	}
	if len(c.Controls[0].Gaps) != 0 {
		t.Errorf("gaps %v, want none", c.Controls[0].Gaps)
	}
}

// TestGapNoted: bytes never captured are a gap; the lines after it are
// still read.
func TestGapNoted(t *testing.T) {
	c := captureOf(t, func(w *synth.Writer, c *synth.Conn) {
		must(t, c.Handshake(), c.ServerSays("220 FTP ready\r\n"), c.ClientSays("SYST\r\n"))
		c.ServerSkip(20) // a segment the capture lost
		must(t, c.ServerSays("215 UNIX Type: L8\r\n"))
	})
	ctl := c.Controls[0]
	if len(ctl.Gaps) != 1 || ctl.Gaps[0].Bytes != 20 || ctl.Gaps[0].From != ServerSide {
		t.Fatalf("gaps %+v, want one of 20 bytes from the server", ctl.Gaps)
	}
	if got := texts(ctl); !slices.Contains(got, "215 UNIX Type: L8") {
		t.Errorf("lines %q: the reply after the gap is missing", got)
	}
	r := Result(c, netip.AddrPort{})
	if !slices.ContainsFunc(r.Facts.Source.Notes, func(s string) bool { return strings.Contains(s, "20 bytes") }) {
		t.Errorf("notes %q do not report the missing bytes", r.Facts.Source.Notes)
	}
}

// TestSnapLength: a capture cut to 60 bytes a packet keeps what it can and
// notes the rest as missing, without failing.
func TestSnapLength(t *testing.T) {
	c := captureOf(t, func(w *synth.Writer, c *synth.Conn) {
		w.Snap = 70
		must(t, c.Handshake(), c.ServerSays("220 FTP server ready, with a long greeting line\r\n"),
			c.ClientSays("USER anonymous\r\n"))
	})
	if len(c.Controls) != 1 {
		t.Fatalf("%d controls", len(c.Controls))
	}
	if len(c.Controls[0].Gaps) == 0 {
		t.Error("the cut tail was not noted as a gap")
	}
	if c.Cut == 0 {
		t.Error("no segment counted as cut by the snap length")
	}
}

// TestTruncatedFile: a file that breaks off mid-packet gives the packets
// before it and says so.
func TestTruncatedFile(t *testing.T) {
	full := write(t, synth.PrivateDropped, synth.Ethernet, false, false)
	for _, cut := range []int{len(full) - 7, len(full) / 2} {
		c, err := Read(context.Background(), bytes.NewReader(full[:cut]), "cut.pcap", Options{})
		if err != nil {
			t.Fatalf("cut at %d: %v", cut, err)
		}
		if c.Files[0].Error == "" || !strings.Contains(c.Files[0].Error, "truncated") {
			t.Errorf("cut at %d: file error %q, want truncated", cut, c.Files[0].Error)
		}
		if c.Packets == 0 || len(c.Controls) != 1 {
			t.Errorf("cut at %d: %d packets, %d controls", cut, c.Packets, len(c.Controls))
		}
		r := Result(c, netip.AddrPort{})
		if !slices.ContainsFunc(r.Facts.Source.Notes, func(s string) bool { return strings.Contains(s, "truncated") }) {
			t.Errorf("cut at %d: notes %q", cut, r.Facts.Source.Notes)
		}
	}
}

// TestNotACapture: anything else is a clear error.
func TestNotACapture(t *testing.T) {
	for _, in := range []string{"", "abc", "GIF89a this is no capture at all", "\x0a\x0d\x0d\x0a\x00\x00"} {
		if _, err := Read(context.Background(), strings.NewReader(in), "x", Options{}); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

// TestStartedMidSession: a capture begun after the handshake still finds
// the control channel by its content and tells client from server.
func TestStartedMidSession(t *testing.T) {
	c := captureOf(t, func(w *synth.Writer, c *synth.Conn) {
		must(t, c.ClientSays("PASV\r\n"), c.ServerSays("227 Entering Passive Mode (198,51,100,10,117,48)\r\n"))
	})
	if len(c.Controls) != 1 {
		t.Fatalf("%d controls", len(c.Controls))
	}
	if ctl := c.Controls[0]; ctl.Server != srv || ctl.SawSYN {
		t.Errorf("server %s (SYN seen %v), want %s", ctl.Server, ctl.SawSYN, srv)
	}
	r := Result(c, netip.AddrPort{})
	if p := r.Facts.Paths[0]; !p.Connected() || len(p.PASV) != 1 || p.PASV[0].Peer.Reach != "not_tested" {
		t.Errorf("path %+v", p)
	}
}

// TestOtherProtocolsIgnored: SMTP greets with 220 too, but is not FTP.
func TestOtherProtocolsIgnored(t *testing.T) {
	c := captureOf(t, func(w *synth.Writer, _ *synth.Conn) {
		smtp := w.NewConn(cli, netip.MustParseAddrPort("198.51.100.20:25"))
		must(t, smtp.Handshake(), smtp.ServerSays("220 mail.example.com ESMTP\r\n"), smtp.ClientSays("EHLO client\r\n"),
			smtp.ServerSays("250 mail.example.com\r\n"))
		web := w.NewConn(netip.MustParseAddrPort("203.0.113.2:40001"), netip.MustParseAddrPort("198.51.100.20:80"))
		must(t, web.Handshake(), web.ClientSays("GET / HTTP/1.1\r\n\r\n"), web.ServerSays("HTTP/1.1 200 OK\r\n\r\n"))
	})
	if len(c.Controls) != 0 {
		t.Errorf("%d control connections found in SMTP and HTTP", len(c.Controls))
	}
	if len(c.Conns) != 0 || c.Unrelated != 2 {
		t.Errorf("%d connections kept, %d unrelated; want 0 and 2", len(c.Conns), c.Unrelated)
	}
}

// TestAnyPort: an FTP server on an unusual port is found by content.
func TestAnyPort(t *testing.T) {
	var buf bytes.Buffer
	w, err := synth.NewPcap(&buf, synth.Raw)
	if err != nil {
		t.Fatal(err)
	}
	c := w.NewConn(cli, netip.MustParseAddrPort("198.51.100.10:8021"))
	must(t, c.Handshake(), c.ServerSays("220 Service ready\r\n"), c.ClientSays("USER bob\r\n"), c.ServerSays("331 Password\r\n"))
	got := read(t, buf.Bytes())
	if len(got.Controls) != 1 || got.Controls[0].Server.Port() != 8021 {
		t.Fatalf("controls %+v", got.Controls)
	}
}

// TestFlowsBounded: more connections than MaxFlows at once are dropped
// oldest first and counted, and the control connection survives.
func TestFlowsBounded(t *testing.T) {
	var buf bytes.Buffer
	w, err := synth.NewPcap(&buf, synth.Ethernet)
	if err != nil {
		t.Fatal(err)
	}
	ctl := w.NewConn(cli, srv)
	must(t, ctl.Handshake(), ctl.ServerSays("220 FTP ready\r\n"))
	for i := range 500 {
		// From the FTP client's address: kept, as a data connection would be.
		c := w.NewConn(netip.AddrPortFrom(cli.Addr(), uint16(10000+i)), netip.MustParseAddrPort("198.51.100.30:443"))
		must(t, c.SYN())
		w.Advance(time.Millisecond)
	}
	must(t, ctl.ClientSays("USER anonymous\r\n"), ctl.ServerSays("331 Password\r\n"))
	c, err := Read(context.Background(), bytes.NewReader(buf.Bytes()), "x", Options{MaxFlows: 100, MaxConns: 200})
	if err != nil {
		t.Fatal(err)
	}
	if c.Dropped == 0 || len(c.Warnings) == 0 || len(c.Conns) != 200 {
		t.Errorf("dropped %d, warnings %q, conns %d", c.Dropped, c.Warnings, len(c.Conns))
	}
	if len(c.Controls) != 1 || len(c.Controls[0].Lines) != 3 {
		t.Fatalf("control connection lost: %+v", c.Controls)
	}
}

// TestControlBytesBounded: the control payload kept stops at the budget.
func TestControlBytesBounded(t *testing.T) {
	var buf bytes.Buffer
	w, err := synth.NewPcap(&buf, synth.Ethernet)
	if err != nil {
		t.Fatal(err)
	}
	c := w.NewConn(cli, srv)
	must(t, c.Handshake(), c.ServerSays("220 FTP ready\r\n"))
	for range 200 {
		must(t, c.ClientSays("NOOP\r\n"), c.ServerSays("200 "+strings.Repeat("x", 3000)+"\r\n"))
	}
	got, err := Read(context.Background(), bytes.NewReader(buf.Bytes()), "x", Options{MaxControlBytes: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	ctl := got.Controls[0]
	if !ctl.Truncated {
		t.Error("not marked truncated")
	}
	var kept int
	for _, l := range ctl.Lines {
		kept += len(l.Text)
		if len(l.Text) > maxLine {
			t.Fatalf("line of %d bytes kept", len(l.Text))
		}
	}
	if kept > 64<<10 {
		t.Errorf("%d bytes kept", kept)
	}
}

// TestEscapesNeutralised: terminal escapes in a capture never reach a
// line as control characters.
func TestEscapesNeutralised(t *testing.T) {
	c := captureOf(t, func(w *synth.Writer, c *synth.Conn) {
		must(t, c.Handshake(), c.ServerSays("220 FTP \x1b]0;owned\x07\x1b[2J ready\xff\r\n"))
	})
	for _, l := range c.Controls[0].Lines {
		if strings.ContainsAny(l.Text, "\x1b\x07") || !strings.HasPrefix(l.Text, "220 FTP") {
			t.Errorf("line %q", l.Text)
		}
	}
}

// TestSequenceHalfWayRound: a segment exactly 2^31 bytes from the next
// expected one (a corrupt or hostile capture) is neither a crash nor kept.
func TestSequenceHalfWayRound(t *testing.T) {
	c := captureOf(t, func(w *synth.Writer, c *synth.Conn) {
		must(t, c.Handshake(), c.ServerSays("220 FTP ready\r\n"))
		must(t, c.ServerSegment(1<<31, "junk\r\n"), c.ServerSegment(-(1<<31), "junk\r\n"), c.ServerSays("421 bye\r\n"))
	})
	if got := texts(c.Controls[0]); !slices.Contains(got, "421 bye") {
		t.Errorf("lines %q", got)
	}
}

// TestUnrelatedNotKept: connections that share no address with an FTP
// control connection are counted, not kept; those that do are kept.
func TestUnrelatedNotKept(t *testing.T) {
	c := captureOf(t, func(w *synth.Writer, c *synth.Conn) {
		other := w.NewConn(netip.MustParseAddrPort("192.0.2.7:5000"), netip.MustParseAddrPort("192.0.2.8:443"))
		must(t, other.SYN(), c.Handshake(), c.ServerSays("220 FTP ready\r\n"))
		data := w.NewConn(netip.AddrPortFrom(cli.Addr(), 40001), netip.AddrPortFrom(srv.Addr(), 30000))
		must(t, data.SYN(), other.SYN())
	})
	if len(c.Conns) != 2 || c.Unrelated != 1 || c.Conns[0] != c.Controls[0].Conn || c.Conns[1].Server.Port() != 30000 {
		t.Errorf("conns %d (unrelated %d): %+v", len(c.Conns), c.Unrelated, c.Conns)
	}
}

// TestGzippedPcap: tcpdump -w - | gzip is read as it is.
func TestGzippedPcap(t *testing.T) {
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	if _, err := zw.Write(write(t, synth.Refused, synth.Ethernet, false, false)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	c := read(t, z.Bytes())
	if got := ids(Result(c, netip.AddrPort{})); !slices.Contains(got, "data.port_refused") {
		t.Errorf("findings %v", got)
	}
}

// TestICMPv6Unreachable: an ICMPv6 destination unreachable quoting the
// data SYN makes the attempt unreachable.
func TestICMPv6Unreachable(t *testing.T) {
	r := Result(read(t, write(t, synth.Unreachable, synth.SLL, false, true)), netip.AddrPort{})
	p := r.Facts.Paths[0]
	if len(p.EPSV) != 1 || p.EPSV[0].Peer.Reach != "unreachable" || !strings.Contains(p.EPSV[0].Peer.Error, "ICMPv6") {
		t.Fatalf("EPSV %+v", p.EPSV)
	}
}

// TestCancelled: a read stops when its context ends.
func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Read(ctx, bytes.NewReader(write(t, synth.Healthy, synth.Ethernet, false, false)), "x", Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}

// TestSeveralServers: the server with the most control connections is the
// main one; the others are named in the notes.
func TestSeveralServers(t *testing.T) {
	other := netip.MustParseAddrPort("198.51.100.99:21")
	c := captureOf(t, func(w *synth.Writer, c *synth.Conn) {
		for i := range 2 {
			s := w.NewConn(netip.AddrPortFrom(cli.Addr(), uint16(41000+i)), other)
			must(t, s.Handshake(), s.ServerSays("220 FTP two\r\n"), s.ClientSays("USER a\r\n"), s.ServerSays("331 p\r\n"))
		}
		must(t, c.Handshake(), c.ServerSays("220 FTP one\r\n"), c.ClientSays("USER a\r\n"), c.ServerSays("331 p\r\n"))
	})
	if got := Servers(c); len(got) != 2 || got[0] != other || got[1] != srv {
		t.Fatalf("servers %v", got)
	}
	r := Result(c, netip.AddrPort{})
	if r.Facts.Host != other.Addr().String() || len(r.Facts.Paths) != 2 {
		t.Errorf("diagnosed %s with %d paths", r.Facts.Host, len(r.Facts.Paths))
	}
	if !slices.ContainsFunc(r.Facts.Source.Notes, func(s string) bool { return strings.Contains(s, srv.String()) }) {
		t.Errorf("notes %q do not name the other server", r.Facts.Source.Notes)
	}
	if r2 := Result(c, srv); r2.Facts.Host != srv.Addr().String() || len(r2.Facts.Paths) != 1 {
		t.Errorf("picked %s with %d paths", r2.Facts.Host, len(r2.Facts.Paths))
	}
}

// TestNoFTP: a capture without FTP gives facts without paths and an
// unknown verdict, not a made-up server.
func TestNoFTP(t *testing.T) {
	c := captureOf(t, func(w *synth.Writer, _ *synth.Conn) {})
	r := Result(c, netip.AddrPort{})
	if r.Facts.Host != "" || len(r.Facts.Paths) != 0 || r.Verdict != "unknown" {
		t.Errorf("host %q, %d paths, verdict %s", r.Facts.Host, len(r.Facts.Paths), r.Verdict)
	}
}
