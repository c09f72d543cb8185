package capture

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Bounds of one control connection's reassembly.
const (
	maxLine         = 2048     // bytes of one line kept; the rest is cut
	maxPending      = 64 << 10 // out-of-order bytes held per side
	maxPendingSegs  = 64       // out-of-order segments held per side
	maxLookSegments = 2        // payload segments per side examined for FTP content
)

// ftpVerbs are commands only FTP clients send first or early: one of them
// from the client makes a connection an FTP control channel.
var ftpVerbs = []string{"USER", "PASS", "ACCT", "AUTH", "FEAT", "SYST", "PWD", "XPWD", "CWD", "CDUP",
	"TYPE", "PASV", "EPSV", "PORT", "EPRT", "LIST", "MLSD", "MLST", "NLST", "RETR", "STOR", "STOU",
	"APPE", "OPTS", "PBSZ", "PROT", "SIZE", "MDTM", "REST", "STAT", "HELP", "MODE", "STRU", "ABOR",
	"DELE", "RNFR", "RNTO", "MKD", "XMKD", "RMD", "XRMD", "SITE", "CCC", "LPSV", "LPRT", "CLNT", "HOST"}

// notFTPVerbs are first commands of other line protocols that greet with a
// three-digit code (SMTP, NNTP).
var notFTPVerbs = []string{"HELO", "EHLO", "MAIL", "RCPT", "DATA", "LHLO", "STARTTLS", "ARTICLE", "GROUP", "MODE READER", "CAPABILITIES"}

// ctlState is the reassembly and parsing state of a control connection.
type ctlState struct {
	dir       [2]stream
	confirmed bool // content proved it FTP
	dropped   bool // content proved it something else
	greeted   bool
}

// stream is one side of a control connection being reassembled.
type stream struct {
	started   bool
	next      uint32
	pending   []seg
	pendBytes int
	line      []byte
	cutLine   bool // the current line is longer than maxLine
	lineT     time.Time
}

// seg is an out-of-order segment held until the bytes before it arrive.
type seg struct {
	seq  uint32
	data []byte
	full int
	ts   time.Time
}

// look examines a payload segment of an unclassified connection for FTP
// content and, when it looks like a control channel, starts following it.
func (r *Reader) look(f *flow, p *packet, side Side) {
	if f.looks[side] >= maxLookSegments {
		if f.looks[1-side] >= maxLookSegments {
			f.notFTP = true
		}
		return
	}
	f.looks[side]++
	c := f.conn
	b := p.payload
	switch {
	case looksReply(b):
		if side == ClientSide {
			if c.SawSYN {
				return
			}
			// Opened before the capture began and guessed the wrong way.
			c.Client, c.Server = c.Server, c.Client
			c.Payload[0], c.Payload[1] = c.Payload[1], c.Payload[0]
			c.Segments[0], c.Segments[1] = c.Segments[1], c.Segments[0]
			f.looks[0], f.looks[1] = f.looks[1], f.looks[0]
			f.isn[0], f.isn[1] = f.isn[1], f.isn[0]
			f.isnSeen[0], f.isnSeen[1] = f.isnSeen[1], f.isnSeen[0]
		}
	case side == ClientSide && looksCommand(b):
	case side == ClientSide && looksTLS(b) && (c.Server.Port() == 990 || c.Server.Port() == 21):
		// Implicit FTPS (or a client that starts TLS at once).
	default:
		return
	}
	if len(r.c.Controls) >= r.opts.MaxControls {
		r.warn("more than " + itoa(int64(r.opts.MaxControls)) + " FTP control connections: the later ones are not followed")
		f.notFTP = true
		return
	}
	ctl := &Control{Conn: c, state: &ctlState{}}
	for sd := range 2 {
		if f.isnSeen[sd] {
			ctl.state.dir[sd].started, ctl.state.dir[sd].next = true, f.isn[sd]+1
		}
	}
	if looksTLS(b) {
		ctl.Opaque = firstNonZero(c.FirstSYN, c.FirstSeen)
		ctl.state.confirmed = true
	}
	f.ctl = ctl
	r.c.Controls = append(r.c.Controls, ctl)
	if !f.kept {
		r.c.Unrelated--
		r.keep(f)
	}
	r.ctlAddrs[c.Client.Addr()]++
	r.ctlAddrs[c.Server.Addr()]++
}

func firstNonZero(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// looksReply: "ddd " or "ddd-" with a first digit 1–5.
func looksReply(b []byte) bool {
	return len(b) >= 4 && b[0] >= '1' && b[0] <= '5' && isDigit(b[1]) && isDigit(b[2]) && (b[3] == ' ' || b[3] == '-')
}

// looksCommand: an FTP verb followed by a space or the end of the line.
func looksCommand(b []byte) bool {
	verb := verbOf(b)
	return verb != "" && slices.Contains(ftpVerbs, verb)
}

// looksTLS: a TLS handshake record.
func looksTLS(b []byte) bool { return len(b) >= 3 && b[0] == 0x16 && b[1] == 0x03 && b[2] <= 0x04 }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// verbOf is the upper-cased first word of a command line when it is 3 or
// 4 letters followed by a space or the line end, else "".
func verbOf(b []byte) string {
	n := 0
	for n < len(b) && n < 5 && (b[n]|0x20 >= 'a' && b[n]|0x20 <= 'z') {
		n++
	}
	if n < 3 || n > 4 || (n < len(b) && b[n] != ' ' && b[n] != '\r' && b[n] != '\n') {
		return ""
	}
	return strings.ToUpper(string(b[:n]))
}

// segment feeds one TCP segment of a control connection to its side's
// reassembly.
func (st *ctlState) segment(ctl *Control, r *Reader, side Side, p *packet, ts time.Time) {
	s := &st.dir[side]
	if p.flags&flagSYN != 0 {
		s.started, s.next = true, p.seq+1
		return
	}
	if p.payloadLen == 0 || st.dropped {
		return
	}
	if !ctl.Opaque.IsZero() && !ts.Before(ctl.Opaque) {
		ctl.OpaqueBytes[side] += int64(p.payloadLen)
		if side == ServerSide && len(ctl.ServerTimes) < maxServerTimes {
			ctl.ServerTimes = append(ctl.ServerTimes, ts)
		}
		return
	}
	if !s.started {
		s.started, s.next = true, p.seq
	}
	data, full, seq := p.payload, p.payloadLen, p.seq
	if d := int32(seq - s.next); d < 0 {
		// A retransmission, or one overlapping what was delivered.
		over := -int(d)
		if over >= full {
			return
		}
		full -= over
		if over >= len(data) {
			data = nil
		} else {
			data = data[over:]
		}
	} else if d > 0 {
		for len(s.pending) > 0 && (s.pendBytes+len(data) > maxPending || len(s.pending) >= maxPendingSegs) {
			st.skipTo(ctl, r, side, ts)
		}
		if int32(seq-s.next) <= 0 {
			// The gap skipped reached this segment: take it in order.
			st.segment(ctl, r, side, p, ts)
			return
		}
		if len(data) > maxPending {
			data = data[:maxPending]
		}
		s.pending = append(s.pending, seg{seq: seq, data: append([]byte(nil), data...), full: full, ts: ts})
		s.pendBytes += len(data)
		return
	}
	st.deliver(ctl, r, side, data, full, ts)
	st.drain(ctl, r, side)
}

// drain delivers held segments that now follow on.
func (st *ctlState) drain(ctl *Control, r *Reader, side Side) {
	s := &st.dir[side]
	for progress := true; progress && len(s.pending) > 0; {
		progress = false
		for i := 0; i < len(s.pending); i++ {
			g := s.pending[i]
			d := int32(g.seq - s.next)
			if d > 0 {
				continue
			}
			s.pending = slices.Delete(s.pending, i, i+1)
			s.pendBytes -= len(g.data)
			i--
			progress = true
			over := -int(d)
			if over >= g.full {
				continue
			}
			data := g.data
			if over >= len(data) {
				data = nil
			} else {
				data = data[over:]
			}
			st.deliver(ctl, r, side, data, g.full-over, g.ts)
		}
	}
}

// skipTo gives up waiting for the bytes before the earliest held segment:
// they are a gap in the capture.
func (st *ctlState) skipTo(ctl *Control, r *Reader, side Side, ts time.Time) {
	s := &st.dir[side]
	if len(s.pending) == 0 {
		return
	}
	first := s.pending[0].seq
	for _, g := range s.pending[1:] {
		if int32(g.seq-first) < 0 {
			first = g.seq
		}
	}
	if gap := int32(first - s.next); gap > 0 {
		st.gap(ctl, side, int64(gap), ts)
		s.next = first
	}
	st.drain(ctl, r, side)
}

// flush ends the reassembly: whatever is still held is delivered after
// its gap, and an unfinished last line is kept.
func (st *ctlState) flush(ctl *Control, r *Reader) {
	for side := ClientSide; side <= ServerSide; side++ {
		s := &st.dir[side]
		for len(s.pending) > 0 {
			st.skipTo(ctl, r, side, s.pending[0].ts)
		}
		if len(s.line) > 0 {
			st.emit(ctl, side, s.line, s.lineT)
			s.line = s.line[:0]
		}
	}
}

// gap notes missing bytes; the line they interrupt is dropped.
func (st *ctlState) gap(ctl *Control, side Side, n int64, ts time.Time) {
	s := &st.dir[side]
	s.line = s.line[:0]
	s.cutLine = false
	if len(ctl.Gaps) < 1000 {
		ctl.Gaps = append(ctl.Gaps, Gap{T: ts, From: side, Bytes: n})
	}
}

// deliver takes bytes that follow on in sequence: full is how many the
// segment carried, of which data are those captured.
func (st *ctlState) deliver(ctl *Control, r *Reader, side Side, data []byte, full int, ts time.Time) {
	s := &st.dir[side]
	s.next += uint32(full)
	if ctl.Truncated || st.dropped {
		return
	}
	if !ctl.Opaque.IsZero() {
		ctl.OpaqueBytes[side] += int64(full)
		return
	}
	if len(s.line) == 0 && !s.cutLine && looksTLS(data) {
		ctl.Opaque = ts
		ctl.OpaqueBytes[side] += int64(full)
		return
	}
	if r.ctlBytes+len(data) > r.opts.MaxControlBytes {
		ctl.Truncated = true
		r.warn("the FTP control channels hold more than " + itoa(int64(r.opts.MaxControlBytes)) + " bytes: the rest was not read")
		return
	}
	r.ctlBytes += len(data)
	captured := len(data)
	for len(data) > 0 {
		i := indexByte(data, '\n')
		chunk := data
		if i >= 0 {
			chunk = data[:i]
		}
		if len(s.line) == 0 {
			s.lineT = ts
		}
		if room := maxLine - len(s.line); len(chunk) > room {
			chunk = chunk[:room]
			s.cutLine = true
		}
		s.line = append(s.line, chunk...)
		if i < 0 {
			break
		}
		st.emit(ctl, side, s.line, ts)
		s.line = s.line[:0]
		s.cutLine = false
		data = data[i+1:]
		if st.dropped || !ctl.Opaque.IsZero() {
			return
		}
		if len(data) > 0 && looksTLS(data) {
			ctl.Opaque = ts
			ctl.OpaqueBytes[side] += int64(len(data))
			return
		}
	}
	if captured < full && !ctl.Truncated {
		// The snap length cut the segment: its tail was never captured.
		st.gap(ctl, side, int64(full-captured), ts)
	}
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// emit records a complete line: commands are redacted and classify the
// connection.
func (st *ctlState) emit(ctl *Control, side Side, raw []byte, ts time.Time) {
	line := strings.TrimRight(string(raw), "\r")
	if side == ClientSide {
		verb := verbOf(raw)
		if !st.confirmed {
			switch {
			case slices.Contains(ftpVerbs, verb):
				st.confirmed = true
			case slices.ContainsFunc(notFTPVerbs, func(v string) bool {
				return strings.HasPrefix(strings.ToUpper(line), v)
			}):
				st.dropped = true
				ctl.Lines = nil
				return
			}
		}
		line = redact(line)
	} else if !st.greeted {
		st.greeted = true
		if strings.Contains(strings.ToUpper(line), "FTP") {
			st.confirmed = true
		}
	}
	if len(ctl.Lines) < 20000 {
		ctl.Lines = append(ctl.Lines, Line{T: ts, From: side, Text: printable(line)})
	}
}

// redact hides the argument of commands that carry secrets; the secret is
// never stored.
func redact(line string) string {
	verb, _, hasArg := strings.Cut(line, " ")
	switch strings.ToUpper(verb) {
	case "PASS", "ACCT":
		if hasArg {
			return verb + " ****"
		}
	}
	return line
}

// printable makes a line from the wire safe to print: invalid UTF-8 and
// control characters (terminal escapes) become U+FFFD.
func printable(s string) string {
	ok := utf8.ValidString(s)
	for i := 0; ok && i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			ok = false
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if (r < 0x20 && r != '\t') || (r >= 0x7f && r < 0xa0) {
			r = '\uFFFD'
		}
		b.WriteRune(r)
	}
	return b.String()
}
