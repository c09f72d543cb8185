package monitor

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/probe"
)

// perfLabels are the labels of a status line's perfdata, in order.
func perfLabels(t *testing.T, line string) []string {
	t.Helper()
	_, perf, _ := strings.Cut(line, " | ")
	var out []string
	for _, item := range strings.Fields(perf) {
		label, _, _ := strings.Cut(item, "=")
		out = append(out, strings.Trim(label, "'"))
	}
	return out
}

// Every run of one configuration carries the same perfdata labels,
// whatever the outcome: a graph must not lose its series because a login
// failed or the server never greeted.
func TestPerfdataLabelsStable(t *testing.T) {
	for _, tt := range []struct {
		mode      probe.TLSMode
		active    bool
		scenarios []string
	}{
		{probe.TLSAuto, false, []string{"healthy", "nat-private-unforwarded", "login-refused", "no-greeting", "control-filtered", "ports-refused"}},
		{probe.TLSOff, true, []string{"healthy", "nat-private-unforwarded", "no-greeting"}},
		{probe.TLSExplicit, false, []string{"healthy", "login-refused"}},
		{probe.TLSImplicit, false, []string{"implicit-tls", "no-greeting"}},
	} {
		want := []string{"time"}
		want = append(want, PerfPhases(tt.mode)...)
		for _, m := range PerfModes(tt.mode, tt.active) {
			want = append(want, "data_"+m)
		}
		// RRD-based graphers keep the first 19 characters of a label.
		seen := map[string]string{}
		for _, l := range want {
			k := l[:min(len(l), 19)]
			if other, dup := seen[k]; dup {
				t.Errorf("--tls %s: %q and %q share their first 19 characters", tt.mode, other, l)
			}
			seen[k] = l
		}
		for _, sc := range tt.scenarios {
			_, o := startScenario(t, sc)
			o.TLS, o.Active, o.Timeout = tt.mode, tt.active, 3*time.Second
			res, out := diagnose(t, o)
			_, lines := pluginOutput(t, res, out, PluginOptions{Timeout: o.Timeout, Active: tt.active})
			if got := perfLabels(t, lines[0]); !slices.Equal(got, want) {
				t.Errorf("--tls %s, %s: labels\n %v\nwant\n %v", tt.mode, sc, got, want)
			}
		}
	}
}

// What did not run is U, not 0 (which would read as "took no time" or
// "every connection failed") and not absent.
func TestPerfdataUndeterminable(t *testing.T) {
	_, o := startScenario(t, "login-refused")
	res, out := diagnose(t, o)
	_, lines := pluginOutput(t, res, out, PluginOptions{Timeout: o.Timeout})
	for _, want := range []string{" 'pasv'=U;;;0 ", " 'data_pasv'=U;;;0 ", " 'data_tls'=U;;;0", " 'login'="} {
		if !strings.Contains(lines[0]+" ", want) {
			t.Errorf("perfdata lacks %q: %s", want, lines[0])
		}
	}
	if strings.Contains(lines[0], "'login'=U") {
		t.Errorf("a step that ran is not U: %s", lines[0])
	}
}
