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
// A sample's probe, lp, may be called off once its session has moved on;
// it then takes the outcome of the connection that called it off
// (lateprobes.go).
func (s *session) probeEndpointThen(ctx context.Context, addr netip.AddrPort, dialling func(), lp *lateProbe) Dial {
	r := s.r
	timeout := r.o.DataTimeout
	pctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if lp != nil {
		lp.cancel = cancel
		defer r.late.watch(addr, lp)()
	}
	// Claimed once: the extra attempts dial the same listener.
	off := r.late.claim(addr, lp)
	if dialling != nil {
		dialling()
	}
	d := s.attempts(pctx, addr)
	if lp != nil && lp.wasSuperseded() {
		d = s.measuredAgain(ctx, addr, lp)
	}
	handOver(off, d)
	return d
}

// attempts dials addr until one attempt is answered, starting another
// beside the first when no answer came within a few round trips (at most
// probeAttempts in all, within ctx's timeout).
func (s *session) attempts(ctx context.Context, addr netip.AddrPort) Dial {
	r := s.r
	timeout := r.o.DataTimeout
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
	return last
}

// measuredAgain is the outcome of a probe called off by another data
// connection to the same port: that connection's, once it has one (within
// two data timeouts: it may itself be a probe called off in turn).
func (s *session) measuredAgain(ctx context.Context, addr netip.AddrPort, lp *lateProbe) Dial {
	timer := time.NewTimer(2 * s.r.o.DataTimeout)
	defer timer.Stop()
	select {
	case d := <-lp.measured:
		s.r.tr.add(s.name, DirInfo, fmt.Sprintf("data connect %s: called off when the port was offered again; the connection then made to it: %s", addr, d.Reach))
		d.Address = addr
		return d
	case <-timer.C:
	case <-ctx.Done():
	}
	return Dial{Address: addr, Reach: ReachNotTested, Error: errTextSuperseded}
}

// errTextSuperseded is the error of a sample's probe called off because
// the server offered its port again, to another data connection of the
// run, when that connection had no outcome in time.
const errTextSuperseded = "called off when the port was offered again for another data connection, which had no outcome in time: not tested"

// retryAfter is how long a probe waits for an answer before it tries again
// beside the first attempt: a few control round trips, at least 300 ms.
func (r *run) retryAfter() time.Duration {
	r.mu.Lock()
	rtt := r.facts.Timing.ControlRTT
	r.mu.Unlock()
	return max(3*rtt, 300*time.Millisecond)
}
