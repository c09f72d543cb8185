package monitor

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// POST /-/reload puts a good configuration in force; a bad one is refused
// with the reason (HTTP 500, logged, reload gauge 0) and the previous
// configuration keeps answering probes.
func TestExporterReload(t *testing.T) {
	path := filepath.Join(t.TempDir(), "serve.yml")
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("allowed_targets: [\"127.0.0.1\"]\nmodules:\n  first: {}\n")
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	var logs lockedBuffer
	exp := NewExporter(ExporterOptions{Config: cfg, ConfigPath: path, Version: "test",
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	srv := httptest.NewServer(exp.Handler())
	t.Cleanup(srv.Close)
	post := func() (int, string) {
		t.Helper()
		resp, err := srv.Client().Post(srv.URL+"/-/reload", "", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		return resp.StatusCode, b.String()
	}

	write("allowed_targets: [\"127.0.0.1\"]\nmodules:\n  second: {}\n")
	if code, body := post(); code != http.StatusOK || body != "OK\n" {
		t.Fatalf("good reload: %d %q", code, body)
	}
	if _, body := get(t, srv, "/", ""); !strings.Contains(body, "second") || strings.Contains(body, "first") {
		t.Errorf("index after reload:\n%s", body)
	}

	write("allowed_targets: [\"127.0.0.1\"]\nmodules:\n  third: {timeout: soon}\n")
	code, body := post()
	if code != http.StatusInternalServerError || !strings.Contains(body, "line 3") || !strings.Contains(body, "soon") {
		t.Errorf("bad reload: %d %q", code, body)
	}
	if !strings.Contains(logs.String(), "reload failed; keeping the previous configuration") {
		t.Errorf("the failed reload is not logged:\n%s", logs.String())
	}
	if code, body := get(t, srv, "/probe?module=third&target=127.0.0.1", ""); code != http.StatusBadRequest || !strings.Contains(body, "unknown module") {
		t.Errorf("the bad configuration is in force: %d %q", code, body)
	}
	if _, body := get(t, srv, "/", ""); !strings.Contains(body, "second") {
		t.Errorf("the previous configuration is gone:\n%s", body)
	}
	_, metrics := get(t, srv, "/metrics", "")
	if m := series(t, metrics); m["ftpnat_exporter_config_last_reload_successful"] != 0 {
		t.Errorf("reload gauge after a failure:\n%s", metrics)
	}

	write("allowed_targets: [\"127.0.0.1\"]\nmodules:\n  fourth: {}\n")
	if code, _ := post(); code != http.StatusOK {
		t.Errorf("reload after a fix: %d", code)
	}
	_, metrics = get(t, srv, "/metrics", "")
	if m := series(t, metrics); m["ftpnat_exporter_config_last_reload_successful"] != 1 {
		t.Errorf("reload gauge after a success:\n%s", metrics)
	}

	off := httptest.NewServer(NewExporter(ExporterOptions{Config: cfg, Version: "test"}).Handler())
	t.Cleanup(off.Close)
	resp, err := off.Client().Post(off.URL+"/-/reload", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("reload without a file: %d", resp.StatusCode)
	}
}
