package tui

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/probe"
)

// q while a filtered data port is being waited for: Run returns within
// ~200 ms, with no verdict, and leaves no goroutine behind — neither the
// probe's nor the program's.
func TestQuitMidRunLeavesNothing(t *testing.T) {
	// The os/signal package starts one goroutine for the whole process the
	// first time anything listens to signals (Bubble Tea does): start it
	// now so that it is not counted as the program's.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	signal.Stop(sig)
	before := goroutines()
	sc, _ := fixtures.Lookup("ports-filtered")
	env, err := fixtures.Start(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	// A pipe, like a terminal, is a file the input reader can cancel.
	in, keys, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	waiting := make(chan struct{})
	var once sync.Once
	opts := RunOptions{
		Options: func() probe.Options {
			o := demoOptions(env, time.Minute)
			o.Timeout = 2 * time.Minute
			o.Events = func(ev probe.Event) {
				if ev.Kind == probe.EventStepStarted && ev.Step == probe.StepDataPorts {
					once.Do(func() { close(waiting) })
				}
			}
			return o
		},
		Target: "ftp.example.test:21", Profile: colorprofile.ASCII, Simulated: true,
		Input: in, Output: io.Discard, Width: 80, Height: 24,
	}
	type outcome struct {
		res probe.Result
		err error
		at  time.Time
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := Run(context.Background(), opts)
		done <- outcome{res, err, time.Now()}
	}()
	select {
	case <-waiting:
	case <-time.After(10 * time.Second):
		t.Fatal("the data-ports step never started")
	}
	time.Sleep(100 * time.Millisecond) // well into the wait, the countdown running
	pressed := time.Now()
	if _, err := keys.Write([]byte("q")); err != nil {
		t.Fatal(err)
	}
	var out outcome
	select {
	case out = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after q")
	}
	took := out.at.Sub(pressed)
	t.Logf("q to return: %v", took)
	if took > 250*time.Millisecond {
		t.Errorf("Run took %v to return after q, want about 200 ms at most", took)
	}
	if out.err != nil || out.res.Verdict != "" {
		t.Errorf("Run = verdict %q, %v; want no verdict and no error", out.res.Verdict, out.err)
	}

	env.Close()
	keys.Close()
	in.Close()
	// A frame's timer may still be firing; give it one more frame.
	deadline := time.Now().Add(time.Second)
	for {
		left := newGoroutines(before)
		if len(left) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines left behind:\n\n%s", len(left), strings.Join(left, "\n\n"))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// goroutines are the stacks of every goroutine, keyed by its header line
// ("goroutine 42 [running]:" without the state).
func goroutines() map[string]string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	out := map[string]string{}
	for _, g := range bytes.Split(buf, []byte("\n\n")) {
		s := string(g)
		id, _, _ := strings.Cut(s, " [")
		out[id] = s
	}
	return out
}

// newGoroutines lists the goroutines that were not there before, except
// this test's own.
func newGoroutines(before map[string]string) []string {
	var left []string
	for id, stack := range goroutines() {
		if _, old := before[id]; old || strings.Contains(stack, "TestQuitMidRunLeavesNothing") {
			continue
		}
		left = append(left, stack)
	}
	return left
}
