package main

import (
	"io"
	"os"
)

// defaultWidth is the width of text output when it does not go to a
// terminal, or the terminal does not say how wide it is: what fits a
// mail, a log viewer and an 80-column console.
const defaultWidth = 80

// isTerminal reports whether w is a terminal: a file whose descriptor
// answers the terminal ioctl. A character device alone is not enough:
// /dev/null is one, and cron jobs write to it.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && fdIsTerminal(f.Fd())
}

// terminalWidth is the number of columns of the terminal w writes to, 0
// when w is no terminal or the terminal does not know.
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok {
		return 0
	}
	return fdWidth(f.Fd())
}

// controllingTerminal reports whether the process can read keys from a
// terminal: its standard input is one, or it has a controlling terminal
// (/dev/tty), which the TUI opens when standard input is redirected.
// A job started by cron or setsid has neither.
func controllingTerminal() bool {
	if isTerminal(os.Stdin) {
		return true
	}
	f, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	return fdIsTerminal(f.Fd())
}
