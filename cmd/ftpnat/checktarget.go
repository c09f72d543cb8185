package main

import (
	"fmt"
	"net"
	"strconv"
	"strings"
)

// checkTarget is the target of `check`: HOST[:PORT] as an argument, or
// -H HOST with an optional -p PORT as check_ftp takes them, so that a
// service definition can swap one plugin for the other.
func checkTarget(args []string, host string, port int) (string, error) {
	switch {
	case host != "" && len(args) > 0:
		return "", usagef("give the target either as an argument or with -H, not both")
	case host == "" && len(args) == 0:
		return "", usagef("expected HOST[:PORT] or -H HOST")
	case len(args) > 1:
		return "", usagef("expected HOST[:PORT], got %d arguments", len(args))
	case port < 0 || port > 65535:
		return "", usagef("-p/--port must be between 1 and 65535, not %d", port)
	}
	if host == "" {
		if port == 0 {
			return args[0], nil
		}
		h, p, err := splitTarget(args[0])
		if err != nil {
			return "", err
		}
		if p != 0 {
			return "", usagef("the port is given twice: in %q and with -p", args[0])
		}
		host = h
	}
	if port == 0 {
		return host, nil // HOST, HOST:PORT or a bare IPv6 literal, as the argument takes them
	}
	if strings.HasPrefix(host, "[") || strings.ContainsAny(host, "/@") {
		return "", usagef("-H takes a host name or address, not %q", host)
	}
	if _, p, err := net.SplitHostPort(host); err == nil && p != "" {
		return "", usagef("the port is given twice: in -H %q and with -p", host)
	}
	return net.JoinHostPort(host, strconv.Itoa(port)), nil
}

// checkVersion is the -V/--version line of check, in plugin form.
func checkVersion() string {
	return fmt.Sprintf("ftpnat check %s", version())
}
