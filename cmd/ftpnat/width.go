package main

import (
	"github.com/spf13/pflag"
)

// maxWidth bounds --width: wider than this, nobody reads the lines.
const maxWidth = 1000

// registerWidth adds --width, the text width in columns.
func registerWidth(fl *pflag.FlagSet, width *int) {
	fl.IntVar(width, "width", 0, "text width in columns (default: the terminal's; 80 when not a terminal)")
}

// textWidth is the width text output is laid out for: --width when given,
// else the width of the terminal stdout is, else 80 (piped, redirected,
// or a terminal that does not say).
func (e *env) textWidth(flag int) (int, error) {
	switch {
	case flag < 0 || flag > maxWidth:
		return 0, usagef("--width must be between 1 and %d, not %d", maxWidth, flag)
	case flag > 0:
		return flag, nil
	}
	if e.termWidth != nil && e.isTerminal(e.stdout) {
		if w := e.termWidth(e.stdout); w > 0 {
			return w, nil
		}
	}
	return defaultWidth, nil
}

// terminalUsable reports whether a TUI can run: stdout is a terminal and
// keys can be read from one.
func (e *env) terminalUsable() bool {
	return e.isTerminal(e.stdout) && (e.keyboard == nil || e.keyboard())
}
