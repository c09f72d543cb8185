package diagnosis

import (
	"fmt"
	"net/netip"
	"time"
)

// ActiveFacts is the active-mode test: ftpnat listens, names its own
// listener in PORT and EPRT, asks for a listing and waits for the server to
// connect back.
type ActiveFacts struct {
	Tested    bool
	Advertise netip.Addr // the address named in PORT/EPRT (our own listener)
	PORT      *ActiveTest
	EPRT      *ActiveTest
}

// ActiveTest is one PORT or EPRT attempt.
type ActiveTest struct {
	Command     string // "PORT" or "EPRT"
	Sent        string // the full command line sent
	Listener    netip.AddrPort
	Reply       Reply // reply to PORT/EPRT
	Accepted    bool  // 200
	ListReplies []Reply
	Connected   bool           // the server connected back
	From        netip.AddrPort // where the connection came from
	Bytes       int64          // listing bytes received
	OK          bool           // data arrived and the server confirmed the transfer
	Error       string
	// ServerSees is the client address the server says it sees, when its
	// refusal names it (Pure-FTPd: "I won't open a connection to X (only
	// to Y)"): Y is the client's public address.
	ServerSees netip.Addr
	Duration   time.Duration
}

// PortSpan is an inclusive run of ports.
type PortSpan struct{ Min, Max int }

// RangeScan is the --expect-range check: every port of the range dialled
// at the control peer's address.
type RangeScan struct {
	Min, Max    int
	Answering   []PortSpan // connected, or reset by a host the port is forwarded to
	Silent      []PortSpan // no answer before the timeout (filtered)
	Refused     int        // answering ports that answered with a reset
	Open        int        // answering ports that accepted
	Concurrency int
	Timeout     time.Duration
	Duration    time.Duration
}

// formatSpans prints spans compactly: "30000-30009, 30011".
func FormatSpans(ss []PortSpan) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += ", "
		}
		if s.Min == s.Max {
			out += fmt.Sprint(s.Min)
		} else {
			out += fmt.Sprintf("%d-%d", s.Min, s.Max)
		}
	}
	return out
}

// Ports counts the ports of the runs.
func Ports(ss []PortSpan) int {
	n := 0
	for _, s := range ss {
		n += s.Max - s.Min + 1
	}
	return n
}

// Untested is how many ports of the range were not dialled before the
// overall timeout: neither answering nor silent.
func (r *RangeScan) Untested() int {
	return max(0, r.Max-r.Min+1-Ports(r.Answering)-Ports(r.Silent))
}
