package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/fixtures/fakeftp"
)

// widest returns the widest line of s and its width in runes.
func widest(s string) (string, int) {
	var line string
	n := 0
	for _, l := range strings.Split(s, "\n") {
		if w := utf8.RuneCountInString(l); w > n {
			line, n = l, w
		}
	}
	return line, n
}

func TestFitLines(t *testing.T) {
	for _, c := range []struct {
		name, in, want string
		width          int
	}{
		{"short lines stay", "  a  b\nc", "  a  b\nc", 10},
		{"flag under its description",
			"      --tls string   TLS: auto (plaintext and AUTH TLS side by side), off",
			"      --tls string   TLS: auto (plaintext and AUTH\n" +
				"                     TLS side by side), off", 50},
		{"command under its summary",
			"  batch       Diagnose many targets concurrently; one JSON report per line",
			"  batch       Diagnose many targets concurrently;\n" +
				"              one JSON report per line", 50},
		{"prose at its indentation",
			"Exit codes: 0 ok, 1 warning, 2 critical, 3 unknown (could not diagnose, usage error).",
			"Exit codes: 0 ok, 1 warning, 2 critical, 3 unknown\n(could not diagnose, usage error).", 52},
		{"examples continue as shell lines",
			"Examples:\n  ftpnat watch ftp.example.com --every 5m --textfile /var/lib/node_exporter/ftp.prom",
			"Examples:\n  ftpnat watch ftp.example.com --every 5m \\\n      --textfile /var/lib/node_exporter/ftp.prom", 50},
		{"a word wider than the room stays whole",
			"  x  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b",
			"  x  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n     b", 40},
	} {
		if got := fitLines(c.in, c.width); got != c.want {
			t.Errorf("%s:\n%s\nwant:\n%s", c.name, got, c.want)
		}
	}
	// Streamed: lines go through when complete, the rest on Flush.
	var b bytes.Buffer
	fw := newFitWriter(&b, 40)
	fmt.Fprint(fw, "STATE  a b c d e f g h i j k l m n o p q r s t\npart")
	if b.String() != "STATE  a b c d e f g h i j k l m n o p q\n       r s t\n" {
		t.Errorf("streamed: %q", b.String())
	}
	if err := fw.Flush(); err != nil || !strings.HasSuffix(b.String(), "\npart") {
		t.Errorf("flush: %v, %q", err, b.String())
	}
}

// Every command's help fits 80 columns when stdout is no terminal, and the
// terminal's width when it is one.
func TestHelpFitsWidth(t *testing.T) {
	root := newRootCmd(&env{getenv: func(string) string { return "" }, isTerminal: isTerminal})
	cmds := [][]string{{"--help"}}
	for _, c := range root.Commands() {
		cmds = append(cmds, []string{c.Name(), "--help"})
	}
	if len(cmds) < 8 {
		t.Fatalf("only %d commands", len(cmds))
	}
	for _, args := range cmds {
		code, out, _ := run(t, nil, args...)
		if l, n := widest(out); code != exitOK || n > defaultWidth {
			t.Errorf("%v: exit %d, a line of %d columns:\n%s", args, code, n, l)
		}
	}
	var out bytes.Buffer
	e := &env{stdout: &out, stderr: io.Discard, getenv: func(string) string { return "" },
		isTerminal: func(w io.Writer) bool { return w == &out },
		termWidth:  func(io.Writer) int { return 120 }}
	root = newRootCmd(e)
	root.SetArgs([]string{"diagnose", "--help"})
	root.SetOut(&out)
	if err := root.ExecuteContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	if l, n := widest(out.String()); n <= defaultWidth || n > 120 {
		t.Errorf("help on a 120-column terminal: widest line %d:\n%s", n, l)
	}
}

// demo --list fits 80 columns, and every scenario is still there, once;
// explain's list of findings fits too.
func TestDemoListFits80(t *testing.T) {
	code, out, _ := run(t, nil, "demo", "--list")
	if l, n := widest(out); code != exitOK || n > defaultWidth {
		t.Errorf("exit %d, a line of %d columns:\n%s", code, n, l)
	}
	for _, sc := range fixtures.Scenarios() {
		if strings.Count("\n"+out, "\n"+sc.Name+" ") != 1 {
			t.Errorf("%s is not listed once:\n%s", sc.Name, out)
		}
	}
	// So does the list of finding IDs.
	code, out, _ = run(t, nil, "explain")
	if l, n := widest(out); code != exitOK || n > defaultWidth {
		t.Errorf("explain: exit %d, a line of %d columns:\n%s", code, n, l)
	}
	if !strings.Contains(strings.Join(strings.Fields(out), " "), "vantage.no_hairpin warning NAT loopback (hairpin) misses the data ports") {
		t.Errorf("explain lacks vantage.no_hairpin:\n%s", out)
	}
}

// The text report is laid out for 80 columns when piped and for --width
// when given; config snippets (indented 6 and more) are never re-wrapped.
func TestTextReportWidth(t *testing.T) {
	proseWidth := func(out string) (string, int) {
		var prose []string
		for _, l := range strings.Split(out, "\n") {
			if !strings.HasPrefix(l, "      ") {
				prose = append(prose, l)
			}
		}
		return widest(strings.Join(prose, "\n"))
	}
	code, out, _ := run(t, nil, "demo", "--format", "text")
	if l, n := proseWidth(out); code != exitCritical || n > defaultWidth {
		t.Errorf("piped: exit %d, a line of %d columns:\n%s", code, n, l)
	}
	code, out, _ = run(t, nil, "demo", "--format", "text", "--width", "120")
	if l, n := proseWidth(out); code != exitCritical || n <= defaultWidth || n > 120 {
		t.Errorf("--width 120: exit %d, widest line %d:\n%s", code, n, l)
	}
	code, out, _ = run(t, nil, "explain", "data.port_filtered")
	if l, n := proseWidth(out); code != exitOK || n > defaultWidth {
		t.Errorf("explain piped: exit %d, a line of %d columns:\n%s", code, n, l)
	}
	if code, _, stderr := run(t, nil, "demo", "--width", "-1"); code != exitUnknown || !strings.Contains(stderr, "--width must be between") {
		t.Errorf("--width -1: exit %d, %s", code, stderr)
	}
}

// The batch table and watch lines fit 80 columns when piped, and --width.
func TestBatchTableAndWatchFit(t *testing.T) {
	refused := loopbackServer(t, fakeftp.Scenario{Replies: map[string][]string{"PASS": {"530 Login incorrect."}}})
	file := writeFile(t, "targets.txt", fmt.Sprintf("%s tls=off\n%s tls=off timeout=5s\n", refused, closedPort(t)))
	for _, width := range []int{defaultWidth, 50} {
		args := []string{"batch", "--format", "table", file}
		if width != defaultWidth {
			args = append(args, "--width", fmt.Sprint(width))
		}
		code, out, _ := run(t, nil, args...)
		if l, n := widest(out); code != exitCritical || n > width || !strings.HasPrefix(out, "STATE") ||
			!strings.Contains(strings.Join(strings.Fields(out), " "), "Login rejected (login.failed)") {
			t.Errorf("batch table at %d: exit %d, widest %d %q:\n%s", width, code, n, l, out)
		}
		args = []string{"watch", refused, "--every", "1s", "--count", "1", "--tls", "off", "--no-standard-client"}
		if width != defaultWidth {
			args = append(args, "--width", fmt.Sprint(width))
		}
		code, out, _ = run(t, nil, args...)
		if l, n := widest(out); code != exitCritical || n > width || !strings.Contains(out, "CRITICAL") {
			t.Errorf("watch at %d: exit %d, widest %d %q:\n%s", width, code, n, l, out)
		}
	}
}

// The comparison of two vantage points is laid out for 80 columns too.
func TestCompareTextFits80(t *testing.T) {
	addr := loopbackServer(t, fakeftp.Scenario{})
	srv, _ := remoteProbe(t, "nat-private-unforwarded", addr)
	code, out, _ := run(t, viaEnv, "diagnose", "--via", srv.URL, "--compare", "--tls", "off", "-4",
		"--data-timeout", "300ms", "--timeout", "10s", addr)
	var prose []string
	for _, l := range strings.Split(out, "\n") {
		if !strings.HasPrefix(l, "      ") {
			prose = append(prose, l)
		}
	}
	if l, n := widest(strings.Join(prose, "\n")); code != exitCritical || n > defaultWidth || !strings.Contains(out, "Differences (") {
		t.Errorf("exit %d, a line of %d columns:\n%s\n%s", code, n, l, out)
	}
}
