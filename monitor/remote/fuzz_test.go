package remote

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
)

// FuzzClientRead: whatever a remote probe sends, the client ends with a
// result or an error, within its bounds, and never panics.
func FuzzClientRead(f *testing.F) {
	f.Add([]byte(`{"event":{"Kind":"step_started","Step":"resolve"}}` + "\n" + `{"result":{"Verdict":"ok"}}` + "\n"))
	f.Add([]byte(`{"error":"boom"}` + "\n"))
	f.Add([]byte("{}\n"))
	f.Add([]byte(strings.Repeat("x", 300) + "\n"))
	f.Add([]byte(`{"event":{"Kind":"transcript","Entry":{"Line":"\u0007bell"}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c := &Client{host: "probe.example.test", o: ClientOptions{LineBytes: 256, TotalBytes: 4096}}
		events := 0
		_, err := c.read(bytes.NewReader(b), func(probe.Event) { events++ })
		// Each event is a line of its own, and no more than the bound is read.
		if lines := bytes.Count(b, []byte("\n")) + 1; events > lines || events*2 > 4096+256 {
			t.Errorf("%d events from %d lines", events, lines)
		}
		if err != nil && err.Error() == "" {
			t.Error("an error without words")
		}
	})
}

// FuzzDecodeRequest: any body is a request or a clear refusal.
func FuzzDecodeRequest(f *testing.F) {
	f.Add([]byte(`{"target":"ftp.example.test","tls":"auto"}`))
	f.Add([]byte(`{"target":"ftp.example.test"} {"x":1}`))
	f.Add([]byte(`{"bogus":true}`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, err := decodeRequest(bytes.NewReader(b))
		if err != nil && err.Error() == "" {
			t.Error("a refusal without words")
		}
	})
}
