package monitor

import (
	"context"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/probe"
)

// Short data timeouts keep filtered ports from costing seconds.
const testDataTimeout = 300 * time.Millisecond

// startScenario starts a named fixture and returns options that reach it.
func startScenario(t *testing.T, name string) (*fixtures.Env, probe.Options) {
	t.Helper()
	sc, ok := fixtures.Lookup(name)
	if !ok {
		t.Fatalf("no scenario %q", name)
	}
	env, err := fixtures.Start(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(env.Close)
	return env, probe.Options{Host: env.Host, Port: env.Port, Dialer: env.Dialer, Resolver: env.Resolver,
		RootCAs: env.RootCAs, Listen: env.Listen, DataTimeout: testDataTimeout, Timeout: 10 * time.Second}
}

// diagnose runs one diagnosis with a step clock.
func diagnose(t *testing.T, o probe.Options) (probe.Result, Outcome) {
	t.Helper()
	clock := &StepClock{}
	o.Events = clock.Observe(o.Events)
	res := probe.Run(context.Background(), o)
	return res, Evaluate(res, clock)
}
