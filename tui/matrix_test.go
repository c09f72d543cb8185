package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// The path matrix stands above the findings, one row per path, so the
// failing IPv6 path is seen at a glance; the cursor still starts on the
// first finding.
func TestPathMatrix(t *testing.T) {
	now := t0
	d := runDemo(t, "dual-stack-ipv6-data-filtered")
	m := finished(t, testModel(t, &now, true), d)
	assertLines(t, screenLines(m),
		"Paths",
		"  Path                    Control Passive address     Data     Listing",
		"  IPv4 203.0.113.10 plain ok      PASV 203.0.113.10   open     ok",
		"  IPv4 203.0.113.10 TLS   ok      PASV 203.0.113.10   open     ok")
	var v6 []string
	for _, l := range screenLines(m) {
		if strings.HasPrefix(l, "  IPv6 2001:db8::10 ") {
			v6 = append(v6, l)
		}
	}
	if len(v6) != 2 || !strings.Contains(v6[0], "filtered") || !strings.Contains(v6[1], "filtered") {
		t.Errorf("IPv6 rows %q", v6)
	}
	cursor := ""
	for _, l := range screenLines(m) {
		if strings.HasPrefix(l, "> ") {
			cursor = l
		}
	}
	if !strings.HasPrefix(cursor, "> CRITICAL  data.port_filtered") {
		t.Errorf("cursor line %q", cursor)
	}

	// Too narrow for the table: one wrapped line per path.
	narrow := update(t, m, tea.WindowSizeMsg{Width: 40, Height: 30})
	assertLines(t, screenLines(narrow), "Paths", "  IPv4 203.0.113.10 plain: control ok,")
}
