package monitor

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Range is a monitoring-plugin threshold range ([@]start:end): an alert
// fires when a value is outside start..end, or inside it with '@'.
// "10" means 0:10, "10:" means 10:∞, "~:10" means -∞:10.
type Range struct {
	Start, End float64 // ±Inf for open ends
	Inside     bool    // '@': alert inside the range
	text       string  // as given, for perfdata
}

// ParseRange reads the plugin range syntax.
func ParseRange(s string) (Range, error) {
	r := Range{text: strings.TrimSpace(s), Start: 0, End: math.Inf(1)}
	body := r.text
	if rest, ok := strings.CutPrefix(body, "@"); ok {
		r.Inside, body = true, rest
	}
	if body == "" {
		return Range{}, fmt.Errorf("empty threshold range %q", s)
	}
	lo, hi, hasColon := strings.Cut(body, ":")
	if !hasColon {
		lo, hi = "0", body
	}
	var err error
	switch lo {
	case "~":
		r.Start = math.Inf(-1)
	case "":
		return Range{}, fmt.Errorf("threshold range %q: missing start before ':'", s)
	default:
		if r.Start, err = parseNumber(lo); err != nil {
			return Range{}, fmt.Errorf("threshold range %q: %w", s, err)
		}
	}
	if hi != "" {
		if r.End, err = parseNumber(hi); err != nil {
			return Range{}, fmt.Errorf("threshold range %q: %w", s, err)
		}
	}
	if r.Start > r.End {
		return Range{}, fmt.Errorf("threshold range %q: start is greater than end", s)
	}
	return r, nil
}

func parseNumber(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}

// Alert reports whether v triggers the threshold.
func (r Range) Alert(v float64) bool {
	in := v >= r.Start && v <= r.End
	if r.Inside {
		return in
	}
	return !in
}

// String is the range as given, which is what perfdata carries.
func (r Range) String() string { return r.text }
