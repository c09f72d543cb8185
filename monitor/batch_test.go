package monitor

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/monitor/internal/fleet"
	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// fleetState is what each scenario of fleet.Mix must come out as.
var fleetState = map[string]State{
	"healthy": StateOK, "epsv-refused": StateOK, "tls-reuse-required": StateOK,
	"no-tls": StateWarning, "wrong-public-address": StateWarning, "pasv-refused": StateWarning,
}

func startFleet(t *testing.T, targets int) (*fleet.Fleet, []Target, probe.Options) {
	t.Helper()
	fl, err := fleet.Start(context.Background(), fleet.Spec{Scenarios: fleet.Mix, Targets: targets})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fl.Close)
	ts := make([]Target, len(fl.Hosts))
	for i, h := range fl.Hosts {
		ts[i] = Target{Line: i + 1, Host: h.Name}
	}
	base := probe.Options{Dialer: fl.Net, Resolver: fl.Net, RootCAs: fl.RootCAs, DataTimeout: testDataTimeout, Timeout: 2 * time.Second}
	return fl, ts, base
}

func TestBatchFleet(t *testing.T) {
	fl, targets, base := startFleet(t, 2*len(fleet.Mix))
	var buf bytes.Buffer
	w := NewJSONLinesWriter(&buf, report.Tool{Name: "ftpnat", Version: "test"})
	seen := make(map[int]bool)
	sum := RunBatch(context.Background(), targets, BatchOptions{Concurrency: 16, Base: base}, func(it BatchItem) {
		if seen[it.Index] {
			t.Errorf("target %d emitted twice", it.Index)
		}
		seen[it.Index] = true
		sc := fl.Hosts[it.Index].Scenario
		want, ok := fleetState[sc]
		if !ok {
			want = StateCritical
		}
		if it.Outcome.State != want {
			t.Errorf("%s (%s): %s %s, want %s", it.Target.Name(), sc, it.Outcome.State, it.Outcome.Summary, want)
		}
		if err := w.Write(it); err != nil {
			t.Fatal(err)
		}
	})
	if sum.Done != len(targets) || len(seen) != len(targets) || sum.Worst != StateCritical {
		t.Fatalf("summary %+v", sum)
	}
	if sum.Counts[StateOK] != 6 || sum.Counts[StateWarning] != 6 {
		t.Errorf("counts %v", sum.Counts)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != len(targets) {
		t.Fatalf("%d JSON lines for %d targets", len(lines), len(targets))
	}
	for _, l := range lines {
		var rep struct {
			Batch         BatchMeta `json:"batch"`
			SchemaVersion int       `json:"schema_version"`
			Target        struct {
				Host string `json:"host"`
			} `json:"target"`
		}
		if err := json.Unmarshal([]byte(l), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.SchemaVersion != 1 || rep.Batch.Line == 0 || rep.Batch.Target != rep.Target.Host || rep.Batch.State == "" {
			t.Errorf("line %+v", rep)
		}
	}
}

// A target that hangs holds its own slot until its deadline, nothing more:
// the others finish around it, and the batch lasts one deadline, not the
// sum of them.
func TestBatchSlowTargetsDoNotHoldOthers(t *testing.T) {
	fl, all, base := startFleet(t, len(fleet.Mix))
	var slow, fast []Target
	for i, h := range fl.Hosts {
		switch h.Scenario {
		case "no-greeting", "control-filtered":
			for range 3 {
				tt := all[i]
				tt.Timeout = 1500 * time.Millisecond
				slow = append(slow, tt)
			}
		case "healthy", "ports-refused", "login-refused", "unknown-host":
			for range 4 {
				fast = append(fast, all[i])
			}
		}
	}
	targets := append(slow, fast...) // the slow ones take their slots first
	start := time.Now()
	var fastDone, slowFirst time.Duration
	sum := RunBatch(context.Background(), targets, BatchOptions{Concurrency: len(slow) + 2, Base: base}, func(it BatchItem) {
		if it.Index < len(slow) {
			if slowFirst == 0 {
				slowFirst = time.Since(start)
			}
			if !it.Outcome.TimedOut || it.Outcome.State != StateCritical || !strings.Contains(it.Outcome.Summary, "timeout after 1.5") {
				t.Errorf("slow target: %s %s", it.Outcome.State, it.Outcome.Summary)
			}
			return
		}
		fastDone = time.Since(start)
	})
	if sum.Done != len(targets) {
		t.Fatalf("done %d of %d", sum.Done, len(targets))
	}
	if fastDone >= slowFirst {
		t.Errorf("fast targets finished at %s, after the first slow one (%s)", fastDone, slowFirst)
	}
	if sum.Duration > 3*time.Second {
		t.Errorf("batch took %s: the slow targets ran one after another", sum.Duration)
	}
}

func TestBatchCancel(t *testing.T) {
	fl, all, base := startFleet(t, len(fleet.Mix))
	var targets []Target
	for i, h := range fl.Hosts {
		if h.Scenario == "no-greeting" {
			for range 8 {
				targets = append(targets, all[i])
			}
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	base.Timeout = 20 * time.Second
	sum := RunBatch(ctx, targets, BatchOptions{Concurrency: 2, Base: base}, func(BatchItem) {})
	if sum.Duration > 3*time.Second || sum.Done >= len(targets) || sum.Worst == StateOK {
		t.Errorf("cancelled batch: %+v", sum)
	}
	if !strings.Contains(SummaryLine(sum), "not run: interrupted") {
		t.Errorf("summary %q", SummaryLine(sum))
	}
}

// After a batch, no goroutine and no file descriptor is left behind.
func TestBatchLeavesNothingBehind(t *testing.T) {
	_, targets, base := startFleet(t, 2*len(fleet.Mix))
	// One round first, so lazily started runtime and library goroutines
	// are part of the baseline.
	RunBatch(context.Background(), targets[:len(fleet.Mix)], BatchOptions{Concurrency: 8, Base: base}, func(BatchItem) {})
	goroutines, fds := settle(t, 0, 0)
	RunBatch(context.Background(), targets, BatchOptions{Concurrency: 8, Base: base}, func(BatchItem) {})
	g, f := settle(t, goroutines, fds)
	t.Logf("goroutines %d -> %d, open files %d -> %d", goroutines, g, fds, f)
	if g > goroutines || f > fds {
		t.Errorf("after the batch: %d goroutines (before %d), %d open files (before %d)", g, goroutines, f, fds)
	}
}

// settle waits (bounded) until goroutines and open files drop to the
// given counts, and returns the last counts seen.
func settle(t *testing.T, goroutines, fds int) (int, int) {
	t.Helper()
	var g, f int
	for deadline := time.Now().Add(5 * time.Second); ; {
		g, f = runtime.NumGoroutine(), openFiles(t)
		if g <= goroutines && f <= fds || time.Now().After(deadline) {
			return g, f
		}
		time.Sleep(50 * time.Millisecond)
		if goroutines == 0 { // measuring the baseline: let it calm down once
			time.Sleep(500 * time.Millisecond)
			return runtime.NumGoroutine(), openFiles(t)
		}
	}
}

func openFiles(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("cannot count open files here: %v", err)
	}
	return len(ents)
}
