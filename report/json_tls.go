package report

import (
	"slices"
	"time"

	"github.com/ftpnat/ftpnat/probe"
)

// TLS describes FTPS as the TLS session saw it: how TLS was negotiated,
// the certificate, the server's TLS policy and the protected data
// connections. Without a TLS session (--tls off) Attempted is false and
// every other field keeps its zero value.
type TLS struct {
	Mode           string      `json:"mode"` // the --tls mode: auto | explicit | implicit | off
	Attempted      bool        `json:"attempted"`
	Offered        bool        `json:"offered"`      // AUTH accepted, or the implicit handshake started
	AuthCommand    string      `json:"auth_command"` // AUTH TLS or AUTH SSL; empty with implicit TLS
	AuthReplies    []string    `json:"auth_replies"` // raw reply lines joined by "\n", one per AUTH sent
	HandshakeError string      `json:"handshake_error"`
	Version        string      `json:"version"` // "TLS 1.3"
	Cipher         string      `json:"cipher"`
	Certificate    Certificate `json:"certificate"`
	Policy         TLSPolicy   `json:"policy"`
	// DataResumed is true when every protected listing resumed the control
	// connection's TLS session.
	DataResumed          bool          `json:"data_resumed"`
	SessionReuseRequired bool          `json:"session_reuse_required"`
	Sequential           bool          `json:"sequential"` // the TLS session ran after the plaintext one (one session per client)
	Transfers            []TLSTransfer `json:"transfers"`  // the protected listings, resuming the TLS session
	NoResume             *TLSTransfer  `json:"no_resume"`  // the deliberate listing without resumption; null when not tried
	// Session is the TLS control session when it ran beside a plaintext one
	// (--tls auto); null otherwise, because with --tls explicit or implicit
	// the top-level fields already describe the TLS session.
	Session *TLSSession `json:"session"`
}

// Certificate is the server's leaf certificate as verified by the probe.
type Certificate struct {
	Subject    string   `json:"subject"`
	Issuer     string   `json:"issuer"`
	Names      []string `json:"names"`      // DNS names, then IP addresses
	NotBefore  string   `json:"not_before"` // RFC 3339, "" when unknown
	NotAfter   string   `json:"not_after"`  // RFC 3339, "" when unknown
	DaysLeft   int      `json:"days_left"`  // negative once expired
	SelfSigned bool     `json:"self_signed"`
	NameMatch  bool     `json:"name_match"` // the diagnosed host name is in the certificate
	// Problem is why verification failed: none (no certificate), expired,
	// not_yet_valid, name_mismatch, self_signed, untrusted, other; "" when
	// verified.
	Problem  string `json:"problem"`
	SHA256   string `json:"sha256"`   // the leaf certificate's fingerprint, hex
	Verified bool   `json:"verified"` // trusted chain, valid now, name matches
	Error    string `json:"error"`    // why verification failed
}

// TLS policy values (the schema's enums).
const (
	PolicyAllowed   = "allowed"
	PolicyRefused   = "refused"
	PolicyUnknown   = "unknown"
	PolicyNotTested = "not_tested"
)

// TLSPolicy is what the server allows around TLS.
type TLSPolicy struct {
	PlaintextLogin string `json:"plaintext_login"` // allowed | refused | unknown
	PlaintextReply string `json:"plaintext_reply"` // the reply that refused a plaintext login
	ProtC          string `json:"prot_c"`          // allowed | refused | not_tested
	CCC            bool   `json:"ccc"`             // CCC advertised in the TLS session's FEAT
}

// TLSTransfer is one protected listing.
type TLSTransfer struct {
	OK         bool   `json:"ok"`
	Resumed    bool   `json:"resumed"` // the data connection resumed the control connection's TLS session
	Reuse      bool   `json:"reuse"`   // resumption was offered (the control connection's session cache)
	TLSVersion string `json:"tls_version"`
	Via        string `json:"via"`
	Endpoint   string `json:"endpoint"`
	Error      string `json:"error"`
	DurationMS int64  `json:"duration_ms"`
}

// TLSSession is the TLS control session run beside the plaintext one.
type TLSSession struct {
	Banner         string         `json:"banner"`
	LoggedIn       bool           `json:"logged_in"`
	Passive        Passive        `json:"passive"`
	StandardClient StandardClient `json:"standard_client"`
	SessionError   *SessionError  `json:"session_error"`
}

func buildTLS(res probe.Result) TLS {
	out := TLS{
		Mode:        string(res.Facts.TLSMode),
		AuthReplies: []string{},
		Certificate: buildCertificate(nil),
		Policy:      TLSPolicy{PlaintextLogin: PolicyUnknown, ProtC: PolicyNotTested},
		Transfers:   []TLSTransfer{},
	}
	sp := res.TLSPath()
	if sp == nil {
		return out
	}
	t := sp.TLS
	if t == nil {
		t = &probe.TLSFacts{}
	}
	out.Attempted, out.Offered, out.AuthCommand = true, t.Offered, t.AuthCommand
	out.AuthReplies = mapSlice(t.AuthReplies, probe.Reply.Raw)
	out.HandshakeError, out.Version, out.Cipher = t.HandshakeError, t.Version, t.Cipher
	out.Certificate = buildCertificate(t.Certificate)
	if pol := res.TLS; pol != nil {
		out.Policy = TLSPolicy{
			PlaintextLogin: oneOf(string(pol.PlaintextLogin), PolicyUnknown, PolicyAllowed, PolicyRefused),
			PlaintextReply: replyRaw(pol.PlaintextReply),
			ProtC:          oneOf(string(pol.ProtC), PolicyNotTested, PolicyAllowed, PolicyRefused),
			CCC:            pol.CCC,
		}
		out.SessionReuseRequired = pol.SessionReuseRequired
	}
	out.Transfers = mapSlice(t.Transfers, buildTLSTransfer)
	out.DataResumed = len(t.Transfers) > 0 && !slices.ContainsFunc(t.Transfers, func(tr probe.Transfer) bool { return !tr.Resumed })
	out.Sequential = sp.Sequential
	if t.NoResume != nil {
		nr := buildTLSTransfer(*t.NoResume)
		out.NoResume = &nr
	}
	if sp != res.RefPath() {
		out.Session = &TLSSession{
			Banner:         replyRaw(sp.Greeting),
			LoggedIn:       sp.LoggedIn,
			Passive:        buildPassive(sp, probe.ObservedRange(sp)),
			StandardClient: buildStdClient(sp.StdClient),
			SessionError:   buildSessionError(sp.SessionError),
		}
	}
	return out
}

func buildCertificate(c *probe.Certificate) Certificate {
	if c == nil {
		return Certificate{Names: []string{}}
	}
	return Certificate{
		Subject: c.Subject, Issuer: c.Issuer, Names: slices.Concat([]string{}, c.DNSNames, c.IPs),
		NotBefore: timeString(c.NotBefore), NotAfter: timeString(c.NotAfter), DaysLeft: c.DaysLeft,
		SelfSigned: c.SelfSigned, NameMatch: c.NameMatch, Verified: c.Verified, Error: c.Error, Problem: string(c.Problem), SHA256: c.SHA256,
	}
}

func buildTLSTransfer(t probe.Transfer) TLSTransfer {
	ep := ""
	if t.Endpoint.IsValid() {
		ep = t.Endpoint.String()
	}
	return TLSTransfer{OK: t.OK, Resumed: t.Resumed, Reuse: t.Reuse, TLSVersion: t.TLSVersion, Via: t.Via,
		Endpoint: ep, Error: t.Error, DurationMS: t.Duration.Milliseconds()}
}

// timeString is RFC 3339 in UTC, or "" for the zero time.
func timeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// oneOf keeps v when it is one of the allowed values and falls back
// otherwise, so the report always satisfies the schema's enums even if a
// newer probe records a value this version does not know.
func oneOf(v, fallback string, allowed ...string) string {
	if slices.Contains(allowed, v) {
		return v
	}
	return fallback
}
