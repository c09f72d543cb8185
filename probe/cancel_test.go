package probe_test

import (
	"context"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/fixtures/fakeftp"
	"github.com/ftpnat/ftpnat/probe"
)

// Cancelling a run (ctrl+c) stops it within 200 ms whatever it is waiting
// for: a greeting, a reply, a dropped data port, a TLS handshake, a silent
// listing, the range check, a connect-back that never comes.
func TestCancelEveryPhase(t *testing.T) {
	stall := func(s *fakeftp.Session, _ string) {
		select {
		case <-s.Context().Done():
		case <-time.After(30 * time.Second):
		}
	}
	tests := []struct {
		name     string
		scenario string
		step     string // cancel shortly after this step starts
		opts     func(*probe.Options)
		modify   func(*fakeftp.Scenario)
	}{
		{name: "greeting", scenario: "no-greeting", step: probe.StepGreeting},
		{name: "reply", scenario: "healthy", step: probe.StepPwd, modify: func(sc *fakeftp.Scenario) {
			sc.Handlers = map[string]func(*fakeftp.Session, string){"PWD": stall}
		}},
		{name: "filtered data port", scenario: "ports-filtered", step: probe.StepDataPorts},
		{name: "TLS handshake", scenario: "healthy", step: probe.StepAuthTLS, opts: func(o *probe.Options) { o.TLS = probe.TLSExplicit },
			modify: func(sc *fakeftp.Scenario) {
				sc.Handlers = map[string]func(*fakeftp.Session, string){"AUTH": func(s *fakeftp.Session, a string) {
					_ = s.Reply("234 Proceed.")
					stall(s, a)
				}}
			}},
		{name: "silent listing", scenario: "healthy", step: probe.StepTransfer, modify: func(sc *fakeftp.Scenario) {
			silent := func(s *fakeftp.Session, a string) {
				if c, err := s.AcceptData(); err == nil {
					defer c.Close()
					_ = s.Reply("150 Here it comes.")
					stall(s, a)
				}
			}
			sc.Handlers = map[string]func(*fakeftp.Session, string){"LIST": silent, "MLSD": silent}
		}},
		{name: "range check", scenario: "ports-filtered", step: probe.StepRange,
			opts: func(o *probe.Options) {
				o.ExpectRange = &probe.PortSpan{Min: 40000, Max: 40999}
				o.DataTimeout = 100 * time.Millisecond
			}},
		{name: "connect-back", scenario: "active-no-connect-back", step: probe.StepActive, opts: func(o *probe.Options) { o.Active = true }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, _ := fixtures.Lookup(tt.scenario)
			if tt.modify != nil {
				tt.modify(&sc.Server)
			}
			env, err := fixtures.Start(context.Background(), sc)
			if err != nil {
				t.Fatal(err)
			}
			defer env.Close()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			cancelled := make(chan time.Time, 1)
			o := probe.Options{Host: env.Host, Dialer: env.Dialer, Resolver: env.Resolver, Listen: env.Listen, RootCAs: env.RootCAs,
				TLS: probe.TLSOff, Timeout: 60 * time.Second, StepTimeout: 30 * time.Second, DataTimeout: 30 * time.Second,
				Events: func(e probe.Event) {
					if e.Kind == probe.EventStepStarted && e.Step == tt.step {
						go func() {
							time.Sleep(50 * time.Millisecond)
							cancelled <- time.Now()
							cancel()
						}()
					}
				}}
			if tt.opts != nil {
				tt.opts(&o)
			}
			done := make(chan struct{})
			go func() {
				probe.Run(ctx, o)
				close(done)
			}()
			var at time.Time
			select {
			case at = <-cancelled:
			case <-time.After(10 * time.Second):
				t.Fatalf("step %s never started", tt.step)
			}
			select {
			case <-done:
				if d := time.Since(at); d > 200*time.Millisecond {
					t.Errorf("run ended %s after the cancel", d)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("run did not end after the cancel")
			}
		})
	}
}

// File descriptors: every socket and listener is closed on every path,
// the hostile ones included.
func TestNoDescriptorLeak(t *testing.T) {
	count := func() int {
		ents, err := os.ReadDir("/proc/self/fd")
		if err != nil {
			t.Skip("no /proc/self/fd on this system")
		}
		return len(ents)
	}
	names := []string{"healthy", "nat-private-unforwarded", "list-425", "tls-reuse-required", "tls-handshake-broken",
		"tls-data-broken", "no-greeting", "active-client-nat", "control-refused"}
	// One round: start the fake servers, diagnose each, stop them. The
	// servers live in this process, so only after they are closed does the
	// count speak of the engine alone.
	round := func(times int) {
		var envs []*fixtures.Env
		defer func() {
			for _, e := range envs {
				e.Close()
			}
		}()
		for _, n := range names {
			sc, _ := fixtures.Lookup(n)
			env, err := fixtures.Start(context.Background(), sc)
			if err != nil {
				t.Fatal(err)
			}
			envs = append(envs, env)
		}
		for range times {
			for _, env := range envs {
				probe.Run(context.Background(), probe.Options{Host: env.Host, Dialer: env.Dialer, Resolver: env.Resolver, Listen: env.Listen,
					RootCAs: env.RootCAs, Active: true, StepTimeout: 500 * time.Millisecond, DataTimeout: 200 * time.Millisecond})
			}
		}
	}
	round(1) // warm up: descriptors the runtime opens once
	runtime.GC()
	before := count()
	round(3)
	deadline := time.Now().Add(2 * time.Second)
	for count() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if after := count(); after > before {
		t.Errorf("%d descriptors before, %d after three rounds", before, after)
	}
}
