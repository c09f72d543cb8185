package main

import (
	"bufio"
	"bytes"
	"io"
	"net/netip"
	"strings"

	"github.com/spf13/cobra"
)

// commandishWords are words people type as a command that ftpnat spells
// as a flag or not at all; as a bare host they would only end in a DNS
// failure, reported as CRITICAL.
var commandishWords = map[string]string{
	"version": "ftpnat --version",
	"help":    "ftpnat --help",
	"usage":   "ftpnat --help",
	"list":    "ftpnat demo --list",
	"ls":      "ftpnat demo --list",
	"run":     "ftpnat diagnose HOST",
	"probe":   "ftpnat diagnose HOST",
	"test":    "ftpnat diagnose HOST",
	"scan":    "ftpnat diagnose HOST",
	"status":  "ftpnat check HOST",
}

// bareTargetError refuses a first argument of the bare `ftpnat ARG` form
// that is a mistyped command rather than a host: a word close to a
// command's name, a word that reads as a command, or something starting
// with '-'. Names with a dot or a colon and IP addresses are hosts;
// `ftpnat diagnose NAME` takes any name as it is.
func bareTargetError(root *cobra.Command, arg string) error {
	if strings.HasPrefix(arg, "-") {
		return usagef("%q is not a host name", arg)
	}
	if strings.ContainsAny(arg, ".:[") {
		return nil
	}
	if _, err := netip.ParseAddr(arg); err == nil {
		return nil
	}
	word := strings.ToLower(arg)
	if s, ok := commandishWords[word]; ok {
		return usagef("unknown command %q; did you mean %s? (to diagnose a host of that name: ftpnat diagnose %s)", arg, s, arg)
	}
	if s := closestCommand(root, word); s != "" {
		return usagef("unknown command %q; did you mean %s? (to diagnose a host of that name: ftpnat diagnose %s)", arg, s, arg)
	}
	return nil
}

// closestCommand is the name of the command word is a typo of: within
// an edit distance of 1 for short names, 2 for longer ones, or a prefix
// of at least three letters; "" when none is that close.
func closestCommand(root *cobra.Command, word string) string {
	best, bestDist := "", 0
	for _, c := range root.Commands() {
		if c.Hidden {
			continue
		}
		for _, name := range append([]string{c.Name()}, c.Aliases...) {
			d := levenshtein(word, name)
			limit := 1
			if len(name) > 5 {
				limit = 2
			}
			if len(word) >= 3 && strings.HasPrefix(name, word) {
				d = min(d, limit)
			}
			if d <= limit && (best == "" || d < bestDist) {
				best, bestDist = name, d
			}
		}
	}
	return best
}

// levenshtein is the edit distance between two short strings, counting
// a swap of neighbouring letters as one edit ("dmeo" is one from "demo").
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// utf8BOM is what Windows editors put at the start of a UTF-8 file.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// skipBOM drops a UTF-8 byte order mark at the start of r, which would
// otherwise become part of the first target's host name.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if head, err := br.Peek(len(utf8BOM)); err == nil && bytes.Equal(head, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
	}
	return br
}
