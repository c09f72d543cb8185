package monitor

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Bounds of the Prometheus integration test.
const (
	promStartup    = 30 * time.Second // until the query API answers
	promScrapeWait = 45 * time.Second // until both targets were scraped
)

// needPrometheus finds the prometheus binary: a missing one skips the test
// outside CI and fails it in CI, where .ci/run installs the Debian package.
func needPrometheus(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("prometheus")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("prometheus not found in CI (.ci/run installs the Debian package 'prometheus'): %v", err)
		}
		t.Skip("prometheus not installed: apt-get install prometheus to run this test (CI always runs it)")
	}
	return bin
}

// A real Prometheus scrapes `serve` through the multi-target relabeling,
// and its query API returns probe_success and a finding for the fake
// servers behind it.
func TestPrometheusScrapesServe(t *testing.T) {
	bin := needPrometheus(t)
	fl, exp := newExporter(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, ln, exp.Handler(), time.Second, exp.log) }()
	defer func() {
		cancel()
		<-served
	}()

	healthy, filtered := host(t, fl, "healthy"), host(t, fl, "ports-filtered")
	api := startPrometheus(t, bin, ln.Addr().String(), []string{healthy, filtered})

	want := map[string]string{healthy: "1", filtered: "0"}
	got := waitQuery(t, api, `probe_success{job="ftpnat"}`, len(want))
	for inst, v := range want {
		if got[inst] != v {
			t.Errorf("probe_success{instance=%q} = %q, want %s (all: %v)", inst, got[inst], v, got)
		}
	}
	got = waitQuery(t, api, `probe_ftp_finding{id="data.port_filtered",severity="critical"}`, 1)
	if got[filtered] != "1" || got[healthy] != "" {
		t.Errorf("data.port_filtered finding: %v", got)
	}
	got = waitQuery(t, api, `up{job="ftpnat_exporter"}`, 1)
	if len(got) != 1 {
		t.Errorf("exporter self-scrape: %v", got)
	}
}

// startPrometheus runs prometheus on a free loopback port with a temporary
// configuration and data directory, and returns its base URL.
func startPrometheus(t *testing.T, bin, exporter string, targets []string) string {
	t.Helper()
	dir := t.TempDir()
	conf := fmt.Sprintf(`global:
  scrape_interval: 2s
  scrape_timeout: 2s
scrape_configs:
  - job_name: ftpnat
    metrics_path: /probe
    params:
      module: [default]
    static_configs:
      - targets: [%s]
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: %s
  - job_name: ftpnat_exporter
    static_configs:
      - targets: ['%s']
`, strings.Join(targets, ", "), exporter, exporter)
	confPath := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(confPath, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := freePort(t)
	logf, err := os.Create(filepath.Join(dir, "prometheus.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--config.file="+confPath, "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr, "--log.level=warn")
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		logf.Close()
		if t.Failed() {
			log, _ := os.ReadFile(logf.Name())
			t.Logf("prometheus log:\n%s", log)
		}
	})
	base := "http://" + addr
	for deadline := time.Now().Add(promStartup); ; time.Sleep(200 * time.Millisecond) {
		select {
		case <-exited:
			t.Fatal("prometheus exited at start-up")
		default:
		}
		resp, err := http.Get(base + "/-/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("prometheus not ready after %s", promStartup)
		}
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitQuery polls an instant query until it returns n series (bounded),
// and maps each series' instance label to its value.
func waitQuery(t *testing.T, base, query string, n int) map[string]string {
	t.Helper()
	var last map[string]string
	for deadline := time.Now().Add(promScrapeWait); time.Now().Before(deadline); time.Sleep(500 * time.Millisecond) {
		resp, err := http.Get(base + "/api/v1/query?query=" + url.QueryEscape(query))
		if err != nil {
			continue
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		if err != nil {
			continue
		}
		var r struct {
			Status string `json:"status"`
			Data   struct {
				Result []struct {
					Metric map[string]string `json:"metric"`
					Value  [2]any            `json:"value"`
				} `json:"result"`
			} `json:"data"`
		}
		if err := json.Unmarshal(body, &r); err != nil || r.Status != "success" {
			t.Fatalf("query %s: %v %s", query, err, body)
		}
		last = make(map[string]string)
		for _, s := range r.Data.Result {
			v, _ := s.Value[1].(string)
			last[s.Metric["instance"]] = v
		}
		if len(last) >= n {
			return last
		}
	}
	t.Fatalf("query %s: %d series after %s, want %d: %v", query, len(last), promScrapeWait, n, last)
	return nil
}
