package tui

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/ftpnat/ftpnat/probe"
)

// Steps appear as they start, with a countdown to their deadline that
// moves on every frame, then with their status and duration.
func TestRunningStepsCountdown(t *testing.T) {
	now := t0
	m := testModel(t, &now, false)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	m = update(t, m, progressMsg{gen: 1, events: []probe.Event{
		{Kind: probe.EventStepStarted, At: at(0), Step: probe.StepResolve, Deadline: at(2000)},
		{Kind: probe.EventStepFinished, At: at(1), Step: probe.StepResolve, Status: probe.CheckPass, Detail: "203.0.113.10", Duration: 300 * time.Microsecond},
		{Kind: probe.EventStepStarted, At: at(50), Step: probe.StepStdClient, Deadline: at(20050)},
		{Kind: probe.EventStepStarted, At: at(100), Step: probe.StepDataPorts, Deadline: at(1600)},
	}})
	now = at(720)
	m = update(t, m, spinner.TickMsg{ID: m.spin.ID(), Time: now})
	lines := screenLines(m)
	if want := "Diagnosing ftp.example.test:21                                              0.7s"; lines[0] != want {
		t.Errorf("status line %q, want %q", lines[0], want)
	}
	if want := "Steps  1 done, 2 running"; lines[1] != want {
		t.Errorf("title %q, want %q", lines[1], want)
	}
	frame := spinner.MiniDot.Frames[1] // one tick after the first frame
	assertLines(t, lines,
		"  PASS  resolve    <1ms  203.0.113.10",
		"  "+frame+" standard-client  [----------]  19.3s left  listing the directory",
		"  "+frame+" data-ports       [####------]   0.9s left  dialling the data ports")

	// The next frame, half a second later: the countdown has moved.
	now = at(1220)
	m = update(t, m, spinner.TickMsg{ID: m.spin.ID(), Time: now})
	frame = spinner.MiniDot.Frames[2]
	assertLines(t, screenLines(m), "  "+frame+" data-ports       [#######---]   0.4s left  dialling the data ports")

	// The data port gave up: the step moves into the list with its status.
	m = update(t, m, progressMsg{gen: 1, events: []probe.Event{
		{Kind: probe.EventStepFinished, At: at(1600), Step: probe.StepDataPorts, Status: probe.CheckFail, Detail: "5 endpoints: 5 filtered", Duration: 1500 * time.Millisecond},
	}})
	lines = screenLines(m)
	assertLines(t, lines,
		"  PASS  resolve       <1ms  203.0.113.10",
		"  FAIL  data-ports   1.50s  5 endpoints: 5 filtered",
		"  "+frame+" standard-client  [----------]  18.8s left  listing the directory")
	if strings.Contains(screen(m), "dialling the data ports") {
		t.Error("a finished step still counts down")
	}
}

// The verdict line, the findings most severe first with the cursor on the
// first, and the keys, for the demo's default scenario.
func TestVerdictAndFindings(t *testing.T) {
	now := t0
	d := runDemo(t, "nat-private-unforwarded")
	m := finished(t, testModel(t, &now, true), d)
	lines := screenLines(m)
	want := []string{
		"CRITICAL  ftp.example.test:21 (203.0.113.10) - PASV announces an unroutable add…",
		"SIMULATION  built-in fake server (ftpnat demo), not a real network",
	}
	if !slices.Equal(lines[:2], want) {
		t.Errorf("header\n%s\nwant\n%s", strings.Join(lines[:2], "\n"), strings.Join(want, "\n"))
	}
	if !strings.HasPrefix(lines[2], "Server  vsftpd 3.0.3 | logged in as anonymous | finished in ") {
		t.Errorf("server line %q", lines[2])
	}
	assertLines(t, lines,
		"Findings  2 critical, 1 info",
		"> CRITICAL  pasv.unroutable_address  PASV announces an unroutable address",
		"  CRITICAL  data.port_filtered       Passive data ports filtered",
		"  INFO      passive.port_range       Passive port range",
		"",
		"Checks",
		"  PASS  resolve               <1ms  203.0.113.10")
	if want := "↑/↓ move  enter details  t transcript  r run again  s save JSON  ? help  q quit"; lines[23] != want {
		t.Errorf("keys %q, want %q", lines[23], want)
	}

	// ↓ and j move down, ↑ and k up, and the cursor stays on the list.
	for _, c := range []struct {
		keys []string
		want int
	}{{[]string{"down"}, 1}, {[]string{"j", "j"}, 2}, {[]string{"j", "j", "j", "k"}, 1}, {[]string{"j", "up"}, 0}} {
		if got := press(t, m, c.keys...).selected; got != c.want {
			t.Errorf("%v: selected %d, want %d", c.keys, got, c.want)
		}
	}
	assertLines(t, screenLines(press(t, m, "j")),
		"  CRITICAL  pasv.unroutable_address  PASV announces an unroutable address",
		"> CRITICAL  data.port_filtered       Passive data ports filtered")
}

// The detail pane of pasv.unroutable_address in the default demo: the
// vsftpd fix first, with the public address and the observed range, the
// snippet undecorated; tab and ←/→ cycle through the other targets.
func TestDetailPane(t *testing.T) {
	now := t0
	d := runDemo(t, "nat-private-unforwarded")
	m := finished(t, testModel(t, &now, true), d)
	m = press(t, m, "enter")
	f, _ := m.current()
	if f.ID != probe.FindingPASVUnroutable {
		t.Fatalf("detail of %s", f.ID)
	}
	lo, hi := f.Params[probe.ParamPortMin], f.Params[probe.ParamPortMax]
	lines := screenLines(m)
	if want := "CRITICAL  pasv.unroutable_address - PASV announces an unroutable address     1/3"; lines[2] != want {
		t.Errorf("title %q, want %q", lines[2], want)
	}
	assertLines(t, lines,
		"Fix for vsftpd (detected)                              1/25  tab/←/→ other fixes",
		"  In vsftpd.conf (/etc/vsftpd.conf or /etc/vsftpd/vsftpd.conf) make vsftpd")
	assertLines(t, lines,
		"  Snippet (c copies it):",
		"pasv_enable=YES",
		"pasv_address=203.0.113.10",
		"pasv_min_port="+lo,
		"pasv_max_port="+hi)

	next := press(t, m, "tab")
	assertLines(t, screenLines(next),
		"Fix for ProFTPD                                        2/25  tab/←/→ other fixes")
	assertLines(t, screenLines(next),
		"MasqueradeAddress 203.0.113.10",
		"PassivePorts "+lo+" "+hi)
	for _, keys := range [][]string{{"right"}, {"tab", "shift+tab", "tab"}} {
		if got := press(t, m, keys...).fix; got != 1 {
			t.Errorf("%v: fix %d, want 1", keys, got)
		}
	}
	last := press(t, m, "left")
	assertLines(t, screenLines(last), "Fix for cloud firewall                                25/25  tab/←/→ other fixes")

	// Further down: the raw replies as evidence, why, and what to do.
	bottom := strings.Join(screenLines(press(t, m, "end")), "\n")
	if !strings.Contains(bottom, "What to do\n  Make the server announce 203.0.113.10 in its PASV replies") {
		t.Errorf("bottom of the detail pane:\n%s", bottom)
	}
	all := sgr.ReplaceAllString(strings.Join(m.detailLines(80), "\n"), "")
	if !regexp.MustCompile(`(?m)^Evidence\n  > PASV\n  < 227 Entering Passive Mode \(10,0,0,5,\d+,\d+\)\.\n`).MatchString(all) {
		t.Errorf("evidence lacks the raw 227 reply:\n%s", all)
	}
	if got := press(t, m, "esc"); got.view != viewMain || got.selected != 0 {
		t.Errorf("esc: view %d, selected %d", got.view, got.selected)
	}
}

// The whole conversation with timestamps; PASS as the probe recorded it.
func TestTranscriptView(t *testing.T) {
	now := t0
	m := testModel(t, &now, false)
	entry := func(ms int, dir, line string) probe.Event {
		return probe.Event{Kind: probe.EventTranscript, Entry: &probe.TranscriptEntry{
			T: time.Duration(ms) * time.Millisecond, Dir: dir, Line: line, Session: "main"}}
	}
	m = update(t, m, progressMsg{gen: 1, events: []probe.Event{
		entry(0, probe.DirInfo, "connected to 203.0.113.10:21 in 0.2 ms"),
		entry(1, probe.DirRecv, "220 (vsFTPd 3.0.3)"),
		entry(2, probe.DirSend, "USER anonymous"),
		entry(3, probe.DirRecv, "331 Please specify the password."),
		entry(3, probe.DirSend, "PASS ****"),
		entry(4, probe.DirRecv, "230 Login successful."),
		entry(1250, probe.DirRecv, "227 Entering Passive Mode (10,0,0,5,117,50). "+strings.Repeat("x", 60)),
		entry(1300, probe.DirRecv, "500 \x1b[2J\u202e evil"),
	}})
	m = press(t, m, "t")
	lines := screenLines(m)
	want := []string{
		"Diagnosing ftp.example.test:21                                              0.0s",
		"Transcript  8 lines, every session; PASS is always shown as ****",
		"────────────────────────────────────────────────────────────────────────────────",
		"   0.000s  main  -- connected to 203.0.113.10:21 in 0.2 ms",
		"   0.001s  main  <- 220 (vsFTPd 3.0.3)",
		"   0.002s  main  -> USER anonymous",
		"   0.003s  main  <- 331 Please specify the password.",
		"   0.003s  main  -> PASS ****",
		"   0.004s  main  <- 230 Login successful.",
		"   1.250s  main  <- 227 Entering Passive Mode (10,0,0,5,117,50).",
		"                    xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		// Control characters a server sends never reach the terminal.
		`   1.300s  main  <- 500 \x1b[2J\u202e evil`,
	}
	if !slices.Equal(lines[:len(want)], want) {
		t.Errorf("transcript view\n%s\nwant\n%s", strings.Join(lines[:len(want)], "\n"), strings.Join(want, "\n"))
	}
	if got := press(t, m, "t").view; got != viewMain {
		t.Errorf("t again: view %d, want the main view", got)
	}
}

// The help screen, whole.
func TestHelpView(t *testing.T) {
	now := t0
	m := testModel(t, &now, false)
	m.cfg.saveDir = "/srv/reports"
	m = press(t, m, "?")
	want := []string{
		"Diagnosing ftp.example.test:21                                              0.0s",
		"Keys",
		"────────────────────────────────────────────────────────────────────────────────",
		"  ↑/k    up           enter details       tab/→  next fix",
		"  ↓/j    down         esc   back          ⇧tab/← previous fix",
		"  pgup/b page up      t     transcript    c      copy snippet",
		"  pgdn/f page down    ?     help          >      snippet right",
		"  home/g top          q     quit          <      snippet left",
		"  end/G  bottom                           r      run again",
		"                                          s      save JSON",
		"",
		"  In a finding, tab and ←/→ cycle through its fixes: the detected server",
		"  software first, then the other servers and the firewalls.",
		"  c copies the snippet with OSC 52 (tmux: set -g set-clipboard on), which a",
		"  terminal may ignore, so it also saves it to a file and shows where. On screen",
		"  it is undecorated and never wrapped: … marks a cut line, < and > scroll it.",
		"  s saves the JSON report to /srv/reports.",
		"  r runs again; r, q and ctrl+c cancel a running diagnosis. Exit code: the",
		"  verdict's (0 ok, 1 warning, 2 critical), 3 if quit before one.",
		"",
		"",
		"────────────────────────────────────────────────────────────────────────────────",
		"",
		"esc back  q quit",
	}
	if got := screenLines(m); !slices.Equal(got, want) {
		t.Errorf("help\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, k := range []string{"?", "esc"} {
		if got := press(t, m, k).view; got != viewMain {
			t.Errorf("%s: view %d, want the main view", k, got)
		}
	}
}

// q and ctrl+c quit, in every view.
func TestQuitKeys(t *testing.T) {
	now := t0
	for _, view := range [][]string{nil, {"t"}, {"?"}} {
		for _, k := range []string{"q", "ctrl+c"} {
			m := press(t, testModel(t, &now, false), view...)
			_, cmd := m.Update(keyMsg(k))
			if cmd == nil {
				t.Fatalf("%v %s: no command", view, k)
			}
			if _, ok := cmd().(tea.QuitMsg); !ok {
				t.Errorf("%v %s: not a quit", view, k)
			}
		}
	}
}

// r starts over: a new run, and the old run's late messages are ignored.
func TestRunAgain(t *testing.T) {
	now := t0
	d := runDemo(t, "nat-private-unforwarded")
	m := press(t, finished(t, testModel(t, &now, true), d), "j", "enter")
	m = press(t, m, "r")
	if m.gen != 2 || !m.running || m.result != nil || m.view != viewMain || m.selected != 0 {
		t.Fatalf("after r: gen %d running %v result %v view %d selected %d", m.gen, m.running, m.result != nil, m.view, m.selected)
	}
	m = update(t, m, progressMsg{gen: 1, result: &d.result})
	if m.result != nil {
		t.Error("a cancelled run's result was taken")
	}
	if got := screenLines(m)[0]; !strings.HasPrefix(got, "Diagnosing") {
		t.Errorf("status line %q", got)
	}
}

// s saves the JSON report and says where.
func TestSaveReport(t *testing.T) {
	now := t0
	m := testModel(t, &now, true)
	if _, cmd := m.Update(keyMsg("s")); cmd != nil {
		t.Error("s saved a report before the verdict")
	}
	d := runDemo(t, "nat-private-unforwarded")
	m = finished(t, m, d)
	_, cmd := m.Update(keyMsg("s"))
	saved := cmd().(savedMsg)
	if saved.err != nil {
		t.Fatal(saved.err)
	}
	m = update(t, m, saved)
	// The path is shown from its end when the line is too short for it all.
	want := "JSON report saved to " + truncateLeft(saved.shown, 80-len("JSON report saved to "))
	if got := screenLines(m)[22]; got != want || !strings.HasSuffix(got, "ftp.example.test-20260301-120000.json") {
		t.Errorf("message %q, want %q", got, want)
	}
	if !strings.HasPrefix(saved.path, m.cfg.saveDir+string(os.PathSeparator)+"ftpnat-ftp.example.test-20260301-120000") {
		t.Errorf("saved as %s", saved.path)
	}
	b, err := os.ReadFile(saved.path)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Verdict   string `json:"verdict"`
		Simulated bool   `json:"simulated"`
	}
	if err := json.Unmarshal(b, &rep); err != nil || rep.Verdict != "critical" || !rep.Simulated {
		t.Errorf("report: %+v, %v", rep, err)
	}
	// A second save never overwrites the first.
	_, cmd = m.Update(keyMsg("s"))
	if again := cmd().(savedMsg); again.err != nil || again.path == saved.path {
		t.Errorf("second save: %q, %v", again.path, again.err)
	}
}

// Every view fills the screen exactly, at any size, and no line is wider
// than the screen: resizing re-lays everything out.
func TestResize(t *testing.T) {
	now := t0
	d := runDemo(t, "nat-private-unforwarded")
	base := finished(t, testModel(t, &now, true), d)
	running := testModel(t, &now, true)
	running = update(t, running, progressMsg{gen: 1, events: d.events[:20]})
	for _, size := range [][2]int{{80, 24}, {120, 40}, {60, 15}, {40, 12}, {80, 24}} {
		for name, m := range map[string]model{
			"running": running, "findings": base, "detail": press(t, base, "j", "enter"),
			"transcript": press(t, base, "t"), "help": press(t, base, "?"),
		} {
			m = update(t, m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			lines := screenLines(m)
			if len(lines) != size[1] {
				t.Errorf("%s at %dx%d: %d lines", name, size[0], size[1], len(lines))
			}
			for i, l := range lines {
				if w := lipgloss.Width(l); w > size[0] {
					t.Errorf("%s at %dx%d: line %d is %d wide: %q", name, size[0], size[1], i, w, l)
				}
			}
		}
	}
}

// Long panes scroll at 80×24: the end of the transcript is reachable.
func TestTranscriptScrolls(t *testing.T) {
	now := t0
	d := runDemo(t, "nat-private-unforwarded")
	m := press(t, finished(t, testModel(t, &now, true), d), "t")
	top := screen(m)
	if !strings.Contains(top, "<- 220 (vsFTPd 3.0.3)") || strings.Contains(top, "-> QUIT") {
		t.Errorf("top of the transcript:\n%s", top)
	}
	if end := screen(press(t, m, "end")); !strings.Contains(end, "-> QUIT") {
		t.Errorf("end of the transcript:\n%s", end)
	}
}

// Colour follows the profile: basic colours with ANSI, text decoration
// only with ASCII (--color never, NO_COLOR), nothing without a terminal.
func TestColorProfiles(t *testing.T) {
	now := t0
	d := runDemo(t, "nat-private-unforwarded")
	colour := regexp.MustCompile("\x1b\\[[0-9;]*(3[0-7]|9[0-7]|38;)[0-9;]*m")
	for _, c := range []struct {
		profile        colorprofile.Profile
		colour, escape bool
	}{{colorprofile.ANSI, true, true}, {colorprofile.ASCII, false, true}, {colorprofile.NoTTY, false, false}} {
		m := testModel(t, &now, true)
		m.cfg.profile = c.profile
		m = finished(t, newModel(m.cfg, nil), d)
		view := m.View().Content
		if got := colour.MatchString(view); got != c.colour {
			t.Errorf("%v: colour %v, want %v", c.profile, got, c.colour)
		}
		if got := strings.Contains(view, "\x1b["); got != c.escape {
			t.Errorf("%v: escape sequences %v, want %v", c.profile, got, c.escape)
		}
		if got := screen(m); !strings.Contains(got, "> CRITICAL  pasv.unroutable_address") {
			t.Errorf("%v: the selection is not marked:\n%s", c.profile, got)
		}
	}
}

// A finding the catalog does not know (from a newer probe) and one with
// no severity still show, sorted, with what there is to say.
func TestUnknownFinding(t *testing.T) {
	now := t0
	res := probe.Result{
		Facts: probe.Facts{Host: "ftp.example.test", Port: 21},
		Diagnosis: probe.Diagnosis{Verdict: probe.VerdictWarning, Reference: -1, Findings: []probe.Finding{
			{ID: "future.check", Summary: "Something new."},
			{ID: probe.FindingTLSNotOffered, Summary: "No AUTH TLS."},
		}},
	}
	m := update(t, testModel(t, &now, false), progressMsg{gen: 1, result: &res})
	assertLines(t, screenLines(m),
		"Findings  1 warning, 1 info",
		"> WARNING   tls.not_offered  FTPS (AUTH TLS) not offered",
		"  INFO      future.check     future.check")
	lines := screenLines(press(t, m, "j", "enter"))
	assertLines(t, lines,
		"Something new.",
		"",
		"Fix",
		"  No ready-made fix for this finding.",
		"",
		"ftpnat does not know this finding yet; the JSON report (s) has its raw values.")
}
