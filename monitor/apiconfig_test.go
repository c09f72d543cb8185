package monitor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const testToken = "0123456789abcdef0123456789abcdef"

func writeToken(t *testing.T, dir, tok string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "api.token"), []byte(tok+"\n"), mode); err != nil {
		t.Fatal(err)
	}
}

func TestParseConfigAPI(t *testing.T) {
	dir := t.TempDir()
	writeToken(t, dir, testToken, 0o600)
	c, err := ParseConfig([]byte(`
allowed_targets: ["*.example.net"]
api:
  token_file: api.token
  max_concurrent: 2
  rate_per_minute: 30
  max_timeout: 45s
  tls_cert: cert.pem
  tls_key: /etc/key.pem
`), dir)
	if err != nil {
		t.Fatal(err)
	}
	a := c.API
	if a == nil || string(a.Token) != testToken || a.MaxConcurrent != 2 || a.RatePerMinute != 30 || a.MaxTimeout != 45*time.Second ||
		a.TLSCert != filepath.Join(dir, "cert.pem") || a.TLSKey != "/etc/key.pem" || !a.Allow.Allows("ftp.example.net", 21) {
		t.Errorf("api %+v", a)
	}
	if len(c.Modules()) != 0 || len(c.Warnings) != 0 {
		t.Errorf("modules %v, warnings %v", c.Modules(), c.Warnings)
	}

	c, err = ParseConfig([]byte("allowed_targets: [h]\napi: {token_file: api.token}\nmodules:\n  m: {}"), dir)
	if err != nil {
		t.Fatal(err)
	}
	if a := c.API; a.MaxConcurrent != DefaultAPIMaxConcurrent || a.RatePerMinute != DefaultAPIRatePerMinute || a.MaxTimeout != DefaultAPIMaxTimeout {
		t.Errorf("defaults %+v", a)
	}
	if c, _ := ParseConfig([]byte("allowed_targets: [h]\nmodules:\n  m: {}"), dir); c.API != nil {
		t.Error("the API is on without an api section")
	}
}

func TestParseConfigAPIErrors(t *testing.T) {
	dir := t.TempDir()
	writeToken(t, dir, testToken, 0o600)
	short := t.TempDir()
	writeToken(t, short, "tooshort", 0o600)
	tests := []struct{ dir, yaml, want string }{
		{dir, "allowed_targets: [h]\napi: {}", "token_file is required"},
		{dir, "api: {token_file: api.token}", "needs a global allowed_targets"},
		{dir, "allowed_targets: [h]\napi: {token_file: nope.token}", "read token file"},
		{short, "allowed_targets: [h]\napi: {token_file: api.token}", "at least 16 characters"},
		{dir, "allowed_targets: [h]\napi: {token_file: api.token, max_timeout: 1h}", "max_timeout"},
		{dir, "allowed_targets: [h]\napi: {token_file: api.token, rate_per_minute: -1}", "must not be negative"},
		{dir, "allowed_targets: [h]\napi: {token_file: api.token, tls_cert: c.pem}", "go together"},
		{dir, "allowed_targets: [h]\napi: {token_file: api.token, token: x}", "field token not found"},
		{dir, "allowed_targets: [h]", "no modules"},
	}
	for _, tt := range tests {
		_, err := ParseConfig([]byte(tt.yaml), tt.dir)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %q", tt.yaml, err, tt.want)
		}
	}
	loose := t.TempDir()
	writeToken(t, loose, testToken, 0o644)
	c, err := ParseConfig([]byte("allowed_targets: [h]\napi: {token_file: api.token}"), loose)
	if err != nil || len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], "readable by other users") {
		t.Errorf("no warning for a readable token file: %v %v", err, c)
	}
}
