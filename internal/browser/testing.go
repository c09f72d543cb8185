package browser

import (
	"context"
	"os"
	"testing"
	"time"
)

// ForTest starts a Chromium for t and closes it when t ends. Without one
// the test is skipped, except in CI (CI=true), where it fails: CI installs
// Debian's chromium package (.ci/run).
func ForTest(t testing.TB) *Browser {
	t.Helper()
	path, err := Find()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v: CI must run the browser tests", err)
		}
		t.Skipf("%v: skipping the browser test", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	b, err := Start(ctx, path, t.TempDir())
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := b.Close(); err != nil {
			t.Errorf("close the browser: %v", err)
		}
		cancel()
	})
	return b
}
