//go:build unix

package monitor

import "syscall"

// fdLimit is the soft limit on open files (Go raises it to the hard
// limit at start-up).
func fdLimit() (uint64, bool) {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return 0, false
	}
	return rl.Cur, true
}
