//go:build !linux

package probe

import "syscall"

// capRTO has nothing to set outside Linux.
func capRTO(_, _ string, _ syscall.RawConn) error { return nil }
