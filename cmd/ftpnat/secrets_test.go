package main

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// No command takes a password on its command line, where every user of
// the machine can read it in the process list: only $FTPNAT_PASSWORD,
// --password-file, ~/.netrc or a serve config's password_file.
func TestNoPasswordInProcessArguments(t *testing.T) {
	root := newRootCmd(&env{getenv: func(string) string { return "" }, isTerminal: isTerminal})
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, fs := range []*pflag.FlagSet{c.Flags(), c.PersistentFlags()} {
			fs.VisitAll(func(f *pflag.Flag) {
				name := strings.ToLower(f.Name)
				if (strings.Contains(name, "password") || strings.Contains(name, "secret") || name == "pass") && !strings.HasSuffix(name, "-file") {
					t.Errorf("%s --%s takes a secret on the command line", c.CommandPath(), f.Name)
				}
			})
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
