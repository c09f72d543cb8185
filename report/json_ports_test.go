package report

import (
	"testing"

	"github.com/ftpnat/ftpnat/probe"
)

// A finding's port lists stand among its JSON params as compact text.
func TestBuildFindingPortLists(t *testing.T) {
	f := probe.Finding{ID: probe.FindingRangePartiallyBlocked, Severity: probe.SeverityCritical,
		Params: probe.Params{probe.ParamPortMin: "30000", probe.ParamPortMax: "30019"},
		Ports:  probe.PortLists{Ports: runs("30010-30014, 30016"), Missing: runs("30010-30014, 30016"), Forwarded: runs("30000-30009, 30015, 30017-30019")}}
	got := buildFinding(f, probe.Software{}).Params
	want := map[string]string{JSONPorts: "30010-30014, 30016", JSONMissing: "30010-30014, 30016",
		JSONForwarded: "30000-30009, 30015, 30017-30019", probe.ParamPortMin: "30000", probe.ParamPortMax: "30019"}
	if len(got) != len(want) {
		t.Errorf("params %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("param %s = %q, want %q", k, got[k], v)
		}
	}
	if _, ok := got[JSONALGPorts]; ok {
		t.Error("an empty port list is written")
	}
}
