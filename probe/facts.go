package probe

import (
	"net/netip"
	"time"
)

// Reach is the outcome of one TCP connect attempt.
type Reach string

const (
	ReachOpen        Reach = "open"        // the handshake completed
	ReachRefused     Reach = "refused"     // a TCP reset answered the SYN
	ReachFiltered    Reach = "filtered"    // no answer before the timeout (dropped)
	ReachUnreachable Reach = "unreachable" // ICMP host/network unreachable, or no route
	ReachNotTested   Reach = "not_tested"
)

// Dial records one connect attempt to an endpoint.
type Dial struct {
	Address  netip.AddrPort
	Reach    Reach
	Duration time.Duration
	Error    string
}

// Facts is everything the probe observed, with no interpretation. Analysis
// (Analyze) turns Facts into Findings; renderers read both.
type Facts struct {
	Host    string
	Port    int
	TLSMode TLSMode
	User    string

	Addresses    []netip.Addr // A and AAAA answers, in the order tried
	ResolveError string

	ControlAttempts []Dial     // one per address tried, in order
	Peer            netip.Addr // control peer actually used (invalid when no connect succeeded)
	Local           netip.AddrPort

	// SessionFacts is the primary control session: plaintext with --tls auto
	// or off, the TLS session with --tls explicit or implicit.
	SessionFacts

	Software Software

	// TLS is set when a TLS session was attempted.
	TLS *TLSFacts
	// Active is set when active mode was tested (--active).
	Active *ActiveFacts
	// Range is set when a passive range was verified (--expect-range).
	Range *RangeScan

	Phases   []Phase
	TimedOut bool // the overall --timeout ended the run
}

// TLSSession returns the facts of the TLS control session, or nil.
func (f *Facts) TLSSession() *SessionFacts {
	switch {
	case f.TLS == nil || !f.TLS.Attempted:
		return nil
	case f.TLSMode == TLSExplicit || f.TLSMode == TLSImplicit:
		return &f.SessionFacts
	}
	return f.TLS.Session
}

// PlainSession returns the facts of the plaintext control session, or nil.
func (f *Facts) PlainSession() *SessionFacts {
	if f.TLSMode == TLSExplicit || f.TLSMode == TLSImplicit {
		return nil
	}
	return &f.SessionFacts
}

// SessionFacts is what one control session observed, from greeting to
// listing.
type SessionFacts struct {
	// UnexpectedReplies answered no command (extra or late replies); they
	// were skipped so that later commands got their own answers.
	UnexpectedReplies []Reply
	Greeting          *Reply
	GreetingError     string // why no usable greeting arrived (timeout, closed, refusal code)

	Feat     *Reply
	Features *Features // nil when FEAT was refused or not sent

	UserReply *Reply
	PassReply *Reply
	LoggedIn  bool

	Syst     *Reply
	SystInfo *Syst
	Pwd      *Reply
	Dir      string
	TypeI    *Reply

	PASV []PassiveSample
	EPSV []PassiveSample

	Transfer  *Transfer
	StdClient *StdClient

	// SessionError is set when the control session broke off after the
	// greeting: a reply that never came, a closed connection, a reply that
	// broke the framing rules or the size bounds.
	SessionError *SessionError
}

// PassiveSample is one PASV or EPSV exchange and what was learned from it.
type PassiveSample struct {
	Command  string // "PASV" or "EPSV"
	Reply    Reply
	Accepted bool   // 227/229 received
	Error    string // why the reply could not be used (parse error), if Accepted
	Standard bool   // reply in the exact RFC form
	Format   string // which parse heuristic matched
	Address  netip.Addr
	Port     uint16
	Class    AddrClass

	// Peer is the connect test to the control peer's address and the advertised port.
	Peer Dial
	// Advertised is the connect test to the advertised address, done only
	// when it equals the peer or the user allowed it; nil otherwise.
	Advertised *Dial
}

// Usable reports whether the sample produced an endpoint to connect to.
func (s PassiveSample) Usable() bool { return s.Accepted && s.Error == "" && s.Port != 0 }

// Transfer is the real directory listing over a data connection.
type Transfer struct {
	Command   string // MLSD or LIST
	Via       string // PASV or EPSV
	Endpoint  netip.AddrPort
	Connected bool // the data connection's TCP handshake completed
	Replies   []Reply
	Bytes     int64
	Lines     int
	OK        bool
	Error     string
	Duration  time.Duration

	// Protected data connections (PROT P).
	Protected  bool
	Reuse      bool   // the control connection's TLS session cache was offered
	Resumed    bool   // the data connection resumed that session
	TLSVersion string // of the data connection
}

// StdClient is the outcome of the standard-client check: a typical client
// library (which replaces an unusable PASV address with the control address)
// logging in and listing the directory.
type StdClient struct {
	Ran      bool
	OK       bool
	Entries  int
	Error    string
	Duration time.Duration
	Debug    []string // control-channel conversation as the library logged it (PASS redacted)
}

// SessionError describes how the control session broke off.
type SessionError struct {
	Step    string // step name
	Command string // command in flight (PASS never shown with its argument)
	Kind    string // timeout | closed | protocol | limit
	Error   string
}

// Phase is the wall time of one step of the diagnosis.
type Phase struct {
	Name     string
	Duration time.Duration
}
