package probe_test

import (
	"context"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/probe"
)

func benchEnv(b *testing.B, name string) *fixtures.Env {
	b.Helper()
	sc, _ := fixtures.Lookup(name)
	env, err := fixtures.Start(context.Background(), sc)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(env.Close)
	return env
}

// BenchmarkDiagnoseHealthy: a complete healthy diagnosis on loopback
// (target: under 100 ms per op).
func BenchmarkDiagnoseHealthy(b *testing.B) {
	env := benchEnv(b, "healthy")
	for b.Loop() {
		res := probe.Run(context.Background(), probe.Options{Host: env.Host, Dialer: env.Dialer, Resolver: env.Resolver, RootCAs: env.RootCAs})
		if res.Verdict != probe.VerdictOK {
			b.Fatalf("verdict %s: %+v", res.Verdict, res.Findings)
		}
	}
}

// BenchmarkDiagnoseAllFiltered: every data port dropped, default 3 s data
// timeout. The verdict must arrive within one data timeout plus 100 ms
// (reported as overhead-ms), never samples × timeout.
func BenchmarkDiagnoseAllFiltered(b *testing.B) {
	env := benchEnv(b, "ports-filtered")
	var worst time.Duration
	for b.Loop() {
		res := probe.Run(context.Background(), probe.Options{Host: env.Host, Dialer: env.Dialer, Resolver: env.Resolver, RootCAs: env.RootCAs})
		if res.Verdict != probe.VerdictCritical {
			b.Fatalf("verdict %s", res.Verdict)
		}
		worst = max(worst, res.Duration)
	}
	b.ReportMetric(float64((worst-probe.DefaultDataTimeout).Microseconds())/1000, "overhead-ms")
}

// BenchmarkTLSOverhead: a healthy server whose every reply takes 2 ms (a
// stand-in for network round trips), diagnosed with --tls off and auto.
// The TLS session runs beside the plaintext one, so auto should cost little
// more than the TLS negotiation itself (compare the two ms/op figures).
func BenchmarkTLSOverhead(b *testing.B) {
	sc, _ := fixtures.Lookup("healthy")
	sc.Server.Delays = map[string]time.Duration{"*": 2 * time.Millisecond}
	env, err := fixtures.Start(context.Background(), sc)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(env.Close)
	for _, mode := range []probe.TLSMode{probe.TLSOff, probe.TLSAuto} {
		b.Run(string(mode), func(b *testing.B) {
			for b.Loop() {
				res := probe.Run(context.Background(), probe.Options{Host: env.Host, Dialer: env.Dialer, Resolver: env.Resolver,
					RootCAs: env.RootCAs, TLS: mode})
				if res.Verdict != probe.VerdictOK {
					b.Fatalf("verdict %s: %+v", res.Verdict, res.Findings)
				}
			}
		})
	}
}

// BenchmarkDualStack: a healthy dual-stack name whose every reply takes
// 2 ms, diagnosed on IPv4 only and on both families. The families run side
// by side, so both should cost at most 10% more wall time than one
// (compare the two ms/op figures; make bench prints them).
func BenchmarkDualStack(b *testing.B) {
	sc, _ := fixtures.Lookup("dual-stack-healthy")
	sc.Server.Delays = map[string]time.Duration{"*": 2 * time.Millisecond}
	env, err := fixtures.Start(context.Background(), sc)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(env.Close)
	for _, c := range []struct {
		name     string
		families []probe.Family
		paths    int
	}{{"ipv4", []probe.Family{probe.IPv4}, 2}, {"dual", nil, 4}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				res := probe.Run(context.Background(), probe.Options{Host: env.Host, Dialer: env.Dialer, Resolver: env.Resolver,
					RootCAs: env.RootCAs, Families: c.families})
				if res.Verdict != probe.VerdictOK || len(res.Facts.Paths) != c.paths {
					b.Fatalf("verdict %s, %d paths: %+v", res.Verdict, len(res.Facts.Paths), res.Findings)
				}
			}
		})
	}
}
