package diagnosis

import (
	"fmt"
	"net/netip"
	"time"
)

// Wire is what packet captures show beyond the control conversations the
// paths hold: the data connections attempted while the control channel
// was encrypted, and, with captures from both sides of a NAT or firewall,
// what the device in between did. nil for a live run.
type Wire struct {
	// Opaque are the data connection attempts that followed an encrypted
	// control channel: the port is the one dialled, the reply that named it
	// cannot be read.
	Opaque []OpaqueAttempt
	// Middlebox is set when captures of both sides of the device were
	// read and matched.
	Middlebox *Middlebox
}

// Tuple is one TCP connection's two ends as one capture saw them: From
// sent the first SYN.
type Tuple struct {
	From, To netip.AddrPort
}

func (t Tuple) String() string { return t.From.String() + " → " + t.To.String() }

// OpaqueAttempt is a data connection attempt attributed to an encrypted
// control connection: it went to the control connection's server address
// from its client address while the connection was open, and no plaintext
// line named its port.
type OpaqueAttempt struct {
	Control Tuple // the encrypted control connection
	Conn    Tuple
	T       time.Time // the first SYN
	// SinceEncrypted is how long after the control connection became
	// encrypted the first SYN left.
	SinceEncrypted time.Duration
	// AfterReply is how long after the server's last encrypted segment on
	// the control connection (its reply naming the port) the first SYN
	// left; ReplyTimed says whether one was seen.
	AfterReply time.Duration
	ReplyTimed bool
	SYNs       int // SYNs sent (more than one: retransmitted)
	Reach      Reach
	// Waited is how long the attempt was watched without an answer (for
	// filtered: from the first SYN to the end of the attempt's evidence).
	Waited time.Duration
}

// Middlebox is what two captures, one on each side of a NAT or firewall,
// show the device between them did. "Client side" is the capture nearer
// the FTP client, "server side" the one nearer the server.
type Middlebox struct {
	ClientFiles []string
	ServerFiles []string
	// Offset is what was added to the server side's clock to match the
	// client side's (zero when both share one clock).
	Offset time.Duration
	// Controls are the control connections seen on both sides.
	Controls []ControlMapping
	// Rewrites are the replies and commands that differ between the sides:
	// the device rewrote them (an FTP ALG).
	Rewrites []Rewrite
	// DroppedBetween are the connection attempts that left one side and
	// never arrived on the other.
	DroppedBetween []Crossing
	// Crossed are the data connections that went through; NamedInPlaintext
	// says which were named by a reply or command the device could read.
	Crossed []Crossing
	// UnmatchedControls counts control connections seen on one side only.
	UnmatchedControls int
	// LeftOut counts connection attempts not followed across, to stay
	// within bounds.
	LeftOut int
}

// ControlMapping is one control connection as each side saw it: the NAT
// mapping of the connection.
type ControlMapping struct {
	ClientSide Tuple
	ServerSide Tuple
	T          time.Time // the first SYN on the client side
	// Encrypted: the conversation became opaque (AUTH TLS or implicit TLS).
	Encrypted bool
}

// Rewrite is a control line that one side sent and the other side
// received changed.
type Rewrite struct {
	T       time.Time
	Control ControlMapping
	// Command names what was rewritten: "PASV" (the 227 reply), "EPSV"
	// (the 229 reply), "PORT" or "EPRT" (the command).
	Command string
	// Sent is the line as its sender wrote it, Received as the other end
	// got it.
	Sent, Received string
	// SentEndpoint and ReceivedEndpoint are the endpoints the lines name
	// (the address is unset for EPSV/EPRT without one).
	SentEndpoint, ReceivedEndpoint netip.AddrPort
}

// Crossing is a connection attempt as each side saw it.
type Crossing struct {
	// Inbound: from the client's side towards the server's (passive data,
	// control); false for the server's connection back (active mode).
	Inbound bool
	Near    Tuple // on the side it left from
	// Far is the same connection on the other side; unset when it never
	// arrived.
	Far      Tuple
	T        time.Time // the first SYN on the near side
	SYNs     int       // SYNs seen on the near side
	NearSeen Reach     // its outcome on the near side
	FarSeen  Reach     // its outcome on the far side, when it arrived
	// Data: a data connection (not to the control port).
	Data bool
	// NamedInPlaintext: a reply or command on a plaintext control
	// connection named its port before it began, so an FTP-inspecting
	// device could have opened it.
	NamedInPlaintext bool
	// NamedUnderTLS: it followed an encrypted control connection's reply
	// and no plaintext line named its port.
	NamedUnderTLS bool
}

// Arrived reports whether the attempt showed up on the other side.
func (c Crossing) Arrived() bool { return c.Far.From.IsValid() }

func (c Crossing) describe() string {
	return fmt.Sprintf("%s: %d SYN(s), %s on that side", c.Near, c.SYNs, c.NearSeen)
}
