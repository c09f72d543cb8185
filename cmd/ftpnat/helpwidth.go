package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// fitHelp makes the help of root and every subcommand fit the terminal
// (80 columns when it is not one): cobra prints flag descriptions and
// command summaries on one line, however long.
func fitHelp(root *cobra.Command, e *env) {
	help := root.HelpFunc()
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		var b strings.Builder
		c.SetOut(&b)
		help(c, args)
		c.SetOut(nil) // the subcommands write where root does
		if c == root {
			c.SetOut(e.stdout)
		}
		width, err := e.textWidth(0)
		if err != nil {
			width = defaultWidth
		}
		fmt.Fprint(c.OutOrStdout(), fitLines(b.String(), width))
	})
}
