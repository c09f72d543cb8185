package main

import (
	"fmt"
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
	tmuxPath, dir, bin := tmuxAndBinary(t, "terminal detection")
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

// In a real terminal, text follows its width: the report's prose runs to
// 120 columns on a 120-column terminal, and help and the demo list keep
// to 80 on an 80-column one.
func TestWidthInTmux(t *testing.T) {
	tmuxPath, dir, bin := tmuxAndBinary(t, "the text width")
	for _, c := range []struct {
		cols     int
		args     []string
		min, max int // the widest line outside snippets
	}{
		{120, []string{"demo", "--format", "text"}, 81, 120},
		{80, []string{"demo", "--format", "text"}, 60, 80},
		{80, []string{"diagnose", "--help"}, 60, 80},
		{80, []string{"demo", "--list"}, 60, 80},
	} {
		t.Run(fmt.Sprint(c.cols, c.args), func(t *testing.T) {
			tm := &tmux{t: t, path: tmuxPath, sock: filepath.Join(t.TempDir(), "tmux")}
			shell := "env -u NO_COLOR TERM=xterm-256color " + bin + " " + strings.Join(c.args, " ") + `; echo "exit status $?"; sleep 600`
			tm.run("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", fmt.Sprint(c.cols), "-y", "24", "-c", dir, shell)
			t.Cleanup(func() { _ = exec.Command(tmuxPath, "-S", tm.sock, "kill-server").Run() })
			tm.waitFor("exit status ")
			// The whole history, wrapped lines joined: lines as the
			// program wrote them.
			screen := tm.run("capture-pane", "-p", "-J", "-S", "-", "-t", "t")
			var prose []string
			for _, l := range strings.Split(screen, "\n") {
				if l = strings.TrimRight(l, " "); !strings.HasPrefix(l, "      ") {
					prose = append(prose, l)
				}
			}
			if l, n := widest(strings.Join(prose, "\n")); n < c.min || n > c.max {
				t.Errorf("widest line %d columns, want %d-%d:\n%s\nscreen:\n%s", n, c.min, c.max, l, screen)
			}
		})
	}
}
