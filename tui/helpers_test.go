package tui

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/probe"
)

// t0 is the fixed clock of model tests.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// testModel is a model at 80×24 with the ASCII profile, no engine (runs
// are fed as messages) and a clock that reads now.
func testModel(t *testing.T, now *time.Time, simulated bool) model {
	t.Helper()
	m := newModel(config{
		target:    "ftp.example.test:21",
		simulated: simulated,
		profile:   colorprofile.ASCII,
		saveDir:   t.TempDir(),
		now:       func() time.Time { return *now },
	}, nil)
	return update(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
}

// update feeds msgs to m in order.
func update(t *testing.T, m model, msgs ...tea.Msg) model {
	t.Helper()
	for _, msg := range msgs {
		next, _ := m.Update(msg)
		m = next.(model)
	}
	return m
}

// press sends keys by name ("down", "enter", "tab", "shift+tab", "esc",
// "ctrl+c") or as the characters they type ("j", "?").
func press(t *testing.T, m model, keys ...string) model {
	t.Helper()
	for _, k := range keys {
		m = update(t, m, keyMsg(k))
	}
	return m
}

func keyMsg(k string) tea.KeyPressMsg {
	named := map[string]tea.KeyPressMsg{
		"up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "left": {Code: tea.KeyLeft}, "right": {Code: tea.KeyRight},
		"enter": {Code: tea.KeyEnter}, "tab": {Code: tea.KeyTab}, "shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"esc": {Code: tea.KeyEscape}, "ctrl+c": {Code: 'c', Mod: tea.ModCtrl}, "end": {Code: tea.KeyEnd},
		"home": {Code: tea.KeyHome}, "pgdown": {Code: tea.KeyPgDown},
	}
	if msg, ok := named[k]; ok {
		return msg
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

var sgr = regexp.MustCompile("\x1b\\[[0-9;:?]*[A-Za-z]")

// screenLines is what the view draws, without escape sequences or
// trailing blanks (the selected row is padded inside its reverse video).
func screenLines(m model) []string {
	lines := strings.Split(sgr.ReplaceAllString(m.View().Content, ""), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return lines
}

func screen(m model) string { return strings.Join(screenLines(m), "\n") }

// demo is a run of the real engine against a fake-server scenario, with
// short timeouts: its events in order and its result.
type demo struct {
	events []probe.Event
	result probe.Result
}

func runDemo(t *testing.T, scenario string) demo {
	t.Helper()
	sc, ok := fixtures.Lookup(scenario)
	if !ok {
		t.Fatalf("no scenario %q", scenario)
	}
	env, err := fixtures.Start(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	var (
		mu sync.Mutex
		d  demo
	)
	o := demoOptions(env, 300*time.Millisecond)
	o.Events = func(ev probe.Event) {
		mu.Lock()
		d.events = append(d.events, ev)
		mu.Unlock()
	}
	d.result = probe.Run(context.Background(), o)
	d.result.Simulated = true
	return d
}

// demoOptions are the options ftpnat demo uses, with dataTimeout.
func demoOptions(env *fixtures.Env, dataTimeout time.Duration) probe.Options {
	return probe.Options{
		Host: env.Host, Port: env.Port, Dialer: env.Dialer, Resolver: env.Resolver,
		RootCAs: env.RootCAs, Listen: env.Listen,
		DataTimeout: dataTimeout, StepTimeout: 2 * time.Second,
	}
}

// finished is m after the demo's events and result arrived, as the engine
// delivers them.
func finished(t *testing.T, m model, d demo) model {
	t.Helper()
	return update(t, m, progressMsg{gen: m.gen, events: d.events}, progressMsg{gen: m.gen, result: &d.result})
}

func findingIDs(fs []probe.Finding) []string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.ID)
	}
	return ids
}

// assertLines checks that want appears in got as consecutive lines.
func assertLines(t *testing.T, got []string, want ...string) {
	t.Helper()
	for i := range got {
		if i+len(want) > len(got) {
			break
		}
		match := true
		for j, w := range want {
			if got[i+j] != w {
				match = false
				break
			}
		}
		if match {
			return
		}
	}
	t.Errorf("screen lacks the lines\n%s\n--- screen:\n%s", strings.Join(want, "\n"), strings.Join(got, "\n"))
}
