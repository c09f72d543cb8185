package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/fixtures/fakeftp"
)

// serve with the API answers its web page at /: the form, then (posted
// without scripts) the report under a link of its own, which opens
// without the token and holds neither password nor token; /metrics stays.
func TestServeWebPage(t *testing.T) {
	const secret = "web-Pa55-word"
	addr := loopbackServer(t, fakeftp.Scenario{Users: map[string]string{"erin": secret}})
	dir := t.TempDir()
	cert, key := writeCert(t, dir)
	tok := filepath.Join(dir, "api.token")
	if err := os.WriteFile(tok, []byte(viaToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := writeFile(t, "serve.yml", "allowed_targets: [\""+addr+"\"]\napi:\n  token_file: "+tok+"\n  max_timeout: 10s\n  max_reports: 5\n")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, logs, done := startServe(ctx, t, "serve", "--config", cfg, "--listen", "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key)

	pem, err := os.ReadFile(cert)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	client := &http.Client{Timeout: 30 * time.Second,
		Transport:     &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := client.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
		return resp, string(b)
	}

	resp, page := get("/")
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, `<form id="diagnose"`) ||
		!strings.HasPrefix(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("GET /: %s %q\n%s", resp.Status, resp.Header.Get("Content-Security-Policy"), page)
	}
	form := url.Values{"target": {addr}, "user": {"erin"}, "password": {secret}, "tls": {"off"}, "token": {viaToken}}
	resp, err = client.PostForm(base+"/", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/r/") {
		t.Fatalf("POST /: %s, Location %q", resp.Status, loc)
	}
	resp, rep := get(loc)
	if resp.StatusCode != http.StatusOK || !strings.Contains(rep, addr) || !strings.Contains(rep, "230") {
		t.Errorf("GET %s: %s\n%s", loc, resp.Status, rep)
	}
	if strings.Contains(rep, secret) || strings.Contains(rep, viaToken) {
		t.Error("the report holds the password or the token")
	}
	if resp, _ := get("/metrics"); resp.StatusCode != http.StatusOK {
		t.Errorf("/metrics: %s", resp.Status)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	if strings.Contains(logs.String(), secret) || strings.Contains(logs.String(), viaToken) {
		t.Error("the password or the token is in the log")
	}
}
