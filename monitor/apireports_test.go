package monitor

import (
	"strings"
	"testing"
	"time"
)

// The web page's finished reports are bounded by the api section, with
// defaults when it says nothing.
func TestParseConfigAPIReports(t *testing.T) {
	dir := t.TempDir()
	writeToken(t, dir, testToken, 0o600)
	c, err := ParseConfig([]byte("allowed_targets: [h]\napi: {token_file: api.token, report_ttl: 5m, max_reports: 7}"), dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.API.ReportTTL != 5*time.Minute || c.API.MaxReports != 7 {
		t.Errorf("report_ttl %s, max_reports %d", c.API.ReportTTL, c.API.MaxReports)
	}
	c, err = ParseConfig([]byte("allowed_targets: [h]\napi: {token_file: api.token}"), dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.API.ReportTTL != DefaultAPIReportTTL || c.API.MaxReports != DefaultAPIMaxReports {
		t.Errorf("defaults: report_ttl %s, max_reports %d", c.API.ReportTTL, c.API.MaxReports)
	}
	for _, tt := range []struct{ yaml, want string }{
		{"report_ttl: -1s", "report_ttl"},
		{"report_ttl: 48h", "report_ttl"},
		{"max_reports: -1", "max_reports"},
		{"max_reports: 1000000", "max_reports"},
	} {
		_, err := ParseConfig([]byte("allowed_targets: [h]\napi: {token_file: api.token, "+tt.yaml+"}"), dir)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %q", tt.yaml, err, tt.want)
		}
	}
}
