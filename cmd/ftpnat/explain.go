package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ftpnat/ftpnat/report"
)

func newExplainCmd(e *env) *cobra.Command {
	var color string
	cmd := &cobra.Command{
		Use:   "explain [FINDING-ID]",
		Short: "Explain a finding: what it means, why it happens, and every fix",
		Args:  cobra.MaximumNArgs(1),
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
			if err := report.WriteExplain(e.stdout, args[0], report.TextOptions{Color: useColor, Width: width}); err != nil {
				return usagef("%v", err)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&color, "color", "auto", "colour: auto|always|never")
	return cmd
}
