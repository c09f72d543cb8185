package report

import (
	"maps"
	"net/netip"
	"strconv"
	"strings"

	"github.com/ftpnat/ftpnat/probe"
)

// Matchers and adjusters for catalog variants. They read Params only, so a
// finding raised by any version of the probe is judged the same way.

// has matches when the finding carries a usable value for key.
func has(key string) func(probe.Params) bool {
	return func(p probe.Params) bool { return strings.TrimSpace(p[key]) != "" }
}

// isTrue matches when the finding's value for key is "true".
func isTrue(key string) func(probe.Params) bool {
	return func(p probe.Params) bool { return p[key] == "true" }
}

// onIPv6 matches a finding about an IPv6 path.
func onIPv6(p probe.Params) bool { return p[probe.ParamFamily] == string(probe.IPv6) }

// advertisesUnspecified matches a PASV reply naming 0.0.0.0.
func advertisesUnspecified(p probe.Params) bool {
	a, err := netip.ParseAddr(strings.TrimSpace(p[probe.ParamAdvertisedAddress]))
	return err == nil && a.Unmap().IsUnspecified()
}

// hasPorts matches when key holds a valid port list.
func hasPorts(key string) func(probe.Params) bool {
	return func(p probe.Params) bool { _, ok := parseSpans(p[key]); return ok }
}

// unreachableFromOutside reports whether an address cannot be reached from
// the internet (private, CGNAT, loopback, ...), so a server told to
// connect there cannot.
func unreachableFromOutside(s string) bool {
	a, err := netip.ParseAddr(strings.TrimSpace(s))
	return err == nil && !probe.ClassifyAddr(a.Unmap()).Routable()
}

// wholeRangeClassified matches a finding whose forwarded and missing runs
// together are exactly port_min..port_max, as --expect-range reports them,
// and whose missing part is small enough for one rule per run. Findings
// from a few sampled ports hold only those ports and do not match, nor
// does a recommended range, which nobody dialled.
func wholeRangeClassified(p probe.Params) bool {
	if p[probe.ParamRangeObserved] == "false" {
		return false
	}
	lo, errLo := strconv.Atoi(p[probe.ParamPortMin])
	hi, errHi := strconv.Atoi(p[probe.ParamPortMax])
	fwd, okF := parseSpans(p[probe.ParamForwarded])
	miss, okM := spansValue(p[probe.ParamMissing])
	return errLo == nil && errHi == nil && okF && okM && coversExactly(lo, hi, fwd, miss)
}

// recommendedRange replaces the range with the probe's recommended one:
// for a server that hands out any port, or whose range collides with other
// ALGs, the observed span is exactly what must not be pinned.
func recommendedRange(p probe.Params) probe.Params {
	out := maps.Clone(p)
	if out == nil {
		out = probe.Params{}
	}
	out[probe.ParamPortMin] = strconv.Itoa(probe.RecommendedPortMin)
	out[probe.ParamPortMax] = strconv.Itoa(probe.RecommendedPortMax)
	out[probe.ParamRangeObserved] = "false"
	return out
}
