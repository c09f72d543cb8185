package tui

import (
	"testing"

	"github.com/ftpnat/ftpnat/probe"
)

// The detail of a network finding leads with the forwarding fix and has
// the detected server's fix right after the network devices; the
// address finding, a server setting, leads with the detected server.
func TestDetailFixesFollowTheCause(t *testing.T) {
	now := t0
	d := runDemo(t, "nat-private-unforwarded")
	m := finished(t, testModel(t, &now, true), d)
	if got := findingIDs(m.findings); len(got) < 2 || got[0] != probe.FindingPASVUnroutable || got[1] != probe.FindingDataPortFiltered {
		t.Fatalf("findings %v: the unroutable address is the root cause and comes first", got)
	}
	first := press(t, m, "enter")
	assertLines(t, screenLines(first),
		"Fix for vsftpd (detected)                              1/25  tab/←/→ other fixes")

	filtered := press(t, m, "j", "enter")
	if f, _ := filtered.current(); f.ID != probe.FindingDataPortFiltered {
		t.Fatalf("detail of %s", f.ID)
	}
	assertLines(t, screenLines(filtered),
		"Fix for port forwarding                                1/25  tab/←/→ other fixes")
	// The network devices (port forwarding, nftables, iptables, Cisco ASA,
	// Juniper SRX, MikroTik, cloud), then the detected server.
	detected := press(t, filtered, "tab", "tab", "tab", "tab", "tab", "tab", "tab")
	if fix, _ := detected.currentFix(); fix.AppliesTo != probe.SoftwareVsftpd {
		t.Errorf("fix 8 of data.port_filtered is for %s, want the detected vsftpd", fix.AppliesTo)
	}
	assertLines(t, screenLines(detected),
		"Fix for vsftpd (detected)                              8/25  tab/←/→ other fixes")
}
