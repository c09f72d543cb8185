package probe

import "syscall"

// tcpRTOMaxMS is Linux's TCP_RTO_MAX_MS (6.15 and later): the most a
// retransmission timeout may grow to on the socket.
const tcpRTOMaxMS = 44

// rtoCapMS caps the retransmission timeout of the probe's own sockets. A
// control conversation is a chain of small exchanges, each waiting for the
// one before: a lost command, login flight or SYN otherwise waits 1.5 s
// at a 500 ms round trip (Linux starts at three times the first round-trip
// sample) and twice as long after each further loss. One second is the
// least Linux allows; past a one-second round trip the cost is a spurious
// retransmission.
const rtoCapMS = 1000

// capRTO is a net.Dialer Control hook. Kernels without the option keep
// their own timeouts: the error is of no consequence.
func capRTO(_, _ string, c syscall.RawConn) error {
	return c.Control(func(fd uintptr) {
		_ = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, tcpRTOMaxMS, rtoCapMS)
	})
}
