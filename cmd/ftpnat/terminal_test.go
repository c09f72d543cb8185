package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/tui"
)

// --format tui with no terminal is one clear line and exit 3, before
// anything runs; without the flag the same command prints the text report.
func TestFormatTUIWithoutTerminal(t *testing.T) {
	code, stdout, stderr := run(t, nil, "demo", "--format", "tui")
	if code != exitUnknown || stdout != "" ||
		stderr != "ftpnat: --format tui needs a terminal, and this process has none; use --format text or json\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	// stdout a terminal, but no keyboard (setsid, cron): text, not a TUI.
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, getenv: func(k string) string { return map[string]string{"NO_COLOR": "1"}[k] },
		isTerminal: func(w io.Writer) bool { return w == &out },
		keyboard:   func() bool { return false }}
	root := newRootCmd(e)
	root.SetArgs([]string{"demo"})
	root.SetOut(&out)
	root.SetErr(&errb)
	err := root.ExecuteContext(context.Background())
	if ee, ok := err.(exitError); !ok || ee.code != exitCritical || !strings.HasPrefix(out.String(), "CRITICAL") {
		t.Errorf("demo without a keyboard: %v, stdout:\n%s\nstderr: %s", err, out.String(), errb.String())
	}
}

// A terminal that cannot be driven after all still gets the diagnosis: a
// note on stderr, the text report on stdout, the verdict's exit code.
func TestTUIFailureFallsBackToText(t *testing.T) {
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, getenv: func(k string) string { return map[string]string{"NO_COLOR": "1"}[k] },
		isTerminal: func(w io.Writer) bool { return w == &out },
		keyboard:   func() bool { return true },
		runTUI: func(context.Context, tui.RunOptions) (probe.Result, error) {
			return probe.Result{}, errors.New("tui: could not open a new TTY: open /dev/tty: no such device or address")
		}}
	root := newRootCmd(e)
	root.SetArgs([]string{"demo"})
	root.SetOut(&out)
	root.SetErr(&errb)
	err := root.ExecuteContext(context.Background())
	if ee, ok := err.(exitError); !ok || ee.code != exitCritical ||
		!strings.HasPrefix(out.String(), "CRITICAL  ftp.example.test:21 (203.0.113.10) - ") {
		t.Errorf("%v, stdout:\n%s", err, out.String())
	}
	if want := "ftpnat: the terminal could not be driven (tui: could not open a new TTY: open /dev/tty: no such device or address); printing the text report\n"; errb.String() != want {
		t.Errorf("stderr %q, want %q", errb.String(), want)
	}
}
