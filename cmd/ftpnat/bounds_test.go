package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/fixtures/fakeftp"
)

// Bounds of the whole process, measured on the real binary: a hostile
// server costs ftpnat a bounded amount of memory, and --timeout bounds the
// run whatever the server does.
const (
	maxRSSKiB    = 64 << 10        // 64 MB peak resident set for the whole process
	timeoutGrace = 3 * time.Second // closing sockets, rendering, process start
)

// buildFtpnat builds the binary once for the subtests of one test.
func buildFtpnat(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ftpnat")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// procRun is one finished run of the binary.
type procRun struct {
	code    int
	elapsed time.Duration
	maxRSS  int64 // KiB
	stdout  []byte
	stderr  string
}

// runFtpnat runs the binary against addr with args and measures it. The
// run is killed after limit, which is then a test failure of its own.
func runFtpnat(t *testing.T, bin string, limit time.Duration, args ...string) procRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = []string{"HOME=" + t.TempDir(), "NO_COLOR=1"}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	begin := time.Now()
	err := cmd.Start()
	var peak atomic.Int64
	watched := make(chan struct{})
	if err == nil {
		go func() {
			defer close(watched)
			watchPeakRSS(ctx, cmd.Process.Pid, &peak)
		}()
		err = cmd.Wait()
		<-watched
	}
	r := procRun{elapsed: time.Since(begin), stdout: out.Bytes(), stderr: errb.String()}
	if ctx.Err() != nil {
		t.Fatalf("ftpnat %v still running after %v; killed", args, limit)
	}
	if cmd.ProcessState == nil {
		t.Fatalf("ftpnat %v: %v", args, err)
	}
	r.code = cmd.ProcessState.ExitCode()
	r.maxRSS = peak.Load()
	return r
}

// watchPeakRSS follows the process's own peak RSS (VmHWM, KiB) until it
// exits. The rusage of a waited child is no measure: the child is cloned
// with the test process's memory, and the kernel keeps that memory's peak
// as the child's when it execs, so a large test process would be charged
// to ftpnat.
func watchPeakRSS(ctx context.Context, pid int, peak *atomic.Int64) {
	path := fmt.Sprintf("/proc/%d/status", pid)
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		b, err := os.ReadFile(path)
		if err != nil {
			return // gone
		}
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				if kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64); err == nil && kb > peak.Load() {
					peak.Store(kb)
				}
			}
		}
		if strings.Contains(string(b), "State:\tZ") {
			return // exited, not yet waited for: its memory is gone
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			return
		}
	}
}

// endlessListing answers LIST and MLSD with a listing that never ends
// (bounded by 4 GB and the session), as a broken or hostile server does.
var endlessListing = fakeftp.EndlessListing(4 << 30)

// endlessContinuation answers LIST and MLSD with a 150- reply whose
// continuation lines never end.
func endlessContinuation(s *fakeftp.Session, _ string) {
	if c, err := s.AcceptData(); err == nil {
		defer c.Close()
	}
	chunk := []byte(strings.Repeat("150-still opening the data connection, please wait\r\n", 1024))
	c := s.Conn()
	for n := 0; n < 4<<30 && s.Context().Err() == nil; n += len(chunk) {
		_ = c.SetWriteDeadline(time.Now().Add(2 * time.Second))
		if _, err := c.Write(chunk); err != nil {
			return
		}
	}
}

// endlessReply answers a command with a reply whose continuation lines
// never end.
func endlessReply(code string) func(*fakeftp.Session, string) {
	return func(s *fakeftp.Session, _ string) {
		chunk := []byte(strings.Repeat(code+"-and more\r\n", 1024))
		c := s.Conn()
		for n := 0; n < 4<<30 && s.Context().Err() == nil; n += len(chunk) {
			_ = c.SetWriteDeadline(time.Now().Add(2 * time.Second))
			if _, err := c.Write(chunk); err != nil {
				return
			}
		}
	}
}

// stall keeps a handler busy without answering until the session ends
// (bounded).
func stall(s *fakeftp.Session, _ string) {
	select {
	case <-s.Context().Done():
	case <-time.After(time.Minute):
	}
}

// stallAfterData accepts the data connection, announces the transfer and
// then sends nothing, on either connection.
func stallAfterData(s *fakeftp.Session, arg string) {
	c, err := s.AcceptData()
	if err != nil {
		_ = s.Reply("425 Can't open data connection.")
		return
	}
	defer c.Close()
	_ = s.Reply("150 Here comes the directory listing.")
	stall(s, arg)
}

// trickle answers one byte every 500ms: never idle long enough for a
// step's timeout, never done.
func trickle(s *fakeftp.Session, _ string) {
	line := []byte("250-" + strings.Repeat("z", 4000) + "\r\n")
	for i := 0; i < 10000 && s.Context().Err() == nil; i++ {
		if _, err := s.Conn().Write([]byte{line[i%len(line)]}); err != nil {
			return
		}
		select {
		case <-s.Context().Done():
			return
		case <-time.After(500 * time.Millisecond):
		}
	}
}

func startHostile(t *testing.T, sc fakeftp.Scenario) string {
	t.Helper()
	srv, err := fakeftp.Start(sc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv.Addr().String()
}

func TestProcessBounds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is measured in KiB through Linux's getrusage")
	}
	bin := buildFtpnat(t)

	t.Run("memory", func(t *testing.T) {
		handlers := func(h func(*fakeftp.Session, string)) map[string]func(*fakeftp.Session, string) {
			return map[string]func(*fakeftp.Session, string){"LIST": h, "MLSD": h, "NLST": h}
		}
		tests := []struct {
			name   string
			sc     fakeftp.Scenario
			status string // of the standard-client check
			detail string // in its detail
		}{
			// A listing cut short still proves the data channel works.
			{"endless listing", fakeftp.Scenario{Handlers: handlers(endlessListing)},
				"pass", "(listing longer than 1048576 bytes: stopped reading)"},
			{"endless 150- continuation", fakeftp.Scenario{Handlers: handlers(endlessContinuation)},
				"fail", "list: control reply longer than 1048576 bytes: stopped reading"},
			{"endless MLSD listing", fakeftp.Scenario{
				Features: []string{"MLST type*;size*;modify*;", "UTF8"},
				Handlers: handlers(endlessListing),
			}, "pass", "(listing longer than 1048576 bytes: stopped reading)"},
			{"endless reply to PASS", fakeftp.Scenario{Handlers: map[string]func(*fakeftp.Session, string){
				"PASS": endlessReply("230"),
			}}, "fail", "login: control reply longer than 1048576 bytes: stopped reading"},
		}
		// Under TLS as well: the bounds count what crosses the wire.
		cfg, _, err := fakeftp.SelfSignedTLS("127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		ca := writeFile(t, "ca.pem", string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cfg.Certificates[0].Certificate[0]})))
		for _, tt := range tests {
			for _, protected := range []bool{false, true} {
				name, sc, args := tt.name, tt.sc, []string{"--tls", "off"}
				if protected {
					name, sc.TLS, args = tt.name+" under TLS", cfg, []string{"--tls", "explicit", "--ca-file", ca}
				}
				t.Run(name, func(t *testing.T) {
					t.Parallel() // the peak RSS is each process's own
					memoryBound(t, bin, sc, args, tt.status, tt.detail)
				})
			}
		}
	})

	t.Run("timeout", func(t *testing.T) {
		const timeout = 4 * time.Second
		tests := []struct {
			name string
			sc   fakeftp.Scenario
		}{
			{"no greeting", fakeftp.Scenario{NoGreeting: true}},
			{"slow replies", fakeftp.Scenario{Delays: map[string]time.Duration{"*": 1500 * time.Millisecond}}},
			{"stalled listing", fakeftp.Scenario{Handlers: map[string]func(*fakeftp.Session, string){
				"LIST": stallAfterData, "MLSD": stallAfterData, "NLST": stallAfterData,
			}}},
			{"stalled login", fakeftp.Scenario{Handlers: map[string]func(*fakeftp.Session, string){"PASS": stall}}},
			{"trickled reply", fakeftp.Scenario{Handlers: map[string]func(*fakeftp.Session, string){"PWD": trickle, "TYPE": trickle}}},
			{"stalled TLS handshake", fakeftp.Scenario{Handlers: map[string]func(*fakeftp.Session, string){
				"AUTH": func(s *fakeftp.Session, arg string) { _ = s.Reply("234 Proceed with negotiation."); stall(s, arg) },
			}}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel() // they wait, mostly; the grace absorbs the contention
				addr := startHostile(t, tt.sc)
				for _, cmd := range [][]string{
					{"diagnose", "--format", "json", "--timeout", timeout.String(), addr},
					{"check", "--timeout", timeout.String(), addr},
				} {
					r := runFtpnat(t, bin, timeout+30*time.Second, cmd...)
					t.Logf("%s: exit %d in %v", cmd[0], r.code, r.elapsed.Round(time.Millisecond))
					if r.elapsed > timeout+timeoutGrace {
						t.Errorf("%s --timeout %v took %v, want at most %v", cmd[0], timeout, r.elapsed, timeout+timeoutGrace)
					}
					if r.code == exitOK {
						t.Errorf("%s exit %d against a stalling server", cmd[0], r.code)
					}
				}
			})
		}
	})
}

// memoryBound runs a diagnosis against a hostile server and requires the
// process's peak RSS within the bound and the standard-client check's
// status and detail.
func memoryBound(t *testing.T, bin string, sc fakeftp.Scenario, args []string, status, detail string) {
	t.Helper()
	addr := startHostile(t, sc)
	args = append(append([]string{"diagnose", "--format", "json", "--timeout", "8s"}, args...), addr)
	r := runFtpnat(t, bin, 30*time.Second, args...)
	t.Logf("exit %d in %v, peak RSS %d KiB", r.code, r.elapsed.Round(time.Millisecond), r.maxRSS)
	if r.maxRSS == 0 || r.maxRSS > maxRSSKiB {
		t.Errorf("peak RSS %d KiB, want at most %d KiB", r.maxRSS, maxRSSKiB)
	}
	var rep struct {
		Checks []struct{ Name, Status, Detail string } `json:"checks"`
	}
	if err := json.Unmarshal(r.stdout, &rep); err != nil {
		t.Fatalf("report: %v\nstderr: %s", err, r.stderr)
	}
	found := false
	for _, c := range rep.Checks {
		if c.Name != "standard-client" {
			continue
		}
		found = true
		if c.Status != status || !strings.Contains(c.Detail, detail) {
			t.Errorf("standard-client check %s %q, want %s with %q", c.Status, c.Detail, status, detail)
		}
	}
	if !found {
		t.Errorf("no standard-client check in %+v", rep.Checks)
	}
}
