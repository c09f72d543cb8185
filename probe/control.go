package probe

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"slices"
	"strings"
	"time"
)

// controlConn speaks the FTP control channel: commands out through
// net/textproto, replies in through the bounded ReadReply, every line into
// the transcript. It is used by one goroutine at a time.
type controlConn struct {
	conn        net.Conn
	br          *bufio.Reader
	w           *textproto.Writer
	limits      Limits
	stepTimeout time.Duration
	tr          *transcript
	session     string
	unexpected  []Reply // replies that answered no command (see drainUnexpected)
	// pipelined are commands sent ahead (see pipeline) whose replies are
	// still to be read, in order.
	pipelined []string
}

func newControlConn(conn net.Conn, lim Limits, stepTimeout time.Duration, tr *transcript, session string) *controlConn {
	bw := bufio.NewWriterSize(conn, 512)
	return &controlConn{
		conn:        conn,
		br:          bufio.NewReaderSize(conn, lim.LineBytes+2),
		w:           textproto.NewWriter(bw),
		limits:      lim,
		stepTimeout: stepTimeout,
		tr:          tr,
		session:     session,
	}
}

// arm bounds the next exchange by the step timeout and the context: the
// deadline is the earlier of the two, and cancelling ctx unblocks a read at
// once. The returned func must be called when the exchange ends.
func (c *controlConn) arm(ctx context.Context) func() {
	d := time.Now().Add(c.stepTimeout)
	if cd, ok := ctx.Deadline(); ok && cd.Before(d) {
		d = cd
	}
	_ = c.conn.SetDeadline(d)
	stop := context.AfterFunc(ctx, func() { _ = c.conn.SetDeadline(time.Unix(1, 0)) })
	return func() { stop() }
}

// readReply reads one reply within the step timeout.
func (c *controlConn) readReply(ctx context.Context) (Reply, error) {
	defer c.arm(ctx)()
	return c.read(ctx)
}

func (c *controlConn) read(ctx context.Context) (Reply, error) {
	r, err := ReadReply(c.br, c.limits)
	for _, l := range r.Lines {
		c.tr.add(c.session, DirRecv, l)
	}
	if err != nil {
		if ctx.Err() != nil {
			var re *ReplyError
			if errors.As(err, &re) && re.Kind == ErrKindTimeout {
				re.Err = fmt.Errorf("%w (%w)", re.Err, context.Cause(ctx))
			}
		}
		c.tr.add(c.session, DirInfo, err.Error())
	}
	return r, err
}

// cmd sends one command and reads its reply. Commands must not contain CR or LF.
func (c *controlConn) cmd(ctx context.Context, line string) (Reply, error) {
	if strings.ContainsAny(line, "\r\n") {
		return Reply{}, fmt.Errorf("command %q contains CR or LF", redactCommand(line))
	}
	defer c.arm(ctx)()
	if sent, err := c.takePipelined(ctx, line); err != nil {
		return Reply{}, err
	} else if !sent {
		c.drainUnexpected(ctx)
		if err := c.send(line); err != nil {
			return Reply{}, err
		}
	}
	r, err := c.read(ctx)
	if err != nil {
		return r, fmt.Errorf("%s: %w", verbOf(line), err)
	}
	return r, nil
}

// send writes one command line, noted (redacted) in the transcript; it
// reads nothing.
func (c *controlConn) send(line string) error {
	c.tr.add(c.session, DirSend, redactCommand(line))
	if err := c.w.PrintfLine("%s", line); err != nil {
		c.tr.add(c.session, DirInfo, "send failed: "+err.Error())
		return fmt.Errorf("send %s: %w", verbOf(line), classifyReadErr(err))
	}
	return nil
}

func (c *controlConn) close() error { return c.conn.Close() }

// maxUnexpected bounds how many stray replies are skipped before a command.
const maxUnexpected = 8

// drainUnexpected reads replies the server sent without being asked (an
// extra reply to the previous command, a late 226): left in the buffer
// they would be taken as the answer to the next command. Only complete
// replies already received are read, each noted in the transcript.
func (c *controlConn) drainUnexpected(ctx context.Context) {
	for i := 0; i < maxUnexpected && c.br.Buffered() > 0; i++ {
		buf, _ := c.br.Peek(c.br.Buffered())
		if !bytes.Contains(buf, []byte{'\n'}) {
			return // a partial line: leave it to the next read
		}
		r, err := ReadReply(c.br, c.limits)
		c.unexpected = append(c.unexpected, r)
		for _, l := range r.Lines {
			c.tr.add(c.session, DirRecv, l)
		}
		c.tr.add(c.session, DirInfo, "unexpected reply, not an answer to any command: skipped")
		if err != nil {
			return
		}
	}
}

func verbOf(line string) string {
	v, _, _ := strings.Cut(line, " ")
	return strings.ToUpper(v)
}

// errKind returns the ReplyError kind of err, or "" when it is not one.
func errKind(err error) ErrorKind {
	var re *ReplyError
	if errors.As(err, &re) {
		return re.Kind
	}
	return ""
}

// readReplyWithin reads one reply within d instead of the step timeout
// (still bounded by the context).
func (c *controlConn) readReplyWithin(ctx context.Context, d time.Duration) (Reply, error) {
	saved := c.stepTimeout
	c.stepTimeout = d
	defer func() { c.stepTimeout = saved }()
	return c.readReply(ctx)
}

// maxPipelined bounds the commands sent ahead at once: a session's whole
// opening after the TLS handshake (USER, PASS, PBSZ, PROT C, PROT P, PASV)
// or the info session's questions, and no more.
const maxPipelined = 8

// pipeline sends commands ahead, together, to a server known to read one
// command at a time (diagnosis.PipelinesCommands): the steps then ask them
// with cmd as usual and read their replies without another round trip. A
// command the steps end up not asking (PASS after a 230 to USER) has its
// reply read and set aside before the next command.
func (c *controlConn) pipeline(ctx context.Context, lines ...string) error {
	if len(lines) == 0 || len(c.pipelined)+len(lines) > maxPipelined {
		return nil
	}
	for _, l := range lines {
		if slices.Contains(c.pipelined, l) {
			return nil // already on its way
		}
	}
	var b strings.Builder
	for _, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			return fmt.Errorf("command %q contains CR or LF", redactCommand(l))
		}
		b.WriteString(l + "\r\n")
	}
	defer c.arm(ctx)()
	if len(c.pipelined) == 0 {
		c.drainUnexpected(ctx)
	}
	for _, l := range lines {
		c.tr.add(c.session, DirSend, redactCommand(l))
	}
	_, err := c.w.W.WriteString(b.String())
	if err == nil {
		err = c.w.W.Flush()
	}
	if err != nil {
		c.tr.add(c.session, DirInfo, "send failed: "+err.Error())
		return fmt.Errorf("send %s: %w", verbOf(lines[0]), classifyReadErr(err))
	}
	c.pipelined = append(c.pipelined, lines...)
	return nil
}

// takePipelined reports whether line was sent: ahead, or now. Replies to
// commands sent ahead that the steps did not ask for (PASS after a 230 to
// USER) are read and set aside — after line has gone out behind them, so
// they cost no round trip of their own.
func (c *controlConn) takePipelined(ctx context.Context, line string) (bool, error) {
	if len(c.pipelined) == 0 {
		return false, nil
	}
	if !slices.Contains(c.pipelined, line) {
		if err := c.send(line); err != nil {
			return false, err
		}
		c.pipelined = append(c.pipelined, line)
	}
	for len(c.pipelined) > 0 {
		head := c.pipelined[0]
		c.pipelined = c.pipelined[1:]
		if head == line {
			return true, nil
		}
		if _, err := c.read(ctx); err != nil {
			return false, fmt.Errorf("%s: %w", verbOf(head), err)
		}
		c.tr.add(c.session, DirInfo, fmt.Sprintf("reply to %s, sent ahead and not needed: set aside", verbOf(head)))
	}
	return true, nil
}
