package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// RunOptions configure an interactive diagnosis.
type RunOptions struct {
	// Options returns the probe options of one run. It is called for every
	// run, again when the user presses r. The TUI sets Events; a callback
	// the factory sets still receives every event, first.
	Options func() probe.Options
	// Runner runs each diagnosis; nil is probe.Run (here). A remote
	// probe's runner makes the screen show a diagnosis run elsewhere.
	Runner Runner
	// Vantage names the remote probe the diagnosis runs on ("" for here),
	// shown from the start, before a result says so.
	Vantage string
	// Target labels the diagnosis until the probe says what it reached.
	Target string
	// Profile is the colour profile of the screen, decided with the text
	// report's colour switch (--color, NO_COLOR): colorprofile.ASCII for no
	// colour, ANSI or better for colour. Unknown detects it from Output.
	Profile colorprofile.Profile
	// Simulated marks the results as coming from ftpnat's fake server.
	Simulated bool
	// ASCII draws the pictures (p) without box-drawing characters: the
	// locale is not UTF-8.
	ASCII bool
	// Tool names the program in the JSON reports that s saves.
	Tool report.Tool
	// SaveDir is where s saves reports; "" is the working directory.
	SaveDir string

	// Input and Output are the terminal; nil means the process's own.
	Input  io.Reader
	Output io.Writer
	// Width and Height size the screen when Output is not a terminal.
	Width, Height int
}

// Run shows a diagnosis on the terminal until the user quits, and returns
// the result on screen at that moment: its Verdict is empty when the user
// quit before the diagnosis had one. Quitting cancels a running probe, and
// Run returns only once the probe's goroutines have. After the screen is
// gone, Run leaves the verdict line (and where reports were saved) on
// Output. The error is for a terminal that could not be driven.
func Run(ctx context.Context, opts RunOptions) (probe.Result, error) {
	if opts.Options == nil {
		return probe.Result{}, errors.New("tui: RunOptions.Options is nil")
	}
	out := opts.Output
	if out == nil {
		out = os.Stdout
	}
	profile := opts.Profile
	if profile == colorprofile.Unknown {
		profile = colorprofile.Detect(out, os.Environ())
	}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	eng := newEngine(runCtx, opts.Options, opts.Runner, opts.Simulated)
	initial := newModel(config{
		target: opts.Target, simulated: opts.Simulated, vantage: opts.Vantage, profile: profile,
		saveDir: opts.SaveDir, tool: opts.Tool, ascii: opts.ASCII,
	}, eng)

	popts := []tea.ProgramOption{tea.WithContext(runCtx), tea.WithOutput(out), tea.WithColorProfile(profile)}
	if opts.Input != nil {
		popts = append(popts, tea.WithInput(opts.Input))
	}
	if opts.Width > 0 && opts.Height > 0 {
		popts = append(popts, tea.WithWindowSize(opts.Width, opts.Height))
	}
	final, err := tea.NewProgram(initial, popts...).Run()
	cancel()
	eng.close()

	// Interrupted by a signal, or the caller's context ended (SIGTERM in
	// main): the same as quitting.
	if err != nil && !errors.Is(err, tea.ErrInterrupted) && ctx.Err() == nil {
		return probe.Result{}, fmt.Errorf("tui: %w", err)
	}
	m, ok := final.(model)
	if !ok {
		m = initial
	}
	epilogue(out, m)
	if m.result == nil {
		return probe.Result{}, nil
	}
	return *m.result, nil
}

// epilogue is what stays on the terminal once the full-screen view is
// gone: the verdict line and where reports were saved.
func epilogue(w io.Writer, m model) {
	var b strings.Builder
	if m.result == nil {
		b.WriteString("UNKNOWN  " + m.label() + " - quit before a verdict\n")
	} else {
		v := m.result.Verdict
		if v == "" {
			v = probe.VerdictUnknown
		}
		fmt.Fprintf(&b, "%s  %s - %s\n", strings.ToUpper(string(v)), m.label(), report.Headline(*m.result))
	}
	if m.cfg.simulated {
		b.WriteString("SIMULATION  results from ftpnat's built-in fake server, not a real network\n")
	}
	if v := m.vantage(); v != "" {
		b.WriteString("VANTAGE  " + v + "\n")
	}
	for _, p := range m.saved {
		b.WriteString("JSON report saved to " + p + "\n")
	}
	_, _ = io.WriteString(w, b.String())
}
