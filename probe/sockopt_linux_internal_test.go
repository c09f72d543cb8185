package probe

import (
	"context"
	"errors"
	"net"
	"syscall"
	"testing"
)

// The default dialer caps the retransmission timeout of every connection
// it opens; a kernel without the option still connects.
func TestDefaultDialerCapsRTO(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	o := Options{}.withDefaults()
	c, err := o.Dialer.DialContext(context.Background(), "tcp", ln.Addr().String())
	if err != nil {
		t.Fatalf("dial with the RTO cap: %v", err)
	}
	defer c.Close()
	rc, err := c.(*net.TCPConn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var got int
	var gerr error
	if err := rc.Control(func(fd uintptr) {
		got, gerr = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, tcpRTOMaxMS)
	}); err != nil {
		t.Fatal(err)
	}
	switch {
	case errors.Is(gerr, syscall.ENOPROTOOPT):
		t.Logf("this kernel has no TCP_RTO_MAX_MS; the connection keeps the kernel's timeouts")
	case gerr != nil:
		t.Fatalf("read TCP_RTO_MAX_MS: %v", gerr)
	case got != rtoCapMS:
		t.Errorf("TCP_RTO_MAX_MS = %d, want %d", got, rtoCapMS)
	}
}
