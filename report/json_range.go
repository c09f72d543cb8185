package report

import "github.com/ftpnat/ftpnat/probe"

// RangeCheck is the --expect-range check: every port of the range dialled
// at the control peer's address.
type RangeCheck struct {
	Min       int        `json:"min"`
	Max       int        `json:"max"`
	Answering []PortSpan `json:"answering"` // connected, or answered with a reset
	Silent    []PortSpan `json:"silent"`    // no answer before the timeout (filtered)
	Untested  int        `json:"untested"`  // ports not dialled before the overall timeout
	Open      int        `json:"open"`      // answering ports that accepted
	Refused   int        `json:"refused"`   // answering ports that answered with a reset
	// Concurrency is how many ports were dialled at a time, TimeoutMS how
	// long each dial waited.
	Concurrency int   `json:"concurrency"`
	TimeoutMS   int64 `json:"timeout_ms"`
	DurationMS  int64 `json:"duration_ms"`
}

// PortSpan is an inclusive run of ports.
type PortSpan struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

func buildRangeCheck(rs *probe.RangeScan) *RangeCheck {
	if rs == nil {
		return nil
	}
	span := func(s probe.PortSpan) PortSpan { return PortSpan(s) }
	rc := &RangeCheck{
		Min: rs.Min, Max: rs.Max,
		Answering: mapSlice(rs.Answering, span), Silent: mapSlice(rs.Silent, span),
		Open: rs.Open, Refused: rs.Refused, Concurrency: rs.Concurrency,
		TimeoutMS: rs.Timeout.Milliseconds(), DurationMS: rs.Duration.Milliseconds(),
	}
	rc.Untested = rs.Untested()
	return rc
}

// buildPortRange describes the sampled passive ports as the diagnosis
// reads them.
func buildPortRange(r probe.PortRange) PortRange {
	return PortRange{Min: r.Min, Max: r.Max, Samples: len(r.Samples), Spread: r.Spread, AnyPort: r.AnyPort,
		ALGPorts: append([]int{}, r.ALGPorts...)}
}
