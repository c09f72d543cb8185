package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
	"testing"
	"time"
)

func TestClassifyDialErr(t *testing.T) {
	op := func(err error) error { return &net.OpError{Op: "dial", Net: "tcp", Err: err} }
	tests := []struct {
		err  error
		want Reach
	}{
		{op(os.NewSyscallError("connect", syscall.ECONNREFUSED)), ReachRefused},
		{op(os.NewSyscallError("connect", syscall.EHOSTUNREACH)), ReachUnreachable},
		{op(os.NewSyscallError("connect", syscall.ENETUNREACH)), ReachUnreachable},
		{op(os.ErrDeadlineExceeded), ReachFiltered},
		{fmt.Errorf("dial: %w", context.DeadlineExceeded), ReachFiltered},
		{fmt.Errorf("dial: %w", context.Canceled), ReachNotTested},
		{errors.New("something odd"), ReachUnreachable},
	}
	for _, tt := range tests {
		if got := classifyDialErr(tt.err); got != tt.want {
			t.Errorf("classifyDialErr(%v) = %s, want %s", tt.err, got, tt.want)
		}
	}
}

func TestDialEndpointLoopback(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	open := ln.Addr().(*net.TCPAddr).AddrPort()
	// A port that was just closed refuses connections.
	ln2, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln2.Addr().(*net.TCPAddr).AddrPort()
	ln2.Close()
	defer ln.Close()

	d := &net.Dialer{}
	conn, res := dialEndpoint(context.Background(), d, open, time.Second)
	if conn == nil || res.Reach != ReachOpen || res.Address != open {
		t.Fatalf("open port: %+v", res)
	}
	conn.Close()
	conn, res = dialEndpoint(context.Background(), d, closed, time.Second)
	if conn != nil || res.Reach != ReachRefused || res.Error == "" {
		t.Fatalf("closed port: %+v", res)
	}
}
