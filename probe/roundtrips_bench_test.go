package probe_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/probe"
)

// Round trips on the critical path, on the fake network with a link of a
// known one-way latency: the wall time of a diagnosis divided by the round
// trip is how many round trips it waited for in sequence, whatever the
// machine's speed (the loopback's own time is negligible beside 40 ms).
//
// make bench-rtt runs these. Reported per operation:
//
//	rtt/op          wall time in round trips (the figure to keep down)
//	roundtrips/op   the engine's own count, Facts.Timing.RoundTrips
//	control-rtt-ms  the engine's measured round trip, Facts.Timing.ControlRTT
//	rtt-beyond-timeout/op  (filtered) wall time less one data timeout, in round trips

// benchLatency is the one-way delay of the round-trip benchmarks.
const benchLatency = 20 * time.Millisecond

// slowEnv starts scenario name behind a link of one-way latency and loss
// (drawn from a fixed seed).
func slowEnv(b *testing.B, name string, latency time.Duration, loss float64) *fixtures.Env {
	b.Helper()
	sc, ok := fixtures.Lookup(name)
	if !ok {
		b.Fatalf("no scenario %q", name)
	}
	sc.Net.Latency = latency
	sc.Net.Loss = loss
	sc.Net.LossSource = rand.NewPCG(15, 7)
	env, err := fixtures.Start(context.Background(), sc)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(env.Close)
	return env
}

// rttStats sums what each diagnosis reports, for the per-op metrics.
type rttStats struct {
	ops        int
	wall       time.Duration
	roundTrips int
	controlRTT time.Duration
	worst      time.Duration
}

func (s *rttStats) add(res probe.Result) {
	s.ops++
	s.wall += res.Duration
	s.worst = max(s.worst, res.Duration)
	s.roundTrips += res.Facts.Timing.RoundTrips
	s.controlRTT += res.Facts.Timing.ControlRTT
}

// report files the metrics; rtt is the link's round trip.
func (s *rttStats) report(b *testing.B, rtt time.Duration) {
	if s.ops == 0 {
		return
	}
	n := float64(s.ops)
	b.ReportMetric(float64(s.wall)/n/float64(rtt), "rtt/op")
	b.ReportMetric(float64(s.roundTrips)/n, "roundtrips/op")
	b.ReportMetric(float64(s.controlRTT)/n/float64(time.Millisecond), "control-rtt-ms")
}

// BenchmarkRoundTripsHealthy: a healthy server with the default options
// (TLS auto, the standard-client check, PASV samples, EPSV), 40 ms round
// trip. The goal is at most 12 round trips on the critical path.
func BenchmarkRoundTripsHealthy(b *testing.B) {
	env := slowEnv(b, "healthy", benchLatency, 0)
	var st rttStats
	for b.Loop() {
		res := probe.Run(context.Background(), probe.Options{Host: env.Host, Dialer: env.Dialer, Resolver: env.Resolver, RootCAs: env.RootCAs})
		if res.Verdict != probe.VerdictOK {
			b.Fatalf("verdict %s: %+v", res.Verdict, res.Findings)
		}
		st.add(res)
	}
	st.report(b, 2*benchLatency)
}

// BenchmarkRoundTripsFiltered: every data port dropped, 40 ms round trip.
// The goal is the verdict within one data timeout plus 10 round trips
// (rtt-beyond-timeout/op, from the slowest run).
func BenchmarkRoundTripsFiltered(b *testing.B) {
	env := slowEnv(b, "ports-filtered", benchLatency, 0)
	var st rttStats
	for b.Loop() {
		res := probe.Run(context.Background(), probe.Options{Host: env.Host, Dialer: env.Dialer, Resolver: env.Resolver, RootCAs: env.RootCAs})
		if res.Verdict != probe.VerdictCritical || !hasFinding(res, probe.FindingDataPortFiltered) {
			b.Fatalf("verdict %s: %+v", res.Verdict, res.Findings)
		}
		st.add(res)
	}
	st.report(b, 2*benchLatency)
	b.ReportMetric(float64(st.worst-probe.DefaultDataTimeout)/float64(2*benchLatency), "rtt-beyond-timeout/op")
}

// BenchmarkRoundTripsLossy: a healthy server across a 500 ms round trip
// with 3% loss (fixed seed). This is a correctness check first: a lost SYN
// must be retried, never reported as a filtered port, so a run that finds
// one fails the benchmark. The goal for the wall time is 8 s (worst-s);
// not-ok-runs counts runs with another verdict than ok (a finding the loss
// caused, or the run's time budget).
func BenchmarkRoundTripsLossy(b *testing.B) {
	const latency = 250 * time.Millisecond
	env := slowEnv(b, "healthy", latency, 0.03)
	var st rttStats
	notOK := 0
	for b.Loop() {
		res := probe.Run(context.Background(), probe.Options{Host: env.Host, Dialer: env.Dialer, Resolver: env.Resolver, RootCAs: env.RootCAs})
		if res.Verdict != probe.VerdictOK {
			notOK++
		}
		for _, id := range []string{probe.FindingDataPortFiltered, probe.FindingRangePartiallyBlocked} {
			if hasFinding(res, id) {
				b.Fatalf("a healthy server across a lossy link reported %s: %+v", id, res.Findings)
			}
		}
		st.add(res)
	}
	st.report(b, 2*latency)
	b.ReportMetric(st.worst.Seconds(), "worst-s")
	b.ReportMetric(float64(notOK), "not-ok-runs")
}

func hasFinding(res probe.Result, id string) bool {
	for _, f := range res.Findings {
		if f.ID == id {
			return true
		}
	}
	return false
}
