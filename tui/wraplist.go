package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
)

// wrapList lays out lead followed by items separated by ", " in lines of
// at most width cells, each indented by indent spaces. Lines break only
// between items, never inside a name ("Cisco ASA", "nftables"); a name
// too long for a line of its own is cut with a marker.
func wrapList(lead string, items []string, width, indent int) []string {
	pad := strings.Repeat(" ", indent)
	room := max(width-indent, 10)
	var lines []string
	line := lead
	for i, it := range items {
		if i < len(items)-1 {
			it += ","
		}
		switch {
		case line == "" || strings.HasSuffix(line, " ") && line == lead:
			line += it
		case lipgloss.Width(line)+1+lipgloss.Width(it) <= room:
			line += " " + it
		default:
			lines = append(lines, pad+line)
			line = it
		}
		if lipgloss.Width(line) > room {
			line = truncate(line, room)
		}
	}
	return append(lines, pad+line)
}
