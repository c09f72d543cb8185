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
	return s.probeEndpointThen(ctx, addr, nil)
}

// probeEndpointThen is probeEndpoint calling dialling, when set, right
// before the first attempt's dial: from then on its SYN is on its way.
func (s *session) probeEndpointThen(ctx context.Context, addr netip.AddrPort, dialling func()) Dial {
	r := s.r
	timeout := r.o.DataTimeout
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	start := time.Now()
	results := make(chan Dial, probeAttempts)
	try := func() {
		conn, d := dialEndpoint(ctx, r.o.Dialer, addr, timeout)
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
			if started < probeAttempts && time.Since(start)+every < timeout {
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
	return last
}

// retryAfter is how long a probe waits for an answer before it tries again
// beside the first attempt: a few control round trips, at least 300 ms.
func (r *run) retryAfter() time.Duration {
	r.mu.Lock()
	rtt := r.facts.Timing.ControlRTT
	r.mu.Unlock()
	return max(3*rtt, 300*time.Millisecond)
}
