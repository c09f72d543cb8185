package monitor

import (
	"fmt"
	"net/netip"
	"strings"
)

// Allowlist says which targets serve may probe. Entries:
//
//	ftp.example.com         that host, any port
//	ftp.example.com:2121    that host and port only
//	*.example.net           any name under example.net (not example.net itself)
//	198.51.100.7            that address, any port (also 198.51.100.7:21)
//	198.51.100.0/24         any address literal in the prefix
//
// Names match case-insensitively, as written: a name is never resolved to
// check it, so DNS cannot widen the list. An address prefix matches only
// targets given as address literals.
type Allowlist struct {
	entries []allowEntry
}

type allowEntry struct {
	host   string // lower case; "" for a prefix
	suffix bool   // host is ".example.net" for "*.example.net"
	prefix netip.Prefix
	port   int // 0: any
}

// ParseAllowlist checks every entry.
func ParseAllowlist(entries []string) (Allowlist, error) {
	var a Allowlist
	for _, raw := range entries {
		e, err := parseAllowEntry(strings.TrimSpace(raw))
		if err != nil {
			return Allowlist{}, err
		}
		a.entries = append(a.entries, e)
	}
	return a, nil
}

func parseAllowEntry(s string) (allowEntry, error) {
	if s == "" {
		return allowEntry{}, fmt.Errorf("empty allowed target")
	}
	if p, err := netip.ParsePrefix(s); err == nil {
		return allowEntry{prefix: p.Masked()}, nil
	}
	host, port, err := ParseTarget(s)
	if err != nil {
		return allowEntry{}, fmt.Errorf("allowed target %q: %w", s, err)
	}
	e := allowEntry{host: strings.ToLower(host), port: port}
	if rest, ok := strings.CutPrefix(e.host, "*."); ok {
		if rest == "" || strings.Contains(rest, "*") {
			return allowEntry{}, fmt.Errorf("allowed target %q: only a leading '*.' is a wildcard", s)
		}
		e.host, e.suffix = "."+rest, true
	} else if strings.Contains(e.host, "*") {
		return allowEntry{}, fmt.Errorf("allowed target %q: only a leading '*.' is a wildcard", s)
	}
	if a, err := netip.ParseAddr(e.host); err == nil {
		e.host = a.Unmap().String()
	}
	return e, nil
}

// Empty reports whether the list allows nothing.
func (a Allowlist) Empty() bool { return len(a.entries) == 0 }

// Allows reports whether host:port may be probed; port is the one the
// probe will dial (the default when the target names none).
func (a Allowlist) Allows(host string, port int) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	addr, err := netip.ParseAddr(h)
	isAddr := err == nil
	if isAddr {
		addr = addr.Unmap()
		h = addr.String()
	}
	for _, e := range a.entries {
		if e.port != 0 && e.port != port {
			continue
		}
		switch {
		case e.prefix.IsValid():
			if isAddr && e.prefix.Contains(addr) {
				return true
			}
		case e.suffix:
			if strings.HasSuffix(h, e.host) && len(h) > len(e.host) {
				return true
			}
		case h == e.host:
			return true
		}
	}
	return false
}
