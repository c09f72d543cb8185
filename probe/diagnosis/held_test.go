package diagnosis

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"
)

// A server that holds commands until the data connection arrives is
// reported as such, not as a broken control session or FTP inspection.
func TestHeldForData(t *testing.T) {
	awaited := Dial{Address: netip.MustParseAddrPort("203.0.113.10:30001"), Reach: ReachFiltered, Duration: 3 * time.Second}
	tests := []struct {
		name    string
		modify  func(p *Path)
		summary []string
		absent  []string
	}{
		{
			name: "reply timeout",
			modify: func(p *Path) {
				p.SessionError = &SessionError{Step: "pasv", Command: "PASV", Kind: ErrKindTimeout, Error: "PASV: no reply within 10s", AwaitingData: &awaited}
			},
			summary: []string{"did not answer PASV", "203.0.113.10:30001", "filtered", "data port is the problem"},
			absent:  []string{FindingControlSessionFailed},
		},
		{
			name: "late reply",
			modify: func(p *Path) {
				p.HeldForData = &HeldForData{Command: "PASV", Awaited: awaited, Late: Reply{550, []string{"550 internal server error"}}, Wait: 10 * time.Second}
			},
			summary: []string{"answered PASV only after 10.0 s", "filtered"},
			absent:  []string{FindingControlSessionFailed, FindingPASVUnsupported},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := healthyFacts()
			p := &f.Paths[0]
			p.PASV = []PassiveSample{pasvSample(pubAddr, 30001, ReachFiltered)}
			p.EPSV, p.Transfer = nil, nil
			tt.modify(p)
			d := Diagnose(f)
			got := idsOf(d.Findings)
			k := slices.Index(got, FindingControlHeldForData)
			if k < 0 {
				t.Fatalf("no %s in %v", FindingControlHeldForData, got)
			}
			fd := d.Findings[k]
			if fd.Severity != SeverityWarning {
				t.Errorf("severity %s", fd.Severity)
			}
			for _, w := range tt.summary {
				if !strings.Contains(fd.Summary, w) {
					t.Errorf("summary %q does not say %q", fd.Summary, w)
				}
			}
			for _, id := range tt.absent {
				if slices.Contains(got, id) {
					t.Errorf("raised %s: %v", id, got)
				}
			}
			if !slices.Contains(got, FindingDataPortFiltered) {
				t.Errorf("no %s: %v", FindingDataPortFiltered, got)
			}
		})
	}
}
