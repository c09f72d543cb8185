package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/fixtures/fakeftp"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

// maxHTMLBytes bounds the HTML report of a typical run.
const maxHTMLBytes = 300 << 10

// checkHTMLReport parses an HTML report strictly, checks that it loads
// nothing from elsewhere and fits the size bound, and returns its h1.
func checkHTMLReport(t *testing.T, doc string) (h1 string, es []reporttest.HTMLElem) {
	t.Helper()
	if len(doc) > maxHTMLBytes {
		t.Errorf("%d bytes, want at most %d", len(doc), maxHTMLBytes)
	}
	es, err := reporttest.ParseHTML(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range reporttest.CheckSelfContained(doc, es) {
		t.Error(err)
	}
	heads := reporttest.FindHTML(es, reporttest.Named("h1"))
	if len(heads) != 1 {
		t.Fatalf("%d h1 elements", len(heads))
	}
	return strings.Join(strings.Fields(heads[0].Text), " "), es
}

// Every demo scenario as --format html: one self-contained page under the
// size bound, the verdict its heading and its exit code, every finding
// with its evidence.
func TestDemoEveryScenarioHTML(t *testing.T) {
	verdicts := map[int]string{exitOK: "OK", exitWarning: "WARNING", exitCritical: "CRITICAL", exitUnknown: "UNKNOWN"}
	for _, sc := range fixtures.Scenarios() {
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			code, out, stderr := run(t, nil, "demo", sc.Name, "--format", "html")
			if stderr != "" {
				t.Errorf("stderr %q", stderr)
			}
			h1, es := checkHTMLReport(t, out)
			if !strings.HasPrefix(h1, verdicts[code]+" ") {
				t.Errorf("exit %d, heading %q", code, h1)
			}
			if !strings.Contains(out, "Simulation:") {
				t.Error("no simulation banner")
			}
			for _, a := range reporttest.FindHTML(es, reporttest.Named("article")) {
				if !strings.HasPrefix(a.Attr["id"], "finding-") {
					t.Errorf("article %q", a.Attr["id"])
				}
			}
		})
	}
}

// A diagnosis with a password: the HTML report names the user, shows
// PASS redacted, and never holds the password.
func TestDiagnoseHTMLNoPassword(t *testing.T) {
	const secret = "s3cret-Html-Pa55"
	addr := loopbackServer(t, fakeftp.Scenario{Users: map[string]string{"alice": secret}})
	code, out, stderr := run(t, map[string]string{"FTPNAT_PASSWORD": secret}, "diagnose", "--format", "html", "--tls", "off", "--user", "alice", addr)
	if code != exitOK && code != exitWarning {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkHTMLReport(t, out)
	if strings.Contains(out+stderr, secret) {
		t.Error("password in the HTML report")
	}
	if !strings.Contains(out, "logged in as alice") || !strings.Contains(out, "PASS ****") {
		t.Error("the login and the redacted PASS are not shown")
	}
	code, _, stderr = run(t, nil, "diagnose", "--format", "htm", addr)
	if code != exitUnknown || !strings.Contains(stderr, "tui, text, json or html") {
		t.Errorf("--format htm: exit %d, %q", code, stderr)
	}
}

// watch rewrites the last run's HTML report atomically: after the runs
// the file is a whole report and no temporary file is left beside it.
func TestWatchHTMLFile(t *testing.T) {
	addr := loopbackServer(t, fakeftp.Scenario{})
	dir := t.TempDir()
	page := filepath.Join(dir, "status.html")
	code, _, stderr := run(t, nil, "watch", addr, "--every", "1s", "--count", "2", "--tls", "off", "--html-file", page)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if h1, _ := checkHTMLReport(t, string(data)); !strings.HasPrefix(h1, "OK ") {
		t.Errorf("heading %q", h1)
	}
	if left, _ := os.ReadDir(dir); len(left) != 1 {
		t.Errorf("files left: %v", left)
	}
	for _, bad := range []string{filepath.Join(dir, "missing", "x.html"), dir} {
		code, _, stderr := run(t, nil, "watch", addr, "--every", "1s", "--html-file", bad)
		if code != exitUnknown || !strings.Contains(stderr, "--html-file") {
			t.Errorf("--html-file %s: exit %d, %q", bad, code, stderr)
		}
	}
}

// batch --html-dir writes one report per line of the batch file, named
// after the line and the target, each a whole report of that target.
func TestBatchHTMLDir(t *testing.T) {
	addr := loopbackServer(t, fakeftp.Scenario{})
	closed := closedPort(t)
	file := writeFile(t, "targets.txt", fmt.Sprintf("%s tls=off\n# comment\n%s tls=off timeout=5s\n%s tls=off no-standard-client\n", addr, closed, addr))
	dir := t.TempDir()
	code, out, stderr := run(t, nil, "batch", "--format", "json", "--html-dir", dir, file)
	if code != exitCritical || strings.Count(out, "\n") != 3 {
		t.Fatalf("exit %d, %d lines: %s", code, strings.Count(out, "\n"), stderr)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	safe := func(hostport string) string { return strings.NewReplacer(":", "_").Replace(hostport) }
	want := []string{"0001-" + safe(addr) + ".html", "0003-" + safe(closed) + ".html", "0004-" + safe(addr) + ".html"}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Fatalf("files %q, want %q", names, want)
	}
	for name, verdict := range map[string]string{want[0]: "OK ", want[1]: "CRITICAL "} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if h1, _ := checkHTMLReport(t, string(data)); !strings.HasPrefix(h1, verdict) {
			t.Errorf("%s: heading %q", name, h1)
		}
	}
	code, _, stderr = run(t, nil, "batch", "--html-dir", filepath.Join(dir, "missing"), file)
	if code != exitUnknown || !strings.Contains(stderr, "--html-dir") {
		t.Errorf("missing --html-dir: exit %d, %q", code, stderr)
	}
}
