package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

func TestCompare(t *testing.T) {
	local, remote := reporttest.Healthy(), reporttest.NATPrivateFiltered()
	remote.Facts.Vantage.Remote = "probe.example.net"
	diffs := Compare(local, remote)
	got := map[string]Difference{}
	for _, d := range diffs {
		got[d.Kind+" "+d.Subject] = d
	}
	if d := got["verdict verdict"]; d.Local != "ok" || d.Remote != "critical" {
		t.Errorf("verdict %+v", d)
	}
	if d, ok := got["finding pasv.unroutable_address"]; !ok || d.Local != "" || !strings.HasPrefix(d.Remote, "critical: ") {
		t.Errorf("finding %+v in %+v", d, diffs)
	}
	if d, ok := got["data IPv4 plain"]; !ok || d.Local == d.Remote {
		t.Errorf("data %+v in %+v", d, diffs)
	}
	if len(Compare(local, local)) != 0 {
		t.Errorf("a result differs from itself: %+v", Compare(local, local))
	}

	var b bytes.Buffer
	if err := WriteCompareText(&b, local, remote, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"CRITICAL  ftp.example.test:21 (203.0.113.10) - here OK, from remote probe probe.example.net CRITICAL",
		"Verdict   OK", "Differences (", "finding pasv.unroutable_address: here none; from remote probe probe.example.net critical:"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("text lacks %q:\n%s", s, b.String())
		}
	}
	b.Reset()
	if err := WriteCompareText(&b, local, local, TextOptions{}); err != nil || !strings.Contains(b.String(), "No differences") {
		t.Errorf("same sides:\n%s", b.String())
	}

	b.Reset()
	if err := WriteCompareJSON(&b, local, remote, Tool{Name: "ftpnat"}); err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil || len(doc) != 3 || doc["local"] == nil || doc["remote"] == nil || doc["differences"] == nil {
		t.Fatalf("JSON keys %v (%v)", doc, err)
	}
	for _, side := range []string{"local", "remote"} {
		if err := reporttest.ValidateJSON(doc[side], reporttest.SchemaPath()); err != nil {
			t.Errorf("%s: %v", side, err)
		}
	}
}

func TestWorseVerdict(t *testing.T) {
	for _, tt := range []struct{ a, b, want probe.Verdict }{
		{probe.VerdictOK, probe.VerdictOK, probe.VerdictOK},
		{probe.VerdictOK, probe.VerdictWarning, probe.VerdictWarning},
		{probe.VerdictCritical, probe.VerdictWarning, probe.VerdictCritical},
		{probe.VerdictUnknown, probe.VerdictWarning, probe.VerdictUnknown},
		{probe.VerdictUnknown, probe.VerdictCritical, probe.VerdictCritical},
		{"", probe.VerdictOK, probe.VerdictUnknown},
	} {
		if got := WorseVerdict(tt.a, tt.b); got != tt.want {
			t.Errorf("WorseVerdict(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
		if got := WorseVerdict(tt.b, tt.a); got != tt.want {
			t.Errorf("WorseVerdict(%q, %q) = %q, want %q", tt.b, tt.a, got, tt.want)
		}
	}
}
