package capture

import (
	"strconv"
	"strings"
	"time"

	"github.com/ftpnat/ftpnat/probe/diagnosis"
)

// maxReplyLines bounds one multi-line reply read from a capture.
const maxReplyLines = 1000

// exchange is one command and the replies it got, as the capture shows
// them.
type exchange struct {
	line    string // the command line as sent (PASS redacted)
	verb    string // upper-cased
	arg     string
	sent    time.Time
	replies []diagnosis.Reply
	done    time.Time // when its final reply completed; zero without one
}

// final is the exchange's last reply, or nil when none came.
func (e *exchange) final() *diagnosis.Reply {
	if len(e.replies) == 0 {
		return nil
	}
	return &e.replies[len(e.replies)-1]
}

// conversation is a control connection's lines turned into the greeting,
// command/reply exchanges and replies that answered nothing.
type conversation struct {
	greeting   *diagnosis.Reply
	greetedAt  time.Time
	exchanges  []exchange
	unexpected []diagnosis.Reply
}

// converse pairs commands with replies the way a client does: replies
// answer the oldest command still waiting, a 1xx reply keeps it waiting
// for its final one, and a reply before any command is the greeting.
func converse(lines []Line) conversation {
	var cv conversation
	var waiting []int // indexes into cv.exchanges
	var cur *diagnosis.Reply
	var curCode string
	finish := func(r diagnosis.Reply, t time.Time) {
		if len(waiting) == 0 {
			if cv.greeting == nil && len(cv.exchanges) == 0 {
				cv.greeting, cv.greetedAt = &r, t
				return
			}
			if len(cv.unexpected) < 100 {
				cv.unexpected = append(cv.unexpected, r)
			}
			return
		}
		e := &cv.exchanges[waiting[0]]
		e.replies = append(e.replies, r)
		if r.Class() != 1 {
			e.done = t
			waiting = waiting[1:]
		}
	}
	for _, l := range lines {
		if l.From == ClientSide {
			verb, arg, _ := strings.Cut(l.Text, " ")
			cv.exchanges = append(cv.exchanges, exchange{line: l.Text, verb: strings.ToUpper(verb), arg: arg, sent: l.T})
			waiting = append(waiting, len(cv.exchanges)-1)
			continue
		}
		t := l.Text
		if cur != nil {
			if len(cur.Lines) < maxReplyLines {
				cur.Lines = append(cur.Lines, t)
			}
			if len(t) >= 4 && t[:3] == curCode && t[3] == ' ' {
				finish(*cur, l.T)
				cur = nil
			}
			continue
		}
		if len(t) < 3 || !isDigit(t[0]) || !isDigit(t[1]) || !isDigit(t[2]) {
			continue // not a reply: noise the capture shows between replies
		}
		code, _ := strconv.Atoi(t[:3])
		r := diagnosis.Reply{Code: code, Lines: []string{t}}
		if len(t) >= 4 && t[3] == '-' {
			cur, curCode = &r, t[:3]
			continue
		}
		finish(r, l.T)
	}
	return cv
}
