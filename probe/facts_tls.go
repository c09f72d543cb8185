package probe

import "time"

// TLSFacts is what the TLS session observed: how the server negotiates TLS,
// its certificate, and whether protected data connections work.
type TLSFacts struct {
	Mode           TLSMode
	Attempted      bool   // a TLS session was started
	AuthCommand    string // "AUTH TLS" or "AUTH SSL" (explicit)
	AuthReplies    []Reply
	Offered        bool // AUTH accepted (234), or the implicit handshake started
	HandshakeError string
	Version        string // "TLS 1.3"
	Cipher         string
	Certificate    *Certificate

	PBSZ *Reply
	PROT *Reply

	// Policy.
	PlaintextLogin string // allowed | refused | unknown
	PlaintextReply *Reply // the reply that refused a plaintext login
	ProtC          string // allowed | refused | not_tested
	ProtCReply     *Reply
	CCC            bool // advertised in FEAT

	// Protected data connections (PROT P) made with the control session's
	// TLS session cache, then one deliberately without it.
	Transfers            []Transfer
	NoResume             *Transfer
	SessionReuseRequired bool

	// Session is the TLS control session when it ran beside a plaintext one
	// (--tls auto). With --tls explicit or implicit the TLS session is the
	// run's primary session (Facts.SessionFacts).
	Session *SessionFacts
	// Sequential is set when the server refused a second concurrent session
	// and the TLS session ran after the plaintext one.
	Sequential bool
}

// Certificate describes the server's certificate and its verification.
type Certificate struct {
	Subject    string
	Issuer     string
	DNSNames   []string
	IPs        []string
	NotBefore  time.Time
	NotAfter   time.Time
	DaysLeft   int
	SelfSigned bool
	Verified   bool   // chain to a trusted root, valid now, name matches
	NameMatch  bool   // the name diagnosed is in the certificate
	Error      string // why verification failed (chain, expiry, name)
}
