package probe

import (
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// readAllBounded reads c until an error, within a second.
func readAllBounded(t *testing.T, c net.Conn) (int, error) {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(time.Second))
	buf := make([]byte, 7)
	total := 0
	for i := 0; i < 1000; i++ {
		n, err := c.Read(buf)
		total += n
		if err != nil {
			return total, err
		}
	}
	t.Fatal("no end after 1000 reads")
	return 0, nil
}

// pipeServer writes each of sends to the other end of a pipe, waiting for one
// read of the client's between them, then closes.
func pipeServer(sends ...string) (client net.Conn) {
	client, server := net.Pipe()
	go func() {
		defer server.Close()
		for i, s := range sends {
			if i > 0 {
				if _, err := server.Read(make([]byte, 64)); err != nil {
					return
				}
			}
			_ = server.SetWriteDeadline(time.Now().Add(time.Second))
			if _, err := io.WriteString(server, s); err != nil {
				return
			}
		}
	}()
	return client
}

func TestBoundedConn(t *testing.T) {
	t.Run("listing of exactly the budget", func(t *testing.T) {
		b := &readBounds{}
		c := newBoundedConn(pipeServer(strings.Repeat("x", 20)), b, boundListing, 20, false)
		n, err := readAllBounded(t, c)
		if n != 20 || !errors.Is(err, io.EOF) || b.first() != nil {
			t.Errorf("read %d, %v, bound %v", n, err, b.first())
		}
	})
	t.Run("listing over the budget", func(t *testing.T) {
		hits := 0
		b := &readBounds{onHit: func() { hits++ }}
		c := newBoundedConn(pipeServer(strings.Repeat("x", 21)), b, boundListing, 20, false)
		n, err := readAllBounded(t, c)
		if n != 20 || err == nil || err.Error() != "listing longer than 20 bytes: stopped reading" || b.first() == nil || hits != 1 {
			t.Errorf("read %d, %v, bound %v, %d hits", n, err, b.first(), hits)
		}
		if _, err := c.Read(make([]byte, 1)); err == nil || hits != 1 {
			t.Errorf("second read: %v, %d hits", err, hits)
		}
	})
	t.Run("every command renews the reply budget", func(t *testing.T) {
		b := &readBounds{}
		c := newBoundedConn(pipeServer("220 1234567\r\n", "331 1234567\r\n", "230 1234567\r\n"), b, boundReply, 13, true)
		_ = c.SetDeadline(time.Now().Add(time.Second))
		for i := 0; i < 3; i++ {
			if i > 0 {
				if _, err := c.Write([]byte("CMD\r\n")); err != nil {
					t.Fatal(err)
				}
			}
			buf := make([]byte, 13)
			if _, err := io.ReadFull(c, buf); err != nil {
				t.Fatalf("reply %d: %v", i, err)
			}
		}
		if b.first() != nil {
			t.Errorf("bound %v", b.first())
		}
	})
	t.Run("one reply over the budget", func(t *testing.T) {
		b := &readBounds{}
		c := newBoundedConn(pipeServer(strings.Repeat("150-wait\r\n", 10)), b, boundReply, 50, true)
		n, err := readAllBounded(t, c)
		if n != 50 || err == nil || err.Error() != "control reply longer than 50 bytes: stopped reading" {
			t.Errorf("read %d, %v", n, err)
		}
	})
	t.Run("renewals do not make the connection endless", func(t *testing.T) {
		b := &readBounds{}
		sends := make([]string, 10)
		for i := range sends {
			sends[i] = strings.Repeat("y", 10)
		}
		c := newBoundedConn(pipeServer(sends...), b, boundReply, 10, true)
		_ = c.SetDeadline(time.Now().Add(time.Second))
		var err error
		read := 0
		for i := 0; i < 10 && err == nil; i++ {
			if i > 0 {
				if _, err := c.Write([]byte("x")); err != nil {
					t.Fatal(err)
				}
			}
			var n int
			buf := make([]byte, 10)
			n, err = io.ReadFull(c, buf)
			read += n
		}
		if read != controlReplies*10 || err == nil || err.Error() != "more than 40 bytes of control replies in all: stopped reading" {
			t.Errorf("read %d, %v", read, err)
		}
	})
}
