package tui

import (
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
)

// The finding detail lists the clients table's verdicts, one line per
// outcome; a finding the table does not cover has no Clients section.
func TestDetailClients(t *testing.T) {
	now := t0
	m := testModel(t, &now, false)
	m.findings = []probe.Finding{
		{ID: probe.FindingPASVUnroutable, Severity: probe.SeverityCritical,
			Params: probe.Params{probe.ParamAdvertisedAddress: "100.64.0.7", probe.ParamPublicAddress: "203.0.113.10"}},
		{ID: probe.FindingDataPortFiltered, Severity: probe.SeverityCritical},
	}
	m.selected = 0
	all := sgr.ReplaceAllString(strings.Join(m.detailLines(200), "\n"), "")
	want := "Clients\n" +
		"  cope: curl >=7.74.0, Python ftplib >=3.9.3, BusyBox ftpget/ftpput, Apache Commons Net >=3.9.0, jlaffaye/ftp >=0.2.3\n" +
		"  fail: curl <7.74.0, lftp, FileZilla, WinSCP, Python ftplib <3.9.3, Apache Commons Net <3.9.0, jlaffaye/ftp <0.2.3\n" +
		"  not affected: Windows ftp.exe\n" +
		"  Sources and conditions: docs/clients.md"
	if !strings.HasSuffix(all, want) {
		t.Errorf("detail of a CGNAT PASV address ends:\n%s\nwant:\n%s", all[max(0, len(all)-600):], want)
	}
	m.selected = 1
	if all := strings.Join(m.detailLines(200), "\n"); strings.Contains(all, "Clients") {
		t.Errorf("data.port_filtered has a Clients section:\n%s", all)
	}
}
