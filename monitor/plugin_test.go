package monitor

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/probe"
)

// perfItem is one 'label'=value[UOM];[warn];[crit];[min];[max] item.
// The value may be U, undeterminable.
var perfItem = regexp.MustCompile(`^'[^'=]+'=(U|-?[0-9.]+(s|ms|us|%|B|KB|MB|TB|c)?)(;[^; ]*){0,4}$`)

func pluginOutput(t *testing.T, res probe.Result, out Outcome, o PluginOptions) (State, []string) {
	t.Helper()
	var buf bytes.Buffer
	state, err := WritePlugin(&buf, res, out, o)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
	status, perf, ok := strings.Cut(lines[0], " | ")
	if !ok {
		t.Fatalf("no perfdata on the first line: %q", lines[0])
	}
	if strings.Contains(status, "|") {
		t.Errorf("status text holds a '|': %q", status)
	}
	for _, item := range strings.Fields(perf) {
		if !perfItem.MatchString(item) {
			t.Errorf("perfdata item %q does not follow the guidelines", item)
		}
	}
	for _, l := range lines[1:] {
		if strings.Contains(l, "|") {
			t.Errorf("long output holds a '|': %q", l)
		}
	}
	return state, lines
}

func TestPluginCritical(t *testing.T) {
	_, o := startScenario(t, "nat-private-unforwarded")
	res, out := diagnose(t, o)
	state, lines := pluginOutput(t, res, out, PluginOptions{Timeout: o.Timeout})
	if state != StateCritical {
		t.Fatalf("state %s", state)
	}
	if !strings.HasPrefix(lines[0], "FTPNAT CRITICAL - PASV announces an unroutable address (pasv.unroutable_address) | 'time'=") {
		t.Errorf("status line %q", lines[0])
	}
	for _, want := range []string{";;0;10.000", "'pasv'=", "'data-ports'=", "'data_pasv'=0;;;0;4", "'data_epsv'=0;;;0;1"} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("perfdata lacks %q: %s", want, lines[0])
		}
	}
	// One line per finding, worst first.
	var ids []string
	for _, l := range lines[1:] {
		if strings.HasPrefix(l, `\_[`) {
			ids = append(ids, strings.Fields(l)[1])
		}
	}
	if want := "pasv.unroutable_address data.port_filtered passive.port_range"; strings.Join(ids, " ") != want {
		t.Errorf("findings %v, want %s", ids, want)
	}
	if !strings.HasPrefix(lines[3], `\_[OK] passive.port_range`) {
		t.Errorf("informational finding line %q", lines[3])
	}

	// -v adds evidence, -vvv the transcript; more detail never changes line 1.
	_, v1 := pluginOutput(t, res, out, PluginOptions{Timeout: o.Timeout, Verbose: 1})
	_, v3 := pluginOutput(t, res, out, PluginOptions{Timeout: o.Timeout, Verbose: 3})
	if v1[0] != lines[0] || len(v1) <= len(lines) || len(v3) <= len(v1) {
		t.Errorf("verbosity: %d, %d, %d lines", len(lines), len(v1), len(v3))
	}
	if !strings.Contains(strings.Join(v1, "\n"), "    connect 203.0.113.10:") {
		t.Error("-v lacks the evidence")
	}
}

func TestPluginThresholds(t *testing.T) {
	_, o := startScenario(t, "healthy")
	res, out := diagnose(t, o)
	if out.State != StateOK {
		t.Fatalf("healthy: %s %s", out.State, out.Summary)
	}
	state, lines := pluginOutput(t, res, out, PluginOptions{})
	if state != StateOK || !strings.HasPrefix(lines[0], "FTPNAT OK - all checks passed |") {
		t.Errorf("ok: %s %q", state, lines[0])
	}
	for _, want := range []string{"'data_tls'=1;;;0;1", "'data_list'=1;;;0;1", "'tls-protected-data'="} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("perfdata lacks %q", want)
		}
	}
	warn, _ := ParseRange("0")  // anything above 0 s
	crit, _ := ParseRange("60") // not reached
	state, lines = pluginOutput(t, res, out, PluginOptions{Warning: &warn, Critical: &crit})
	if state != StateWarning || !strings.Contains(lines[0], "outside the warning range 0") || !strings.Contains(lines[0], ";0;60;0;") {
		t.Errorf("warning threshold: %s %q", state, lines[0])
	}
	crit, _ = ParseRange("@0:60")
	state, lines = pluginOutput(t, res, out, PluginOptions{Warning: &warn, Critical: &crit})
	if state != StateCritical || !strings.HasPrefix(lines[0], "FTPNAT CRITICAL - total time") {
		t.Errorf("critical threshold: %s %q", state, lines[0])
	}
}

// A timeout is CRITICAL with its cause, never UNKNOWN.
func TestPluginTimeoutIsCritical(t *testing.T) {
	for _, tt := range []struct{ scenario, step string }{
		{"no-greeting", "greeting"},
		{"control-filtered", "connect"},
	} {
		_, o := startScenario(t, tt.scenario)
		o.Timeout = 700 * time.Millisecond
		res, out := diagnose(t, o)
		if !res.Facts.TimedOut {
			t.Fatalf("%s: not timed out", tt.scenario)
		}
		state, lines := pluginOutput(t, res, out, PluginOptions{Timeout: o.Timeout})
		if state != StateCritical {
			t.Errorf("%s: state %s", tt.scenario, state)
		}
		if !strings.HasPrefix(lines[0], "FTPNAT CRITICAL - timeout after 0.7") || !strings.Contains(lines[0], "during "+tt.step) {
			t.Errorf("%s: status line %q", tt.scenario, lines[0])
		}
	}
}

func TestSanitize(t *testing.T) {
	if got := sanitize("229 (|||30002|)\nnext"); got != "229 (   30002 ) next" {
		t.Errorf("sanitize = %q", got)
	}
	if got := perfLabel("it's=x"); got != "it_s_x" {
		t.Errorf("perfLabel = %q", got)
	}
}

func TestPhaseTotals(t *testing.T) {
	f := probe.Facts{Phases: []probe.Phase{{Name: "a", Duration: 1}, {Name: "b", Duration: 2}, {Name: "a", Duration: 3}}}
	got := PhaseTotals(f)
	if len(got) != 2 || got[0] != (probe.Phase{Name: "a", Duration: 4}) || got[1] != (probe.Phase{Name: "b", Duration: 2}) {
		t.Errorf("PhaseTotals = %v", got)
	}
}
