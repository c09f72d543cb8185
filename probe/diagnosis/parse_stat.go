package diagnosis

import (
	"net/netip"
	"strings"
)

// ParseStatClient finds the client address a server names in its reply to
// STAT: vsftpd's "Connected to 10.0.0.1", ProFTPD's "Connected from
// 10.0.0.1 (10.0.0.1)". The invalid address when the reply names none.
func ParseStatClient(r Reply) netip.Addr {
	if r.Class() != 2 {
		return netip.Addr{}
	}
	for _, l := range r.Lines {
		low := lowerASCII(l)
		for _, marker := range []string{"connected to ", "connected from "} {
			i := strings.Index(low, marker)
			if i < 0 {
				continue
			}
			rest := strings.TrimSpace(l[i+len(marker):])
			if f := strings.Fields(rest); len(f) > 0 {
				word := strings.Trim(f[0], "[](),;")
				if a, err := netip.ParseAddr(word); err == nil {
					return a.Unmap()
				}
			}
		}
	}
	return netip.Addr{}
}

// lowerASCII folds ASCII letters byte by byte, so that offsets in the
// result are offsets in s (strings.ToLower changes the length of invalid
// or some non-ASCII text).
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
