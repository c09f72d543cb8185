package diagnosis

import (
	"testing"
	"time"
)

// The range a fix pins is the configured one when the facts state it
// (--expect-range), not the span of a few samples; then the samples'
// span; then the recommended range. Source says which.
func TestPortRangeSource(t *testing.T) {
	tests := []struct {
		name   string
		r      PortRange
		source RangeSource
		lo, hi int
	}{
		{"configured beats the samples", PortRange{Min: 30002, Max: 30009, Observed: true, Configured: &PortSpan{Min: 30000, Max: 30019}},
			RangeConfigured, 30000, 30019},
		{"samples", rangeOf([]int{30002, 30007, 30009}), RangeObserved, 30002, 30009},
		{"one sample is no range", rangeOf([]int{30002}), RangeRecommended, RecommendedPortMin, RecommendedPortMax},
		{"no samples", rangeOf(nil), RangeRecommended, RecommendedPortMin, RecommendedPortMax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.Source(); got != tt.source {
				t.Errorf("source %q, want %q", got, tt.source)
			}
			if lo, hi := tt.r.Pin(); lo != tt.lo || hi != tt.hi {
				t.Errorf("pin %d-%d, want %d-%d", lo, hi, tt.lo, tt.hi)
			}
		})
	}
}

// With --expect-range the findings' fixes are filled with the whole
// configured range and say so; the top-level range still describes the
// samples.
func TestDiagnoseConfiguredRange(t *testing.T) {
	f := dualStack([]Path{plainPath(pubAddr, healthySession())}, plainPath(pub6Addr, filteredSession6()))
	f.Paths[0].Range = &RangeScan{Min: 30000, Max: 30019, Answering: []PortSpan{{Min: 30000, Max: 30019}},
		Open: 0, Refused: 20, Concurrency: 20, Timeout: time.Second, Duration: 40 * time.Millisecond}
	d := Diagnose(f)
	if d.Range.Min != 30000 || d.Range.Max != 30009 || d.Range.Source() != RangeConfigured {
		t.Errorf("server range %+v (source %s), want samples 30000-30009, configured source", d.Range, d.Range.Source())
	}
	for _, id := range []string{FindingFamilyDataBlocked, FindingPassivePortRange} {
		p := findingByID(t, d.Findings, id).Params
		if p[ParamPortMin] != "30000" || p[ParamPortMax] != "30019" || p[ParamRangeSource] != string(RangeConfigured) {
			t.Errorf("%s: range %s-%s from %q, want 30000-30019 configured", id, p[ParamPortMin], p[ParamPortMax], p[ParamRangeSource])
		}
	}

	f.Paths[0].Range = nil
	for _, fd := range Diagnose(f).Findings {
		if fd.ID != FindingFamilyDataBlocked && fd.ID != FindingPassivePortRange {
			continue
		}
		if p := fd.Params; p[ParamPortMax] != "30009" || p[ParamRangeSource] != string(RangeObserved) {
			t.Errorf("%s without --expect-range: range %s-%s from %q, want 30000-30009 observed", fd.ID, p[ParamPortMin], p[ParamPortMax], p[ParamRangeSource])
		}
	}
}
