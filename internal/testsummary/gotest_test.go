package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The real go test -json of a small module: one test passes, one skips as
// the lab tests do without Prometheus, one subtest fails.
func TestSummarizeRealGoTest(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.22\n",
		"m_test.go": `package m

import "testing"

func TestPass(t *testing.T) { t.Log("quiet") }

func TestNeedsPrometheus(t *testing.T) {
	t.Skip("prometheus not installed: apt-get install prometheus to run this test")
}

func TestFails(t *testing.T) {
	t.Run("sub", func(t *testing.T) { t.Errorf("got %d, want %d", 2, 1) })
}
`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goBin, "test", "-count=1", "-json", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	raw, _ := cmd.CombinedOutput() // exits 1: a test fails
	var out bytes.Buffer
	if !summarize(bytes.NewReader(raw), &out) {
		t.Errorf("a failed test did not fail the run:\n%s", out.String())
	}
	got := out.String()
	for _, want := range []string{
		"got 2, want 1",
		"--- FAIL: TestFails/sub",
		"FAIL\texample.com/m",
		"SKIPPED 1 test, not run here:\n  example.com/m (TestNeedsPrometheus): prometheus not installed: apt-get install prometheus to run this test\n",
		"sudo make lab-install",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "quiet") || strings.Contains(got, "=== RUN") {
		t.Errorf("summary shows a passing test's output:\n%s", got)
	}
}
