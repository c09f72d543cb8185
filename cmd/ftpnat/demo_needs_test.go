package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// Scenarios that only show with a flag apply it themselves.
func TestDemoAppliesTheFlagsItNeeds(t *testing.T) {
	code, out, stderr := run(t, nil, "demo", "implicit-tls", "--json")
	var rep struct {
		Verdict string `json:"verdict"`
		Target  struct {
			TLSMode string `json:"tls_mode"`
		} `json:"target"`
		Findings []struct{ ID string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("demo implicit-tls: exit %d, %v, stderr %q", code, err, stderr)
	}
	if code != exitOK || rep.Verdict != "ok" || rep.Target.TLSMode != "implicit" {
		t.Errorf("demo implicit-tls: exit %d, verdict %q, tls_mode %q, findings %+v", code, rep.Verdict, rep.Target.TLSMode, rep.Findings)
	}

	code, out, _ = run(t, nil, "demo", "active-disabled", "--json")
	if code != exitWarning || !strings.Contains(out, `"id": "active.port_rejected"`) && !strings.Contains(out, `"id":"active.port_rejected"`) {
		t.Errorf("demo active-disabled: exit %d, want 1 with active.port_rejected", code)
	}

	_, list, _ := run(t, nil, "demo", "--list")
	// The list wraps at 80 columns: compare the words.
	words := strings.Join(strings.Fields(list), " ")
	for _, want := range []string{"Implicit FTPS (applies --tls implicit)", "Active mode disabled on the server (applies --active)"} {
		if !strings.Contains(words, want) {
			t.Errorf("demo --list lacks %q\n%s", want, list)
		}
	}
	if strings.Contains(list, "Healthy server (applies") {
		t.Errorf("demo --list names flags for a scenario that needs none\n%s", list)
	}
}
