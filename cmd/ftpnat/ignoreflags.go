package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/ftpnat/ftpnat/monitor"
	"github.com/ftpnat/ftpnat/report"
)

// registerIgnore adds --ignore, the finding IDs a scheduled check accepts,
// with the catalog's IDs as its shell completion.
func registerIgnore(cmd *cobra.Command, ids *[]string) {
	cmd.Flags().StringArrayVar(ids, "ignore", nil,
		"finding `ID` that does not count toward the state (repeatable or comma-separated); still listed as ignored")
	_ = cmd.RegisterFlagCompletionFunc("ignore", func(_ *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
		var out []string
		for _, e := range report.Catalog() {
			if strings.HasPrefix(e.ID, prefix) {
				out = append(out, e.ID+"\t"+e.Title)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
}

// ignoreList checks --ignore against the finding catalog.
func ignoreList(ids []string) ([]string, error) {
	out, err := monitor.ParseIgnore(ids)
	if err != nil {
		return nil, usagef("--ignore: %v", err)
	}
	return out, nil
}
