package tui

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/probe"
)

// The whole program against the fake server: the real engine feeds the
// screen, keys drive it, and the final model holds what the user saw.
func TestEndToEnd(t *testing.T) {
	sc, _ := fixtures.Lookup(fixtures.DefaultScenario)
	env, err := fixtures.Start(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	const secret = "s3cret-Pa55" // anonymous logins take any password: it must never show
	ctx, cancel := context.WithCancel(context.Background())
	eng := newEngine(ctx, func() probe.Options {
		o := demoOptions(env, 300*time.Millisecond)
		o.Password = secret
		return o
	}, nil, true)
	defer func() { cancel(); eng.close() }()
	dir := t.TempDir()
	m := newModel(config{target: "ftp.example.test:21", simulated: true, profile: colorprofile.ASCII, saveDir: dir}, eng)

	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	// The steps show up live, then the verdict.
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("data-ports")) && bytes.Contains(b, []byte("Findings"))
	}, teatest.WithDuration(10*time.Second))

	// Second finding, its details, the next fix and back, the transcript,
	// then save and quit.
	for _, k := range []string{"j", "enter", "tab", "shift+tab", "t", "s"} {
		tm.Send(keyMsg(k))
	}
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("report saved")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(keyMsg("q"))
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(model)

	if fm.result == nil || fm.result.Verdict != probe.VerdictCritical || !fm.result.Simulated {
		t.Fatalf("final result %+v", fm.result)
	}
	if got, want := findingIDs(fm.findings), []string{probe.FindingPASVUnroutable, probe.FindingDataPortFiltered, probe.FindingPassivePortRange}; !slices.Equal(got, want) {
		t.Errorf("findings %v, want %v", got, want)
	}
	if fm.view != viewTranscript || fm.selected != 1 || fm.fix != 0 {
		t.Errorf("final view %d, selected %d, fix %d", fm.view, fm.selected, fm.fix)
	}
	// The second finding, data.port_filtered, is the network's doing:
	// its first fix forwards the range.
	if fix, _ := fm.currentFix(); fix.AppliesTo != "port-forwarding" || !strings.Contains(fix.Text, "forward every port of the observed range") {
		t.Errorf("fix on display: %+v", fix)
	}
	// Sessions run side by side, so which session's lines come first on
	// the screen depends on scheduling: the screen must show timed lines,
	// and the whole transcript must hold the main session's.
	transcript := screen(fm)
	if !strings.Contains(transcript, "Transcript  ") || !regexp.MustCompile(`(?m)^ +0\.\d{3}s  \S+ +(<-|->) \S`).MatchString(transcript) {
		t.Errorf("transcript view:\n%s", transcript)
	}
	whole := sgr.ReplaceAllString(strings.Join(fm.transcriptLines(200), "\n"), "")
	for _, s := range []string{`(?m)^ +0\.\d{3}s  main +<- 220 \(vsFTPd 3\.0\.3\)$`, `main +-> PASS \*\*\*\*`, `main +<- 230 Login successful\.`, `main +-> QUIT`} {
		if !regexp.MustCompile(s).MatchString(whole) {
			t.Errorf("transcript lacks %q", s)
		}
	}
	if len(fm.saved) != 1 {
		t.Fatalf("saved %v", fm.saved)
	}
	report, err := os.ReadFile(fm.saved[0])
	if err != nil {
		t.Fatal(err)
	}
	everything := string(report) + whole
	for _, v := range []viewID{viewMain, viewDetail, viewHelp} {
		fm.view = v
		fm.sync()
		everything += fm.View().Content
	}
	if strings.Contains(everything, secret) {
		t.Error("the password appears on screen or in the saved report")
	}
}
