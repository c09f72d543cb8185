package report

import (
	"net/netip"

	"github.com/ftpnat/ftpnat/probe"
)

// Active describes the active-mode test (--active). Without it Tested is
// false and every other field keeps its zero value.
type Active struct {
	Tested    bool          `json:"tested"`
	Advertise string        `json:"advertise"` // the address PORT/EPRT named; "" when not tested
	Port      ActiveCommand `json:"port"`
	EPRT      ActiveCommand `json:"eprt"`
}

// ActiveCommand is one PORT or EPRT attempt. Command is "" when the
// attempt was not made (EPRT only over IPv6, or the session gave out).
type ActiveCommand struct {
	Command     string   `json:"command"`      // PORT | EPRT
	Sent        string   `json:"sent"`         // the command line as sent
	Listener    string   `json:"listener"`     // ftpnat's own listener for this attempt, "address:port"
	Endpoint    string   `json:"endpoint"`     // "address:port" the command named: advertise and the listener's port
	Reply       string   `json:"reply"`        // raw reply lines joined by "\n"
	Accepted    bool     `json:"accepted"`     // 200
	ListReplies []string `json:"list_replies"` // replies to the listing command
	Connected   bool     `json:"connected"`    // the server connected back
	From        string   `json:"from"`         // "address:port" the server connected from
	Bytes       int64    `json:"bytes"`        // listing bytes received
	OK          bool     `json:"ok"`           // data arrived and the server confirmed the transfer
	Error       string   `json:"error"`
	ServerSees  string   `json:"server_sees"` // the client address the refusal names (Pure-FTPd)
	DurationMS  int64    `json:"duration_ms"`
}

func buildActive(a *probe.ActiveFacts) Active {
	if a == nil {
		return Active{Port: buildActiveCommand(nil, netip.Addr{}), EPRT: buildActiveCommand(nil, netip.Addr{})}
	}
	return Active{
		Tested:    a.Tested,
		Advertise: addrString(a.Advertise),
		Port:      buildActiveCommand(a.PORT, a.Advertise),
		EPRT:      buildActiveCommand(a.EPRT, a.Advertise),
	}
}

func buildActiveCommand(t *probe.ActiveTest, advertise netip.Addr) ActiveCommand {
	if t == nil {
		return ActiveCommand{ListReplies: []string{}}
	}
	return ActiveCommand{
		Command: t.Command, Sent: t.Sent, Listener: addrPortString(t.Listener),
		Endpoint: addrPortString(namedEndpoint(advertise, t)),
		Reply:    t.Reply.Raw(), Accepted: t.Accepted,
		ListReplies: mapSlice(t.ListReplies, probe.Reply.Raw),
		Connected:   t.Connected, From: addrPortString(t.From), Bytes: t.Bytes, OK: t.OK, Error: t.Error,
		ServerSees: addrString(t.ServerSees), DurationMS: t.Duration.Milliseconds(),
	}
}

// namedEndpoint is the endpoint PORT/EPRT named: the advertised address
// with the port of the attempt's own listener (the listener itself is
// bound to a local address, which behind NAT is another one).
func namedEndpoint(advertise netip.Addr, t *probe.ActiveTest) netip.AddrPort {
	if !advertise.IsValid() || t.Listener.Port() == 0 || t.Sent == "" {
		return netip.AddrPort{}
	}
	return netip.AddrPortFrom(advertise, t.Listener.Port())
}

func addrPortString(ap netip.AddrPort) string {
	if !ap.IsValid() {
		return ""
	}
	return ap.String()
}
