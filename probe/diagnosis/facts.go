package diagnosis

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
	// Attempts is how many connection attempts the test made when it
	// tried again after no answer (a lost SYN); 0 for one.
	Attempts int
}

// Facts is everything a diagnosis observed, with no interpretation:
// the name's addresses and one Path per way a client can reach the
// service. Diagnose turns Facts into findings; renderers read both.
type Facts struct {
	Host string
	Port int
	// ServerPort is the port the server itself listens on when the user
	// said that Port is published on another number (--nat 2121:21); 0
	// when not said.
	ServerPort int
	TLSMode    TLSMode
	User       string

	Addresses    []netip.Addr // A and AAAA answers, as resolved
	ResolveError string
	// Families are the address families the user asked for (-4, -6);
	// empty means both.
	Families []Family

	// Paths are the control sessions run, one per address dialled and
	// transport, in the order they were planned.
	Paths []Path

	// Vantage is where the diagnosis ran from.
	Vantage Vantage

	// Refusals are the run's connections that the server turned away while
	// others of the run were open (see SessionRefusal).
	Refusals []SessionRefusal

	Phases   []Phase
	TimedOut bool // the overall --timeout ended the run

	// Timing is how the run's time went on the network.
	Timing Timing

	// Now is when the run began: certificates are judged as of then.
	Now time.Time
	// CertWarnDays is how many days before it expires a certificate
	// raises tls.certificate_expiring; 0 never.
	CertWarnDays int
}

// Vantage is where a diagnosis ran from: the machine's own addresses and,
// for a diagnosis run by a remote ftpnat (ftpnat diagnose --via), which
// one. Every path's Local is its source address.
type Vantage struct {
	// Remote names the remote probe that ran the diagnosis ("" when it ran
	// here): the host of its URL.
	Remote string
	// Interfaces are the addresses of the machine that ran the diagnosis,
	// with their prefixes (from its network interfaces; loopback left out).
	Interfaces []netip.Prefix
}

// Family is an address family.
type Family string

const (
	IPv4 Family = "ipv4"
	IPv6 Family = "ipv6"
)

// FamilyOf is the family of a.
func FamilyOf(a netip.Addr) Family {
	if a.Unmap().Is4() {
		return IPv4
	}
	return IPv6
}

// Label is the family as people write it: "IPv4", "IPv6".
func (f Family) Label() string {
	if f == IPv6 {
		return "IPv6"
	}
	return "IPv4"
}

// Transport is how a path's control connection is secured.
type Transport string

const (
	TransportPlain       Transport = "plaintext"
	TransportExplicitTLS Transport = "explicit_tls"
	TransportImplicitTLS Transport = "implicit_tls"
)

// Secure reports whether the transport is TLS.
func (t Transport) Secure() bool { return t == TransportExplicitTLS || t == TransportImplicitTLS }

// Label is the transport in words for a table.
func (t Transport) Label() string {
	switch t {
	case TransportExplicitTLS:
		return "TLS"
	case TransportImplicitTLS:
		return "implicit TLS"
	}
	return "plain"
}

// PathID names a path: what distinguishes it from the other paths.
type PathID struct {
	Family    Family
	Address   netip.Addr // the address dialled
	Transport Transport
}

// String is a short stable label: "ipv4 203.0.113.10 plaintext".
func (id PathID) String() string {
	if !id.Address.IsValid() {
		return string(id.Family) + " " + string(id.Transport)
	}
	return string(id.Family) + " " + id.Address.String() + " " + string(id.Transport)
}

// Path is one way of reaching the service — an address and a transport —
// with its own control session, passive samples, data dials and listings.
type Path struct {
	PathID

	// Control is the TCP connect to the control port.
	Control Dial
	Local   netip.AddrPort // our end of the control connection

	SessionFacts

	// TLS is set on TLS paths: negotiation, certificate, protected data.
	TLS *TLSFacts
	// Active is set when active mode was tested on this path (--active).
	Active *ActiveFacts
	// Range is set when a passive range was verified on this path
	// (--expect-range).
	Range *RangeScan
	// Sequential: the server refused another concurrent session, so this
	// path ran after the others of its address.
	Sequential bool
}

// Connected reports whether the control connection was established.
func (p *Path) Connected() bool { return p.Control.Reach == ReachOpen }

// Progress orders how far a path's session got: 0 not connected, 1
// connected, 2 greeted, 3 logged in.
func (p *Path) Progress() int {
	switch {
	case !p.Connected():
		return 0
	case p.Greeting == nil || p.GreetingError != "":
		return 1
	case !p.LoggedIn:
		return 2
	}
	return 3
}

// SessionFacts is what one control session observed, from greeting to
// listing.
type SessionFacts struct {
	// UnexpectedReplies answered no command (extra or late replies); they
	// were skipped so that later commands got their own answers.
	UnexpectedReplies []Reply
	Greeting          *Reply
	GreetingError     string // why no usable greeting arrived (timeout, closed, refusal code)
	// GreetingTLS: no plaintext greeting came, but a TLS handshake on the
	// same connection succeeded: the server speaks implicit TLS there.
	GreetingTLS bool

	Feat     *Reply
	Features *Features // nil when FEAT was refused or not sent

	UserReply *Reply
	PassReply *Reply
	LoggedIn  bool

	Syst     *Reply
	SystInfo *Syst
	Pwd      *Reply
	Dir      string
	Stat     *Reply // the reply to STAT: the server's status, with the client address it sees
	Help     *Reply // the reply to HELP, asked only when nothing else named the program
	TypeI    *Reply

	PASV []PassiveSample
	EPSV []PassiveSample

	Transfer  *Transfer
	StdClient *StdClient

	// HeldForData is set when the server held a command until it gave up
	// waiting for the data connection of its previous passive reply, then
	// answered both late (Twisted does).
	HeldForData *HeldForData

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
	// Redials are further connects to the same endpoint after Peer was
	// answered with a reset, while the server's listener was still there.
	Redials []Dial
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
	Stage     TransferStage // where a failed transfer stopped ("" when OK)
	// DataHead is the first bytes read from the data connection (at most
	// 64, as received; the TLS handshake's included): they tell a listing
	// from another service that answered the data port.
	DataHead []byte
	// Again is the same listing once more, after this one failed with its
	// data connection open; nil when not tried.
	Again    *Transfer
	Duration time.Duration

	// Protected data connections (PROT P).
	Protected  bool
	Reuse      bool   // the control connection's TLS session cache was offered
	Resumed    bool   // the data connection resumed that session
	TLSVersion string // of the data connection
}

// TransferStage is the step of a listing at which it failed.
type TransferStage string

const (
	StagePassive TransferStage = "passive" // PASV/EPSV gave no endpoint this time
	StageConnect TransferStage = "connect" // the data connection did not open
	StageCommand TransferStage = "command" // LIST/MLSD was refused
	StageTLS     TransferStage = "tls"     // the data connection's TLS handshake failed
	StageData    TransferStage = "data"    // reading the listing failed
	StageFinal   TransferStage = "final"   // the server's final reply was not a success
	StageControl TransferStage = "control" // the control connection broke during the listing
)

// StdClient is the outcome of the standard-client check: a typical client
// library (which replaces an unusable PASV address with the control address)
// logging in and listing the directory.
type StdClient struct {
	Ran      bool
	OK       bool
	Entries  int
	Error    string // why it failed; with OK, why the listing was cut short
	Duration time.Duration
	Debug    []string // control-channel conversation as the library logged it (PASS redacted)
}

// HeldForData is a command the server answered only after giving up on
// the data connection it had announced.
type HeldForData struct {
	Command string        // the command held (PASV or EPSV)
	Awaited Dial          // the connect attempt to the announced data endpoint
	Late    Reply         // the error the server sent when it gave up
	Wait    time.Duration // from sending Command to Late
}

// SessionError describes how the control session broke off.
type SessionError struct {
	Step    string // step name
	Command string // command in flight (PASS never shown with its argument)
	Kind    ErrorKind
	Error   string
	// AwaitingData is set when the reply that never came was to the
	// command right after a passive reply whose data connection did not
	// arrive: the server holds commands until that connection is made
	// (Twisted's FTP server does), so the stall is the data port's doing.
	// It is the connect attempt to that endpoint.
	AwaitingData *Dial
}

// Phase is the wall time of one step of the diagnosis.
type Phase struct {
	Name     string
	Path     PathID
	Duration time.Duration
}

// Timing says how far away the server is and how many times the run had
// to wait for it in sequence: what a run's duration is made of.
type Timing struct {
	// ControlRTT is the control connection's round-trip time: the shortest
	// of its TCP handshakes and command/reply exchanges (0 when none was
	// measured).
	ControlRTT time.Duration
	// RoundTrips is the number of round trips on the run's critical path:
	// the network waits that followed one another on the chain of work
	// that finished last (connects, handshakes, command/reply exchanges,
	// data connects that were waited for).
	RoundTrips int
}
