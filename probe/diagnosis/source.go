package diagnosis

import (
	"fmt"
	"net/netip"
)

// Source says where a diagnosis's facts came from when it was not a live
// run: packet captures read offline.
type Source struct {
	Kind  string   // SourceCapture
	Files []string // the capture files, as named
	// Side is where the capture was taken relative to the NAT or firewall
	// in front of the server: SideClient, SideServer, or "" when the
	// capture does not show it (CaptureSide).
	Side string
	// SideWhy says how the side shows, in words; empty when Side is.
	SideWhy string
	// Unseen are the things the source cannot show, in words: what the
	// client never tried, whether a port nobody dialled is open, …
	Unseen []string
	// Notes are what was lost or doubtful while reading it (truncated file,
	// gaps, connections dropped to stay in bounds).
	Notes []string
}

// SourceCapture marks facts read from packet captures.
const SourceCapture = "capture"

// Sides of a capture (Source.Side).
const (
	// SideClient: taken where the client's packets leave, before any NAT
	// in front of the server: the addresses are those the client used.
	SideClient = "client"
	// SideServer: taken behind the NAT in front of the server: the
	// control connections reach the server's own address, not the one
	// clients dialled.
	SideServer = "server"
)

// CaptureSide decides from a control connection's two ends which side of
// the NAT in front of the server the capture was taken on. A client with
// an internet address reaching a private server address can only have
// been seen behind a destination NAT (port forwarding): the server's side.
// A client with a private address reaching an internet address was seen
// before its packets crossed a NAT: the client's side. Otherwise (both
// private: a client inside the server's network; both public: no NAT
// between them, or one the addresses do not reveal) the capture does not
// say, and "" is returned. why says how it shows.
func CaptureSide(client, server netip.Addr) (side, why string) {
	cc, sc := ClassifyAddr(client.Unmap()), ClassifyAddr(server.Unmap())
	switch {
	case !client.IsValid() || !server.IsValid():
		return "", ""
	case cc.Routable() && !sc.Routable() && sc != ClassLoopback:
		return SideServer, fmt.Sprintf("the control connection came from %s, an internet address, to the server's %s address %s: the capture was taken behind the NAT in front of the server, and the address clients dialled is not in it", client, sc, server)
	case !cc.Routable() && cc != ClassLoopback && sc.Routable():
		return SideClient, fmt.Sprintf("the control connection left the %s address %s for %s, an internet address: the capture was taken on the client's side", cc, client, server)
	}
	return "", ""
}

// serverSide: the facts are a capture taken on the server's side.
func serverSide(f Facts) bool {
	return f.Source != nil && f.Source.Side == SideServer
}
