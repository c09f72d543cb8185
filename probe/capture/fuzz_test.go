package capture

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	synth "github.com/ftpnat/ftpnat/internal/pcapsynth"
)

var updateSeeds = flag.Bool("update-seeds", false, "rewrite the committed fuzz seed corpus under testdata/fuzz")

// FuzzRead: any file, however broken, reads to an error or a capture
// whose diagnosis stays within the bounds; never a panic.
func FuzzRead(f *testing.F) {
	for _, sc := range synth.Scenarios {
		f.Add(write(f, sc, synth.Ethernet, false, false))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Read(context.Background(), bytes.NewReader(data), "fuzz", Options{MaxFlows: 64, MaxConns: 256, MaxControls: 8, MaxControlBytes: 1 << 16})
		if err != nil {
			return
		}
		if len(c.Conns) > 256 || len(c.Controls) > 8 {
			t.Fatalf("bounds exceeded: %d conns, %d controls", len(c.Conns), len(c.Controls))
		}
		for _, ctl := range c.Controls {
			for _, l := range ctl.Lines {
				if len(l.Text) > 3*maxLine {
					t.Fatalf("line of %d bytes", len(l.Text))
				}
			}
		}
		r := Result(c, netip.AddrPort{})
		if len(r.Transcript) > maxTranscript+1 {
			t.Fatalf("%d transcript lines", len(r.Transcript))
		}
	})
}

// FuzzReassemble: segments of a control channel in any order, overlap and
// size are put together within the bounds; never a panic.
func FuzzReassemble(f *testing.F) {
	f.Add([]byte("\x01\x00\x00220 FTP ready\r\n\x00\x00\x00USER anonymous\r\n\x01\x00\x10331 Password\r\n"))
	f.Add([]byte("\x01\x00\x05ready\r\n\x01\x00\x00220 FTP \x00\x00\x00PASS secret\r\n\x00\x00\x00\x16\x03\x01\x00\x05hello"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(Options{MaxControlBytes: 1 << 15})
		client := netip.MustParseAddrPort("203.0.113.2:40000")
		server := netip.MustParseAddrPort("198.51.100.10:21")
		ts := synth.Start
		var base [2]uint32
		base[0], base[1] = 1001, 5001
		syn := packet{proto: protoTCP, src: client, dst: server, flags: flagSYN, seq: 1000}
		r.handle(&syn, ts)
		synack := packet{proto: protoTCP, src: server, dst: client, flags: flagSYN | flagACK, seq: 5000}
		r.handle(&synack, ts)
		// Each segment: side, offset (2 bytes), then payload up to the
		// next segment's header marker, at most 300 bytes.
		for i := 0; len(data) >= 3 && i < 1000; i++ {
			side := int(data[0] & 1)
			off := uint32(data[1])<<8 | uint32(data[2])
			data = data[3:]
			n := min(len(data), 1+int(off%300))
			if j := bytes.IndexByte(data[:n], 0xfe); j >= 0 {
				n = j
			}
			p := packet{proto: protoTCP, flags: flagACK | 0x08, payload: data[:n], payloadLen: n + int(off%7)}
			p.src, p.dst = client, server
			if side == 1 {
				p.src, p.dst = server, client
			}
			p.seq = base[side] + off
			ts = ts.Add(time.Millisecond)
			r.handle(&p, ts)
			data = data[n:]
		}
		c := r.Capture()
		for _, ctl := range c.Controls {
			for sd := range 2 {
				if s := ctl.state.dir[sd]; s.pendBytes > maxPending || len(s.pending) > maxPendingSegs {
					t.Fatalf("pending %d bytes in %d segments", s.pendBytes, len(s.pending))
				}
			}
			for _, l := range ctl.Lines {
				if bytes.Contains([]byte(l.Text), []byte("PASS secret")) {
					t.Fatalf("password kept: %q", l.Text)
				}
			}
		}
	})
}

// TestFuzzSeeds writes the committed seed corpus (-update-seeds): a
// capture of each scenario, on each link type, in both formats, and cut.
func TestFuzzSeeds(t *testing.T) {
	if !*updateSeeds {
		t.Skip("run with -update-seeds to rewrite testdata/fuzz")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzRead")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	n := 0
	put := func(name string, data []byte) {
		n++
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, sc := range synth.Scenarios {
		for _, link := range synth.Links {
			ng := link%2 == 1
			data := write(t, sc, link, ng, sc == synth.Refused)
			put(fmt.Sprintf("%s-%s", sc, link), data)
		}
		put(string(sc)+"-cut", write(t, sc, synth.SLL, false, false)[:300])
	}
	dir = filepath.Join("testdata", "fuzz", "FuzzReassemble")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, s := range []string{
		"\x01\x00\x00220-Welcome\r\n220 ready\r\n\x00\x00\x00PASV\r\n\x01\x00\x14227 Entering Passive Mode (10,0,0,1,4,1)\r\n",
		"\x01\x00\x08 ready\r\n\x01\x00\x00220 FTP\x01\x00\x00220 FTP ready\r\n\x00\x00\x00AUTH TLS\r\n\x01\x00\x10234 Go\r\n\x00\x00\x0a\x16\x03\x01\x00\x20",
	} {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", s)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%d", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d capture seeds written", n)
}
