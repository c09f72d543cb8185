package report

import (
	"github.com/ftpnat/ftpnat/probe"
	"slices"
	"strconv"
	"strings"
)

// span is an inclusive run of ports.
type span struct{ min, max int }

// maxSpans bounds how many runs a snippet repeats a line for: a range
// broken into more pieces than this is better forwarded whole, and a
// hostile or broken value must not blow a snippet up.
const maxSpans = 8

// validSpans checks a finding's port runs: every port a valid TCP port,
// every run in order. Any invalid run makes the whole list unusable (ok
// false) rather than half-right: the result is pasted into shells and
// firewall rules.
func validSpans(ps []probe.PortSpan) (spans []span, ok bool) {
	for _, p := range ps {
		if p.Min < 1 || p.Max > 65535 || p.Min > p.Max {
			return nil, false
		}
		spans = append(spans, span{p.Min, p.Max})
	}
	return spans, len(spans) > 0
}

// formatSpans joins runs with sep, a run's ends with dash ("-" for most
// tools, ":" for iptables).
func formatSpans(ss []span, dash, sep string) string {
	parts := make([]string, 0, len(ss))
	for _, s := range ss {
		parts = append(parts, s.format(dash))
	}
	return strings.Join(parts, sep)
}

func (s span) format(dash string) string {
	if s.min == s.max {
		return strconv.Itoa(s.min)
	}
	return strconv.Itoa(s.min) + dash + strconv.Itoa(s.max)
}

// coversExactly reports whether the runs of a and b together hold every
// port of lo..hi exactly once: the whole range was classified, as by
// --expect-range, not just a few sampled ports.
func coversExactly(lo, hi int, a, b []span) bool {
	all := slices.Concat(a, b)
	if len(all) == 0 {
		return false
	}
	slices.SortFunc(all, func(x, y span) int { return x.min - y.min })
	next := lo
	for _, s := range all {
		if s.min != next {
			return false // a gap or an overlap
		}
		next = s.max + 1
	}
	return next == hi+1
}
