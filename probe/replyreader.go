package probe

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
)

// ReplyError is returned when no well-formed reply could be read. Partial
// holds whatever lines did arrive, for evidence.
type ReplyError struct {
	Kind    ErrorKind
	Partial Reply
	Err     error
}

func (e *ReplyError) Error() string {
	return fmt.Sprintf("read reply (%s): %v", e.Kind, e.Err)
}

func (e *ReplyError) Unwrap() error { return e.Err }

// readLine reads one line of at most lim bytes (CRLF or bare LF ending).
func readLine(br *bufio.Reader, lim int) ([]byte, error) {
	line, err := br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) || len(line) > lim+2 {
		return nil, &ReplyError{Kind: ErrKindLimit, Err: fmt.Errorf("line longer than %d bytes", lim)}
	}
	if err != nil {
		if len(line) > 0 && errors.Is(err, io.EOF) {
			return nil, &ReplyError{Kind: ErrKindClosed, Err: fmt.Errorf("connection closed in the middle of a line: %w", err)}
		}
		return nil, classifyReadErr(err)
	}
	line = line[:len(line)-1]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, nil
}

func classifyReadErr(err error) error {
	var ne net.Error
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return &ReplyError{Kind: ErrKindTimeout, Err: err}
	default:
		return &ReplyError{Kind: ErrKindClosed, Err: err}
	}
}

// replyCode returns the code of a line that starts a reply ("ddd " / "ddd-"
// / "ddd"), and whether the reply continues on further lines.
func replyCode(line []byte) (code int, multi bool, ok bool) {
	if len(line) < 3 {
		return 0, false, false
	}
	for _, c := range line[:3] {
		if c < '0' || c > '9' {
			return 0, false, false
		}
	}
	if line[0] < '1' || line[0] > '5' {
		return 0, false, false
	}
	code = int(line[0]-'0')*100 + int(line[1]-'0')*10 + int(line[2]-'0')
	switch {
	case len(line) == 3, line[3] == ' ':
		return code, false, true
	case line[3] == '-':
		return code, true, true
	}
	return 0, false, false
}

// ReadReply reads one complete FTP reply (RFC 959 §4.2): a single line
// "ddd text", or "ddd-text" … "ddd text" with the same code. Blank lines
// before a reply are skipped. Every line is bounded by lim.LineBytes and a
// reply by lim.ReplyLines; br must have been created with a buffer of at
// least lim.LineBytes+2 bytes.
func ReadReply(br *bufio.Reader, lim Limits) (Reply, error) {
	var r Reply
	fail := func(err error) (Reply, error) {
		var re *ReplyError
		if errors.As(err, &re) {
			re.Partial = r
			return r, re
		}
		return r, &ReplyError{Kind: ErrKindProtocol, Partial: r, Err: err}
	}
	multi := false
	for n := 0; ; n++ {
		if n >= lim.ReplyLines {
			return fail(&ReplyError{Kind: ErrKindLimit, Err: fmt.Errorf("reply longer than %d lines", lim.ReplyLines)})
		}
		raw, err := readLine(br, lim.LineBytes)
		if err != nil {
			return fail(err)
		}
		if r.Code == 0 {
			if len(raw) == 0 {
				continue
			}
			code, m, ok := replyCode(raw)
			if !ok {
				r.Lines = append(r.Lines, sanitizeLine(raw))
				return fail(&ReplyError{Kind: ErrKindProtocol, Err: fmt.Errorf("line does not start with a reply code: %q", Truncate(sanitizeLine(raw), 80))})
			}
			r.Code, multi = code, m
			r.Lines = append(r.Lines, sanitizeLine(raw))
			if !multi {
				return r, nil
			}
			continue
		}
		r.Lines = append(r.Lines, sanitizeLine(raw))
		if code, m, ok := replyCode(raw); ok && code == r.Code && !m {
			return r, nil
		}
	}
}
