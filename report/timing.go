package report

import (
	"fmt"
	"math"
	"time"

	"github.com/ftpnat/ftpnat/probe"
)

// Timing is what a run's duration is made of: how far away the server is
// and how many times the run waited for it in sequence.
type Timing struct {
	// ControlRTTMS is the control connection's round-trip time in
	// milliseconds (to 0.1 ms); 0 when none was measured.
	ControlRTTMS float64 `json:"control_rtt_ms"`
	// RoundTrips is the number of round trips on the run's critical path;
	// 0 when they were not counted.
	RoundTrips int `json:"round_trips"`
}

func buildTiming(t probe.Timing) Timing {
	ms := float64(t.ControlRTT) / float64(time.Millisecond)
	return Timing{ControlRTTMS: math.Round(ms*10) / 10, RoundTrips: max(t.RoundTrips, 0)}
}

// RoundTripsLabel says how many round trips the run waited for and how
// long one takes, for beside "finished in": "11 round trips of 190ms".
// It is empty when the run counted none.
func RoundTripsLabel(t probe.Timing) string {
	if t.RoundTrips <= 0 {
		return ""
	}
	s := fmt.Sprintf("%d round trips", t.RoundTrips)
	if t.RoundTrips == 1 {
		s = "1 round trip"
	}
	if t.ControlRTT > 0 {
		s += " of " + formatRTT(t.ControlRTT)
	}
	return s
}

// formatRTT is formatDuration with the precision a short round trip needs.
func formatRTT(d time.Duration) string {
	switch ms := float64(d) / float64(time.Millisecond); {
	case ms < 1:
		return fmt.Sprintf("%.2fms", ms)
	case ms < 10:
		return fmt.Sprintf("%.1fms", ms)
	}
	return formatDuration(d)
}
