package report

import (
	"slices"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
)

// detectedFix is the detected program's fix of a finding, which must come
// where the finding's cause puts it: first for a server cause, first
// after the network devices for a network cause.
func detectedFix(t *testing.T, rs []Remediation, id, slug string) Remediation {
	t.Helper()
	e, ok := Lookup(id)
	if !ok {
		t.Fatalf("%s: not in the catalog", id)
	}
	at := 0
	if e.Cause == CauseNetwork {
		at = slices.IndexFunc(rs, func(r Remediation) bool { return !slices.Contains(NetworkTargets(), r.AppliesTo) })
	}
	if at < 0 || at >= len(rs) || rs[at].AppliesTo != slug {
		t.Fatalf("%s (%s cause): the detected program's fix (%s) is not at %d: %v", id, e.Cause, slug, at, appliesTo(rs))
	}
	return rs[at]
}

func appliesTo(rs []Remediation) []string {
	out := make([]string, 0, len(rs))
	for _, r := range rs {
		out = append(out, r.AppliesTo)
	}
	return out
}

// The order of the fixes follows the finding's cause: a network finding
// leads with forwarding and firewall fixes and has the detected server's
// fix next; a server-configuration finding leads with the detected
// server's fix.
func TestRemediationOrderFollowsCause(t *testing.T) {
	tests := []struct {
		id       string
		cause    Cause
		software string
		first    []string // the first targets, in order
	}{
		{probe.FindingDataPortFiltered, CauseNetwork, probe.SoftwareVsftpd,
			[]string{TargetPortForwarding, TargetNftables, TargetIptables, TargetCiscoASA, TargetJuniperSRX, TargetMikroTik, TargetCloud, probe.SoftwareVsftpd, probe.SoftwareProFTPD}},
		{probe.FindingDataPortRefused, CauseNetwork, probe.SoftwareProFTPD,
			[]string{TargetPortForwarding, TargetNftables}},
		{probe.FindingRangePartiallyBlocked, CauseNetwork, probe.SoftwarePureFTPd,
			[]string{TargetPortForwarding, TargetNftables}},
		{probe.FindingFamilyDataBlocked, CauseNetwork, probe.SoftwareVsftpd,
			[]string{TargetPortForwarding, TargetNftables}},
		{probe.FindingControlUnreachable, CauseNetwork, "", // no server has a fix for it
			[]string{TargetPortForwarding}},
		{probe.FindingALGDataPortsInspection, CauseNetwork, probe.SoftwarePureFTPd,
			[]string{TargetPortForwarding}},
		{probe.FindingBalancerNoAffinity, CauseNetwork, probe.SoftwareVsftpd,
			[]string{TargetNftables, TargetIptables, TargetCloud, TargetHAProxy, TargetNginx, TargetKubernetes, probe.SoftwareVsftpd}},
		{probe.FindingPASVUnroutable, CauseServer, probe.SoftwareVsftpd,
			[]string{probe.SoftwareVsftpd, probe.SoftwareProFTPD}},
		{probe.FindingPASVMismatch, CauseServer, probe.SoftwareProFTPD,
			[]string{probe.SoftwareProFTPD}},
		{probe.FindingPassivePortRange, CauseServer, probe.SoftwarePureFTPd,
			[]string{probe.SoftwarePureFTPd}},
		{probe.FindingALGPASVRewritten, CauseServer, probe.SoftwareVsftpd,
			[]string{probe.SoftwareVsftpd}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			e, _ := Lookup(tt.id)
			if e.Cause != tt.cause {
				t.Errorf("cause %q, want %q", e.Cause, tt.cause)
			}
			rs := Remediate(probe.Finding{ID: tt.id, Params: natParams(), Ports: natPorts()}, tt.software)
			got := appliesTo(rs)
			if len(got) < len(tt.first) || !slices.Equal(got[:len(tt.first)], tt.first) {
				t.Errorf("order %v, want it to start with %v", got, tt.first)
			}
			if tt.software != "" {
				detectedFix(t, rs, tt.id, tt.software)
			}
			// The same finding gives the same order to every front end:
			// the JSON report carries exactly this list.
			if again := appliesTo(RemediateSoftware(probe.Finding{ID: tt.id, Params: natParams(), Ports: natPorts()},
				probe.Software{Name: tt.software})); !slices.Equal(again, got) {
				t.Errorf("RemediateSoftware order %v differs from Remediate %v", again, got)
			}
		})
	}
}
