package monitor

import "strings"

// longText keeps a line of the plugin's long output (evidence, steps,
// transcript) as it was received, short of the two things the plugin
// format forbids: a line break, and '|', which in any long-output line
// starts performance data (Nagios plugin API), so that an EPSV reply's
// delimiters would swallow the rest of the output. '|' becomes '¦'
// (U+00A6, broken bar), which reads the same: "229 Entering Extended
// Passive Mode (¦¦¦30002¦)" rather than a reply with its delimiters blanked.
func longText(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '|':
			return '¦'
		case '\n', '\r':
			return ' '
		}
		return r
	}, s)
}
