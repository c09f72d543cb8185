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

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/probe/capture/internal/synth"
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

func TestScenarioFindings(t *testing.T) {
	for _, sc := range synth.Scenarios {
		r := Result(read(t, write(t, sc, synth.Ethernet, false, false)), netip.AddrPort{})
		t.Logf("%s: %s %v", sc, r.Verdict, ids(r))
		for _, f := range r.Findings {
			t.Logf("  %s: %s %v", f.ID, f.Summary, f.Evidence)
		}
	}
}

var _ = json.Marshal
var _ = fmt.Sprint
var _ = slices.Contains[[]string]
var _ = strings.Contains
var _ = diagnosis.ReachOpen
