package report

import (
	"bytes"
	"net/netip"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

// A run that met a session limit: the JSON report carries the finding
// with the limit and the directive for the detected server, and matches
// the schema; the text names it in the verdict line.
func TestConnectionLimitReport(t *testing.T) {
	res := reporttest.Healthy()
	addr := netip.MustParseAddr("203.0.113.10")
	res.Findings = append([]probe.Finding{{
		ID: probe.FindingConnectionLimit, Severity: probe.SeverityWarning,
		Summary:  "The server at 203.0.113.10 accepts at most 1 simultaneous session from this client.",
		Evidence: []string{"< 421 There are too many connections from your internet address."},
		Params: probe.Params{probe.ParamSessionLimit: "1", probe.ParamPublicAddress: "203.0.113.10",
			probe.ParamControlPort: "21", probe.ParamHost: "ftp.example.test"},
		Paths: []probe.PathID{{Family: probe.IPv4, Address: addr, Transport: probe.TransportExplicitTLS}},
	}}, res.Findings...)
	res.Verdict = probe.VerdictWarning
	raw := writeJSON(t, res)
	if err := reporttest.ValidateJSON(raw, reporttest.SchemaPath()); err != nil {
		t.Errorf("report does not match docs/report.schema.json:\n%v", err)
	}
	for _, want := range []string{`"session_limit": "1"`, `"config": "max_per_ip=10"`, "raise max_per_ip above the current 1"} {
		if !bytes.Contains(raw, []byte(want)) {
			t.Errorf("JSON lacks %s", want)
		}
	}
	if h := Headline(res); h != "Server limits simultaneous sessions" {
		t.Errorf("headline %q", h)
	}
	var b strings.Builder
	if err := WriteText(&b, res, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "server.connection_limit") || !strings.Contains(b.String(), "max_per_ip=10") {
		t.Errorf("text:\n%s", b.String())
	}
}
