package capture

import (
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/probe/diagnosis"
)

// FuzzSides: whatever the two sides' control lines say (a rewriting
// device may write anything) and however their clocks differ, matching
// and diagnosing them neither crashes nor exceeds its bounds.
func FuzzSides(f *testing.F) {
	f.Add("227 Entering Passive Mode (10,0,0,5,117,52).", "227 Entering Passive Mode (203,0,113,1,117,52).", int64(0))
	f.Add("229 Entering Extended Passive Mode (|||30004|)", "229 (|||1|)", int64(3e9))
	f.Add("PORT 10,0,0,50,172,51", "EPRT |2|::1|65535|", int64(-47e9))
	f.Add("227 =999,1,1,1,1,1", "PORT 1,2,3", int64(1))
	f.Fuzz(func(t *testing.T, sent, received string, shiftNS int64) {
		near, far := readLab(t, "alg-client"), readLab(t, "alg-server")
		if d := time.Duration(shiftNS); d.Abs() < time.Hour {
			shift(far, d)
		}
		// Replace every 227 and PORT line of each side with the fuzz's.
		swap := func(c *Capture, text string) {
			for _, ctl := range c.Controls {
				for i, l := range ctl.Lines {
					if strings.HasPrefix(l.Text, "227") || strings.HasPrefix(l.Text, "229") || hasVerb(l.Text, "PORT") {
						ctl.Lines[i].Text = text
					}
				}
			}
		}
		swap(far, sent)
		swap(near, received)
		m := Middlebox(near, far)
		if len(m.Crossed)+len(m.DroppedBetween) > 2*maxSideConns || len(m.Controls) > len(near.Controls) {
			t.Fatalf("bounds: %d crossed, %d dropped, %d controls", len(m.Crossed), len(m.DroppedBetween), len(m.Controls))
		}
		d := diagnosis.Diagnose(diagnosis.Facts{Host: "203.0.113.1", Port: 21, Wire: &diagnosis.Wire{Middlebox: m, Opaque: Opaque(near)}})
		for _, fd := range d.Findings {
			if len(fd.Evidence) > 2*maxEvidenceLines {
				t.Fatalf("%s: %d evidence lines", fd.ID, len(fd.Evidence))
			}
		}
	})
}

// maxEvidenceLines is what a wire finding may list: its bound and a few
// lines around it.
const maxEvidenceLines = 12 + 4
