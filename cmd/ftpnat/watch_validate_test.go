package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// watch checks --every and --textfile before its first run: a usage
// error (exit 3) naming the flag, never a diagnosis of the target.
func TestWatchValidatesBeforeFirstRun(t *testing.T) {
	addr := closedPort(t)
	dir := t.TempDir()
	for _, tt := range []struct {
		args []string
		msg  string
	}{
		{[]string{"watch", addr}, "--every must be given"},
		{[]string{"watch", addr, "--every", "0s"}, "--every must be at least 1s"},
		{[]string{"watch", addr, "--every", "1s", "--textfile", filepath.Join(dir, "missing", "ftp.prom")}, "does not exist"},
		{[]string{"watch", addr, "--every", "1s", "--textfile", filepath.Join(dir, "ftp.txt")}, "must end in .prom"},
	} {
		code, out, stderr := run(t, nil, tt.args...)
		if code != exitUnknown || !strings.Contains(stderr, tt.msg) || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q", tt.args, code, out, stderr, exitUnknown, tt.msg)
		}
	}
}
