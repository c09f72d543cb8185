package tui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// A list of names breaks only between names, never inside one.
func TestWrapListKeepsNames(t *testing.T) {
	items := []string{"vsftpd", "ProFTPD", "Pure-FTPd", "FileZilla Server", "Microsoft IIS FTP", "Serv-U",
		"netkit ftpd (linux-ftpd)", "port forwarding", "nftables", "iptables", "cisco-asa", "Juniper SRX", "MikroTik", "cloud firewall"}
	for _, width := range []int{40, 52, 80} {
		lines := wrapList("Other fixes: ", items, width, 2)
		var words []string
		for _, l := range lines {
			if lipgloss.Width(l) > width {
				t.Errorf("width %d: line %q is %d wide", width, l, lipgloss.Width(l))
			}
			if !strings.HasPrefix(l, "  ") {
				t.Errorf("width %d: line %q lacks the indent", width, l)
			}
			// Every line ends with a whole name: a comma, or the last one.
			if l != lines[len(lines)-1] && !strings.HasSuffix(l, ",") {
				t.Errorf("width %d: line %q breaks inside a name", width, l)
			}
			words = append(words, strings.TrimSpace(l))
		}
		if got, want := strings.Join(words, " "), "Other fixes: "+strings.Join(items, ", "); got != want {
			t.Errorf("width %d: joined lines\n%q\nwant\n%q", width, got, want)
		}
	}
	if got := wrapList("Other fixes: ", []string{strings.Repeat("x", 50)}, 40, 2); len(got) != 1 || !strings.HasSuffix(got[0], "…") || lipgloss.Width(got[0]) != 40 {
		t.Errorf("a name wider than the screen: %q", got)
	}
}

// In the detail view, every other fix's name sits whole on one line.
func TestOtherFixesNeverSplitAName(t *testing.T) {
	now := t0
	d := runDemo(t, "nat-private-unforwarded")
	for _, width := range []int{80, 64, 48} {
		m := update(t, finished(t, testModel(t, &now, true), d), tea.WindowSizeMsg{Width: width, Height: 24})
		m = press(t, m, "enter")
		rems := m.remediation()
		others := otherTargets(rems, rems[0].AppliesTo)
		var block []string
		for _, l := range m.fixLines(width) {
			l = sgr.ReplaceAllString(l, "")
			if strings.HasPrefix(l, "  Other fixes: ") || len(block) > 0 && l != "" {
				block = append(block, strings.TrimSpace(l))
			} else if len(block) > 0 {
				break
			}
		}
		if len(block) < 2 {
			t.Fatalf("width %d: the other fixes take %d lines; the test needs a wrapped list", width, len(block))
		}
		for _, name := range others {
			if !slices.ContainsFunc(block, func(l string) bool { return strings.Contains(l, name) }) {
				t.Errorf("width %d: %q is split across lines:\n%s", width, name, strings.Join(block, "\n"))
			}
		}
	}
}
