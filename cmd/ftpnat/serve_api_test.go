package main

import (
	"strings"
	"testing"
)

// The API carries passwords: serve refuses to offer it in clear unless a
// TLS-terminating proxy is declared.
func TestServeAPINeedsTLS(t *testing.T) {
	tok := writeFile(t, "api.token", "0123456789abcdef0123456789abcdef\n")
	cfg := writeFile(t, "serve.yml", "allowed_targets: [h]\napi: {token_file: "+tok+"}\n")
	noAPI := writeFile(t, "plain.yml", "allowed_targets: [h]\nmodules: {m: {}}\n")
	for _, tt := range []struct {
		args []string
		msg  string
	}{
		{[]string{"serve", "--config", cfg}, "the api section needs TLS"},
		{[]string{"serve", "--config", cfg, "--tls-cert", "c.pem"}, "go together"},
		{[]string{"serve", "--config", cfg, "--tls-cert", "/nonexistent/c.pem", "--tls-key", "/nonexistent/k.pem"}, "TLS certificate"},
		{[]string{"serve", "--config", cfg, "--tls-cert", "c", "--tls-key", "k", "--insecure-http-behind-proxy"}, "contradicts"},
		{[]string{"serve", "--config", noAPI, "--insecure-http-behind-proxy"}, "does not enable"},
	} {
		code, _, stderr := run(t, nil, tt.args...)
		if code != exitUnknown || !strings.Contains(stderr, tt.msg) {
			t.Errorf("%v: exit %d, stderr %q", tt.args, code, stderr)
		}
	}
}
