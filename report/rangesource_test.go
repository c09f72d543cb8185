package report

import (
	"maps"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
)

// Fixes name the range they pin by where it comes from: the configured
// range (stated with --expect-range), the observed one (samples), or the
// recommended one; reports without a source fall back to range_observed.
func TestFixesNameTheRangeSource(t *testing.T) {
	base := natParams()
	delete(base, probe.ParamRangeSource)
	with := func(kv ...string) probe.Params {
		p := maps.Clone(base)
		for i := 0; i+1 < len(kv); i += 2 {
			p[kv[i]] = kv[i+1]
		}
		return p
	}
	tests := []struct {
		name   string
		params probe.Params
		want   string
	}{
		{"configured", with(probe.ParamPortMin, "30000", probe.ParamPortMax, "30019", probe.ParamRangeSource, string(probe.RangeConfigured)),
			"to the configured range 30000-30019"},
		{"observed", with(probe.ParamRangeSource, string(probe.RangeObserved), probe.ParamRangeObserved, "true"),
			"to the observed range 30000-30009"},
		{"recommended", with(probe.ParamRangeSource, string(probe.RangeRecommended), probe.ParamRangeObserved, "false"),
			"to the recommended range 30000-30009"},
		{"older report: observed flag only", with(probe.ParamRangeObserved, "true"),
			"to the observed range 30000-30009"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := Remediate(probe.Finding{ID: probe.FindingDataPortFiltered, Params: tt.params, Ports: natPorts()}, probe.SoftwareVsftpd)
			r := detectedFix(t, rs, probe.FindingDataPortFiltered, probe.SoftwareVsftpd)
			if !strings.Contains(r.Text, tt.want) {
				t.Errorf("vsftpd fix lacks %q:\n%s", tt.want, r.Text)
			}
		})
	}
}
