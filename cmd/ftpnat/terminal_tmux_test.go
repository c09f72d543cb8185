package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// In a real terminal, output that does not reach it gets the text report
// and the verdict's exit code, never a TUI: /dev/null (a character device,
// but no terminal) and a cron-like job without a controlling terminal.
func TestNoTerminalInTmux(t *testing.T) {
	tmuxPath, err := exec.LookPath("tmux")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is missing: CI (CI=true) must run the real-terminal checks; .ci/run installs tmux")
		}
		t.Skip("tmux is not installed: skipping the real-terminal check of terminal detection (apt-get install tmux)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "ftpnat")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, c := range []struct {
		name string
		args []string
		code int
		line string // what the screen shows, "" for nothing
	}{
		{"demo >/dev/null", []string{bin, "demo", ">/dev/null"}, exitCritical, ""},
		{"cron", []string{"setsid", "-w", bin, "demo", "</dev/null", ">/dev/null"}, exitCritical, ""},
		{"cron with a report file", []string{"setsid", "-w", bin, "demo", "</dev/null", ">report.txt"}, exitCritical, ""},
		{"--format tui >/dev/null", []string{bin, "demo", "--format", "tui", ">/dev/null"}, exitUnknown,
			"ftpnat: --format tui needs a terminal, and this process has none; use --format text or json"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tm := startTmux(t, tmuxPath, dir, nil, c.args...)
			code, screen := tm.exit()
			if code != c.code {
				t.Errorf("exit %d, want %d; screen:\n%s", code, c.code, screen)
			}
			want := "exit status "
			if c.line != "" {
				want = c.line + "\n" + want
			}
			if !strings.HasPrefix(strings.TrimLeft(screen, "\n"), want) {
				t.Errorf("screen:\n%s\nwant it to start with %q", screen, want)
			}
		})
	}
	report, err := os.ReadFile(filepath.Join(dir, "report.txt"))
	if err != nil || !strings.HasPrefix(string(report), "SIMULATION") && !strings.HasPrefix(string(report), "CRITICAL") {
		t.Errorf("the cron job's report: %v\n%s", err, report)
	}
	if strings.Contains(string(report), "\x1b[") {
		t.Errorf("colour in a file:\n%q", report)
	}
}
