package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/ftpnat/ftpnat/probe"
)

// The engine runs what it is given: a remote probe's runner feeds the
// screen its events and result as probe.Run would.
func TestEngineUsesTheRunner(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got probe.Options
	run := func(_ context.Context, o probe.Options) probe.Result {
		got = o
		o.Events(probe.Event{Kind: probe.EventStepStarted, Step: probe.StepResolve})
		res := probe.Result{}
		res.Verdict = probe.VerdictOK
		res.Facts.Vantage.Remote = "probe.example.net"
		return res
	}
	eng := newEngine(ctx, func() probe.Options { return probe.Options{Host: "h"} }, run, false)
	defer eng.close()
	f := eng.launch(1)
	var events []probe.Event
	var res *probe.Result
	for res == nil {
		msg, ok := f.next().(progressMsg)
		if !ok {
			t.Fatal("the run ended without a result")
		}
		events, res = append(events, msg.events...), msg.result
	}
	if got.Host != "h" || len(events) != 1 || events[0].Step != probe.StepResolve || res.Facts.Vantage.Remote != "probe.example.net" {
		t.Errorf("options %+v, events %v, result %+v", got, events, res)
	}
}

// A remote diagnosis says so from the first frame, before any result.
func TestHeaderNamesTheVantage(t *testing.T) {
	now := t0
	m := newModel(config{target: "ftp.example.test:21", vantage: "probe.example.net", profile: colorprofile.ASCII,
		saveDir: t.TempDir(), now: func() time.Time { return now }}, nil)
	m = update(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	lines := screenLines(m)
	if lines[1] != "VANTAGE  from remote probe probe.example.net" {
		t.Errorf("header\n%s", strings.Join(lines[:3], "\n"))
	}
	res := probe.Result{}
	res.Verdict = probe.VerdictOK
	res.Facts.Vantage.Remote = "other.example.net"
	m = update(t, m, progressMsg{gen: m.gen, result: &res})
	if lines := screenLines(m); lines[1] != "VANTAGE  from remote probe other.example.net" {
		t.Errorf("after the result\n%s", strings.Join(lines[:3], "\n"))
	}
}
