package report

import (
	"bytes"
	"context"
	"net/netip"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/probe/capture"
)

// labCaptureResult diagnoses a capture recorded in the lab.
func labCaptureResult(t *testing.T, name string) probe.Result {
	t.Helper()
	c, err := capture.ReadFiles(context.Background(), []string{filepath.Join("..", "probe", "capture", "testdata", "lab", name+".pcap")}, capture.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return capture.Result(c, netip.AddrPort{})
}

// TestCaptureMatrixEncrypted: a session whose control channel a capture
// saw turn into TLS is shown as encrypted, with the outcome of the data
// connections it tried, not as a lost session or a failed login.
func TestCaptureMatrixEncrypted(t *testing.T) {
	for _, c := range []struct {
		name string
		data string
	}{{"private-dropped-tls-client", "filtered"}, {"healthy-client", "open"}} {
		t.Run(c.name, func(t *testing.T) {
			res := labCaptureResult(t, c.name)
			n := 0
			for _, r := range PathMatrix(res) {
				if r.Transport != "TLS" {
					continue
				}
				n++
				if r.Control.Text != "encrypted" || r.Control.Status != probe.StatusOK {
					t.Errorf("control cell %+v, want encrypted and ok", r.Control)
				}
				if r.Data.Text != c.data {
					t.Errorf("data cell %+v, want %s", r.Data, c.data)
				}
			}
			if n == 0 {
				t.Fatal("no TLS path in the matrix")
			}
			var b bytes.Buffer
			if err := WriteText(&b, res, TextOptions{Width: 100}); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			for _, bad := range []string{"session lost", "login refused"} {
				if strings.Contains(out, bad) {
					t.Errorf("text report says %q:\n%s", bad, out)
				}
			}
			if c.name == "private-dropped-tls-client" && !strings.Contains(out, EncryptedLoginLabel) {
				t.Errorf("text report lacks %q:\n%s", EncryptedLoginLabel, out)
			}
		})
	}
}

// TestCaptureServerSideNext: a capture of the server's side does not send
// the reader to test the server's private address live.
func TestCaptureServerSideNext(t *testing.T) {
	res := labCaptureResult(t, "healthy-server")
	next := NextStep(res)
	if strings.Contains(next, "10.0.0.5") || !strings.Contains(next, "from outside") {
		t.Errorf("next step: %s", next)
	}
	if l := SourceLabel(res); !strings.Contains(l, "on the server's side") {
		t.Errorf("source label: %s", l)
	}
}
