package diagnosis

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Truncate shortens s to n bytes, marking the cut.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// FirstLine is a reply's first line, shortened, or its code.
func FirstLine(r Reply) string {
	if len(r.Lines) == 0 {
		return strconv.Itoa(r.Code)
	}
	return Truncate(r.Lines[0], 160)
}

// fmtDur prints a duration rounded for humans: "0.4 ms", "12 ms", "3.0 s".
func FormatDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	default:
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
}

// sortFindings orders findings by CompareFindings (most severe first,
// then the root cause), keeping the order of equal IDs.
func sortFindings(fs []Finding) {
	slices.SortStableFunc(fs, CompareFindings)
}
