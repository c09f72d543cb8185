package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/fixtures/fakeftp"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

// loopbackServer is a fake server on 127.0.0.1 (it advertises 127.0.0.1,
// which is the control peer: no NAT problem) with a pinned passive range,
// as a well-configured server has.
func loopbackServer(t *testing.T, sc fakeftp.Scenario) string {
	t.Helper()
	sc.PassivePorts = fakeftp.PortRange{Min: 20000, Max: 20099}
	srv, err := fakeftp.Start(sc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv.Addr().String()
}

// withTLS gives a scenario AUTH TLS, so that a diagnosis with --tls off
// has nothing to say about it.
func withTLS(t *testing.T, sc fakeftp.Scenario) fakeftp.Scenario {
	t.Helper()
	cfg, _, err := fakeftp.SelfSignedTLS("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	sc.TLS = cfg
	return sc
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCheckCommand(t *testing.T) {
	const secret = "s3cret-Pa55"
	addr := loopbackServer(t, fakeftp.Scenario{Users: map[string]string{"alice": secret}})
	code, out, stderr := run(t, map[string]string{"FTPNAT_PASSWORD": secret}, "check", "--user", "alice", "-w", "30", "-c", "60", addr)
	if code != exitWarning {
		t.Fatalf("exit %d\n%s%s", code, out, stderr)
	}
	first, rest, _ := strings.Cut(out, "\n")
	if !regexp.MustCompile(`^FTPNAT WARNING - FTPS \(AUTH TLS\) not offered \(tls.not_offered\) \| 'time'=[0-9.]+s;30;60;0;20.000 `).MatchString(first) {
		t.Errorf("status line %q", first)
	}
	if !strings.Contains(rest, `\_[WARNING] tls.not_offered - `) || strings.Contains(out+stderr, secret) {
		t.Errorf("long output (or the password):\n%s", out)
	}

	ln := closedPort(t)
	code, out, _ = run(t, nil, "check", "-t", "5s", ln)
	if code != exitCritical || !strings.HasPrefix(out, "FTPNAT CRITICAL - Control port unreachable (control.unreachable) |") {
		t.Errorf("closed port: exit %d %q", code, out)
	}
}

// Usage errors are UNKNOWN, on stdout in plugin form as well as on stderr.
func TestCheckUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"check"},
		{"check", "--bogus", "h"},
		{"check", "-w", "5:1", "h"},
		{"check", "-c", "x", "h"},
		{"check", "--tls", "maybe", "h"},
		{"check", "ftp://u:p@h/"},
	} {
		code, out, stderr := run(t, nil, args...)
		if code != exitUnknown || !strings.HasPrefix(out, "FTPNAT UNKNOWN - ") || stderr == "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, stderr)
		}
	}
}

// closedPort is a loopback port nothing listens on any more.
func closedPort(t *testing.T) string {
	t.Helper()
	srv, err := fakeftp.Start(fakeftp.Scenario{})
	if err != nil {
		t.Fatal(err)
	}
	closed := srv.Addr().String()
	srv.Close()
	return closed
}

func TestBatchCommand(t *testing.T) {
	const secret = "batch-Pa55"
	healthy := loopbackServer(t, withTLS(t, fakeftp.Scenario{Users: map[string]string{"bob": secret, "anonymous": ""}}))
	refused := loopbackServer(t, fakeftp.Scenario{Replies: map[string][]string{"PASS": {"530 Login incorrect."}}})
	pw := writeFile(t, "bob.pw", secret+"\n")
	file := writeFile(t, "targets.txt", fmt.Sprintf(`# loopback fleet
%s tls=off user=bob password-file=%s
{"target": %q, "tls": "off", "no_standard_client": true}
%s tls=off timeout=5s
`, healthy, pw, refused, closedPort(t)))
	code, out, stderr := run(t, map[string]string{"FTPNAT_PASSWORD": "ignored"}, "batch", "--concurrency", "2", file)
	if code != exitCritical {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if strings.Contains(out+stderr, secret) || !strings.Contains(stderr, "ignores $FTPNAT_PASSWORD") ||
		!strings.Contains(stderr, "3 of 3 targets diagnosed") {
		t.Errorf("stderr %q", stderr)
	}
	states := map[int]string{}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var l struct {
			Batch struct {
				Line  int    `json:"line"`
				State string `json:"state"`
			} `json:"batch"`
			Target struct {
				User string `json:"user"`
			} `json:"target"`
			Verdict string `json:"verdict"`
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		states[l.Batch.Line] = l.Batch.State + "/" + l.Verdict
		// A batch line is a schema-1 report with one more field.
		if err := reporttest.ValidateJSON(sc.Bytes(), filepath.Join("..", "..", "docs", "report.schema.json")); err != nil {
			t.Errorf("line %d does not validate: %v", l.Batch.Line, err)
		}
	}
	if want := map[int]string{2: "OK/ok", 3: "CRITICAL/critical", 4: "CRITICAL/critical"}; fmt.Sprint(states) != fmt.Sprint(want) {
		t.Errorf("states %v, want %v", states, want)
	}

	code, out, _ = run(t, nil, "batch", "--format", "table", file)
	// The table fits 80 columns: a summary may continue on the next line.
	if code != exitCritical || !strings.HasPrefix(out, "STATE") || !strings.Contains(strings.Join(strings.Fields(out), " "), "Login rejected (login.failed)") {
		t.Errorf("table: exit %d\n%s", code, out)
	}
}

func TestBatchUsageErrors(t *testing.T) {
	bad := writeFile(t, "bad.txt", "ok.example.com\nh password=x\nh tls=maybe\n")
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"batch"}, "expected FILE"},
		{[]string{"batch", "/nonexistent/targets"}, "read batch file"},
		{[]string{"batch", bad}, "line 2: passwords do not belong"},
		{[]string{"batch", bad}, "line 3: tls must be"},
		{[]string{"batch", "--concurrency", "0", bad}, "--concurrency"},
		{[]string{"batch", "--format", "xml", bad}, "--format"},
		{[]string{"batch", "--tls", "x", bad}, "tls must be"},
		{[]string{"batch", writeFile(t, "pf.txt", "h user=u password-file=/nonexistent/pw\n")}, "line 1: read password file"},
	}
	for _, tt := range tests {
		code, _, stderr := run(t, nil, tt.args...)
		if code != exitUnknown || !strings.Contains(stderr, tt.msg) {
			t.Errorf("%v: exit %d, stderr %q, want %q", tt.args, code, stderr, tt.msg)
		}
	}
}

func TestWatchCommand(t *testing.T) {
	addr := loopbackServer(t, withTLS(t, fakeftp.Scenario{}))
	prom := filepath.Join(t.TempDir(), "ftp.prom")
	code, out, stderr := run(t, nil, "watch", addr, "--every", "1s", "--count", "2", "--format", "json", "--tls", "off", "--textfile", prom)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], `"state":"OK"`) {
		t.Errorf("two identical runs print one line: %q", out)
	}
	data, err := os.ReadFile(prom)
	if err != nil || !strings.Contains(string(data), fmt.Sprintf(`probe_success{target=%q} 1`, addr)) {
		t.Errorf("textfile %v:\n%s", err, data)
	}
	for _, tt := range []struct {
		args []string
		msg  string
	}{
		{[]string{"watch", addr}, "--every must be"},
		{[]string{"watch", addr, "--every", "1s", "--format", "xml"}, "--format"},
		{[]string{"watch", addr, "--every", "1s", "--textfile", "x.txt"}, "must end in .prom"},
		{[]string{"watch", addr, "--every", "1s", "--count", "-1"}, "--count"},
	} {
		code, _, stderr := run(t, nil, tt.args...)
		if code != exitUnknown || !strings.Contains(stderr, tt.msg) {
			t.Errorf("%v: exit %d, stderr %q", tt.args, code, stderr)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the server's log writer and the
// test reading it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serve end to end over loopback: the exporter probes an allowed fake
// server, refuses another, and stops on cancellation with exit 0.
func TestServeCommand(t *testing.T) {
	const secret = "serve-Pa55"
	addr := loopbackServer(t, fakeftp.Scenario{Users: map[string]string{"carol": secret}})
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "carol.pw"), []byte(secret), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := writeFile(t, "serve.yml", fmt.Sprintf(`allowed_targets: [%q]
modules:
  default:
    tls: "off"
    user: carol
    password_file: %s
    allowed_targets: [%q]
`, addr, filepath.Join(dir, "carol.pw"), addr))

	code, out, stderr := run(t, nil, "serve", "--config", cfg, "--check-config")
	if code != exitOK || !strings.Contains(out, "modules: [default]") {
		t.Fatalf("--check-config: exit %d %q %q", code, out, stderr)
	}
	bad := writeFile(t, "bad.yml", "allowed_targets: [h]\nmodules:\n  default: {tls: on, bogus: 1}\n")
	if code, _, stderr := run(t, nil, "serve", "--config", bad); code != exitUnknown || !strings.Contains(stderr, "bogus") {
		t.Errorf("bad config: exit %d %q", code, stderr)
	}
	if code, _, stderr := run(t, nil, "serve"); code != exitUnknown || !strings.Contains(stderr, "--config is required") {
		t.Errorf("no config: exit %d %q", code, stderr)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, logs, done := startServe(ctx, t, "serve", "--config", cfg, "--listen", "127.0.0.1:0")
	body := httpGet(t, base+"/probe?target="+addr)
	if !strings.Contains(body, "probe_success 1") || strings.Contains(body, secret) {
		t.Errorf("probe:\n%s", body)
	}
	if body := httpGet(t, base+"/probe?target=127.0.0.2:21"); !strings.Contains(body, "not allowed") {
		t.Errorf("not allowed: %s", body)
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
	if strings.Contains(logs.String(), secret) {
		t.Error("password in the logs")
	}
}

func httpGet(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// startServe runs `ftpnat serve` with args until ctx ends and waits (at
// most 10 s) for it to log the address it listens on; done receives its
// exit code.
func startServe(ctx context.Context, t *testing.T, args ...string) (base string, logs *syncBuffer, done chan int) {
	t.Helper()
	logs = &syncBuffer{}
	done = make(chan int, 1)
	go func() {
		done <- execute(ctx, args, io.Discard, logs, func(string) string { return "" })
	}()
	listen := regexp.MustCompile(`msg=listening address=(\S+) scheme=(\w+)`)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := listen.FindStringSubmatch(logs.String()); m != nil {
			return m[2] + "://" + m[1], logs, done
		}
	}
	t.Fatalf("serve did not start: %s", logs.String())
	return "", nil, nil
}
