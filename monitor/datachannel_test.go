package monitor

import (
	"testing"

	"github.com/ftpnat/ftpnat/probe"
)

// A sample set aside because its reset raced the next command was
// measured again: it is neither a try nor a failure of its own.
func TestSamplesSkipSetAside(t *testing.T) {
	open := probe.PassiveSample{Command: "PASV", Accepted: true, Port: 30001, Peer: probe.Dial{Reach: probe.ReachOpen}}
	aside := open
	aside.Peer.Reach = probe.ReachNotTested
	refused := probe.PassiveSample{Command: "PASV", Reply: probe.Reply{Code: 500}}
	d := samples(ModePASV, []probe.PassiveSample{open, aside, open, refused})
	if d.Tried != 3 || d.Worked != 2 {
		t.Errorf("tried %d worked %d, want 3 and 2", d.Tried, d.Worked)
	}
}
