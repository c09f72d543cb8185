//go:build !unix

package monitor

// fdLimit is unknown outside Unix.
func fdLimit() (uint64, bool) { return 0, false }
