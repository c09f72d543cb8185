package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ftpnat/ftpnat/fixtures"
)

// examples are the Example sections of the commands that do not set their
// own, by command path: every command's help shows how it is used.
func examples() map[string]string {
	return map[string]string{
		"ftpnat": `  ftpnat ftp.example.com                  # same as: ftpnat diagnose ftp.example.com
  ftpnat demo                             # a simulated server behind NAT, no network needed
  ftpnat explain data.port_filtered       # what a finding means and every fix`,
		"ftpnat demo": `  ftpnat demo
  ftpnat demo --format text healthy
  ftpnat demo --format html > demo.html   # one self-contained page to open or send
  ftpnat demo --list`,
		"ftpnat explain": `  ftpnat explain                          # every finding ID, its severity and title
  ftpnat explain pasv.unroutable_address`,
		"ftpnat completion": `  ftpnat completion bash > /etc/bash_completion.d/ftpnat
  ftpnat completion zsh > "${fpath[1]}/_ftpnat"
  ftpnat completion fish > ~/.config/fish/completions/ftpnat.fish`,
		"ftpnat completion bash": `  ftpnat completion bash > /etc/bash_completion.d/ftpnat
  source <(ftpnat completion bash)        # this shell only`,
		"ftpnat completion zsh": `  ftpnat completion zsh > "${fpath[1]}/_ftpnat"
  source <(ftpnat completion zsh)         # this shell only`,
		"ftpnat completion fish":       `  ftpnat completion fish > ~/.config/fish/completions/ftpnat.fish`,
		"ftpnat completion powershell": `  ftpnat completion powershell | Out-String | Invoke-Expression`,
		"ftpnat help":                  `  ftpnat help diagnose`,
	}
}

// document finishes the command tree's help: the version flag without a
// shorthand (-v is --verbose, in check), the generated commands (help,
// completion) created so they can be described, the scenarios in demo's
// help, and an Example for every command that has none. The completion
// scripts are written to out, which cobra takes when it makes the command.
func document(root *cobra.Command, out io.Writer) {
	root.SetOut(out)
	root.Flags().Bool("version", false, "print the version and exit")
	root.SetVersionTemplate("{{.Name}} {{.Version}}\n")
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	ex := examples()
	walk(root, func(c *cobra.Command) {
		if c.Example == "" {
			c.Example = ex[c.CommandPath()]
		}
		if c.Name() == "demo" && c.Parent() == root {
			c.Long = strings.TrimRight(c.Long, "\n") + "\n\nScenarios:\n" + scenarioTable()
		}
	})
	complete(root)
}

// walk calls f for c and every command below it.
func walk(c *cobra.Command, f func(*cobra.Command)) {
	f(c)
	for _, sub := range c.Commands() {
		walk(sub, f)
	}
}

// scenarioTable is the demo scenarios, one a line, as `demo --list` shows them.
func scenarioTable() string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 8, 2, ' ', 0)
	for _, sc := range fixtures.Scenarios() {
		def := ""
		if sc.Name == fixtures.DefaultScenario {
			def = " (default)"
		}
		fmt.Fprintf(tw, "  %s%s\t%s\n", sc.Name, def, sc.Title)
	}
	tw.Flush()
	return b.String()
}
