package diagnosis

// RangeSource says where the passive range a fix is filled with comes
// from, so that the fix can say which range it is.
type RangeSource string

const (
	// RangeConfigured: the range the server is configured with, as the
	// administrator stated it (--expect-range) and the probe dialled it.
	RangeConfigured RangeSource = "configured"
	// RangeObserved: the span of the passive ports sampled; with few
	// samples only a lower bound of the configured range.
	RangeObserved RangeSource = "observed"
	// RangeRecommended: no range could be read; ftpnat's suggestion.
	RangeRecommended RangeSource = "recommended"
)

// Source is where Pin's range comes from.
func (r PortRange) Source() RangeSource {
	switch {
	case r.Configured != nil:
		return RangeConfigured
	case r.Observed:
		return RangeObserved
	}
	return RangeRecommended
}

// configuredRange is the passive range the facts state for the server,
// from the first path that dialled one (--expect-range, the same range on
// every path); nil when none did.
func configuredRange(gs []group) *PortSpan {
	for _, g := range gs {
		for _, p := range g.paths {
			if rs := p.Range; rs != nil && rs.Min >= 1 && rs.Min <= rs.Max && rs.Max <= 65535 {
				return &PortSpan{Min: rs.Min, Max: rs.Max}
			}
		}
	}
	return nil
}
