package monitor

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
)

// ParseTarget splits HOST, HOST:PORT, [IPv6]:PORT, a bare IPv6 literal or an
// ftp:// URL into host and port (0 when absent: the probe picks 21, or 990
// for implicit TLS). A URL with credentials is refused: passwords never
// travel in targets, where logs and process lists show them.
func ParseTarget(t string) (string, int, error) {
	t = strings.TrimSpace(t)
	if rest, ok := strings.CutPrefix(strings.ToLower(t), "ftp://"); ok {
		t = t[len(t)-len(rest):]
		t, _, _ = strings.Cut(t, "/")
		if strings.Contains(t, "@") {
			return "", 0, errors.New("credentials do not belong in the target")
		}
	}
	if t == "" {
		return "", 0, errors.New("empty target")
	}
	if strings.ContainsAny(t, "@/?# \t") {
		return "", 0, fmt.Errorf("bad target %q", t)
	}
	if strings.Count(t, ":") > 1 && !strings.HasPrefix(t, "[") {
		return t, 0, nil // bare IPv6 literal
	}
	host, portStr, err := net.SplitHostPort(t)
	if err != nil {
		if strings.ContainsAny(t, ":[]") {
			return "", 0, fmt.Errorf("bad target %q: %w", t, err)
		}
		return t, 0, nil
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 1 || port > 65535 {
		return "", 0, fmt.Errorf("bad port %q in %q", portStr, t)
	}
	if host == "" {
		return "", 0, fmt.Errorf("missing host in %q", t)
	}
	return host, port, nil
}

// joinTarget is the display form of host and port ("host" when the port is
// the probe's default).
func joinTarget(host string, port int) string {
	if port == 0 {
		if strings.Contains(host, ":") {
			return "[" + host + "]"
		}
		return host
	}
	return net.JoinHostPort(host, strconv.Itoa(port))
}
