package monitor

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// watch refuses a textfile it could never write before its first run,
// saying which directory is wrong and why; the check leaves no file behind.
func TestCheckTextfilePathDirectory(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "plain")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "d.prom"), 0o755); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ path, want string }{
		{filepath.Join(dir, "missing", "x.prom"), "does not exist"},
		{filepath.Join(file, "x.prom"), "is not a directory"},
		{filepath.Join(dir, "d.prom"), "is a directory"},
	}
	if runtime.GOOS == "linux" && os.Geteuid() == 0 {
		cases = append(cases, struct{ path, want string }{"/proc/ftpnat.prom", "is not writable"})
	} else {
		ro := filepath.Join(dir, "ro")
		if err := os.Mkdir(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, struct{ path, want string }{filepath.Join(ro, "x.prom"), "is not writable"})
	}
	for _, c := range cases {
		err := CheckTextfilePath(c.path)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.path, err, c.want)
		}
	}
	if err := CheckTextfilePath(filepath.Join(dir, "ok.prom")); err != nil {
		t.Errorf("writable directory: %v", err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil || len(ents) != 2 { // plain and d.prom
		t.Errorf("the check left files behind: %v %v", ents, err)
	}
}
