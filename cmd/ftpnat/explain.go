package main

import (
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ftpnat/ftpnat/report"
)

func newExplainCmd(e *env) *cobra.Command {
	var color, reportFile string
	cmd := &cobra.Command{
		Use:   "explain [FINDING-ID]",
		Short: "Explain a finding: what it means, why it happens, and every fix",
		Long: `explain describes a finding with every fix, values in angle brackets.
With --report, the fixes are filled in with the values of a saved JSON report
(ftpnat diagnose --json HOST > report.json, or a batch's output): the
addresses, ports and programs that diagnosis found.`,
		Example: `  ftpnat explain pasv.unroutable_address
  ftpnat diagnose --json ftp.example.com > report.json
  ftpnat explain data.port_filtered --report report.json
  ftpnat diagnose --json ftp.example.com | ftpnat explain pasv.unroutable_address --report -`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o := output{color: color}
			useColor, err := o.useColor(e)
			if err != nil {
				return err
			}
			width, err := e.textWidth(0)
			if err != nil {
				return err
			}
			if len(args) == 0 {
				if reportFile != "" {
					return usagef("--report needs a FINDING-ID")
				}
				fw := newFitWriter(e.stdout, width)
				tw := tabwriter.NewWriter(fw, 0, 8, 2, ' ', 0)
				for _, en := range report.Catalog() {
					fmt.Fprintf(tw, "%s\t%s\t%s\n", en.ID, en.Severity, en.Title)
				}
				if err := tw.Flush(); err != nil {
					return err
				}
				return fw.Flush()
			}
			opts := report.TextOptions{Color: useColor, Width: width}
			if reportFile != "" {
				reps, err := readReportFile(reportFile)
				if err != nil {
					return err
				}
				if err := report.WriteExplainReport(e.stdout, args[0], reps, opts); err != nil {
					return usagef("%v", err)
				}
				return nil
			}
			if err := report.WriteExplain(e.stdout, args[0], opts); err != nil {
				return usagef("%v", err)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&color, "color", "auto", "colour: auto|always|never")
	cmd.Flags().StringVar(&reportFile, "report", "", "fill the fixes with the values of this saved JSON report ('-' for standard input)")
	return cmd
}

// readReportFile reads the JSON reports of --report, '-' for standard input.
func readReportFile(path string) ([]report.Report, error) {
	var r io.Reader = os.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, usagef("--report: %v", err)
		}
		defer f.Close()
		r = f
	}
	reps, err := report.ReadReports(r)
	if err != nil {
		return nil, usagef("--report %s: %v", path, err)
	}
	return reps, nil
}
