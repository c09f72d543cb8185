package diagnosis

import (
	"fmt"
	"strings"
)

// ParsePWD extracts the directory from a 257 reply. The directory is the
// first quoted string, with "" standing for one quote (RFC 959 appendix II);
// servers that leave the quotes out get their first word taken instead.
func ParsePWD(r Reply) (string, error) {
	if r.Code != 257 {
		return "", fmt.Errorf("expected a 257 reply, got %s", replyCodeName(r))
	}
	var text string
	if m := replyMessages(r); len(m) > 0 {
		text = strings.TrimSpace(m[0])
	}
	q := strings.IndexByte(text, '"')
	if q < 0 {
		w := strings.Fields(text)
		if len(w) == 0 {
			return "", fmt.Errorf("257 reply has no directory")
		}
		return w[0], nil
	}
	var b strings.Builder
	for i := q + 1; i < len(text); i++ {
		if text[i] != '"' {
			b.WriteByte(text[i])
			continue
		}
		if i+1 < len(text) && text[i+1] == '"' {
			b.WriteByte('"')
			i++
			continue
		}
		if b.Len() == 0 {
			return "", fmt.Errorf("257 reply has an empty directory")
		}
		return b.String(), nil
	}
	return "", fmt.Errorf("257 reply has an unterminated quoted directory")
}
