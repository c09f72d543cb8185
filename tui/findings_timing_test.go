package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

// The server line shows the round trips beside the duration, and nothing
// when the run counted none.
func TestServerLineRoundTrips(t *testing.T) {
	now := t0
	m := testModel(t, &now, false)
	for _, c := range []struct {
		timing probe.Timing
		want   string
	}{
		{probe.Timing{ControlRTT: 190 * time.Millisecond, RoundTrips: 11}, "finished in 9.87s | 11 round trips of 190ms"},
		{probe.Timing{}, "finished in 9.87s"},
	} {
		res := reporttest.NATPrivateFiltered()
		res.Facts.Timing = c.timing
		m.result = &res
		line := sgr.ReplaceAllString(m.serverLine(120), "")
		if !strings.HasSuffix(strings.TrimRight(line, " "), c.want) {
			t.Errorf("server line %q, want it to end with %q", line, c.want)
		}
	}
}
