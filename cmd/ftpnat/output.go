package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// output holds the flags that choose how a Result is shown.
type output struct {
	format string
	json   bool
	color  string
}

func (o *output) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&o.format, "format", "", "output: text|json (default text)")
	fl.BoolVar(&o.json, "json", false, "same as --format json")
	fl.StringVar(&o.color, "color", "auto", "colour: auto|always|never (NO_COLOR is honoured in auto)")
}

// renderer checks the flags and returns the function that prints a result
// and turns its verdict into the exit code.
func (o *output) renderer(e *env) (func(probe.Result) error, error) {
	format := o.format
	if o.json {
		if format != "" && format != "json" {
			return nil, usagef("--json conflicts with --format %s", format)
		}
		format = "json"
	}
	if format == "" {
		format = "text"
	}
	useColor, err := o.useColor(e)
	if err != nil {
		return nil, err
	}
	var write func(io.Writer, probe.Result) error
	switch format {
	case "text":
		write = func(w io.Writer, r probe.Result) error {
			return report.WriteText(w, r, report.TextOptions{Color: useColor})
		}
	case "json":
		write = func(w io.Writer, r probe.Result) error {
			return report.WriteJSON(w, r, report.Tool{Name: "ftpnat", Version: version()})
		}
	case "tui":
		return nil, usagef("--format tui is not available in this version; use text or json")
	default:
		return nil, usagef("--format must be text or json, not %q", format)
	}
	return func(r probe.Result) error {
		if err := write(e.stdout, r); err != nil {
			fmt.Fprintf(e.stderr, "ftpnat: write report: %v\n", err)
			return exitError{exitUnknown}
		}
		if code := r.Verdict.ExitCode(); code != exitOK {
			return exitError{code}
		}
		return nil
	}, nil
}

func (o *output) useColor(e *env) (bool, error) {
	switch o.color {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto", "":
		return e.getenv("NO_COLOR") == "" && e.getenv("TERM") != "dumb" && e.isTerminal(e.stdout), nil
	}
	return false, usagef("--color must be auto, always or never, not %q", o.color)
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
