package report

import (
	"testing"

	"github.com/ftpnat/ftpnat/probe"
)

// BenchmarkRemediate fills the fixes of one NAT finding, as every report
// does for each of its findings (a batch, for every target).
func BenchmarkRemediate(b *testing.B) {
	f := probe.Finding{ID: probe.FindingPASVUnroutable, Params: natParams(), Ports: probe.PortLists{Missing: runs("30005-30009")}}
	sw := probe.Software{Name: probe.SoftwareVsftpd, Version: "3.0.3"}
	b.ReportAllocs()
	for b.Loop() {
		if len(RemediateSoftware(f, sw)) == 0 {
			b.Fatal("no fixes")
		}
	}
}
