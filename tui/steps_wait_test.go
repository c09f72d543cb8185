package tui

import (
	"testing"

	"github.com/ftpnat/ftpnat/probe"
)

// Every control-channel command the engine may wait on says so while it
// runs, STAT and HELP included.
func TestWaitingForCommands(t *testing.T) {
	for _, step := range []string{probe.StepFeat, probe.StepSyst, probe.StepPwd, probe.StepStat, probe.StepHelp, probe.StepType} {
		if got := waitingFor(step, probe.PathID{Transport: probe.TransportPlain}); got != "waiting for the reply" {
			t.Errorf("%s: %q", step, got)
		}
	}
	if got := waitingFor(probe.StepHelp, probe.PathID{Transport: probe.TransportExplicitTLS}); got != "waiting for the reply (TLS)" {
		t.Errorf("help over TLS: %q", got)
	}
}
