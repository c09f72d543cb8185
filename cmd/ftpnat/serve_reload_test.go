//go:build unix

package main

import (
	"context"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// serve reads its configuration again on SIGHUP and on POST /-/reload; a
// configuration with errors is refused, logged, and the one in force stays.
func TestServeReloadsConfig(t *testing.T) {
	cfg := writeFile(t, "serve.yml", "allowed_targets: [\"127.0.0.1\"]\nmodules:\n  first: {}\n")
	rewrite := func(s string) {
		t.Helper()
		if err := os.WriteFile(cfg, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, logs, done := startServe(ctx, t, "serve", "--config", cfg, "--listen", "127.0.0.1:0")
	post := func() int {
		t.Helper()
		resp, err := http.Post(base+"/-/reload", "", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// waitIndex polls the module list until it holds want (bounded).
	waitIndex := func(want string) bool {
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if strings.Contains(httpGet(t, base+"/"), "  "+want+"\n") {
				return true
			}
		}
		return false
	}

	rewrite("allowed_targets: [\"127.0.0.1\"]\nmodules:\n  second: {}\n")
	if code := post(); code != http.StatusOK || !waitIndex("second") {
		t.Errorf("POST /-/reload: %d, index %q", code, httpGet(t, base+"/"))
	}
	rewrite("allowed_targets: [\"127.0.0.1\"]\nmodules:\n  third: {samples: many}\n")
	if code := post(); code != http.StatusInternalServerError || !waitIndex("second") {
		t.Errorf("bad config: %d, index %q", code, httpGet(t, base+"/"))
	}
	if !strings.Contains(logs.String(), "reload failed; keeping the previous configuration") {
		t.Errorf("failed reload not logged:\n%s", logs.String())
	}
	rewrite("allowed_targets: [\"127.0.0.1\"]\nmodules:\n  fourth: {}\n")
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	if !waitIndex("fourth") {
		t.Errorf("SIGHUP did not reload: %q\n%s", httpGet(t, base+"/"), logs.String())
	}
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("serve exit %d: %s", code, logs.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}
