package pcapsynth

import (
	"fmt"
	"net/netip"
	"time"
)

// Scenario is an FTP session to write.
type Scenario string

const (
	// Healthy: login, PASV to the public address, the listing arrives.
	Healthy Scenario = "healthy"
	// PrivateDropped: PASV advertises a private address and the data
	// port's SYNs go unanswered; LIST fails with 425.
	PrivateDropped Scenario = "private-dropped"
	// Refused: PASV to the public address, the data port answers with a
	// reset.
	Refused Scenario = "refused"
	// Unreachable: the data SYN draws an ICMP administratively prohibited.
	Unreachable Scenario = "unreachable"
	// AuthTLS: AUTH TLS accepted, then TLS records only.
	AuthTLS Scenario = "auth-tls"
	// ActiveNoConnect: PORT accepted, the server never connects back.
	ActiveNoConnect Scenario = "active-no-connect"
)

// Scenarios are all of them.
var Scenarios = []Scenario{Healthy, PrivateDropped, Refused, Unreachable, AuthTLS, ActiveNoConnect}

// Password is the password every scenario logs in with: it must never
// appear in any output.
const Password = "Hunter2-s3cret"

// Addresses of the scenarios for a family.
func Addresses(v6 bool) (client, server, private netip.Addr) {
	if v6 {
		return netip.MustParseAddr("2001:db8:1::2"), netip.MustParseAddr("2001:db8:2::10"), netip.MustParseAddr("fd00::10")
	}
	return netip.MustParseAddr("203.0.113.2"), netip.MustParseAddr("198.51.100.10"), netip.MustParseAddr("192.168.1.10")
}

// WriteFTP writes one scenario's session.
func WriteFTP(w *Writer, sc Scenario, v6 bool) error {
	client, server, private := Addresses(v6)
	ctl := w.NewConn(netip.AddrPortFrom(client, 40000), netip.AddrPortFrom(server, 21))
	steps := []func() error{
		ctl.Handshake,
		say(ctl, false, "220 (vsFTPd 3.0.5)\r\n"),
	}
	if sc == AuthTLS {
		steps = append(steps,
			say(ctl, true, "AUTH TLS\r\n"),
			say(ctl, false, "234 Proceed with negotiation.\r\n"),
			say(ctl, true, "\x16\x03\x01\x00\x05hello"),
			say(ctl, false, "\x16\x03\x03\x00\x05world"),
			say(ctl, true, "\x17\x03\x03\x00\x10encrypted-passw"),
		)
		// A data connection under TLS that nobody answers.
		data := w.NewConn(netip.AddrPortFrom(client, 40001), netip.AddrPortFrom(server, 30001))
		steps = append(steps, data.SYN, advance(w, time.Second), data.SYN, advance(w, 2*time.Second), ctl.Close)
		return run(steps)
	}
	steps = append(steps,
		say(ctl, true, "USER anonymous\r\n"),
		say(ctl, false, "331 Please specify the password.\r\n"),
		say(ctl, true, "PASS "+Password+"\r\n"),
		say(ctl, false, "230 Login successful.\r\n"),
		say(ctl, true, "SYST\r\n"),
		say(ctl, false, "215 UNIX Type: L8\r\n"),
		say(ctl, true, "FEAT\r\n"),
		say(ctl, false, "211-Features:\r\n EPSV\r\n PASV\r\n UTF8\r\n211 End\r\n"),
		say(ctl, true, "PWD\r\n"),
		say(ctl, false, "257 \"/\" is the current directory\r\n"),
	)
	if sc == ActiveNoConnect {
		h := client.As4()
		steps = append(steps,
			say(ctl, true, fmt.Sprintf("PORT %d,%d,%d,%d,156,64\r\n", h[0], h[1], h[2], h[3])),
			say(ctl, false, "200 PORT command successful. Consider using PASV.\r\n"),
			say(ctl, true, "LIST\r\n"),
			advance(w, 3*time.Second),
			say(ctl, false, "425 Failed to establish connection.\r\n"),
			say(ctl, true, "QUIT\r\n"),
			say(ctl, false, "221 Goodbye.\r\n"),
			ctl.Close)
		return run(steps)
	}
	adv := server
	if sc == PrivateDropped {
		adv = private
	}
	const port = 30000
	if v6 {
		steps = append(steps,
			say(ctl, true, "EPSV\r\n"),
			say(ctl, false, fmt.Sprintf("229 Entering Extended Passive Mode (|||%d|)\r\n", port)))
	} else {
		a := adv.As4()
		steps = append(steps,
			say(ctl, true, "PASV\r\n"),
			say(ctl, false, fmt.Sprintf("227 Entering Passive Mode (%d,%d,%d,%d,%d,%d).\r\n", a[0], a[1], a[2], a[3], port>>8, port&0xff)))
	}
	data := w.NewConn(netip.AddrPortFrom(client, 40002), netip.AddrPortFrom(server, port))
	switch sc {
	case Healthy:
		steps = append(steps,
			data.Handshake,
			say(ctl, true, "LIST\r\n"),
			say(ctl, false, "150 Here comes the directory listing.\r\n"),
			func() error { return data.Data(4000) },
			data.Close,
			say(ctl, false, "226 Directory send OK.\r\n"))
	case PrivateDropped:
		steps = append(steps, data.SYN, advance(w, time.Second), data.SYN, advance(w, 2*time.Second),
			say(ctl, true, "LIST\r\n"),
			say(ctl, false, "425 Failed to establish connection.\r\n"))
	case Refused:
		steps = append(steps, data.SYN, data.Refuse,
			say(ctl, true, "LIST\r\n"),
			say(ctl, false, "425 Failed to establish connection.\r\n"))
	case Unreachable:
		router := netip.MustParseAddr("198.51.100.1")
		if v6 {
			router = netip.MustParseAddr("2001:db8:2::1")
		}
		steps = append(steps, data.SYN,
			func() error { return w.Unreachable(router, data.Client, data.Server, 1000) },
			say(ctl, true, "LIST\r\n"),
			say(ctl, false, "425 Failed to establish connection.\r\n"))
	}
	steps = append(steps,
		say(ctl, true, "QUIT\r\n"),
		say(ctl, false, "221 Goodbye.\r\n"),
		ctl.Close)
	return run(steps)
}

func say(c *Conn, client bool, s string) func() error {
	return func() error {
		c.W.Advance(time.Millisecond)
		if client {
			return c.ClientSays(s)
		}
		return c.ServerSays(s)
	}
}

func advance(w *Writer, d time.Duration) func() error {
	return func() error { w.Advance(d); return nil }
}

func run(steps []func() error) error {
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	return nil
}
