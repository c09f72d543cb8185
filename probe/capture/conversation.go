package capture

import (
	"strconv"
	"strings"
	"time"

	"github.com/ftpnat/ftpnat/probe/diagnosis"
)

// maxReplyLines bounds one multi-line reply read from a capture.
const maxReplyLines = 1000

// Exchange is one command and the replies it got, as the capture shows
// them.
type Exchange struct {
	Line    string // the command line as sent (PASS redacted)
	Verb    string // upper-cased
	Arg     string
	Sent    time.Time
	Replies []diagnosis.Reply
	Done    time.Time // when its final reply completed; zero without one
}

// Final is the exchange's last reply, or nil when none came.
func (e *Exchange) Final() *diagnosis.Reply {
	if len(e.Replies) == 0 {
		return nil
	}
	return &e.Replies[len(e.Replies)-1]
}

// Conversation is a control connection's lines turned into the greeting,
// command/reply exchanges and replies that answered nothing.
type Conversation struct {
	Greeting   *diagnosis.Reply
	GreetedAt  time.Time
	Exchanges  []Exchange
	Unexpected []diagnosis.Reply
}

// Converse is the conversation on a control connection.
func Converse(ctl *Control) Conversation { return converse(ctl.Lines) }

// converse pairs commands with replies the way a client does: replies
// answer the oldest command still waiting, a 1xx reply keeps it waiting
// for its final one, and a reply before any command is the greeting.
func converse(lines []Line) Conversation {
	var cv Conversation
	var waiting []int // indexes into cv.Exchanges
	var cur *diagnosis.Reply
	var curCode string
	finish := func(r diagnosis.Reply, t time.Time) {
		if len(waiting) == 0 {
			if cv.Greeting == nil && len(cv.Exchanges) == 0 {
				cv.Greeting, cv.GreetedAt = &r, t
				return
			}
			if len(cv.Unexpected) < 100 {
				cv.Unexpected = append(cv.Unexpected, r)
			}
			return
		}
		e := &cv.Exchanges[waiting[0]]
		e.Replies = append(e.Replies, r)
		if r.Class() != 1 {
			e.Done = t
			waiting = waiting[1:]
		}
	}
	for _, l := range lines {
		if l.From == ClientSide {
			verb, arg, _ := strings.Cut(l.Text, " ")
			cv.Exchanges = append(cv.Exchanges, Exchange{Line: l.Text, Verb: strings.ToUpper(verb), Arg: arg, Sent: l.T})
			waiting = append(waiting, len(cv.Exchanges)-1)
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
