package main

import (
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/report"
)

func TestEveryCommandHasExamples(t *testing.T) {
	root := newRootCmd(&env{})
	n := 0
	walk(root, func(c *cobra.Command) {
		if c.Hidden {
			return
		}
		n++
		if strings.TrimSpace(c.Example) == "" {
			t.Errorf("%q has no Example", c.CommandPath())
		}
		code, out, stderr := run(t, nil, append(strings.Fields(c.CommandPath())[1:], "--help")...)
		if code != exitOK || !strings.Contains(out, "Examples:") {
			t.Errorf("%s --help: exit %d, no Examples section (stderr %q)", c.CommandPath(), code, stderr)
		}
	})
	// root, diagnose, demo, explain, check, batch, serve, watch, help,
	// completion and its four shells.
	if n < 14 {
		t.Errorf("walked %d commands, want at least 14", n)
	}
}

func TestDemoHelpListsScenarios(t *testing.T) {
	code, out, _ := run(t, nil, "demo", "--help")
	if code != exitOK {
		t.Fatalf("demo --help: exit %d", code)
	}
	for _, sc := range fixtures.Scenarios() {
		if !strings.Contains(out, "  "+sc.Name+" ") {
			t.Errorf("demo --help lacks scenario %s", sc.Name)
		}
	}
	if !strings.Contains(out, fixtures.DefaultScenario+" (default)") {
		t.Errorf("demo --help does not mark the default scenario")
	}
}

func TestExplainWithoutIDListsIDs(t *testing.T) {
	code, out, _ := run(t, nil, "explain")
	if code != exitOK {
		t.Fatalf("explain: exit %d", code)
	}
	// One entry per ID; a long title continues on an indented line.
	var entries int
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l != "" && l[0] != ' ' {
			entries++
		}
	}
	cat := report.Catalog()
	if entries != len(cat) {
		t.Errorf("explain lists %d entries, catalog has %d IDs", entries, len(cat))
	}
	for _, en := range cat {
		if !strings.Contains(out, en.ID+" ") {
			t.Errorf("explain lacks %s", en.ID)
		}
	}
}

// complete asks the CLI for completions as the shell scripts do and
// returns the candidates without their descriptions.
func completions(t *testing.T, args ...string) []string {
	t.Helper()
	code, out, stderr := run(t, nil, append([]string{cobra.ShellCompRequestCmd}, args...)...)
	if code != exitOK {
		t.Fatalf("complete %v: exit %d (stderr %q)", args, code, stderr)
	}
	var got []string
	for _, l := range strings.Split(out, "\n") {
		if l == "" || strings.HasPrefix(l, ":") {
			continue
		}
		got = append(got, strings.SplitN(l, "\t", 2)[0])
	}
	return got
}

func TestCompletion(t *testing.T) {
	var scenarios, ids []string
	for _, sc := range fixtures.Scenarios() {
		scenarios = append(scenarios, sc.Name)
	}
	for _, en := range report.Catalog() {
		ids = append(ids, en.ID)
	}
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"demo", ""}, scenarios},
		{[]string{"demo", "healthy", ""}, nil},
		{[]string{"explain", ""}, ids},
		{[]string{"explain", "pasv.unr"}, []string{"pasv.unroutable_address"}},
		{[]string{"diagnose", "--tls", ""}, []string{"auto", "explicit", "implicit", "off"}},
		{[]string{"--tls", ""}, []string{"auto", "explicit", "implicit", "off"}},
		{[]string{"check", "--tls", ""}, []string{"auto", "explicit", "implicit", "off"}},
		{[]string{"batch", "--tls", ""}, []string{"auto", "explicit", "implicit", "off"}},
		{[]string{"diagnose", "--format", ""}, []string{"tui", "text", "json", "html"}},
		{[]string{"--format", ""}, []string{"tui", "text", "json", "html"}},
		{[]string{"demo", "--format", ""}, []string{"tui", "text", "json", "html"}},
		{[]string{"batch", "--format", ""}, []string{"auto", "json", "table"}},
		{[]string{"watch", "--format", ""}, []string{"text", "json"}},
		{[]string{"diagnose", "--color", ""}, []string{"auto", "always", "never"}},
		{[]string{"explain", "--color", ""}, []string{"auto", "always", "never"}},
		{[]string{"diagnose", "--family", ""}, []string{"auto", "4", "6"}},
		{[]string{"serve", "--log-level", ""}, []string{"debug", "info", "warn", "error"}},
	}
	for _, tt := range tests {
		if got := completions(t, tt.args...); !slices.Equal(got, tt.want) {
			t.Errorf("complete %q = %q, want %q", tt.args, got, tt.want)
		}
	}
	for _, shell := range []string{"bash", "zsh", "fish"} {
		code, out, _ := run(t, nil, "completion", shell)
		if code != exitOK || !strings.Contains(out, "ftpnat") {
			t.Errorf("completion %s: exit %d, %d bytes", shell, code, len(out))
		}
	}
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	for _, shell := range []string{"bash", "zsh", "fish"} {
		if !strings.Contains(string(readme), "ftpnat completion "+shell+" > ") {
			t.Errorf("README does not say how to install the %s completion", shell)
		}
	}
}

func TestVersionOnce(t *testing.T) {
	code, out, _ := run(t, nil, "--version")
	if code != exitOK || strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, "ftpnat ") || strings.Contains(out, "version") {
		t.Errorf("--version: exit %d, %q; want one line 'ftpnat VERSION'", code, out)
	}
	rev := []debug.BuildSetting{{Key: "vcs.revision", Value: "abcdef1234567890abcdef1234567890abcdef12"}, {Key: "vcs.modified", Value: "true"}}
	tests := []struct {
		main     string
		settings []debug.BuildSetting
		want     string
	}{
		{"v1.2.3", nil, "v1.2.3"},
		{"v0.0.0-20260101120000-abcdef123456+dirty", rev, "v0.0.0-20260101120000-abcdef123456+dirty"},
		{"(devel)", rev, "dev+abcdef123456.dirty"},
		{"", rev[:1], "dev+abcdef123456"},
		{"(devel)", nil, "dev"},
	}
	for _, tt := range tests {
		if got := buildVersion(tt.main, tt.settings); got != tt.want {
			t.Errorf("buildVersion(%q) = %q, want %q", tt.main, got, tt.want)
		}
	}
}

// A short flag means one thing in every command: -v is --verbose (check),
// never --version.
func TestShorthandsMeanOneThing(t *testing.T) {
	seen := map[string]string{}
	walk(newRootCmd(&env{}), func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if f.Shorthand == "" {
				return
			}
			if prev, ok := seen[f.Shorthand]; ok && prev != f.Name {
				t.Errorf("-%s is --%s in %s but --%s elsewhere", f.Shorthand, f.Name, c.CommandPath(), prev)
			}
			seen[f.Shorthand] = f.Name
		})
	})
	if seen["v"] != "verbose" {
		t.Errorf("-v is %q, want verbose", seen["v"])
	}
	if code, _, _ := run(t, nil, "-v"); code != exitUnknown {
		t.Errorf("ftpnat -v: exit %d, want %d (it is not --version)", code, exitUnknown)
	}
}
