package main

import (
	"context"
	"fmt"

	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
	"github.com/ftpnat/ftpnat/tui"
)

// Output formats.
const (
	formatTUI  = "tui"
	formatText = "text"
	formatJSON = "json"
	formatHTML = "html"
)

// output holds the flags that choose how a Result is shown.
type output struct {
	format string
	json   bool
	color  string
	width  int
}

func (o *output) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&o.format, "format", "", "output: tui|text|json|html (default tui when stdout is a terminal, else text; html is one self-contained page)")
	fl.BoolVar(&o.json, "json", false, "same as --format json")
	fl.StringVar(&o.color, "color", "auto", "colour: auto|always|never (NO_COLOR is honoured in auto)")
	registerWidth(fl, &o.width)
}

// diagnosis is one diagnosis to run and show.
type diagnosis struct {
	target    string               // what the TUI names until the probe has reached it
	options   func() probe.Options // called for every run: the TUI runs again on r
	simulated bool                 // ftpnat demo
	run       tui.Runner           // nil: probe.Run, here
	vantage   string               // the remote probe's host when run is one
}

// presenter is how a diagnosis will be shown, settled from the flags
// before anything runs, so that a usage error starts nothing.
type presenter struct {
	format   string
	useColor bool
	width    int
}

func (o *output) presenter(e *env) (presenter, error) {
	format, err := o.resolve(e, true)
	if err != nil {
		return presenter{}, err
	}
	useColor, err := o.useColor(e)
	if err != nil {
		return presenter{}, err
	}
	width, err := e.textWidth(o.width)
	if err != nil {
		return presenter{}, err
	}
	return presenter{format: format, useColor: useColor, width: width}, nil
}

// show runs d and presents it: in the TUI, or as the text or JSON report.
// The verdict becomes the exit code, 3 when the user quits the TUI before
// there is one.
func (p presenter) show(ctx context.Context, e *env, d diagnosis) error {
	run := d.run
	if run == nil {
		run = probe.Run
	}
	if p.format != formatTUI {
		res := run(ctx, d.options())
		res.Simulated = d.simulated
		return printResult(e, p.format, report.TextOptions{Color: p.useColor, Width: p.width, BoxDrawing: report.UnicodeLocale(e.getenv)}, res)
	}
	// One decision for both libraries: the text report's colour switch
	// picks the TUI's profile, so fatih/color and lipgloss never disagree.
	profile := colorprofile.ASCII
	if p.useColor {
		profile = colorprofile.ANSI
	}
	runTUI := e.runTUI
	if runTUI == nil {
		runTUI = tui.Run
	}
	res, err := runTUI(ctx, tui.RunOptions{
		Options:   d.options,
		Runner:    run,
		Vantage:   d.vantage,
		Target:    d.target,
		Profile:   profile,
		Simulated: d.simulated,
		ASCII:     !report.UnicodeLocale(e.getenv),
		Tool:      report.Tool{Name: "ftpnat", Version: version()},
		Output:    e.stdout,
	})
	if err != nil {
		// A terminal that looked usable but could not be driven: the
		// diagnosis still gets done, as text.
		fmt.Fprintf(e.stderr, "ftpnat: the terminal could not be driven (%v); printing the text report\n", err)
		if ctx.Err() != nil {
			return exitError{exitUnknown}
		}
		res := run(ctx, d.options())
		res.Simulated = d.simulated
		return printResult(e, formatText, report.TextOptions{Color: p.useColor, Width: p.width, BoxDrawing: report.UnicodeLocale(e.getenv)}, res)
	}
	return verdictExit(res.Verdict)
}

// resolve settles the format: --json, --format, or the default, which is
// the TUI for an interactive command whose stdout is a terminal (not a
// dumb one) and that can read keys from a terminal, else text: cron,
// setsid and redirections to /dev/null get the text report, never a
// failing TUI.
func (o *output) resolve(e *env, interactive bool) (string, error) {
	format := o.format
	if o.json {
		if format != "" && format != formatJSON {
			return "", usagef("--json conflicts with --format %s", format)
		}
		format = formatJSON
	}
	switch format {
	case "":
		if interactive && e.getenv("TERM") != "dumb" && e.terminalUsable() {
			return formatTUI, nil
		}
		return formatText, nil
	case formatText, formatJSON, formatHTML:
		return format, nil
	case formatTUI:
		if !interactive {
			return "", usagef("--format tui is for diagnose and demo; use text, json or html")
		}
		if !e.terminalUsable() {
			fmt.Fprintln(e.stderr, "ftpnat: --format tui needs a terminal, and this process has none; use --format text or json")
			return "", exitError{exitUnknown}
		}
		return format, nil
	}
	return "", usagef("--format must be tui, text, json or html, not %q", format)
}

// printResult prints a result as text, JSON or HTML and returns the
// verdict's exit code.
func printResult(e *env, format string, opts report.TextOptions, r probe.Result) error {
	var err error
	tool := report.Tool{Name: "ftpnat", Version: version()}
	switch format {
	case formatJSON:
		err = report.WriteJSON(e.stdout, r, tool)
	case formatHTML:
		err = report.WriteHTML(e.stdout, r, report.HTMLOptions{Tool: tool})
	default:
		err = report.WriteText(e.stdout, r, opts)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "ftpnat: write report: %v\n", err)
		return exitError{exitUnknown}
	}
	return verdictExit(r.Verdict)
}

// verdictExit is the exit code of the CLI contract for a verdict; an empty
// one (no verdict yet) is unknown, 3.
func verdictExit(v probe.Verdict) error {
	if code := v.ExitCode(); code != exitOK {
		return exitError{code}
	}
	return nil
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
