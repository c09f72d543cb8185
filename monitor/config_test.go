package monitor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/probe"
)

func TestParseConfig(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "alice.pw"), []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := ParseConfig([]byte(`
allowed_targets: [ftp.example.com, "*.example.net", 198.51.100.0/24]
modules:
  default: {}
  alice:
    timeout: 15s
    tls: explicit
    user: alice
    password_file: alice.pw
    samples: 2
    data_timeout: 1s
    expect_range: 30000-30009
    standard_client: false
    cert_days: 30
    allowed_targets: [ftp.example.com:21]
  quiet:
    cert_days: 0
`), dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.Modules(), ","); got != "alice,default,quiet" {
		t.Errorf("modules %s", got)
	}
	if len(c.Warnings) != 0 {
		t.Errorf("warnings %v", c.Warnings)
	}
	a := c.modules["alice"]
	if a.timeout != 15*time.Second || a.opts.TLS != probe.TLSExplicit || a.opts.User != "alice" || a.opts.Password != "s3cret" ||
		a.opts.Samples != 2 || a.opts.DataTimeout != time.Second || !a.opts.SkipStdClient || a.opts.ExpectRange.Max != 30009 ||
		a.opts.CertDays != 30 {
		t.Errorf("alice %+v", a)
	}
	if !a.allow.Allows("ftp.example.com", 21) || a.allow.Allows("ftp.example.com", 2121) || a.allow.Allows("x.example.net", 21) {
		t.Error("alice's own allowlist is not the one used")
	}
	d := c.modules["default"]
	if d.timeout != probe.DefaultTimeout || !d.allow.Allows("a.b.example.net", 990) || d.opts.CertDays != 0 {
		t.Errorf("default module %+v", d)
	}
	if q := c.modules["quiet"]; q.opts.CertDays >= 0 {
		t.Errorf("cert_days: 0 does not switch the warning off: %d", q.opts.CertDays)
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct{ yaml, want string }{
		{"", "empty"},
		{"allowed_targets: [h]\nmodules: {}", "no modules"},
		{"allowed_targets: [h]\nmodules:\n  m: {tls: maybe}", "tls must be"},
		{"allowed_targets: [h]\nmodules:\n  m: {timoeut: 5s}", "field timoeut not found"},
		{"allowed_targets: [h]\nbogus: 1\nmodules:\n  m: {}", "field bogus not found"},
		{"modules:\n  m: {}", "no allowed_targets"},
		{"allowed_targets: [h]\nmodules:\n  m: {password: x}", "needs a user"},
		{"allowed_targets: [h]\nmodules:\n  m: {user: u, password: x, password_file: f}", "exclusive"},
		{"allowed_targets: [h]\nmodules:\n  m: {user: u, password_file: /nonexistent/pw}", "read password file"},
		{"allowed_targets: [h]\nmodules:\n  m: {timeout: 1h}", "timeout must be"},
		{"allowed_targets: [h]\nmodules:\n  m: {samples: 100}", "samples must be"},
		{"allowed_targets: [h]\nmodules:\n  m: {cert_days: -1}", "cert_days must be"},
		{"allowed_targets: [h]\nmodules:\n  m: {expect_range: 5-1}", "expect-range"},
		{"allowed_targets: [h]\nmodules:\n  m: {ca_file: /nonexistent}", "CA file"},
		{"allowed_targets: [\"*.*.example\"]\nmodules:\n  m: {}", "wildcard"},
		{"allowed_targets: [\"ftp://u:p@h\"]\nmodules:\n  m: {}", "credentials"},
		{"allowed_targets: [h]\nmodules:\n  m: {}\n---\nmodules: {}", "one YAML document"},
		{"allowed_targets: [h]\nmodules:\n  m: {timeout: soon}", `line 3: modules.m.timeout: expected a duration such as 20s or 1m30s, got "soon"`},
	}
	for _, tt := range tests {
		_, err := ParseConfig([]byte(tt.yaml), t.TempDir())
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %q", tt.yaml, err, tt.want)
		}
	}
	c, err := ParseConfig([]byte("allowed_targets: [h]\nmodules:\n  m: {user: u, password: x}"), "")
	if err != nil || len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], "carries a password") {
		t.Errorf("warning for a password without its own allowlist: %v %v", err, c)
	}
}

func TestAllowlist(t *testing.T) {
	a, err := ParseAllowlist([]string{"FTP.example.com", "files.example.org:2121", "*.example.net", "198.51.100.0/24", "2001:db8::/32", "192.0.2.7:21"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		host string
		port int
		want bool
	}{
		{"ftp.example.com", 21, true},
		{"ftp.EXAMPLE.com.", 2121, true},
		{"example.com", 21, false},
		{"evil-ftp.example.com", 21, false},
		{"files.example.org", 2121, true},
		{"files.example.org", 21, false},
		{"a.example.net", 21, true},
		{"a.b.example.net", 990, true},
		{"example.net", 21, false},
		{"badexample.net", 21, false},
		{"198.51.100.200", 21, true},
		{"198.51.101.1", 21, false},
		{"::ffff:198.51.100.9", 21, true},
		{"2001:db8::1", 21, true},
		{"192.0.2.7", 21, true},
		{"192.0.2.7", 22, false},
		{"ftp.example.com.evil.org", 21, false},
	}
	for _, tt := range tests {
		if got := a.Allows(tt.host, tt.port); got != tt.want {
			t.Errorf("Allows(%s, %d) = %v", tt.host, tt.port, got)
		}
	}
	for _, bad := range []string{"", "*", "a.*.example", "h:99999"} {
		if _, err := ParseAllowlist([]string{bad}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
