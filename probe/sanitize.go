package probe

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// sanitizeLine makes a line received from a server safe to store and print:
// invalid UTF-8 becomes U+FFFD and control characters (which could drive a
// terminal) become visible \xNN escapes.
func sanitizeLine(b []byte) string {
	clean := true
	for _, c := range b {
		if c < 0x20 && c != '\t' || c >= 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return string(b)
	}
	var sb strings.Builder
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && n <= 1:
			sb.WriteRune(utf8.RuneError)
		case r < 0x20 && r != '\t', r == 0x7f, r >= 0x80 && r < 0xa0:
			sb.WriteString(`\x`)
			if r < 0x10 {
				sb.WriteByte('0')
			}
			sb.WriteString(strconv.FormatInt(int64(r), 16))
		default:
			sb.WriteRune(r)
		}
		b = b[n:]
	}
	return sb.String()
}

func itoa(n int) string { return strconv.Itoa(n) }
