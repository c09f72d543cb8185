package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The TUI on a terminal, text otherwise, JSON when asked; --format tui
// forces the TUI, and commands without one refuse it.
func TestFormatChoice(t *testing.T) {
	for _, c := range []struct {
		format      string
		json        bool
		terminal    bool
		term        string
		interactive bool
		want        string
	}{
		{"", false, true, "xterm", true, formatTUI},
		{"", false, false, "xterm", true, formatText},
		{"", false, true, "dumb", true, formatText},
		{"", true, true, "xterm", true, formatJSON},
		{"text", false, true, "xterm", true, formatText},
		{"tui", false, true, "dumb", true, formatTUI},
		{"", false, true, "xterm", false, formatText},
	} {
		e := &env{stdout: io.Discard, stderr: io.Discard,
			getenv:     func(k string) string { return map[string]string{"TERM": c.term}[k] },
			isTerminal: func(io.Writer) bool { return c.terminal }}
		o := output{format: c.format, json: c.json}
		got, err := o.resolve(e, c.interactive)
		if err != nil || got != c.want {
			t.Errorf("%+v: %q, %v; want %q", c, got, err, c.want)
		}
	}
	e := &env{getenv: func(string) string { return "" }, isTerminal: func(io.Writer) bool { return true }}
	if _, err := (&output{format: "tui"}).resolve(e, false); err == nil || !strings.Contains(err.Error(), "--format tui is for diagnose and demo") {
		t.Errorf("a command with no interactive view accepted --format tui: %v", err)
	}
}

// The real binary in a real terminal: tmux runs `ftpnat demo` at 80×24,
// keys go in with send-keys and the screen comes back with capture-pane.
func TestTUIInTmux(t *testing.T) {
	tmuxPath, dir, bin := tmuxAndBinary(t, "the TUI")

	t.Run("demo", func(t *testing.T) {
		tm := startTmux(t, tmuxPath, dir, nil, bin, "demo")
		tm.waitFor("Findings  2 critical, 1 info")
		main := tm.capture()
		for _, s := range []string{
			"CRITICAL  ftp.example.test:21 (203.0.113.10) - PASV announces an unroutable add",
			"> CRITICAL  pasv.unroutable_address  PASV announces an unroutable address",
			"  CRITICAL  data.port_filtered       Passive data ports filtered",
			"↑/↓ move  enter details  t transcript  r run again  s save JSON  ? help  q quit",
		} {
			if !strings.Contains(main, s) {
				t.Errorf("main screen lacks %q:\n%s", s, main)
			}
		}
		if colour := tm.captureEscapes(); !regexp.MustCompile(`\x1b\[[0-9;]*3[1-6]m`).MatchString(colour) {
			t.Errorf("no colour on a colour terminal:\n%q", colour)
		}
		tm.keys("Enter")
		detail := tm.waitFor("pasv_address=203.0.113.10")
		if !strings.Contains(detail, "Fix for vsftpd (detected)") || !strings.Contains(detail, "\npasv_enable=YES\n") {
			t.Errorf("detail screen:\n%s", detail)
		}
		tm.keys("Tab")
		tm.waitFor("MasqueradeAddress 203.0.113.10")
		tm.keys("Escape")
		tm.waitFor("> CRITICAL  pasv.unroutable_address")
		// The filtered ports are the network's doing: forwarding leads.
		tm.keys("j", "Enter")
		tm.waitFor("Fix for port forwarding                                1/25")
		tm.keys("Escape")
		tm.waitFor("> CRITICAL  data.port_filtered")
		tm.keys("t")
		tm.waitFor("<- 220 (vsFTPd 3.0.3)")
		tm.keys("?")
		tm.waitFor("c copies the snippet with OSC 52")
		tm.keys("s")
		tm.waitFor("JSON report saved to ftpnat-ftp.example.test-")
		tm.keys("q")
		code, screen := tm.exit()
		if code != exitCritical {
			t.Errorf("exit %d, want %d", code, exitCritical)
		}
		saved := regexp.MustCompile(`JSON report saved to (\S+\.json)`).FindStringSubmatch(screen)
		if !strings.Contains(screen, "CRITICAL  ftp.example.test:21 (203.0.113.10) - PASV announces an unroutable add") || saved == nil {
			t.Fatalf("screen after quitting:\n%s", screen)
		}
		if _, err := os.Stat(saved[1]); err != nil {
			t.Errorf("saved report: %v", err)
		}
	})

	// NO_COLOR turns colour off, and q before the verdict exits 3.
	t.Run("no-color-quit-early", func(t *testing.T) {
		tm := startTmux(t, tmuxPath, dir, []string{"NO_COLOR=1"}, bin, "demo", "ports-filtered")
		tm.waitFor("data-ports")
		if colour := tm.captureEscapes(); regexp.MustCompile(`\x1b\[[0-9;]*(3[0-7]|9[0-7]|38;[0-9;]+)m`).MatchString(colour) {
			t.Errorf("colour despite NO_COLOR:\n%q", colour)
		}
		tm.keys("q")
		code, screen := tm.exit()
		if code != exitUnknown || !strings.HasPrefix(screen, "UNKNOWN  ftp.example.test:21 - quit before a verdict\n") {
			t.Errorf("exit %d, screen:\n%s", code, screen)
		}
	})
}

// tmux drives one program in its own tmux server, whose socket lives in
// the test's temporary directory.
type tmux struct {
	t          *testing.T
	path, sock string
}

// tmuxAndBinary finds tmux (missing: a failure in CI, a skip elsewhere)
// and builds ftpnat into a fresh folder; what names the check for the
// skip message.
func tmuxAndBinary(t *testing.T, what string) (tmuxPath, dir, bin string) {
	t.Helper()
	tmuxPath, err := exec.LookPath("tmux")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is missing: CI (CI=true) must run the real-terminal checks; .ci/run installs tmux")
		}
		t.Skip("tmux is not installed: skipping the real-terminal check of " + what + " (apt-get install tmux)")
	}
	dir = t.TempDir()
	bin = filepath.Join(dir, "ftpnat")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return tmuxPath, dir, bin
}

func startTmux(t *testing.T, path, dir string, envVars []string, args ...string) *tmux {
	t.Helper()
	tm := &tmux{t: t, path: path, sock: filepath.Join(t.TempDir(), "tmux")}
	// env(1) makes the program's environment exact, whatever the server's;
	// the shell prints the exit status under what the program left on the
	// screen, and keeps the pane open to read both.
	cmd := append([]string{"env", "-u", "NO_COLOR", "TERM=xterm-256color"}, envVars...)
	cmd = append(cmd, args...)
	shell := strings.Join(cmd, " ") + `; echo "exit status $?"; sleep 600`
	tm.run("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "80", "-y", "24", "-c", dir, shell)
	t.Cleanup(func() { _ = exec.Command(path, "-S", tm.sock, "kill-server").Run() })
	return tm
}

func (tm *tmux) run(args ...string) string {
	tm.t.Helper()
	cmd := exec.Command(tm.path, append([]string{"-S", tm.sock}, args...)...)
	// Inside a tmux session already, TMUX would make this one a nested client.
	cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "TMUX=") })
	out, err := cmd.CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// capture is the screen, wrapped lines joined, trailing blanks dropped.
func (tm *tmux) capture() string {
	lines := strings.Split(tm.run("capture-pane", "-p", "-J", "-t", "t"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

func (tm *tmux) captureEscapes() string { return tm.run("capture-pane", "-p", "-e", "-t", "t") }

// keys sends keys one at a time: Escape and a letter sent together would
// read as alt+letter.
func (tm *tmux) keys(keys ...string) {
	for _, k := range keys {
		tm.run("send-keys", "-t", "t", k)
		time.Sleep(50 * time.Millisecond)
	}
}

// waitFor returns the screen once it shows s.
func (tm *tmux) waitFor(s string) string {
	tm.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		screen := tm.capture()
		if strings.Contains(screen, s) {
			return screen
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the screen never showed %q:\n%s", s, screen)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// exit waits for the program to end and returns its exit status and the
// last screen.
func (tm *tmux) exit() (int, string) {
	tm.t.Helper()
	screen := tm.waitFor("exit status ")
	m := regexp.MustCompile(`exit status (\d+)`).FindStringSubmatch(screen)
	if m == nil {
		tm.t.Fatalf("no exit status:\n%s", screen)
	}
	code, _ := strconv.Atoi(m[1])
	return code, screen
}
