package diagnosis

import (
	"slices"
	"strings"
	"testing"
)

// Connect lines of the data-port findings follow the order in which the
// samples were taken, not the order of their ports; the summary still
// lists the ports in order.
func TestDataPortEvidenceInSampleOrder(t *testing.T) {
	tests := []struct {
		name    string
		reaches [3]Reach // of the samples at ports 30009, 30002, 30005 (PASV, PASV, EPSV)
		id      string
		want    []string // evidence prefixes, in order
		summary string
	}{
		{"filtered", [3]Reach{ReachFiltered, ReachFiltered, ReachFiltered}, FindingDataPortFiltered,
			[]string{"connect 203.0.113.10:30009 (PASV)", "connect 203.0.113.10:30002 (PASV)", "connect 203.0.113.10:30005 (EPSV)"},
			"30002, 30005, 30009"},
		{"refused", [3]Reach{ReachRefused, ReachRefused, ReachRefused}, FindingDataPortRefused,
			[]string{"connect 203.0.113.10:30009 (PASV)", "connect 203.0.113.10:30002 (PASV)", "connect 203.0.113.10:30005 (EPSV)"},
			"30002, 30005, 30009"},
		{"partly", [3]Reach{ReachFiltered, ReachOpen, ReachRefused}, FindingRangePartiallyBlocked,
			[]string{"connect 203.0.113.10:30009 (PASV): filtered", "connect 203.0.113.10:30002 (PASV): open", "connect 203.0.113.10:30005 (EPSV): refused"},
			"others do not (30005, 30009)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := healthyFacts()
			p := &f.Paths[0]
			p.PASV = []PassiveSample{pasvSample(pubAddr, 30009, tt.reaches[0]), pasvSample(pubAddr, 30002, tt.reaches[1])}
			p.EPSV = []PassiveSample{epsvSample(30005, tt.reaches[2])}
			p.Transfer = nil
			d := Diagnose(f)
			k := slices.IndexFunc(d.Findings, func(fd Finding) bool { return fd.ID == tt.id })
			if k < 0 {
				t.Fatalf("no %s in %v", tt.id, idsOf(d.Findings))
			}
			fd := d.Findings[k]
			if len(fd.Evidence) < len(tt.want) {
				t.Fatalf("evidence %q", fd.Evidence)
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(fd.Evidence[i], w) {
					t.Errorf("evidence[%d] = %q, want %q…", i, fd.Evidence[i], w)
				}
			}
			if !strings.Contains(fd.Summary, tt.summary) {
				t.Errorf("summary %q does not list %q", fd.Summary, tt.summary)
			}
		})
	}
}
