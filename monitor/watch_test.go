package monitor

import (
	"bytes"
	"context"
	"encoding/json"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/fixtures/faultnet"
)

// onWrite calls hook after every write, so a test can change the world
// between two runs of watch.
type onWrite struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	hook func(n int)
	n    int
}

func (w *onWrite) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.n++
	if w.hook != nil {
		w.hook(w.n)
	}
	return w.buf.Write(p)
}

func (w *onWrite) lines() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return strings.Split(strings.TrimSpace(w.buf.String()), "\n")
}

// The firewall closes the data ports after the first run: the second run
// prints the change, the third (unchanged) prints nothing.
func TestWatchPrintsChanges(t *testing.T) {
	env, o := startScenario(t, "healthy")
	o.TLS = "off"
	out := &onWrite{hook: func(n int) {
		if n == 1 {
			if err := env.Net.SetFaults(faultnet.FilterDataPorts(netip.MustParseAddr(fixtures.PublicIP))); err != nil {
				t.Error(err)
			}
		}
	}}
	dir := t.TempDir()
	textfile := filepath.Join(dir, "ftp.prom")
	state, err := Watch(context.Background(), WatchOptions{Probe: o, Every: time.Second, Count: 3, JSON: true, Out: out, Textfile: textfile})
	if err != nil {
		t.Fatal(err)
	}
	if state != StateCritical {
		t.Errorf("last state %s", state)
	}
	lines := out.lines()
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	var first, second WatchEvent
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &second); err != nil {
		t.Fatal(err)
	}
	if first.State != "OK" || first.PreviousState != "" || first.Target != fixtures.HostName+":21" {
		t.Errorf("first event %+v", first)
	}
	if second.State != "CRITICAL" || second.PreviousState != "OK" || !contains(second.Added, "data.port_filtered") ||
		len(second.Removed) != 0 || !strings.Contains(second.Summary, "data.port_filtered") {
		t.Errorf("second event %+v", second)
	}

	// The textfile holds the last run, labelled with the target, and no
	// temporary file is left beside it.
	data, err := os.ReadFile(textfile)
	if err != nil {
		t.Fatal(err)
	}
	m := series(t, string(data))
	if m[`probe_success{target="ftp.example.test:21"}`] != 0 ||
		m[`probe_ftp_finding{id="data.port_filtered",severity="critical",target="ftp.example.test:21"}`] != 1 ||
		m[`ftpnat_watch_last_run_timestamp_seconds{target="ftp.example.test:21"}`] < float64(time.Now().Add(-time.Minute).Unix()) {
		t.Errorf("textfile:\n%s", data)
	}
	ents, err := os.ReadDir(dir)
	if err != nil || len(ents) != 1 {
		t.Errorf("directory holds %v (%v)", ents, err)
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestWatchTextOutputAndStop(t *testing.T) {
	_, o := startScenario(t, "no-tls")
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	start := time.Now()
	state, err := Watch(ctx, WatchOptions{Probe: o, Every: time.Hour, Out: &out})
	if err != nil || state != StateWarning {
		t.Fatalf("state %s, err %v", state, err)
	}
	if time.Since(start) > 3*time.Second {
		t.Error("watch did not stop with its context")
	}
	line := strings.TrimSpace(out.String())
	if !strings.Contains(line, "WARNING   ftp.example.test:21 - FTPS (AUTH TLS) not offered (tls.not_offered)") || strings.Contains(line, "\n") {
		t.Errorf("output %q", line)
	}
	if _, err := Watch(ctx, WatchOptions{Probe: o, Every: time.Millisecond, Out: &out}); err == nil {
		t.Error("--every below the minimum accepted")
	}
}

func TestWriteTextfileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.prom")
	if err := os.WriteFile(path, []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, o := startScenario(t, "login-refused")
	res, out := diagnose(t, o)
	if err := writeWatchTextfile(path, "h", res, out, o.Timeout); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o644 {
		t.Fatalf("stat: %v %v", st, err)
	}
	if err := WriteTextfile(filepath.Join(dir, "missing", "x.prom"), prometheus.NewRegistry()); err == nil {
		t.Error("no error for a missing directory")
	}
	if CheckTextfilePath("a.txt") == nil || CheckTextfilePath(filepath.Join(dir, "a.prom")) != nil {
		t.Error("CheckTextfilePath")
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("left behind: %v", ents)
	}
}
