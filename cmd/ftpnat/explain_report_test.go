package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// explain --report fills the fixes with a saved report's values: the
// addresses and ports the diagnosis found, not placeholders.
func TestExplainWithReport(t *testing.T) {
	code, js, stderr := run(t, nil, "demo", "--json")
	if code != exitCritical {
		t.Fatalf("demo: exit %d, stderr %q", code, stderr)
	}
	path := filepath.Join(t.TempDir(), "report.json")
	if err := os.WriteFile(path, []byte(js), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := run(t, nil, "explain", "pasv.unroutable_address", "--report", path)
	if code != exitOK {
		t.Fatalf("explain --report: exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{
		"pasv.unroutable_address - PASV announces an unroutable address\nSeverity: critical\nSeen on ftp.example.test:21 at ",
		"\nWhat the diagnosis saw\n  PASV advertises 10.0.0.5, a private address",
		"Make the server announce 203.0.113.10 in its PASV replies",
		"\nFixes (filled in with the report's values)\n",
		"\n  vsftpd (detected)\n",
		"      pasv_address=203.0.113.10\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("explain --report lacks %q\n---\n%s", want, out)
		}
	}
	if strings.Contains(out, "<public-address>") {
		t.Errorf("placeholders left in the fixes:\n%s", out)
	}

	// A finding the report does not hold names the ones it does.
	code, _, stderr = run(t, nil, "explain", "tls.not_offered", "--report", path)
	if code != exitUnknown || !strings.Contains(stderr, "the report has no finding tls.not_offered (its findings: pasv.unroutable_address, data.port_filtered") {
		t.Errorf("absent finding: exit %d, stderr %q", code, stderr)
	}
	// Something that is not a report is refused as such.
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte("hello\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(t, nil, "explain", "pasv.unroutable_address", "--report", bad)
	if code != exitUnknown || !strings.Contains(stderr, "not an ftpnat JSON report") {
		t.Errorf("bad report: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = run(t, nil, "explain", "--report", path)
	if code != exitUnknown || !strings.Contains(stderr, "--report needs a FINDING-ID") {
		t.Errorf("no ID: exit %d, stderr %q", code, stderr)
	}
}

// The text report's other-fixes line points to explain with a report.
func TestTextReportPointsToExplainReport(t *testing.T) {
	_, out, _ := run(t, nil, "demo", "--format", "text", "--color", "never")
	// The line wraps at 80 columns: compare the words.
	if !strings.Contains(strings.Join(strings.Fields(out), " "), "ftpnat explain pasv.unroutable_address --report REPORT.json") {
		t.Errorf("no pointer to explain --report:\n%s", out)
	}
}

// '-' reads the report from standard input, as in a pipe from diagnose.
func TestExplainReportFromStdin(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	_, js, _ := run(t, nil, "demo", "--json")
	bin := buildFtpnat(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "explain", "data.port_filtered", "--report", "-")
	cmd.Env = []string{"HOME=" + t.TempDir(), "NO_COLOR=1"}
	cmd.Stdin = strings.NewReader(js)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("explain --report -: %v", err)
	}
	if !strings.Contains(string(out), "data.port_filtered - ") || !strings.Contains(string(out), "Fixes (filled in with the report's values)") ||
		!strings.Contains(string(out), "10.0.0.5") {
		t.Errorf("explain --report - output:\n%s", out)
	}
}
