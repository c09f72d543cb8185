package diagnosis

import (
	"net/netip"
	"strings"
)

// AddressesInText finds IPv4 and IPv6 address literals in free text (such as
// a greeting "ProFTPD Server [10.0.0.5]" or "[::ffff:192.168.1.2]").
// IPv4-mapped IPv6 addresses are returned as IPv4, zones are dropped, each
// address appears once, in order of first appearance.
//
// A literal must stand on its own: it is taken from a run of letters,
// digits, '.' and ':' that is exactly an address, so version strings
// ("1.3.8", "10.0.17763.1", "v1.2.3.4") and words do not yield addresses.
// A trailing '.' or ':' (end of sentence) is ignored, "10.0.0.5:21" and
// "IP:10.0.0.5" still yield 10.0.0.5, and a dotted quad right after the
// word "version" (or "build", "release", ...) is taken for a version.
func AddressesInText(s string) []netip.Addr {
	var out []netip.Addr
	seen := map[netip.Addr]bool{}
	add := func(a netip.Addr) {
		a = a.WithZone("").Unmap()
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	for i := 0; i < len(s); {
		if !isAddrChar(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isAddrChar(s[j]) {
			j++
		}
		run, start := s[i:j], i
		bracketed := i > 0 && s[i-1] == '[' && j < len(s) && s[j] == ']'
		i = j
		if strings.Trim(run, ":") == "" && !bracketed {
			// A bare "::" is decoration far more often than an address;
			// "[::]" is the unspecified address as servers print it.
			continue
		}
		if a, ok := parseAddrToken(run); ok {
			if !a.Is4() || !afterVersionWord(s[:start]) {
				add(a)
			}
			continue
		}
		if !strings.Contains(run, ":") {
			continue
		}
		// "IPv6:2001:db8::1": a label glued to an IPv6 literal.
		if k := strings.IndexByte(run, ':'); strings.Trim(run[:k], "0123456789abcdefABCDEF") != "" {
			if a, ok := parseAddrToken(run[k+1:]); ok && a.Is6() && strings.Trim(run[k+1:], ":") != "" {
				add(a)
				continue
			}
		}
		// "host:port", "label:address": the pieces between colons may be
		// dotted quads; an IPv6 literal cannot be split.
		for _, piece := range strings.Split(run, ":") {
			if a, ok := parseIPv4Token(piece); ok {
				add(a)
			}
		}
	}
	return out
}

func isAddrChar(c byte) bool {
	return isDecimalDigit(c) || c == '.' || c == ':' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

// afterVersionWord reports whether text ends with a word that introduces a
// version number ("Version 10.1.2.3", "build (1.2.3.4"), which a four-part
// version would otherwise pass for an address.
func afterVersionWord(text string) bool {
	text = strings.TrimRight(text, " \t([")
	i := len(text)
	for i > 0 && (('a' <= text[i-1] && text[i-1] <= 'z') || ('A' <= text[i-1] && text[i-1] <= 'Z') || text[i-1] == '.') {
		i--
	}
	switch strings.TrimSuffix(strings.ToLower(text[i:]), ".") {
	case "version", "ver", "v", "build", "release", "rev", "revision", "firmware":
		return true
	}
	return false
}

// parseAddrToken parses a whole run as one address, forgiving trailing
// sentence punctuation.
func parseAddrToken(run string) (netip.Addr, bool) {
	for _, t := range []string{run, strings.TrimRight(run, ".:")} {
		if strings.Contains(t, ":") {
			if a, err := netip.ParseAddr(t); err == nil && a.Is6() {
				return a, true
			}
			continue
		}
		if a, ok := parseIPv4Token(t); ok {
			return a, true
		}
	}
	return netip.Addr{}, false
}

// parseIPv4Token accepts exactly a dotted quad with decimal octets 0..255
// (netip rejects leading zeros, which some stacks read as octal), allowing
// a trailing '.' from the end of a sentence.
func parseIPv4Token(t string) (netip.Addr, bool) {
	t = strings.TrimRight(t, ".")
	if strings.Count(t, ".") != 3 {
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(t)
	if err != nil || !a.Is4() {
		return netip.Addr{}, false
	}
	return a, true
}
