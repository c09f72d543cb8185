package diagnosis

import (
	"strings"
	"time"
)

// TLSFacts is what a TLS path observed: how the server negotiates TLS,
// its certificate, and whether protected data connections work.
type TLSFacts struct {
	AuthCommand    string // "AUTH TLS" or "AUTH SSL" (explicit)
	AuthReplies    []Reply
	Offered        bool // AUTH accepted (234), or the implicit handshake started
	HandshakeError string
	// PlaintextReply is what a server sent in plaintext where the implicit
	// TLS handshake expected its ServerHello (the start of an FTP reply,
	// "220 ("): the port speaks plaintext FTP. "" otherwise.
	PlaintextReply string
	// Opaque: the session was read from a packet capture, where
	// everything after the handshake is encrypted: the login, the
	// commands and their replies are not known, which says nothing of
	// whether they worked.
	Opaque      bool
	Version     string // "TLS 1.3"
	Cipher      string
	Certificate *Certificate

	PBSZ *Reply
	PROT *Reply
	// ProtCReply answers PROT C (clear data after AUTH TLS); nil when it
	// was not tested.
	ProtCReply *Reply

	// Protected data connections (PROT P) made with the control session's
	// TLS session cache, then one deliberately without it.
	Transfers []Transfer
	NoResume  *Transfer
	// PolicyCertificate is the certificate the TLS policy session, a
	// connection of its own, was shown; nil when it did not run.
	PolicyCertificate *Certificate
	// PolicyFeatures are the features that connection's FEAT listed before
	// AUTH, as the plaintext session asks; nil when not known.
	PolicyFeatures *Features
}

// CertProblem is the first reason, in this order, a certificate failed
// verification.
type CertProblem string

const (
	CertNone         CertProblem = "none" // the server sent no certificate
	CertExpired      CertProblem = "expired"
	CertNotYetValid  CertProblem = "not_yet_valid"
	CertNameMismatch CertProblem = "name_mismatch" // issued for other names
	CertSelfSigned   CertProblem = "self_signed"
	CertUntrusted    CertProblem = "untrusted" // no trusted authority in the chain
	CertOther        CertProblem = "other"
)

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
	Verified   bool        // chain to a trusted root, valid now, name matches
	Problem    CertProblem // why verification failed; "" when verified
	// SHA256 is the leaf certificate's fingerprint: two connections that
	// show different ones reached different servers.
	SHA256    string
	NameMatch bool   // the name diagnosed is in the certificate
	Error     string // why verification failed (chain, expiry, name)
}

// Names are the names and addresses the certificate is issued for.
func (c *Certificate) Names() string {
	names := append(append([]string(nil), c.DNSNames...), c.IPs...)
	if len(names) == 0 {
		return "no names (subject " + c.Subject + ")"
	}
	return strings.Join(names, ", ")
}
