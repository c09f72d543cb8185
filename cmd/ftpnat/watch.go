package main

import (
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/ftpnat/ftpnat/monitor"
	"github.com/ftpnat/ftpnat/report"
)

func newWatchCmd(e *env) *cobra.Command {
	f := &diagnoseFlags{}
	var every time.Duration
	var count int
	var format, textfile, htmlFile string
	var ignore []string
	var width int
	cmd := &cobra.Command{
		Use:   "watch [flags] HOST[:PORT] --every DURATION",
		Short: "Diagnose repeatedly; print a line whenever the verdict or the findings change",
		Long: `watch diagnoses the target every DURATION (from one start to the next)
and prints a line after the first run and after every run whose state or set
of findings differs from the run before: text, or JSON lines with
--format json. --textfile rewrites a node_exporter textfile (*.prom)
atomically after every run, --html-file the last run's HTML report. It runs until interrupted, or --count runs, and
exits with the state of the last finished run.`,
		Example: `  ftpnat watch ftp.example.com --every 1m
  ftpnat watch ftp.example.com --every 5m --format json --textfile /var/lib/node_exporter/ftp.prom
  ftpnat watch ftp.example.com --every 5m --html-file /var/www/status/ftp.html`,
		Args: exactArgs(1, "HOST[:PORT]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("every") {
				return usagef("--every must be given: how long from one diagnosis to the next (at least %s), e.g. --every 1m", monitor.MinWatchEvery)
			}
			if every < monitor.MinWatchEvery {
				return usagef("--every must be at least %s", monitor.MinWatchEvery)
			}
			if count < 0 {
				return usagef("--count must not be negative")
			}
			if format != "text" && format != "json" {
				return usagef("--format must be text or json, not %q", format)
			}
			if textfile != "" {
				if err := monitor.CheckTextfilePath(textfile); err != nil {
					return usagef("%v", err)
				}
			}
			if htmlFile != "" {
				if err := monitor.CheckHTMLFilePath(htmlFile); err != nil {
					return usagef("--html-file: %v", err)
				}
			}
			ignored, err := ignoreList(ignore)
			if err != nil {
				return err
			}
			cols, err := e.textWidth(width)
			if err != nil {
				return err
			}
			out := io.Writer(e.stdout)
			if format == "text" {
				out = newFitWriter(e.stdout, cols) // every line ends in a newline: nothing waits for a flush
			}
			opts, err := f.options(e, args[0])
			if err != nil {
				return err
			}
			state, err := monitor.Watch(cmd.Context(), monitor.WatchOptions{Probe: opts, Every: every, Count: count,
				JSON: format == "json", Out: out, Textfile: textfile, Ignore: ignored,
				HTMLFile: htmlFile, Tool: report.Tool{Name: "ftpnat", Version: version()}})
			if err != nil {
				return err
			}
			if state != monitor.StateOK {
				return exitError{int(state)}
			}
			return nil
		},
	}
	registerProbeFlags(cmd, f, "")
	fl := cmd.Flags()
	fl.DurationVar(&every, "every", 0, "time between the starts of two diagnoses (required, at least 1s)")
	fl.IntVar(&count, "count", 0, "stop after this many diagnoses (default: until interrupted)")
	fl.StringVar(&format, "format", "text", "output: text or json (one JSON object per line)")
	registerIgnore(cmd, &ignore)
	registerWidth(fl, &width)
	fl.StringVar(&textfile, "textfile", "", "write node_exporter textfile metrics to this *.prom file after every run")
	fl.StringVar(&htmlFile, "html-file", "", "rewrite this file with the last run's self-contained HTML report after every run")
	return cmd
}
