package monitor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/report"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

// A report's file name is unique per batch line and safe whatever the
// target: no separators, no "..", no characters a shell reads, bounded.
func TestHTMLFileName(t *testing.T) {
	long := strings.Repeat("a", 300) + ".example.com"
	for _, tt := range []struct {
		t    Target
		want string
	}{
		{Target{Line: 7, Host: "ftp.example.com", Port: 21}, "0007-ftp.example.com_21.html"},
		{Target{Line: 12345, Host: "2001:db8::1", Port: 2121}, "12345-_2001_db8__1__2121.html"},
		{Target{Line: 1, Host: "../../etc/passwd", Port: 21}, "0001-__.__etc_passwd_21.html"},
		{Target{Line: 2, Host: "a b;$(rm -rf)`x`", Port: 21}, "0002-a_b___rm_-rf__x__21.html"},
		{Target{Line: 3, Host: "fтp.example", Port: 21}, "0003-f_p.example_21.html"},
	} {
		if got := HTMLFileName(tt.t); got != tt.want {
			t.Errorf("HTMLFileName(%q) = %q, want %q", tt.t.Host, got, tt.want)
		}
	}
	got := HTMLFileName(Target{Line: 4, Host: long, Port: 21})
	if len(got) > maxHTMLNameTarget+len("0004-.html") || strings.ContainsAny(got, `/\`) {
		t.Errorf("long name %q", got)
	}
}

// The file is replaced whole, readable, and nothing else is left in the
// directory.
func TestWriteHTMLFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.html")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTMLFile(path, reporttest.NATPrivateFiltered(), report.Tool{Name: "ftpnat", Version: "test"}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reporttest.ParseHTML(string(data)); err != nil {
		t.Error(err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", st.Mode())
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Errorf("left in the directory: %v", es)
	}
	if err := WriteHTMLFile(filepath.Join(dir, "missing", "r.html"), reporttest.Healthy(), report.Tool{}); err == nil {
		t.Error("no error for a missing directory")
	}
	if err := CheckHTMLDir(path); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("CheckHTMLDir(file) = %v", err)
	}
}
