package tui

import "strings"

func (m *model) syncHelp(w, bodyH int) {
	m.helpVP.SetWidth(w)
	m.helpVP.SetHeight(bodyH)
	m.helpVP.SetContentLines(m.helpLines(w))
}

// helpLines is every key, then what the less obvious ones do.
func (m model) helpLines(w int) []string {
	lines := strings.Split(m.help.FullHelpView(m.keys.full()), "\n")
	for i, l := range lines {
		lines[i] = "  " + l
	}
	notes := []string{
		"In a finding, tab and ←/→ cycle through its fixes: the detected server " +
			"software first, then the other servers and the firewalls.",
		"c copies the snippet with OSC 52 (tmux: set -g set-clipboard on), which " +
			"a terminal may ignore, so it also saves it to a file and shows where. " +
			"On screen it is undecorated and never wrapped: … marks a cut line, " +
			"< and > scroll it.",
		"s saves the JSON report to " + m.saveDirLabel() + ".",
		"r runs again; r, q and ctrl+c cancel a running diagnosis. Exit code: " +
			"the verdict's (0 ok, 1 warning, 2 critical), 3 if quit before one.",
	}
	lines = append(lines, "")
	for _, n := range notes {
		lines = append(lines, wrap(n, w, 2)...)
	}
	return lines
}
