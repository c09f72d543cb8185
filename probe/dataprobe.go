package probe

import (
	"context"
	"fmt"
	"net/netip"
	"time"
)

// probeAttempts bounds the connection attempts of one endpoint test.
const probeAttempts = 3

// probeEndpoint is dialEndpoint for a connection that is opened only to
// see whether the port answers, and closed at once: a SYN lost on the way
// (or its answer) is tried again before "filtered" is concluded. Another
// attempt starts beside the first when no answer came within a few round
// trips (at most probeAttempts in all, within the one timeout); the first
// attempt that is answered — connected, reset or unreachable — decides.
// A listing does not use it: a second connection could be the one the
// server takes for its data.
func (s *session) probeEndpoint(ctx context.Context, addr netip.AddrPort) Dial {
	return s.probeEndpointThen(ctx, addr, nil, nil)
}

// probeEndpointThen is probeEndpoint calling dialling, when set, right
// before the first attempt's dial: from then on its SYN is on its way.
// A sample's probe, lp, may be called off once its session has moved on
// (lateprobes.go): it is then not tested.
func (s *session) probeEndpointThen(ctx context.Context, addr netip.AddrPort, dialling func(), lp *lateProbe) Dial {
	r := s.r
	timeout := r.o.DataTimeout
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if lp != nil {
		lp.cancel = cancel
		defer r.late.watch(addr, lp)()
	}
	start := time.Now()
	results := make(chan Dial, probeAttempts)
	try := func() {
		conn, d := r.dialData(ctx, addr, timeout, lp)
		if conn != nil {
			_ = conn.Close()
		}
		results <- d
	}
	every := r.retryAfter()
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	if dialling != nil {
		dialling()
	}
	go try()
	started, finished := 1, 0
	var last Dial
	for finished < started {
		select {
		case d := <-results:
			finished++
			last = d
			if d.Reach != ReachFiltered && d.Reach != ReachNotTested {
				d.Duration = time.Since(start)
				if started > 1 {
					d.Attempts = started
				}
				return d
			}
		case <-ticker.C:
			if started < probeAttempts && time.Since(start)+every < timeout && ctx.Err() == nil {
				started++
				r.tr.add(s.name, DirInfo, fmt.Sprintf("data connect %s: no answer after %s, trying again beside the first attempt", addr, FormatDuration(time.Since(start))))
				go try()
			}
		}
	}
	last.Duration = min(time.Since(start), timeout)
	if started > 1 {
		last.Attempts = started
	}
	if lp != nil && lp.wasSuperseded() {
		last.Reach, last.Error = ReachNotTested, errTextSuperseded
	}
	return last
}

// errTextSuperseded is the error of a sample's probe called off because
// the server offered its port again, to another data connection of the
// run, before the probe was answered.
const errTextSuperseded = "no answer before the port was offered again for another data connection: called off, not tested"

// retryAfter is how long a probe waits for an answer before it tries again
// beside the first attempt: a few control round trips, at least 300 ms.
func (r *run) retryAfter() time.Duration {
	r.mu.Lock()
	rtt := r.facts.Timing.ControlRTT
	r.mu.Unlock()
	return max(3*rtt, 300*time.Millisecond)
}
