package probe

import (
	"context"
	"crypto/tls"
	"errors"
	"strings"
	"time"
)

// plaintextReply returns the start of an FTP reply ("220 (") when err is
// a TLS handshake that got plaintext instead of a ServerHello: the server
// speaks plaintext FTP on this port. "" otherwise.
func plaintextReply(err error) string {
	var rhe tls.RecordHeaderError
	if !errors.As(err, &rhe) {
		return ""
	}
	h := rhe.RecordHeader[:]
	if !isDigit(h[0]) || !isDigit(h[1]) || !isDigit(h[2]) || (h[3] != ' ' && h[3] != '-') {
		return ""
	}
	var b strings.Builder
	for _, c := range h {
		if c < 0x20 || c > 0x7e {
			break
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// implicitProbeTimeout bounds the handshake that asks a silent server
// whether it waits for TLS: a server that speaks implicit TLS answers a
// ClientHello within a round trip, a stalled one costs no more than this.
const implicitProbeTimeout = time.Second

// greetsInTLS reports whether a server that sent nothing in plaintext
// completes a TLS handshake on the same connection: it speaks implicit
// TLS (FTPS from the first byte, as on port 990), and the client waits
// for a greeting that will never come in clear. It is asked only when
// nothing at all arrived, and never under implicit TLS.
func (s *session) greetsInTLS(ctx context.Context, cc *controlConn) bool {
	if s.implicit || s.p.Greeting != nil || cc.br.Buffered() > 0 || ctx.Err() != nil {
		return false
	}
	timeout := min(implicitProbeTimeout, s.r.o.StepTimeout/2)
	hctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// The greeting's read left a deadline in the past on the connection.
	if err := cc.conn.SetDeadline(time.Now().Add(timeout)); err != nil {
		return false
	}
	defer func() { _ = cc.conn.SetDeadline(time.Time{}) }()
	tc := tls.Client(cc.conn, s.r.newTLSConfig())
	if err := tc.HandshakeContext(hctx); err != nil {
		cc.tr.add(cc.session, DirInfo, "no plaintext greeting; a TLS handshake fails too: "+err.Error())
		return false
	}
	st := tc.ConnectionState()
	cc.tr.add(cc.session, DirInfo, "no plaintext greeting, but a TLS handshake succeeds ("+tls.VersionName(st.Version)+"): the server speaks implicit TLS")
	return true
}
