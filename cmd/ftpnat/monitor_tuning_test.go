package main

import (
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/fixtures/fakeftp"
)

// An internal plaintext server is OK once tls.not_offered is ignored, in
// check, batch and watch alike, and the finding is still shown.
func TestIgnoreFlag(t *testing.T) {
	addr := loopbackServer(t, fakeftp.Scenario{})
	code, out, stderr := run(t, nil, "check", "--ignore", "tls.not_offered", addr)
	if code != exitOK || !strings.HasPrefix(out, "FTPNAT OK - only ignored findings: tls.not_offered | ") ||
		!strings.Contains(out, `\_[IGNORED] tls.not_offered - `) {
		t.Errorf("check: exit %d\n%s%s", code, out, stderr)
	}

	file := writeFile(t, "targets.txt", addr+"\n")
	code, out, stderr = run(t, nil, "batch", "--format", "json", "--ignore", "tls.not_offered", file)
	if code != exitOK || !strings.Contains(out, `"state":"OK"`) || !strings.Contains(out, `"ignored":["tls.not_offered"]`) ||
		strings.Contains(out, `"id":"tls.not_offered"`) {
		t.Errorf("batch: exit %d\n%s%s", code, out, stderr)
	}

	code, out, stderr = run(t, nil, "watch", addr, "--every", "1s", "--count", "1", "--format", "json", "--ignore", "tls.not_offered")
	if code != exitOK || !strings.Contains(out, `"state":"OK"`) || !strings.Contains(out, `"findings":["passive.port_range"]`) ||
		!strings.Contains(out, `"ignored":["tls.not_offered"]`) {
		t.Errorf("watch: exit %d\n%s%s", code, out, stderr)
	}

	// Per target, in both batch-file formats, on top of --ignore.
	file2 := writeFile(t, "targets2.txt", fmt.Sprintf("%s ignore=tls.not_offered\n{\"target\": %q, \"ignore\": [\"tls.not_offered\"]}\n%s\n", addr, addr, addr))
	code, out, stderr = run(t, nil, "batch", "--format", "json", file2)
	if code != exitWarning || strings.Count(out, `"ignored":["tls.not_offered"]`) != 2 || strings.Count(out, `"state":"OK"`) != 2 ||
		strings.Count(out, `"state":"WARNING"`) != 1 {
		t.Errorf("batch, ignore= per line: exit %d\n%s%s", code, out, stderr)
	}
	bad := writeFile(t, "bad.txt", addr+" ignore=tls.nope\n")
	if code, _, stderr := run(t, nil, "batch", bad); code != exitUnknown || !strings.Contains(stderr, `line 1: unknown finding ID "tls.nope"`) {
		t.Errorf("batch, unknown ignore=: exit %d %q", code, stderr)
	}

	for _, args := range [][]string{
		{"check", "--ignore", "tls.not_ofered", addr},
		{"batch", "--ignore", "bogus", file},
		{"watch", addr, "--every", "1s", "--ignore", "bogus"},
	} {
		code, _, stderr := run(t, nil, args...)
		if code != exitUnknown || !strings.Contains(stderr, "--ignore: unknown finding ID") {
			t.Errorf("%v: exit %d %q", args, code, stderr)
		}
	}
}

// --tls off asks nothing about TLS, so nothing about TLS is found; a
// pinned passive range that works is information, not a warning.
func TestTLSOffHasNoTLSFindings(t *testing.T) {
	addr := loopbackServer(t, withTLS(t, fakeftp.Scenario{}))
	code, out, stderr := run(t, nil, "check", "--tls", "off", addr)
	if code != exitOK || !strings.HasPrefix(out, "FTPNAT OK - all checks passed | ") || strings.Contains(out, "tls.") ||
		strings.Contains(out, "'tls-") || strings.Contains(out, "data_tls") {
		t.Errorf("--tls off: exit %d\n%s%s", code, out, stderr)
	}
	if !strings.Contains(out, "\n\\_[OK] passive.port_range - ") {
		t.Errorf("passive.port_range is not information:\n%s", out)
	}
	// Without TLS offered at all, --tls off still says nothing about it.
	addr = loopbackServer(t, fakeftp.Scenario{})
	if code, out, _ := run(t, nil, "check", "--tls", "off", addr); code != exitOK || strings.Contains(out, "tls.") {
		t.Errorf("plaintext server, --tls off: exit %d\n%s", code, out)
	}
}

// check takes -H/-p like check_ftp, and -V.
func TestCheckHostPortFlags(t *testing.T) {
	addr := loopbackServer(t, fakeftp.Scenario{})
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	code, out, stderr := run(t, nil, "check", "--tls", "off", "-H", host, "-p", port)
	if code != exitOK || !strings.HasPrefix(out, "FTPNAT OK - ") {
		t.Errorf("-H -p: exit %d\n%s%s", code, out, stderr)
	}
	code, out, _ = run(t, nil, "check", "--tls", "off", "--hostname", addr)
	if code != exitOK {
		t.Errorf("--hostname HOST:PORT: exit %d\n%s", code, out)
	}

	code, out, _ = run(t, nil, "check", "-V")
	if code != exitUnknown || !strings.HasPrefix(out, "ftpnat check ") || strings.Count(out, "\n") != 1 {
		t.Errorf("-V: exit %d %q", code, out)
	}

	for _, tt := range []struct {
		args []string
		msg  string
	}{
		{[]string{"check", "-H", host, addr}, "either as an argument or with -H"},
		{[]string{"check", "-H", addr, "-p", port}, "port is given twice"},
		{[]string{"check", "-p", port, addr}, "port is given twice"},
		{[]string{"check", "-H", host, "-p", "70000"}, "between 1 and 65535"},
		{[]string{"check", "-p", port}, "expected HOST[:PORT] or -H HOST"},
	} {
		code, out, _ := run(t, nil, tt.args...)
		if code != exitUnknown || !strings.HasPrefix(out, "FTPNAT UNKNOWN - ") || !strings.Contains(out, tt.msg) {
			t.Errorf("%v: exit %d %q, want %q", tt.args, code, out, tt.msg)
		}
	}
	if got, err := checkTarget(nil, "::1", 2121); err != nil || got != "[::1]:2121" {
		t.Errorf("IPv6 -H: %q %v", got, err)
	}
	if got, err := checkTarget([]string{"ftp.example.com"}, "", 2121); err != nil || got != fmt.Sprintf("ftp.example.com:%d", 2121) {
		t.Errorf("HOST with -p: %q %v", got, err)
	}
}

// --ignore completes finding IDs from the catalog.
func TestIgnoreCompletion(t *testing.T) {
	code, out, _ := run(t, nil, "__complete", "check", "--ignore", "tls.not_")
	if code != exitOK || !strings.Contains(out, "tls.not_offered\t") || strings.Contains(out, "passive.") {
		t.Errorf("exit %d\n%s", code, out)
	}
}
