package main

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var updateREADME = flag.Bool("update", false, "rewrite the README's demo text report from the current demo")

const (
	readmePath       = "../../README.md"
	readmeDemoBegin  = "<!-- demo text report: go test ./cmd/ftpnat -run TestREADMEDemoText -update -->"
	readmeDemoEnd    = "<!-- end of demo text report -->"
	readmeDemoFinder = "\n```\n"
)

// The README's text report is what `ftpnat demo --format text` prints
// today, shortened after the first finding; timings and the data ports the
// simulated server picks at random are not compared.
func TestREADMEDemoText(t *testing.T) {
	code, out, stderr := run(t, map[string]string{"NO_COLOR": "1"}, "demo", "--format", "text")
	if code != exitCritical {
		t.Fatalf("demo: exit %d, stderr %q", code, stderr)
	}
	want := shortenReport(out)
	raw, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	begin := strings.Index(readme, readmeDemoBegin)
	end := strings.Index(readme, readmeDemoEnd)
	if begin < 0 || end < begin {
		t.Fatalf("README lacks the markers %q … %q around the demo text report", readmeDemoBegin, readmeDemoEnd)
	}
	begin += len(readmeDemoBegin)
	block := readme[begin:end]
	got := strings.TrimSuffix(strings.TrimPrefix(block, readmeDemoFinder), "```\n")
	if *updateREADME {
		updated := readme[:begin] + readmeDemoFinder + want + "```\n" + readme[end:]
		if err := os.WriteFile(readmePath, []byte(updated), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if normalizeReport(got) != normalizeReport(want) {
		t.Errorf("README.md's demo text report is not what the demo prints; run\n  go test ./cmd/ftpnat -run TestREADMEDemoText -update\nREADME:\n%s\ndemo:\n%s", got, want)
	}
}

var (
	findingHeader = regexp.MustCompile(`^(CRITICAL|WARNING|INFO|OK)\s+([a-z0-9_]+\.[a-z0-9_.]+) - `)
	// reportNoise is what changes from one demo run to the next, in the
	// order it is blanked: the data ports the simulated server picks (and
	// so how many distinct ones were seen, one or several, and where lines
	// wrap), timings.
	reportNoise = []struct {
		re   *regexp.Regexp
		with string
	}{
		{regexp.MustCompile(`\s+`), " "},
		{regexp.MustCompile(`\(10,0,0,5,\d+,\d+\)`), "(10,0,0,5,P)"},
		{regexp.MustCompile(`\b\d{5}\b`), "P"}, // 30000-30009, or an ephemeral port when those are busy
		{regexp.MustCompile(`\bP-P\b`), "P"},   // a run of ports, or one: the topology lists what was seen
		{regexp.MustCompile(`:P\b`), "P"},      // one port seen (":30003") or several
		{regexp.MustCompile(`\bP((, | )P\b)+`), "P"},
		{regexp.MustCompile(`\bP \+\d+\b`), "P"}, // more runs of ports than the topology names
		{regexp.MustCompile(`\bport P at (\S+) does not`), "ports P at $1 do not"},
		{regexp.MustCompile(`<?\d+(\.\d+)? ?(µs|ms|s)\b`), "T"},
		{regexp.MustCompile(`\d+ days left`), "N days left"},
		{regexp.MustCompile(`\d+ endpoints: \d+ filtered`), "N endpoints: N filtered"},
		{regexp.MustCompile(`(- connect [^ ]+ \(PASV\): [^-]+ )(- connect [^ ]+ \(PASV\): [^-]+ )+`), "$1"},
	}
	checkRow = regexp.MustCompile(` (PASS|WARN|FAIL|SKIP|INFO) `)
)

// shortenReport keeps a text report up to and including its first
// finding, names the others in one line, and keeps the rest from the
// checks on.
func shortenReport(report string) string {
	lines := strings.SplitAfter(report, "\n")
	var headers []int
	var ids []string
	checks := -1
	for i, l := range lines {
		if m := findingHeader.FindStringSubmatch(l); m != nil {
			headers = append(headers, i)
			ids = append(ids, m[2])
		}
		if strings.TrimSpace(l) == "Checks" && len(headers) > 0 {
			checks = i
			break
		}
	}
	if checks < 0 || len(headers) < 2 {
		return report
	}
	var b strings.Builder
	for _, l := range lines[:headers[1]] {
		b.WriteString(l)
	}
	fmt.Fprintf(&b, "[… the %s findings, with their own evidence and fixes …]\n\n", andList(ids[1:]))
	for _, l := range lines[checks:] {
		b.WriteString(l)
	}
	return b.String()
}

func andList(s []string) string {
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// normalizeReport blanks what differs from one run to the next, and
// compares the check rows regardless of their order.
func normalizeReport(s string) string {
	for _, n := range reportNoise {
		s = n.re.ReplaceAllString(s, n.with)
	}
	head, rest, ok := strings.Cut(s, " Checks ")
	if !ok {
		return strings.TrimSpace(s)
	}
	checks, tail, _ := strings.Cut(rest, " A standard client")
	rows := checkRow.ReplaceAllString(" "+checks, "\n$1 ")
	lines := strings.Split(strings.TrimSpace(rows), "\n")
	slices.Sort(lines)
	return strings.TrimSpace(head) + "\nChecks\n" + strings.Join(lines, "\n") + "\n" + tail
}
