package report

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

// filteredOnly is the NAT sample with only its network finding: the
// server announces the right address, the router does not forward.
func filteredOnly(t *testing.T) probe.Result {
	t.Helper()
	res := reporttest.NATPrivateFiltered()
	res.Findings = slices.DeleteFunc(res.Findings, func(f probe.Finding) bool { return f.ID != probe.FindingDataPortFiltered })
	if len(res.Findings) != 1 {
		t.Fatalf("sample lacks %s", probe.FindingDataPortFiltered)
	}
	res.Software = probe.Software{Name: probe.SoftwareVsftpd, Version: "3.0.3"}
	return res
}

// The text report shows the fix for the cause in full: for filtered data
// ports the forwarding fix, then the detected server's, and the next step
// names the forwarding fix.
func TestTextLeadsWithTheCausesFix(t *testing.T) {
	var b bytes.Buffer
	if err := WriteText(&b, filteredOnly(t), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	fwd, sw := strings.Index(out, "  Fix for port forwarding\n"), strings.Index(out, "  Fix for vsftpd (detected)\n")
	if fwd < 0 || sw < 0 || fwd > sw {
		t.Errorf("want the port forwarding fix, then the vsftpd fix (at %d, %d):\n%s", fwd, sw, out)
	}
	if !strings.Contains(out, "Next: Apply the port forwarding fix for data.port_filtered above, then run again") {
		t.Errorf("next step does not name the forwarding fix:\n%s", out)
	}
	if strings.Count(out, "Fix for ") != 2 {
		t.Errorf("want two fixes in full:\n%s", out)
	}
}

// The JSON report lists a network finding's fixes network devices first,
// the detected server's next: the order the other front ends show.
func TestJSONFixOrderFollowsCause(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, filteredOnly(t), Tool{Name: "ftpnat", Version: "test"}); err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Findings []struct {
			ID          string        `json:"id"`
			Remediation []Remediation `json:"remediation"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(b.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	got := appliesTo(rep.Findings[0].Remediation)
	want := append(ForwardingTargets(), probe.SoftwareVsftpd)
	if len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
		t.Errorf("JSON fixes %v, want them to start with %v", got, want)
	}
}
