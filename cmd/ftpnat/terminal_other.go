//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows)

package main

// Without the terminal ioctls, nothing counts as a terminal: text output,
// never a TUI that cannot be driven.
func fdIsTerminal(uintptr) bool { return false }

func fdWidth(uintptr) int { return 0 }
