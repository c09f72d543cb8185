package monitor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A CA file is read up to a bound: a huge file (or a device) is an error,
// not a process that grows until it dies.
func TestReadCAFileBounded(t *testing.T) {
	p := filepath.Join(t.TempDir(), "huge.pem")
	if err := os.WriteFile(p, make([]byte, maxCAFileBytes+1), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadCAFile(p); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("huge CA file: %v", err)
	}
	if _, err := ReadCAFile("/dev/zero"); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("/dev/zero: %v", err)
	}
}
