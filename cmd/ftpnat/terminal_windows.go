package main

import "golang.org/x/sys/windows"

// fdIsTerminal reports whether the handle is a console, which only a
// console (not NUL, a pipe or a file) has a mode for.
func fdIsTerminal(fd uintptr) bool {
	var mode uint32
	return windows.GetConsoleMode(windows.Handle(fd), &mode) == nil
}

// fdWidth is the width of the console's window, 0 when unknown.
func fdWidth(fd uintptr) int {
	var info windows.ConsoleScreenBufferInfo
	if err := windows.GetConsoleScreenBufferInfo(windows.Handle(fd), &info); err != nil {
		return 0
	}
	return int(info.Window.Right-info.Window.Left) + 1
}
