package report

import (
	"fmt"
	"net/netip"
	"strings"
	"unicode/utf8"

	"github.com/ftpnat/ftpnat/probe"
)

// activeLine prints the one-glance active-mode result under the server
// line: one part per command. Nothing when active mode was not tested.
func (t *textWriter) activeLine(f *probe.Path) {
	if parts := activeParts(f, t.m); len(parts) > 0 {
		t.labelledParts("Active", parts)
	}
}

// activeParts are the parts of the active-mode line; none when active
// mode was not tested.
func activeParts(f *probe.Path, m marks) []string {
	a := f.Active
	if a == nil || !a.Tested {
		return nil
	}
	var parts []string
	for _, at := range []*probe.ActiveTest{a.PORT, a.EPRT} {
		if at != nil {
			parts = append(parts, activePart(at, a.Advertise, m))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "not run")
	}
	return parts
}

// activePart says what one PORT/EPRT attempt named and how it ended.
func activePart(at *probe.ActiveTest, advertise netip.Addr, m marks) string {
	head := sanitize(at.Command)
	if ep := namedEndpoint(advertise, at); ep.IsValid() {
		head += " " + ep.String()
	}
	switch {
	case !at.Accepted && at.Reply.Code == 0:
		if at.Error != "" {
			return head + " failed: " + sanitize(at.Error)
		}
		return head + " got no reply"
	case !at.Accepted && at.ServerSees.IsValid():
		// The address the server sees says more than its wording.
		return head + " refused: the server sees " + at.ServerSees.String()
	case !at.Accepted:
		return head + " refused: " + clip(firstLine(&at.Reply), 40, m.ellipsis)
	case !at.Connected:
		s := head + " accepted, no connection back"
		if r, ok := lastReply(at.ListReplies); ok && r.Class() >= 4 {
			s += ": " + clip(firstLine(&r), 40, m.ellipsis)
		}
		return s
	}
	s := head + " accepted, server connected back"
	if at.From.IsValid() {
		s += " from " + at.From.String()
	}
	if !at.OK {
		return s + ", listing failed: " + sanitize(at.Error)
	}
	return s + fmt.Sprintf(" (%d bytes)", at.Bytes)
}

func lastReply(rs []probe.Reply) (probe.Reply, bool) {
	if len(rs) == 0 {
		return probe.Reply{}, false
	}
	return rs[len(rs)-1], true
}

// rangeLine prints the --expect-range result: which part of the range is
// forwarded and which is missing. Nothing when no range was checked.
func (t *textWriter) rangeLine(f *probe.Path) {
	if parts := rangeParts(f); len(parts) > 0 {
		t.labelledParts("Range", parts)
	}
}

// rangeParts are the parts of the --expect-range line; none when no range
// was checked.
func rangeParts(f *probe.Path) []string {
	rs := f.Range
	if rs == nil {
		return nil
	}
	n := rs.Max - rs.Min + 1
	silent, untested := probe.Ports(rs.Silent), rs.Untested()
	s := fmt.Sprintf("%d-%d: ", rs.Min, rs.Max)
	switch {
	case len(rs.Answering) > 0 && len(rs.Silent) > 0:
		s += fmt.Sprintf("forwarded %s, missing %s (%d silent)",
			spanText(rs.Answering), spanText(rs.Silent), silent)
	case len(rs.Silent) > 0:
		s += fmt.Sprintf("no port answers (%d silent)", silent)
	case len(rs.Answering) > 0 && untested == 0:
		s += fmt.Sprintf("all %d ports answer", n)
	case len(rs.Answering) > 0:
		s += "forwarded " + spanText(rs.Answering)
	default:
		s += "not checked"
	}
	parts := []string{s}
	if rs.Refused > 0 {
		parts = append(parts, fmt.Sprintf("%d open, %d reset", rs.Open, rs.Refused))
	}
	if untested > 0 {
		parts = append(parts, fmt.Sprintf("%d not tested before the timeout", untested))
	}
	return parts
}

// maxShownSpans keeps a badly fragmented range from filling the screen;
// the JSON report has every run.
const maxShownSpans = 6

// spanText is "30000-30009, 30011", cut after maxShownSpans runs.
func spanText(ss []probe.PortSpan) string {
	shown := make([]span, 0, min(len(ss), maxShownSpans))
	for _, s := range ss[:min(len(ss), maxShownSpans)] {
		shown = append(shown, span{s.Min, s.Max})
	}
	out := formatSpans(shown, "-", ", ")
	if more := len(ss) - len(shown); more > 0 {
		out += fmt.Sprintf(" and %d more runs", more)
	}
	return out
}

// clip shortens s to at most n runes, the ellipsis marking the cut.
func clip(s string, n int, ellipsis string) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	keep := max(0, n-utf8.RuneCountInString(ellipsis))
	return strings.TrimRight(string([]rune(s)[:keep]), " ") + ellipsis
}
