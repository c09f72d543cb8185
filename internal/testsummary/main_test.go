package main

import (
	"bytes"
	"strings"
	"testing"
)

// A run as root without the lab or Prometheus: the packages' lines as go
// test prints them, the failed test's output, and one summary of what
// skipped, why, and how to install it.
func TestSummarizeSkipsAndFailures(t *testing.T) {
	in := `{"Action":"start","Package":"github.com/ftpnat/ftpnat/fixtures/lab"}
{"Action":"run","Package":"github.com/ftpnat/ftpnat/fixtures/lab","Test":"TestLabScenarios"}
{"Action":"output","Package":"github.com/ftpnat/ftpnat/fixtures/lab","Test":"TestLabScenarios","Output":"=== RUN   TestLabScenarios\n"}
{"Action":"output","Package":"github.com/ftpnat/ftpnat/fixtures/lab","Test":"TestLabScenarios","Output":"    integration_test.go:116: lab unavailable (vsftpd missing): run as root after fixtures/lab/install.sh, or run .ci/run\n"}
{"Action":"output","Package":"github.com/ftpnat/ftpnat/fixtures/lab","Test":"TestLabScenarios","Output":"--- SKIP: TestLabScenarios (0.00s)\n"}
{"Action":"skip","Package":"github.com/ftpnat/ftpnat/fixtures/lab","Test":"TestLabScenarios"}
{"Action":"output","Package":"github.com/ftpnat/ftpnat/fixtures/lab","Test":"TestLabVerify","Output":"    integration_test.go:116: lab unavailable (vsftpd missing): run as root after fixtures/lab/install.sh, or run .ci/run\n"}
{"Action":"skip","Package":"github.com/ftpnat/ftpnat/fixtures/lab","Test":"TestLabVerify"}
{"Action":"output","Package":"github.com/ftpnat/ftpnat/fixtures/lab","Output":"PASS\n"}
{"Action":"output","Package":"github.com/ftpnat/ftpnat/fixtures/lab","Output":"ok  \tgithub.com/ftpnat/ftpnat/fixtures/lab\t1.1s\n"}
{"Action":"pass","Package":"github.com/ftpnat/ftpnat/fixtures/lab"}
{"Action":"output","Package":"github.com/ftpnat/ftpnat/monitor","Test":"TestPrometheusScrapes","Output":"    prometheus_integration_test.go:35: prometheus not installed: apt-get install prometheus to run this test (CI always runs it)\n"}
{"Action":"skip","Package":"github.com/ftpnat/ftpnat/monitor","Test":"TestPrometheusScrapes"}
{"Action":"output","Package":"github.com/ftpnat/ftpnat/monitor","Test":"TestCheck","Output":"    check_test.go:10: got 2, want 1\n"}
{"Action":"output","Package":"github.com/ftpnat/ftpnat/monitor","Test":"TestCheck","Output":"--- FAIL: TestCheck (0.00s)\n"}
{"Action":"fail","Package":"github.com/ftpnat/ftpnat/monitor","Test":"TestCheck"}
{"Action":"output","Package":"github.com/ftpnat/ftpnat/monitor","Test":"TestQuiet","Output":"noise of a passing test\n"}
{"Action":"pass","Package":"github.com/ftpnat/ftpnat/monitor","Test":"TestQuiet"}
{"Action":"output","Package":"github.com/ftpnat/ftpnat/monitor","Output":"FAIL\tgithub.com/ftpnat/ftpnat/monitor\t0.2s\n"}
{"Action":"fail","Package":"github.com/ftpnat/ftpnat/monitor"}
{"Action":"output","Package":"github.com/ftpnat/ftpnat/docs","Output":"?   \tgithub.com/ftpnat/ftpnat/docs\t[no test files]\n"}
{"Action":"skip","Package":"github.com/ftpnat/ftpnat/docs"}
`
	var out bytes.Buffer
	failed := summarize(strings.NewReader(in), &out)
	if !failed {
		t.Error("a failed test did not fail the run")
	}
	want := `ok  	github.com/ftpnat/ftpnat/fixtures/lab	1.1s
    check_test.go:10: got 2, want 1
--- FAIL: TestCheck (0.00s)
FAIL	github.com/ftpnat/ftpnat/monitor	0.2s
?   	github.com/ftpnat/ftpnat/docs	[no test files]
SKIPPED 3 tests, not run here:
  github.com/ftpnat/ftpnat/fixtures/lab (TestLabScenarios, TestLabVerify): lab unavailable (vsftpd missing): run as root after fixtures/lab/install.sh, or run .ci/run
  github.com/ftpnat/ftpnat/monitor (TestPrometheusScrapes): prometheus not installed: apt-get install prometheus to run this test (CI always runs it)
To run those that need setup: sudo make lab-install (the NAT lab's servers, Prometheus), then make test as root.
`
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

func TestSummarizeAllRanAndBuildFailure(t *testing.T) {
	var out bytes.Buffer
	ok := `{"Action":"output","Package":"p","Output":"ok  \tp\t0.1s\n"}
{"Action":"pass","Package":"p"}
`
	if summarize(strings.NewReader(ok), &out) || !strings.HasSuffix(out.String(), "SKIPPED none: every test ran\n") {
		t.Errorf("clean run: %q", out.String())
	}
	out.Reset()
	broken := `# p
p/x.go:1:1: expected 'package', found 'EOF'
{"ImportPath":"p","Action":"build-output","Output":"p/y.go:2:2: undefined: z\n"}
{"ImportPath":"p","Action":"build-fail"}
`
	if !summarize(strings.NewReader(broken), &out) || !strings.Contains(out.String(), "undefined: z") || !strings.Contains(out.String(), "expected 'package'") ||
		strings.Contains(out.String(), "every test ran") {
		t.Errorf("build failure: %q", out.String())
	}
}

// A test that skips by design (a helper run only inside a lab namespace)
// is listed, without the install hint.
func TestSummarizeSkipByDesign(t *testing.T) {
	in := `{"Action":"output","Package":"lab","Test":"TestResolveHelper","Output":"    hosts_test.go:30: runs only inside a lab namespace, started by TestHostName\n"}
{"Action":"skip","Package":"lab","Test":"TestResolveHelper"}
`
	var out bytes.Buffer
	if summarize(strings.NewReader(in), &out) {
		t.Error("a skip failed the run")
	}
	want := "SKIPPED 1 test, not run here:\n  lab (TestResolveHelper): runs only inside a lab namespace, started by TestHostName\n"
	if out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}
