package report

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// sanitize makes server-supplied text safe for a terminal: control
// characters (ANSI escapes included) and bidi overrides are shown as \x/\u
// escapes, invalid UTF-8 as U+FFFD. A hostile banner must not be able to
// rewrite the screen.
func sanitize(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.IndexFunc(s, unsafeRune) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !unsafeRune(r):
			b.WriteRune(r)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// Sanitize is sanitize for other renderers (the TUI) that draw server text.
func Sanitize(s string) string { return sanitize(s) }

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// glue joins the words of a name that wrap must not split ("Juniper SRX");
// wrap turns it back into a space. A private-use rune: no server text
// reaches wrap without sanitize, which keeps letters, so it cannot collide
// with a name's own characters in practice, and it is one rune wide like
// the space it stands for.
const glue = "\ue000"

// keepWhole returns the names with their inner spaces glued, so that a
// wrapped list breaks only between names.
func keepWhole(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.ReplaceAll(n, " ", glue)
	}
	return out
}

// wrap breaks prose into lines of at most width runes; "\n" starts a new
// line, a blank line is kept. Words longer than width stay whole, and so
// do names glued by keepWhole.
func wrap(s string, width int) []string {
	lines := wrapWords(s, width)
	for i, l := range lines {
		lines[i] = strings.ReplaceAll(l, glue, " ")
	}
	return lines
}

func wrapWords(s string, width int) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			out = append(out, "")
			continue
		}
		line := words[0]
		for _, w := range words[1:] {
			if utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) > width {
				out = append(out, line)
				line = w
				continue
			}
			line += " " + w
		}
		out = append(out, line)
	}
	return out
}

// looksLikeReply tells raw FTP reply lines ("227 ...", "230-...") apart from
// measured facts in a finding's evidence.
func looksLikeReply(s string) bool {
	if len(s) < 3 || !isDigits(s[:3]) {
		return false
	}
	return len(s) == 3 || s[3] == ' ' || s[3] == '-'
}

func isDigits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// formatDuration is compact and stable: "<1ms", "340ms", "2.41s", "20.0s".
func formatDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "0ms"
	case d < time.Millisecond:
		return "<1ms"
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	case d < 10*time.Second:
		return fmt.Sprintf("%.2fs", d.Seconds())
	}
	return fmt.Sprintf("%.1fs", d.Seconds())
}

// padRight pads to n runes; the padding happens before colouring so that
// escape sequences never disturb the columns.
func padRight(s string, n int) string {
	if k := utf8.RuneCountInString(s); k < n {
		return s + strings.Repeat(" ", n-k)
	}
	return s
}

func padLeft(s string, n int) string {
	if k := utf8.RuneCountInString(s); k < n {
		return strings.Repeat(" ", n-k) + s
	}
	return s
}
