package diagnosis

import (
	"bytes"
	"fmt"
	"strings"
)

// DataService names the service whose first bytes on a data connection are
// head, when they are not what an FTP data connection carries: another
// program answered the data port (a forward to the wrong host, a port
// shared with another service). It returns "" when head looks like data.
// protected: the data connection was to be TLS, so TLS records from the
// server are expected and not named.
func DataService(head []byte, protected bool) string {
	if len(head) == 0 {
		return ""
	}
	line := printableLine(head, 60)
	switch {
	case bytes.HasPrefix(head, []byte("SSH-")):
		return fmt.Sprintf("an SSH server (%s)", line)
	case bytes.HasPrefix(head, []byte("HTTP/")):
		return fmt.Sprintf("an HTTP server (%s)", line)
	case hasPrefixFold(head, "<!doctype html") || hasPrefixFold(head, "<html"):
		return "an HTTP server (an HTML page: " + line + ")"
	case isReplyLine(head):
		what := "a server greeting"
		if bytes.HasPrefix(head, []byte("220")) {
			what = "an FTP or mail server's greeting"
		}
		return fmt.Sprintf("%s (%s)", what, line)
	case !protected && len(head) >= 3 && head[0] >= 0x14 && head[0] <= 0x18 && head[1] == 3 && head[2] <= 4:
		return tlsRecordWords(head)
	}
	return ""
}

// isReplyLine: three digits and a space or hyphen, as an FTP, SMTP or
// POP-like greeting starts; a listing line never does (a Unix listing
// starts with the mode, an MLSD line with a fact, a DOS listing with a date).
func isReplyLine(b []byte) bool {
	if len(b) < 4 || !isDecimalDigit(b[0]) || !isDecimalDigit(b[1]) || !isDecimalDigit(b[2]) || (b[3] != ' ' && b[3] != '-') {
		return false
	}
	return b[0] >= '1' && b[0] <= '5'
}

var tlsAlerts = map[byte]string{
	0: "close_notify", 10: "unexpected_message", 20: "bad_record_mac", 40: "handshake_failure",
	42: "bad_certificate", 48: "unknown_ca", 50: "decode_error", 70: "protocol_version",
	80: "internal_error", 112: "unrecognized_name", 116: "certificate_required",
}

func tlsRecordWords(b []byte) string {
	switch b[0] {
	case 0x15:
		if len(b) >= 7 {
			name := tlsAlerts[b[6]]
			if name == "" {
				name = fmt.Sprintf("alert %d", b[6])
			}
			return fmt.Sprintf("a TLS server (a TLS alert record: %s)", name)
		}
		return "a TLS server (a TLS alert record)"
	case 0x16:
		return "a TLS server (a TLS handshake record)"
	}
	return fmt.Sprintf("a TLS server (a TLS record of type %d)", b[0])
}

func hasPrefixFold(b []byte, p string) bool {
	return len(b) >= len(p) && strings.EqualFold(string(b[:len(p)]), p)
}

// printableLine is the first line of b with everything but printable ASCII
// replaced by '?', at most n characters.
func printableLine(b []byte, n int) string {
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
		b = b[:i]
	}
	var sb strings.Builder
	for i, c := range b {
		if i == n {
			sb.WriteString("...")
			break
		}
		if c < 0x20 || c > 0x7e {
			c = '?'
		}
		sb.WriteByte(c)
	}
	return sb.String()
}
