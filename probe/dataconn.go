package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"syscall"
	"time"
)

// dialData is dialEndpoint for a data connection of the run: it first
// claims the endpoint, calling off its late probes, and hands them its
// outcome (lateprobes.go).
func (r *run) dialData(ctx context.Context, addr netip.AddrPort, timeout time.Duration) (net.Conn, Dial) {
	off := r.late.claim(addr, nil)
	conn, d := dialEndpoint(ctx, r.o.Dialer, addr, timeout)
	handOver(off, d)
	return conn, d
}

// dialEndpoint connects to addr within timeout and classifies the outcome.
// On success the open connection is returned; the caller owns it.
func dialEndpoint(ctx context.Context, d Dialer, addr netip.AddrPort, timeout time.Duration) (net.Conn, Dial) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	start := time.Now()
	conn, err := d.DialContext(ctx, "tcp", addr.String())
	if err != nil {
		conn = nil
	}
	return conn, dialOutcome(addr, time.Since(start), err, timeout)
}

// dialOutcome classifies a connect to addr that ended with err after
// took, within timeout.
func dialOutcome(addr netip.AddrPort, took time.Duration, err error, timeout time.Duration) Dial {
	res := Dial{Address: addr, Duration: took, Reach: ReachOpen}
	if err != nil {
		res.Reach = classifyDialErr(err)
		if res.Reach == ReachFiltered && res.Duration > timeout {
			// The wait was the timeout; what lies beyond it is scheduling.
			res.Duration = timeout
		}
		res.Error = dialErrText(res.Reach, err, timeout)
	}
	return res
}

// classifyDialErr tells a reset from a silent drop from an ICMP error.
func classifyDialErr(err error) Reach {
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET):
		return ReachRefused
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH),
		errors.Is(err, syscall.EHOSTDOWN), errors.Is(err, syscall.ENETDOWN),
		errors.Is(err, syscall.EADDRNOTAVAIL), errors.Is(err, syscall.EAFNOSUPPORT):
		return ReachUnreachable
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded),
		errors.As(err, &ne) && ne.Timeout():
		return ReachFiltered
	case errors.Is(err, context.Canceled):
		return ReachNotTested
	}
	return ReachUnreachable
}

func dialErrText(r Reach, err error, timeout time.Duration) string {
	switch r {
	case ReachFiltered:
		return fmt.Sprintf("no answer within %s (packets dropped)", timeout.Round(time.Millisecond))
	case ReachRefused:
		return "connection refused (TCP reset)"
	case ReachNotTested:
		return "cancelled"
	}
	return err.Error()
}
