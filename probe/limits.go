package probe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Servers limit the sessions a client may open at once (vsftpd max_per_ip,
// Pure-FTPd -C, ProFTPD MaxClientsPerHost): a connection beyond the limit
// is turned away with 421 at the greeting, 530 at login, or closed
// without a word. A run opens several connections to an address side by
// side; what the server turns away while others are open is recorded
// (Facts.Refusals) and run again one session at a time, so that every
// question still gets an answer.

// maxAloneRounds bounds how often refused work is run again alone: a
// server may still count the connection just closed for a moment, and a
// session run again may see its own helpers turned away.
const maxAloneRounds = 4

// aloneBackoff is the pause before each further round.
const aloneBackoff = 300 * time.Millisecond

// openCount counts the run's control connections open to one address
// (from the dial on) and, of those, the ones the server greeted, and says
// whether refused work is running again alone.
type openCount struct {
	mu       sync.Mutex
	open     int
	accepted int
	alone    bool
	closed   time.Time // when a connection was last given up
	// greetedAny: the server greeted a connection of the run, whichever
	// session's (the one it serves may be a helper's).
	greetedAny bool
	// maxAccepted is the most connections the server served at once, as
	// seen here: a session stops counting when it says QUIT or before it
	// closes, so never after the server freed its place.
	maxAccepted int
}

func (c *openCount) add(n int) {
	c.mu.Lock()
	c.open += n
	// Any connection ending, not only the last one: a server may count it
	// a moment longer, and turn away the next while doing so.
	if n < 0 {
		c.closed = time.Now()
	}
	c.mu.Unlock()
}

func (c *openCount) accept(n int) {
	c.mu.Lock()
	c.accepted += n
	c.greetedAny = c.greetedAny || n > 0
	c.maxAccepted = max(c.maxAccepted, c.accepted)
	c.mu.Unlock()
}

// anyGreeted reports whether the server greeted any connection of the run.
func (c *openCount) anyGreeted() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.greetedAny
}

// aloneGap is the pause between one connection's end and the next one's
// dial while refused work runs alone: a server counts a connection a
// moment longer than it takes to hang up (vsftpd until its session
// process is reaped).
const aloneGap = 200 * time.Millisecond

// waitTurn holds a dial back, while refused work runs alone, until
// aloneGap has passed since the last connection ended. It reports whether
// to go on.
func (c *openCount) waitTurn(ctx context.Context) bool {
	c.mu.Lock()
	alone, wait := c.alone, aloneGap-time.Since(c.closed)
	c.mu.Unlock()
	if !alone || wait <= 0 {
		return ctx.Err() == nil
	}
	return pause(ctx, wait)
}

// openNow is what else of the run was open to the address when a
// connection was turned away.
type openNow struct {
	open     int // connections, from the dial on
	accepted int // of those, the ones the server greeted
}

// others is what is open besides the caller's own connection (counted
// among the open ones, and among the accepted ones once greeted).
func (c *openCount) others(self, selfAccepted bool) openNow {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := openNow{open: c.open, accepted: c.accepted}
	if self {
		n.open--
	}
	if selfAccepted {
		n.accepted--
	}
	n.open, n.accepted = max(n.open, 0), max(n.accepted, 0)
	return n
}

func (c *openCount) setAlone() {
	c.mu.Lock()
	c.alone = true
	c.mu.Unlock()
}

// justClosed reports whether a connection of the run to the address
// ended less than aloneGap ago: the server may count it still. The caller
// is the connection turned away, itself still counted as open, so the
// other connections' count is the caller's to check.
func (c *openCount) justClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.closed.IsZero() && time.Since(c.closed) < aloneGap
}

func (c *openCount) isAlone() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.alone
}

func (s *session) countOpen() {
	if !s.counted {
		s.counted = true
		s.t.conns.add(1)
	}
}

func (s *session) uncount() {
	s.leaving()
	if s.counted {
		s.counted = false
		s.t.conns.add(-1)
	}
}

// leaving notes that the session said goodbye: a server frees the
// session's place as soon as it reads QUIT, so from then on the session no
// longer counts among those it serves (it counts as open until it closes).
func (s *session) leaving() {
	if s.greeted {
		s.greeted = false
		s.t.conns.accept(-1)
	}
}

// countAccepted notes that the server greeted the session.
func (s *session) countAccepted() {
	if s.counted && !s.greeted {
		s.greeted = true
		s.t.conns.accept(1)
	}
}

// kind is the session's role, as a refusal names it.
func (s *session) kind() string {
	switch {
	case s.quiet:
		return SessionPolicy
	case s.info:
		return SessionInfo
	case s.tlsConf != nil:
		return SessionTLS
	}
	return SessionPlain
}

// turnedAway decides whether a connection the server refused was turned
// away by a limit on simultaneous sessions: its words say so, or other
// connections of the run to the address were open, or one ended a moment
// ago, or the refused work is running again alone (when the server may
// still count the connection just closed). rep is
// the refusal (nil when the server hung up without a word); only 4yz and
// 5yz replies refuse. It records the refusal for the diagnosis when others
// were open and reports whether to run the work again alone.
func (r *run) turnedAway(t *target, path PathID, kind, step string, rep *Reply, errText string, now openNow) bool {
	if rep != nil && rep.Class() != 4 && rep.Class() != 5 {
		return false
	}
	worded := rep != nil && LimitReply(*rep)
	if now.open == 0 && !worded && !t.conns.isAlone() && !t.conns.justClosed() {
		return false
	}
	if now.open > 0 {
		ref := SessionRefusal{PathID: path, Session: kind, Step: step, Error: errText, Open: now.open, Accepted: now.accepted}
		if rep != nil {
			cp := *rep
			cp.Lines = slices.Clone(rep.Lines)
			ref.Reply = &cp
		}
		r.mu.Lock()
		r.facts.Refusals = append(r.facts.Refusals, ref)
		r.refusedBy = append(r.refusedBy, &t.conns)
		r.mu.Unlock()
	}
	return true
}

// settleRefusals gives each refusal, once the run is over, the most
// sessions the server was seen to serve at once: it refuses when it serves
// its limit, and a greeting read a moment after a refusal was on its way
// before it, so the count at the moment of the refusal can fall short.
func (r *run) settleRefusals() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, c := range r.refusedBy {
		c.mu.Lock()
		most := c.maxAccepted
		c.mu.Unlock()
		r.facts.Refusals[i].Accepted = max(r.facts.Refusals[i].Accepted, most)
	}
}

// turnedAway is turnedAway for the session's own connection.
func (s *session) turnedAway(step string, rep *Reply, errText string) (bool, string) {
	now := s.t.conns.others(s.counted, s.greeted)
	if !s.r.turnedAway(s.t, s.p.PathID, s.kind(), step, rep, errText, now) {
		return false, ""
	}
	// Turned away, it no longer counts among the open connections.
	s.uncount()
	s.refusedStep, s.refusedPlain = step, errText
	if rep != nil {
		s.refusedPlain = FirstLine(*rep)
	}
	return true, refusedDetail(rep, errText, now.open)
}

// failRefused records as failed the refused step of a session that will
// not run again (the server greeted none of the run's sessions).
func (r *run) failRefused(s *session) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.checks) - 1; i >= 0; i-- {
		if c := &r.checks[i]; c.Path == s.p.PathID && c.Name == s.refusedStep && c.Status == CheckWarn {
			c.Status, c.Detail = CheckFail, s.refusedPlain
			return
		}
	}
}

// refusedDetail is the check detail of a refused connection.
func refusedDetail(rep *Reply, errText string, others int) string {
	what := errText
	if rep != nil {
		what = FirstLine(*rep)
	}
	if others > 0 {
		return fmt.Sprintf("turned away while %d other session%s of this run %s open (%s); run again alone",
			others, map[bool]string{true: "", false: "s"}[others == 1], map[bool]string{true: "was", false: "were"}[others == 1], what)
	}
	return fmt.Sprintf("turned away again right after the previous session (%s); tried again", what)
}

// markAlone notes that the server accepted, alone, work it had refused.
func (r *run) markAlone(path PathID, kind string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range r.facts.Refusals {
		if rf := &r.facts.Refusals[i]; rf.PathID == path && rf.Session == kind {
			rf.Alone = true
		}
	}
}

func (s *session) anyRefused() bool {
	return s.refused || s.stdRefused || s.policyRefused || s.infoRefused
}

// runRefusedAlone runs again, one session at a time, what the server
// turned away while other sessions of the run were open to the address:
// a whole session, a standard-client check, a TLS policy session. Only
// when the server accepted a session at all — any of the run's, the
// helpers' too: one that turns every connection away has no limit to work
// around.
func (r *run) runRefusedAlone(ctx context.Context, t *target, sessions ...*session) {
	var live []*session
	greeted := t.conns.anyGreeted()
	for _, s := range sessions {
		if s == nil {
			continue
		}
		live = append(live, s)
		if s.p.Greeting != nil && s.p.GreetingError == "" {
			greeted = true
		}
	}
	if !greeted {
		for _, s := range live {
			if s.refused {
				r.failRefused(s)
			}
		}
		return
	}
	if !slices.ContainsFunc(live, (*session).anyRefused) {
		return
	}
	// Every helper of the first round is done: the budget can shrink.
	t.slots = make(chan struct{}, 1)
	t.conns.setAlone()
	for round := range maxAloneRounds {
		if !slices.ContainsFunc(live, (*session).anyRefused) {
			return
		}
		if round > 0 && !pause(ctx, time.Duration(round)*aloneBackoff) {
			return
		}
		for _, s := range live {
			if r.overallExpired(ctx) || ctx.Err() != nil {
				return
			}
			s.runAgainAlone(ctx)
		}
	}
}

// runAgainAlone runs what the server turned away of this session: the
// session itself, then the helpers it refused. What helpers the server
// accepted learnt is kept.
func (s *session) runAgainAlone(ctx context.Context) {
	if s.refused {
		kind := s.kind()
		id, std, t := s.p.PathID, s.p.StdClient, s.p.TLS
		*s.p = Path{PathID: id, Control: Dial{Reach: ReachNotTested}, Sequential: true}
		s.p.StdClient = std
		if s.tlsConf != nil {
			s.p.TLS = &TLSFacts{}
			if t != nil {
				s.p.TLS.ProtCReply, s.p.TLS.NoResume, s.p.TLS.PolicyCertificate, s.p.TLS.PolicyFeatures = t.ProtCReply, t.NoResume, t.PolicyCertificate, t.PolicyFeatures
			}
		}
		s.refused = false
		s.connectAndRun(ctx)
		if !s.refused && s.p.Greeting != nil && s.p.GreetingError == "" {
			s.r.markAlone(s.p.PathID, kind)
		}
		if s.refused {
			return
		}
	}
	if s.stdRefused && ctx.Err() == nil {
		s.stdRefused = false
		<-s.startStdClient(ctx)
		if !s.stdRefused {
			s.r.markAlone(s.p.PathID, SessionStdClient)
		}
	}
	if s.infoRefused && ctx.Err() == nil {
		s.infoRefused = false
		<-s.startInfoSession(ctx)
		if !s.infoRefused {
			s.r.markAlone(s.p.PathID, SessionInfo)
		}
	}
	if s.policyRefused && ctx.Err() == nil {
		s.policyRefused = false
		<-s.startPolicySession(ctx)
		if !s.policyRefused {
			s.r.markAlone(s.p.PathID, SessionPolicy)
		}
	}
}

// closeWait bounds the wait for the server to hang up after QUIT.
const closeWait = time.Second

// endConn ends the session's control connection before its slot is given
// to the next one, so that --max-sessions bounds the connections the
// server sees open: after QUIT, when another session waits for the slot,
// it waits for the server to hang up (at most closeWait), as it does for
// every session while refused work runs alone, when the server counts a
// connection until it has ended it. With nobody waiting, the run does not
// wait for a goodbye it learns nothing from.
func (s *session) endConn(ctx context.Context, cc *controlConn) {
	if !s.t.conns.isAlone() && (!s.quitSent || s.t.waiting.Load() == 0) {
		return
	}
	if ctx.Err() == nil {
		_ = cc.conn.SetReadDeadline(time.Now().Add(min(closeWait, s.r.o.StepTimeout)))
		// A cancelled run does not wait.
		stop := context.AfterFunc(ctx, func() { _ = cc.conn.SetReadDeadline(time.Now()) })
		_, _ = io.Copy(io.Discard, io.LimitReader(cc.conn, 64<<10))
		stop()
	}
	s.leaving() // before the server can free its place
	_ = cc.close()
	s.uncount()
}

// pause waits d or until ctx ends; it reports whether to go on.
func pause(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// stdRefusal is how the server turned the standard client away.
type stdRefusal struct {
	step   string
	reply  *Reply
	err    string
	others openNow
}

// stdClientRefusal reads a refusal out of the standard client's error: a
// reply to its greeting or login (a login refusal only when its wording
// names a limit), or a connection closed before the greeting. authSent
// tells a refused AUTH TLS (which the library reports from Dial too)
// from a refused greeting.
func (s *session) stdClientRefusal(step string, err error, authSent bool, last *Reply) *stdRefusal {
	others := s.t.conns.others(true, step == StepLogin)
	var te *textproto.Error
	switch {
	case step == StepLogin && last != nil && LimitReply(*last):
		// The library words a refused login as the reply's text alone.
		return &stdRefusal{step: step, reply: last, others: others}
	case errors.As(err, &te):
		if step == StepGreeting && authSent {
			return nil
		}
		rep := Reply{Code: te.Code}
		for i, l := range strings.Split(te.Msg, "\n") {
			sep := " "
			if i < strings.Count(te.Msg, "\n") {
				sep = "-"
			}
			rep.Lines = append(rep.Lines, Truncate(strconv.Itoa(te.Code)+sep+sanitizeLine([]byte(l)), 512))
			if i == 7 {
				break
			}
		}
		if step == StepLogin && !LimitReply(rep) {
			return nil
		}
		return &stdRefusal{step: step, reply: &rep, others: others}
	case step == StepGreeting && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET)):
		return &stdRefusal{step: step, err: "connection closed before a greeting", others: others}
	}
	return nil
}
