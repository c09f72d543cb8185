package report

import (
	"maps"
	"net/netip"
	"strconv"
	"strings"

	"github.com/ftpnat/ftpnat/probe"
)

// Matchers and adjusters for catalog variants. They read a finding's
// values only (its params and port lists), never its words.

// has matches when the finding carries a usable value for key.
func has(key string) func(probe.Finding) bool {
	return func(f probe.Finding) bool { return strings.TrimSpace(f.Params[key]) != "" }
}

// isTrue matches when the finding's value for key is "true".
func isTrue(key string) func(probe.Finding) bool {
	return func(f probe.Finding) bool { return f.Params[key] == "true" }
}

// onIPv6 matches a finding about an IPv6 path.
func onIPv6(f probe.Finding) bool { return f.Params[probe.ParamFamily] == string(probe.IPv6) }

// remappedControl matches a control port published on another number
// than the server's own: a non-standard public port, or one the user said
// maps to another (--nat).
func remappedControl(f probe.Finding) bool {
	public, server := f.Params[probe.ParamControlPort], f.Params[probe.ParamServerPort]
	if server != "" {
		return server != public
	}
	return public != "" && public != "21" && public != "990"
}

// advertisesUnspecified matches a PASV reply naming 0.0.0.0.
func advertisesUnspecified(f probe.Finding) bool {
	a, err := netip.ParseAddr(strings.TrimSpace(f.Params[probe.ParamAdvertisedAddress]))
	return err == nil && a.Unmap().IsUnspecified()
}

// algPorts matches when the range holds ports other ALGs grab.
func algPorts(f probe.Finding) bool {
	_, ok := spansValue(f.Ports.ALG)
	return ok
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
func wholeRangeClassified(f probe.Finding) bool {
	p := f.Params
	if p[probe.ParamRangeObserved] == "false" {
		return false
	}
	lo, errLo := strconv.Atoi(p[probe.ParamPortMin])
	hi, errHi := strconv.Atoi(p[probe.ParamPortMax])
	fwd, okF := validSpans(f.Ports.Forwarded)
	miss, okM := spansValue(f.Ports.Missing)
	return errLo == nil && errHi == nil && okF && okM && coversExactly(lo, hi, fwd, miss)
}

// recommendedRange replaces the range with the probe's recommended one:
// for a server that hands out any port, or whose range collides with other
// ALGs, the observed span is exactly what must not be pinned.
func recommendedRange(f probe.Finding) probe.Finding {
	out := maps.Clone(f.Params)
	if out == nil {
		out = probe.Params{}
	}
	out[probe.ParamPortMin] = strconv.Itoa(probe.RecommendedPortMin)
	out[probe.ParamPortMax] = strconv.Itoa(probe.RecommendedPortMax)
	out[probe.ParamRangeObserved] = "false"
	out[probe.ParamRangeSource] = string(probe.RangeRecommended)
	f.Params = out
	return f
}
