// Package capture is the offline engine: it reads packet captures (pcap
// and pcapng, as tcpdump writes them on Linux), follows every TCP
// connection in them, reassembles the FTP control channels it finds by
// their content, and builds from them the same Facts the live engine
// builds, so that the same diagnosis, findings and renderers follow.
//
// Everything it keeps is bounded: flows tracked at once, connection
// records, control-channel bytes, line lengths, out-of-order segments. A
// capture is input, not instructions: passwords seen in it are redacted
// the moment their line is read and never stored.
package capture

import (
	"net/netip"
	"time"

	"github.com/ftpnat/ftpnat/probe/diagnosis"
)

// Defaults of Options.
const (
	DefaultMaxFlows        = 65_536
	DefaultMaxConns        = 50_000
	DefaultMaxControls     = 1_000
	DefaultMaxControlBytes = 4 << 20
	// DefaultSilence is how long a SYN must go unanswered, with the
	// capture still running, before the attempt counts as filtered.
	DefaultSilence = time.Second
)

// Options bound what a read keeps. The zero value takes the defaults.
type Options struct {
	// MaxFlows is how many TCP connections are tracked at once; when a new
	// one would exceed it, the longest idle ones are dropped (and counted
	// in Capture.Dropped).
	MaxFlows int
	// MaxConns is how many finished connection records are kept for the
	// report.
	MaxConns int
	// MaxControls is how many FTP control connections are followed.
	MaxControls int
	// MaxControlBytes is the total control-channel payload kept, over all
	// control connections.
	MaxControlBytes int
	// Silence: see DefaultSilence.
	Silence time.Duration
}

func (o Options) withDefaults() Options {
	if o.MaxFlows <= 0 {
		o.MaxFlows = DefaultMaxFlows
	}
	if o.MaxConns <= 0 {
		o.MaxConns = DefaultMaxConns
	}
	if o.MaxControls <= 0 {
		o.MaxControls = DefaultMaxControls
	}
	if o.MaxControlBytes <= 0 {
		o.MaxControlBytes = DefaultMaxControlBytes
	}
	if o.Silence <= 0 {
		o.Silence = DefaultSilence
	}
	return o
}

// Capture is what was read from one or more capture files of one vantage
// point.
type Capture struct {
	Files     []File
	Packets   int64 // packets read
	Bytes     int64 // bytes of packet data read
	First     time.Time
	Last      time.Time
	Undecoded int64 // packets that were not IPv4/IPv6 TCP or ICMP
	Cut       int64 // TCP segments shorter than their IP length said (snap length)

	// Conns are the TCP connections that concern FTP, in the order their
	// first packet was: the control connections, and every connection that
	// began after one and shares an address with one (data connections,
	// connections back). Others are only counted, in Unrelated.
	Conns     []*Conn
	Unrelated int64
	// Controls are the FTP control connections, in the order they began.
	Controls []*Control

	// Dropped counts connections no longer followed, or not reported, to
	// stay within the bounds (MaxFlows, MaxConns); Warnings say what was
	// lost and why.
	Dropped  int64
	Warnings []string
}

// File is one capture file read.
type File struct {
	Name      string
	Format    string   // "pcap" or "pcapng"
	LinkTypes []string // link types of its packets ("Ethernet", "Linux SLL2", …)
	Packets   int64
	// Error is why the file could not be read to its end (truncated or
	// corrupt); the packets before it were used.
	Error string
}

// Side is one end of a connection.
type Side int

const (
	ClientSide Side = 0 // the end that sent the SYN (or, without one, the FTP client)
	ServerSide Side = 1
)

// Conn is one TCP connection as seen on the wire.
type Conn struct {
	Client netip.AddrPort // the end that sent the first SYN
	Server netip.AddrPort
	// SawSYN: the capture holds the connection's start. Without it the
	// connection was already open when the capture began.
	SawSYN   bool
	SYNs     int       // SYNs seen (more than one: retransmitted)
	FirstSYN time.Time // zero without SawSYN
	LastSYN  time.Time
	SYNACK   time.Time // zero when none was seen
	// HandshakeACK is the client's ACK that completed the handshake: from
	// the SYN to it is one round trip, whichever side was captured.
	HandshakeACK time.Time
	// Established: the three-way handshake completed or payload flowed.
	Established bool
	RST         time.Time // first reset seen
	RSTFrom     Side
	FIN         time.Time // first FIN seen
	FINFrom     Side      // who sent it
	// Unreachable is the first ICMP/ICMPv6 destination-unreachable that
	// quoted a segment of this connection, and its words.
	Unreachable     time.Time
	UnreachableText string
	FirstSeen       time.Time
	LastSeen        time.Time
	Payload         [2]int64 // payload bytes sent by the client and by the server
	Segments        [2]int64
}

// Control is an FTP control connection: its TCP connection and the
// conversation on it.
type Control struct {
	*Conn
	// Lines are the conversation, in the order its lines completed;
	// the argument of PASS and ACCT is redacted.
	Lines []Line
	// Opaque is when the channel stopped being readable (a TLS record after
	// AUTH, or from the first byte); zero while it stayed plaintext.
	Opaque time.Time
	// OpaqueBytes counts the payload that followed, per side.
	OpaqueBytes [2]int64
	// ServerTimes are when the server's encrypted segments came (the first
	// maxServerTimes): its replies cannot be read, but they are timed, and
	// a data connection right after one follows a 227/229.
	ServerTimes []time.Time
	// Gaps are the stretches of the conversation missing from the capture
	// (segments never captured, or cut by the snap length).
	Gaps []Gap
	// Truncated: the control-byte budget ran out and the rest was not
	// kept.
	Truncated bool

	state *ctlState
}

// Line is one line of a control conversation.
type Line struct {
	T    time.Time
	From Side   // ClientSide: a command; ServerSide: a reply line
	Text string // without CRLF, bounded in length; PASS redacted
}

// Gap is a missing stretch of one side of a control conversation.
type Gap struct {
	T     time.Time
	From  Side
	Bytes int64
}

// Reach is the outcome of the connection attempt as seen on the wire, as
// of end (the capture's last packet): handshake → open, reset answering
// the SYN → refused, ICMP unreachable → unreachable, SYNs left
// unanswered for at least silence → filtered; not_tested when the capture
// ended too soon to tell.
func (c *Conn) Reach(end time.Time, silence time.Duration) diagnosis.Reach {
	switch {
	case c.Established || !c.SYNACK.IsZero():
		return diagnosis.ReachOpen
	case !c.RST.IsZero() && c.RSTFrom == ServerSide:
		return diagnosis.ReachRefused
	case !c.Unreachable.IsZero():
		return diagnosis.ReachUnreachable
	case !c.SawSYN:
		return diagnosis.ReachNotTested
	case c.SYNs > 1 || end.Sub(c.FirstSYN) >= silence:
		return diagnosis.ReachFiltered
	}
	return diagnosis.ReachNotTested
}
