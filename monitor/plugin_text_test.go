package monitor

import (
	"regexp"
	"strings"
	"testing"
)

// -vvv shows the EPSV reply as received, its '|' delimiters drawn as '¦'
// because '|' in any long-output line would start performance data; no
// line after the first carries a '|'.
func TestPluginVerboseShowsEPSVReplies(t *testing.T) {
	_, o := startScenario(t, "healthy")
	res, out := diagnose(t, o)
	_, lines := pluginOutput(t, res, out, PluginOptions{Timeout: o.Timeout, Verbose: 3})
	epsv := regexp.MustCompile(`recv 229 Entering Extended Passive Mode \(¦¦¦\d+¦\)`)
	found := false
	for _, l := range lines[1:] {
		if strings.Contains(l, "|") {
			t.Errorf("long output line with '|', which starts performance data: %q", l)
		}
		found = found || epsv.MatchString(l)
	}
	if !found {
		t.Errorf("-vvv lacks the EPSV reply as received:\n%s", strings.Join(lines, "\n"))
	}
	if strings.Count(lines[0], "|") != 1 {
		t.Errorf("status line %q: want one '|' before the performance data", lines[0])
	}
}

func TestLongText(t *testing.T) {
	if got, want := longText("229 Entering Extended Passive Mode (|||30002|)\r\nnext"), "229 Entering Extended Passive Mode (¦¦¦30002¦)  next"; got != want {
		t.Errorf("longText = %q, want %q", got, want)
	}
}
