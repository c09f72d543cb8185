package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/ftpnat/ftpnat/probe"
)

// tlsLine prints the one-glance TLS summary under the server line: how TLS
// was negotiated, what was agreed, the certificate, the server's policy
// and how protected data connections fared. Nothing when TLS was not tried.
func (t *textWriter) tlsLine(res probe.Result) {
	if parts := tlsParts(res); len(parts) > 0 {
		t.labelledParts("TLS", parts)
	}
}

func tlsParts(res probe.Result) []string {
	sp := res.TLSPath()
	if sp == nil {
		return nil
	}
	tf := sp.TLS
	if tf == nil {
		tf = &probe.TLSFacts{}
	}
	pol := res.TLS
	if pol == nil {
		pol = &probe.TLSPolicy{}
	}
	parts := []string{tlsHow(sp)}
	if !tf.Offered {
		return parts
	}
	if tf.HandshakeError != "" {
		return append(parts, "handshake failed: "+sanitize(strings.TrimPrefix(tf.HandshakeError, "TLS handshake: ")))
	}
	if s := strings.TrimSpace(tf.Version + " " + tf.Cipher); s != "" {
		parts = append(parts, s)
	}
	if c := tf.Certificate; c != nil {
		parts = append(parts, certificateLabel(c))
	}
	if v := oneOf(string(pol.PlaintextLogin), "", PolicyAllowed, PolicyRefused); v != "" {
		parts = append(parts, "plaintext login "+v)
	}
	if v := oneOf(string(pol.ProtC), "", PolicyAllowed, PolicyRefused); v != "" {
		parts = append(parts, "PROT C "+v)
	}
	if pol.CCC {
		parts = append(parts, "CCC advertised")
	}
	if s := protectedLabel(tf.Transfers); s != "" {
		parts = append(parts, s)
	}
	switch {
	case pol.SessionReuseRequired:
		parts = append(parts, "reuse required")
	case tf.NoResume != nil && tf.NoResume.OK:
		parts = append(parts, "reuse optional")
	}
	if sp.Sequential {
		parts = append(parts, "run after the plaintext session (one session per client)")
	}
	return parts
}

// tlsHow says how TLS was started, or why it was not.
func tlsHow(s *probe.Path) string {
	tf := s.TLS
	if tf == nil {
		tf = &probe.TLSFacts{}
	}
	switch {
	case s.Transport == probe.TransportImplicitTLS && tf.Offered:
		return "implicit"
	case tf.Offered:
		return "explicit (" + sanitize(tf.AuthCommand) + ")"
	case len(tf.AuthReplies) > 0:
		sent := "AUTH TLS"
		if len(tf.AuthReplies) > 1 {
			sent = "AUTH TLS and AUTH SSL"
		}
		last := tf.AuthReplies[len(tf.AuthReplies)-1]
		return "not offered: " + sent + " refused (" + firstLine(&last) + ")"
	}
	// The TLS session ended before AUTH (or before the implicit handshake).
	switch {
	case s.SessionError != nil:
		return "not negotiated: " + sanitize(s.SessionError.Error)
	case s.GreetingError != "":
		return "not negotiated: " + sanitize(s.GreetingError)
	case !s.Connected():
		return "not negotiated: control port " + string(s.Control.Reach)
	}
	return "not negotiated"
}

// certificateLabel names the most important thing about the certificate
// (in the order the probe's verification reports it) and its remaining
// validity.
func certificateLabel(c *probe.Certificate) string {
	var s string
	switch {
	case c.Problem == probe.CertNone || c.Subject == "" && c.NotAfter.IsZero():
		return "no certificate"
	case c.Verified:
		s = "certificate valid"
	case c.Problem == probe.CertExpired:
		return "certificate expired on " + c.NotAfter.UTC().Format(time.DateOnly)
	case c.Problem == probe.CertNotYetValid:
		return "certificate not valid before " + c.NotBefore.UTC().Format(time.DateOnly)
	case c.Problem == probe.CertNameMismatch:
		s = "certificate issued for other names"
	case c.Problem == probe.CertSelfSigned:
		s = "certificate self-signed"
	default:
		s = "certificate not trusted"
	}
	switch {
	case c.NotAfter.IsZero():
		return s
	case c.DaysLeft == 0:
		return s + ", expires within a day"
	}
	return fmt.Sprintf("%s, %d day%s left", s, c.DaysLeft, pick(c.DaysLeft == 1, "", "s"))
}

// protectedLabel counts the protected listings that worked and resumed.
func protectedLabel(ts []probe.Transfer) string {
	n, ok, resumed := len(ts), 0, 0
	for _, tr := range ts {
		if tr.OK {
			ok++
		}
		if tr.Resumed {
			resumed++
		}
	}
	switch {
	case n == 0:
		return ""
	case ok == n && resumed == n:
		return fmt.Sprintf("%d/%d protected listings resumed", n, n)
	case resumed == 0:
		return fmt.Sprintf("%d/%d protected listings worked, none resumed", ok, n)
	}
	return fmt.Sprintf("%d/%d protected listings worked, %d resumed", ok, n, resumed)
}
