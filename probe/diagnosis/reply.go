package diagnosis

import (
	"strconv"
	"strings"
)

// Reply is one FTP reply as it arrived on the control channel.
type Reply struct {
	Code  int      `json:"code"`
	Lines []string `json:"lines"` // raw lines without CRLF, as received (already size-bounded)
}

// Text is the reply's text: the code prefix ("ddd-" or "ddd ") removed
// from every line that carries it (servers such as Pure-FTPd repeat it on
// the middle lines of a multi-line reply), lines joined by "\n".
func (r Reply) Text() string {
	code := strconv.Itoa(r.Code)
	out := make([]string, len(r.Lines))
	for i, l := range r.Lines {
		if len(l) >= 4 && l[:3] == code && (l[3] == ' ' || l[3] == '-') {
			l = l[4:]
		} else if l == code {
			l = ""
		}
		out[i] = l
	}
	return strings.Join(out, "\n")
}

// Raw is the reply exactly as received, lines joined by "\n".
func (r Reply) Raw() string { return strings.Join(r.Lines, "\n") }

// Class is the first digit of the reply code (1 preliminary … 5 permanent failure).
func (r Reply) Class() int { return r.Code / 100 }

// OK reports a positive completion (2yz) reply.
func (r Reply) OK() bool { return r.Class() == 2 }
