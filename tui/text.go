package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// clean makes text that may come from the server safe to draw: control
// characters (which could drive the terminal) and bidirectional overrides
// become visible escapes, as in the text report; tabs become spaces so the
// layout holds. The probe already does this for reply lines; the screen
// does it again for everything it shows.
func clean(s string) string {
	return report.Sanitize(strings.ReplaceAll(s, "\t", " "))
}

// wrap breaks plain prose into lines of at most width cells, each prefixed
// by indent spaces. Styling comes after wrapping, so escape sequences never
// count against the width.
func wrap(s string, width, indent int) []string {
	w := max(width-indent, 10)
	pad := strings.Repeat(" ", indent)
	var out []string
	for _, l := range strings.Split(lipgloss.Wrap(s, w, ""), "\n") {
		out = append(out, strings.TrimRight(pad+l, " "))
	}
	return out
}

// hang wraps s after a fixed-width head: the first line starts with head,
// the others are indented to line up under the text.
func hang(head, s string, width int) []string {
	n := lipgloss.Width(head)
	lines := wrap(s, width, n)
	// Only the indent goes: a reply's own leading space is part of it.
	lines[0] = head + strings.TrimPrefix(lines[0], strings.Repeat(" ", n))
	return lines
}

// truncate shortens plain s to at most width cells, marking the cut.
func truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if lipgloss.Width(s) <= width {
		return s
	}
	var b strings.Builder
	used := 0
	for _, r := range s {
		rw := lipgloss.Width(string(r))
		if used+rw > width-1 {
			break
		}
		b.WriteRune(r)
		used += rw
	}
	return b.String() + "…"
}

// truncateLeft shortens plain s to at most width cells from the left.
func truncateLeft(s string, width int) string {
	if lipgloss.Width(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && lipgloss.Width(string(r))+1 > width {
		r = r[1:]
	}
	return "…" + string(r)
}

// padRight pads plain s with spaces to width cells.
func padRight(s string, width int) string {
	if n := lipgloss.Width(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}

func padLeft(s string, width int) string {
	if n := lipgloss.Width(s); n < width {
		return strings.Repeat(" ", width-n) + s
	}
	return s
}

// spread puts left and right on one line of width cells (right-aligned
// right), truncating left when both do not fit.
func spread(left, right string, width int) string {
	rw := lipgloss.Width(right)
	if rw == 0 {
		return truncate(left, width)
	}
	left = truncate(left, width-rw-2)
	return left + strings.Repeat(" ", max(width-lipgloss.Width(left)-rw, 2)) + right
}

// duration is the text report's way of writing a step's time.
func duration(d time.Duration) string {
	switch {
	case d <= 0:
		return "0ms"
	case d < time.Millisecond:
		return "<1ms"
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	case d < 10*time.Second:
		return fmt.Sprintf("%.2fs", d.Seconds())
	}
	return fmt.Sprintf("%.1fs", d.Seconds())
}

// seconds is a countdown figure: one decimal, never negative.
func seconds(d time.Duration) string {
	return fmt.Sprintf("%.1fs", max(d, 0).Seconds())
}

// targetLabel is the report's target label, or fallback before a result.
func targetLabel(res probe.Result, fallback string) string {
	if res.Facts.Host == "" && len(res.Facts.Paths) == 0 {
		return fallback
	}
	return report.TargetLabel(res)
}

// evidenceLine marks one line of evidence like the text report: commands
// sent ("> ") and replies received ("< ") keep their marks, a bare reply
// gets the received mark, and a measured fact a dash. The mark is always
// two bytes.
func evidenceLine(l string) string {
	l = clean(strings.TrimSuffix(l, "\r"))
	switch {
	case strings.HasPrefix(l, probe.EvidenceSent), strings.HasPrefix(l, probe.EvidenceRecv):
		return l
	case looksLikeReply(l):
		return probe.EvidenceRecv + l
	}
	return "- " + l
}

func looksLikeReply(s string) bool {
	if len(s) < 3 {
		return false
	}
	for _, c := range []byte(s[:3]) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(s) == 3 || s[3] == ' ' || s[3] == '-'
}

// softwareLabel names the detected server software with its version.
func softwareLabel(s probe.Software) string {
	return clean(s.Label())
}
