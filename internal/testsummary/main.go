// Command testsummary reads `go test -json` on stdin and prints what a
// plain `go test` prints (one line per package, the output of failed
// tests), then says which tests skipped and why, so that a run without
// the NAT lab or Prometheus is not mistaken for the whole suite.
//
//	go test -json ./... 2>&1 | go run ./internal/testsummary
//
// It exits 1 when a test or a package failed.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
)

func main() {
	if failed := summarize(os.Stdin, os.Stdout); failed {
		os.Exit(1)
	}
}

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action     string
	Package    string
	ImportPath string // build-output, build-fail
	Test       string
	Output     string
}

// skip is the tests of one package that skipped for one reason.
type skip struct {
	pkg, reason string
	tests       []string
}

// maxLine bounds one line of input; longer lines are cut.
const maxLine = 1 << 20

// A skip message as testing prints it: "    file_test.go:42: reason".
var skipPrefix = regexp.MustCompile(`^\s*[\w.-]+_test\.go:\d+: `)

// needsSetup are the skip reasons that installing something, or root,
// would remove (the lab, Prometheus, Twisted, tmux, iptables).
var needsSetup = regexp.MustCompile(`(?i)lab (unavailable|needs|not installed)|needs root|not installed|not found|missing|install`)

// summarize copies the test run from r to w as go test would show it,
// then the skipped tests grouped by package and reason. It reports
// whether anything failed.
func summarize(r io.Reader, w io.Writer) bool {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	outputs := map[string][]string{} // package + test → its output so far
	var skips []*skip
	failed := false
	for sc.Scan() {
		line := sc.Text()
		var ev event
		if !strings.HasPrefix(line, "{") || json.Unmarshal([]byte(line), &ev) != nil {
			fmt.Fprintln(w, line) // the build's own messages, on stderr
			continue
		}
		key := ev.Package + " " + ev.Test
		switch ev.Action {
		case "build-output":
			fmt.Fprint(w, ev.Output)
		case "build-fail":
			failed = true
		case "output":
			if ev.Test == "" {
				if ev.Output != "PASS\n" {
					fmt.Fprint(w, ev.Output)
				}
				continue
			}
			if !strings.HasPrefix(ev.Output, "=== ") { // RUN, PAUSE, CONT, NAME: -v only
				outputs[key] = append(outputs[key], ev.Output)
			}
		case "fail":
			failed = true
			if ev.Test != "" {
				for _, o := range outputs[key] {
					fmt.Fprint(w, o)
				}
			}
			delete(outputs, key)
		case "skip":
			if ev.Test != "" {
				skips = addSkip(skips, ev.Package, ev.Test, skipReason(outputs[key]))
			}
			delete(outputs, key)
		case "pass":
			delete(outputs, key)
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(w, "testsummary: read go test output: %v\n", err)
		failed = true
	}
	writeSkips(w, skips, failed)
	return failed
}

// skipReason is the message a skipped test gave, without the file and
// line testing puts before it.
func skipReason(output []string) string {
	var msg []string
	for _, o := range output {
		o = strings.TrimRight(o, "\n")
		t := strings.TrimSpace(o)
		if t == "" || strings.HasPrefix(t, "--- ") {
			continue
		}
		msg = append(msg, strings.TrimSpace(skipPrefix.ReplaceAllString(o, "")))
	}
	reason := strings.Join(msg, " ")
	if reason == "" {
		return "no reason given"
	}
	if len(reason) > 200 {
		reason = reason[:200] + "…"
	}
	return reason
}

func addSkip(skips []*skip, pkg, test, reason string) []*skip {
	for _, s := range skips {
		if s.pkg == pkg && s.reason == reason {
			s.tests = append(s.tests, test)
			return skips
		}
	}
	return append(skips, &skip{pkg: pkg, reason: reason, tests: []string{test}})
}

// writeSkips says which tests skipped; "every test ran" only when nothing
// failed, since a package that did not build ran none of its tests.
func writeSkips(w io.Writer, skips []*skip, failed bool) {
	n := 0
	setup := false
	for _, s := range skips {
		n += len(s.tests)
		setup = setup || needsSetup.MatchString(s.reason)
	}
	if n == 0 && failed {
		fmt.Fprintln(w, "SKIPPED none")
		return
	}
	if n == 0 {
		fmt.Fprintln(w, "SKIPPED none: every test ran")
		return
	}
	fmt.Fprintf(w, "SKIPPED %d %s, not run here:\n", n, plural(n, "test", "tests"))
	slices.SortStableFunc(skips, func(a, b *skip) int { return strings.Compare(a.pkg, b.pkg) })
	for _, s := range skips {
		names := s.tests
		if len(names) > 3 {
			names = append(names[:3:3], fmt.Sprintf("%d more", len(s.tests)-3))
		}
		fmt.Fprintf(w, "  %s (%s): %s\n", s.pkg, strings.Join(names, ", "), s.reason)
	}
	if setup {
		fmt.Fprintln(w, "To run those that need setup: sudo make lab-install (the NAT lab's servers, Prometheus), then make test as root.")
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
