package report

import (
	"slices"

	"github.com/ftpnat/ftpnat/probe"
)

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
	rc.Untested = max(0, rs.Max-rs.Min+1-spanPorts(rs.Answering)-spanPorts(rs.Silent))
	return rc
}

func spanPorts(ss []probe.PortSpan) int {
	n := 0
	for _, s := range ss {
		n += s.Max - s.Min + 1
	}
	return n
}

// algSensitivePorts are the ports other protocols' ALGs and firewall
// rules grab (field guide 7.6): SIP, H.323, PPTP, RTSP, IRC. A passive
// data connection landing on one can be mangled or dropped.
func algSensitivePorts() []int {
	return []int{554, 1720, 1723, 5060, 5061, 6660, 6661, 6662, 6663, 6664, 6665, 6666, 6667, 6668, 6669}
}

// anyPortSpread is the spread from which sampled ports look like "any
// ephemeral port" rather than a configured range (the probe's rule).
const anyPortSpread = 1000

// buildPortRange describes the sampled passive ports: their span, whether
// they look like any ephemeral port, and which ALG-grabbed ports the range
// holds (for "any port", only those actually sampled: the whole ephemeral
// range would hold them all).
func buildPortRange(f *probe.SessionFacts) PortRange {
	var ports []int
	for _, s := range slices.Concat(f.PASV, f.EPSV) {
		if s.Usable() {
			ports = append(ports, int(s.Port))
		}
	}
	pr := PortRange{ALGPorts: []int{}}
	if len(ports) == 0 {
		return pr
	}
	pr.Min, pr.Max, pr.Samples = slices.Min(ports), slices.Max(ports), len(ports)
	pr.Spread = pr.Max - pr.Min
	pr.AnyPort = len(ports) >= 2 && pr.Spread >= anyPortSpread
	for _, p := range algSensitivePorts() {
		if (!pr.AnyPort && p >= pr.Min && p <= pr.Max) || slices.Contains(ports, p) {
			pr.ALGPorts = append(pr.ALGPorts, p)
		}
	}
	return pr
}
