package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/report"
)

// flagValues are the values the shell completes for a flag, by flag name.
func flagValues() map[string][]string {
	return map[string][]string{
		"tls":       {"auto\tplaintext and AUTH TLS side by side", "explicit\tAUTH TLS only", "implicit\tTLS from the first byte (port 990)", "off\tplaintext only"},
		"color":     {"auto\tcolour on a terminal unless NO_COLOR", "always", "never"},
		"family":    {"auto\tone address of each family", "4\tIPv4 only", "6\tIPv6 only"},
		"log-level": {"debug", "info", "warn", "error"},
	}
}

// formatValues are the values of --format, which differ by command: those
// of batch and watch by name, else those of diagnose and demo.
func formatValues(cmd string) []string {
	switch cmd {
	case "batch":
		return []string{"auto\ttable on a terminal, else json", "json\tone report per line", "table"}
	case "watch":
		return []string{"text\tone line per change", "json\tone JSON object per line"}
	}
	return []string{"tui\tinteractive view", "text\tthe text report", "json\tthe JSON report", "html\tone self-contained HTML page"}
}

// complete teaches the shell completion (ftpnat completion bash|zsh|fish)
// the scenario names of demo, the finding IDs of explain, and the values
// of the flags that take one of a fixed set.
func complete(root *cobra.Command) {
	walk(root, func(c *cobra.Command) {
		switch {
		case c.Name() == "demo" && c.Parent() == root:
			c.ValidArgsFunction = firstArg(scenarioNames)
		case c.Name() == "explain" && c.Parent() == root:
			c.ValidArgsFunction = firstArg(findingIDs)
		}
		for name, values := range flagValues() {
			register(c, name, values)
		}
		register(c, "format", formatValues(c.Name()))
	})
}

// register completes flag name of c with values. Commands share flag sets
// (ftpnat HOST takes diagnose's flags), so a flag already taught is left
// as it is.
func register(c *cobra.Command, name string, values []string) {
	if c.Flags().Lookup(name) == nil {
		return
	}
	if _, ok := c.GetFlagCompletionFunc(name); ok {
		return
	}
	_ = c.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
}

// firstArg completes the first positional argument from names and nothing after it.
func firstArg(names func() []string) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []cobra.Completion
		for _, n := range names() {
			if strings.HasPrefix(n, toComplete) {
				out = append(out, n)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

func scenarioNames() []string {
	var names []string
	for _, sc := range fixtures.Scenarios() {
		names = append(names, sc.Name+"\t"+sc.Title)
	}
	return names
}

func findingIDs() []string {
	var ids []string
	for _, en := range report.Catalog() {
		ids = append(ids, en.ID+"\t"+en.Title)
	}
	return ids
}
