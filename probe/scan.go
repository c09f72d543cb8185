package probe

import (
	"context"
	"fmt"
	"net/netip"
	"sync"
	"time"
)

// StepRange is the --expect-range step.
const StepRange = "expect-range"

// scanRange dials every port of the expected passive range at the control
// peer, at most RangeConcurrency at a time, each bounded by the data
// timeout. A port "answers" when it connects or is reset (something the
// port is forwarded to — or the firewall itself — replied); it is "silent"
// when nothing comes back. It runs after the sessions, so that no dial can
// be taken for a session's own data connection.
func (r *run) scanRange(ctx context.Context, s *session) {
	span := *r.o.ExpectRange
	n := span.Max - span.Min + 1
	workers := min(r.o.RangeConcurrency, n)
	rs := &RangeScan{Min: span.Min, Max: span.Max, Concurrency: workers, Timeout: r.o.DataTimeout}
	s.p.Range = rs
	rounds := (n + workers - 1) / workers
	s.step(StepRange, time.Duration(rounds)*r.o.DataTimeout, func() (CheckStatus, string) {
		begin := time.Now()
		reach := make([]Reach, n)
		ports := make(chan int)
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for p := range ports {
					conn, d := r.dialData(ctx, netip.AddrPortFrom(s.p.Address, uint16(p)), r.o.DataTimeout)
					if conn != nil {
						_ = conn.Close()
					}
					reach[p-span.Min] = d.Reach
				}
			}()
		}
	feed:
		for p := span.Min; p <= span.Max; p++ {
			select {
			case ports <- p:
			case <-ctx.Done():
				break feed
			}
		}
		close(ports)
		wg.Wait()
		rs.Duration = time.Since(begin)
		answering := make([]bool, n)
		tested := 0
		for i, re := range reach {
			switch re {
			case ReachOpen:
				rs.Open++
				answering[i] = true
			case ReachRefused:
				rs.Refused++
				answering[i] = true
			}
			if re != "" && re != ReachNotTested {
				tested++
			}
		}
		rs.Answering, rs.Silent = spans(span.Min, answering, reach)
		detail := fmt.Sprintf("%d-%d: %d answer (%d open, %d reset), %d silent, in %s",
			span.Min, span.Max, rs.Open+rs.Refused, rs.Open, rs.Refused, tested-rs.Open-rs.Refused, FormatDuration(rs.Duration))
		switch {
		case tested < n:
			return CheckWarn, detail + fmt.Sprintf("; %d ports not tested before the timeout", n-tested)
		case len(rs.Silent) > 0:
			return CheckFail, detail
		}
		return CheckPass, detail
	})
}

// spans groups consecutive ports into answering and silent runs; ports not
// tested (cancelled) belong to neither.
func spans(base int, answering []bool, reach []Reach) (ans, silent []PortSpan) {
	add := func(list []PortSpan, p int) []PortSpan {
		if k := len(list); k > 0 && list[k-1].Max == p-1 {
			list[k-1].Max = p
			return list
		}
		return append(list, PortSpan{Min: p, Max: p})
	}
	for i, a := range answering {
		switch {
		case a:
			ans = add(ans, base+i)
		case reach[i] == ReachFiltered || reach[i] == ReachUnreachable:
			silent = add(silent, base+i)
		}
	}
	return ans, silent
}
