package capture

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ftpnat/ftpnat/probe/diagnosis"
)

// maxPaths bounds the control connections of one server turned into paths.
const maxPaths = 64

// Servers are the FTP servers whose control connections the capture
// holds, the one with the most connections first.
func Servers(c *Capture) []netip.AddrPort {
	count := map[netip.AddrPort]int{}
	var out []netip.AddrPort
	for _, ctl := range c.Controls {
		if count[ctl.Server] == 0 {
			out = append(out, ctl.Server)
		}
		count[ctl.Server]++
	}
	slices.SortStableFunc(out, func(a, b netip.AddrPort) int { return cmp.Compare(count[b], count[a]) })
	return out
}

// Facts builds the facts of the capture's main server (the first of
// Servers): one path per control connection to it.
func Facts(c *Capture) diagnosis.Facts {
	var server netip.AddrPort
	if s := Servers(c); len(s) > 0 {
		server = s[0]
	}
	return FactsFor(c, server, DefaultSilence)
}

// FactsFor builds the facts of one server's control connections: what the
// live engine would have recorded had it been the client, as far as the
// wire shows it. silence is how long an unanswered SYN must wait, within
// the capture, to count as filtered.
func FactsFor(c *Capture, server netip.AddrPort, silence time.Duration) diagnosis.Facts {
	if silence <= 0 {
		silence = DefaultSilence
	}
	f := diagnosis.Facts{
		Host:    server.Addr().String(),
		Port:    int(server.Port()),
		TLSMode: diagnosis.TLSOff,
		Now:     c.First,
		Source:  &diagnosis.Source{Kind: diagnosis.SourceCapture},
	}
	for _, file := range c.Files {
		f.Source.Files = append(f.Source.Files, file.Name)
	}
	if server.IsValid() {
		f.Addresses = []netip.Addr{server.Addr()}
	} else {
		f.Host = "" // no FTP server in the capture
	}
	b := builder{c: c, silence: silence, used: map[*Conn]bool{}}
	var opaque, active, passive bool
	for _, ctl := range c.Controls {
		if ctl.Server != server {
			continue
		}
		if len(f.Paths) == maxPaths {
			f.Source.Notes = append(f.Source.Notes, fmt.Sprintf("only the first %d control connections to %s were diagnosed", maxPaths, server))
			break
		}
		p := b.path(ctl)
		if p.Transport.Secure() {
			f.TLSMode = diagnosis.TLSExplicit
			if p.Transport == diagnosis.TransportImplicitTLS {
				f.TLSMode = diagnosis.TLSImplicit
			}
		}
		if f.User == "" && p.UserReply != nil {
			f.User = b.user
		}
		if rtt := handshakeRTT(ctl.Conn); rtt > 0 && (f.Timing.ControlRTT == 0 || rtt < f.Timing.ControlRTT) {
			f.Timing.ControlRTT = rtt
		}
		opaque = opaque || !ctl.Opaque.IsZero()
		active = active || p.Active != nil
		passive = passive || len(p.PASV)+len(p.EPSV) > 0
		f.Paths = append(f.Paths, p)
	}
	f.Source.Unseen = unseen(opaque, active, passive)
	if len(f.Paths) > 0 {
		f.Source.Side, f.Source.SideWhy = diagnosis.CaptureSide(f.Paths[0].Local.Addr(), server.Addr())
	}
	if f.Source.Side == diagnosis.SideServer {
		f.Source.Unseen = append(f.Source.Unseen,
			"taken on the server's side of its NAT: the address clients dialled, what the device rewrote, and the connection attempts it stopped before they reached the server (capture the client's side too and give both files)")
		if ports := undialled(f.Paths); len(ports) > 0 {
			f.Source.Notes = append(f.Source.Notes, fmt.Sprintf(
				"no connection reached this side for %d passive port(s) the server named (%s): the client may not have tried them, or the NAT or a firewall in front of the server stopped them; the client's side shows which",
				len(ports), diagnosis.FormatSpans(diagnosis.SpansOf(ports))))
		}
	}
	f.Source.Notes = append(f.Source.Notes, notes(c, server)...)
	return f
}

// undialled are the ports of the usable passive replies no data
// connection in the capture went to.
func undialled(paths []diagnosis.Path) []int {
	var out []int
	for _, p := range paths {
		for _, ss := range [][]diagnosis.PassiveSample{p.PASV, p.EPSV} {
			for _, s := range ss {
				if s.Usable() && s.Peer.Reach == diagnosis.ReachNotTested && !slices.Contains(out, int(s.Port)) {
					out = append(out, int(s.Port))
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// handshakeRTT is the round trip of a connection's handshake: SYN to the
// ACK that completed it, the same on either side of the path; 0 when the
// capture does not hold the whole handshake.
func handshakeRTT(c *Conn) time.Duration {
	if !c.SawSYN || c.HandshakeACK.IsZero() || c.SYNs != 1 {
		return 0
	}
	return c.HandshakeACK.Sub(c.FirstSYN)
}

// unseen says what a capture cannot show.
func unseen(opaque, active, passive bool) []string {
	out := []string{
		"only what the client in the capture tried: commands, modes and transports it did not use were not tested",
		"whether a data port that nobody dialled in the capture is open",
		"the standard-client check, the TLS certificate's verification and the server's full passive range",
	}
	if opaque {
		out = append(out, "the commands and replies after AUTH TLS: the control channel is encrypted from there, so only the data connections' ports and outcomes show")
	}
	if !passive {
		out = append(out, "passive mode: no PASV or EPSV reply was seen")
	}
	if !active {
		out = append(out, "active mode: no PORT or EPRT was seen")
	}
	return out
}

// notes are the capture's warnings that bear on the server's facts.
func notes(c *Capture, server netip.AddrPort) []string {
	var out []string
	for _, file := range c.Files {
		if file.Error != "" {
			out = append(out, file.Name+": "+file.Error+"; the diagnosis uses the packets before it")
		}
	}
	for _, ctl := range c.Controls {
		if ctl.Server != server {
			continue
		}
		var missing int64
		for _, g := range ctl.Gaps {
			missing += g.Bytes
		}
		if missing > 0 {
			out = append(out, fmt.Sprintf("control connection %s → %s: %d bytes of it are missing from the capture", ctl.Client, ctl.Server, missing))
		}
		if ctl.Truncated {
			out = append(out, fmt.Sprintf("control connection %s → %s: not read to its end (size bound)", ctl.Client, ctl.Server))
		}
	}
	if c.Cut > 0 {
		out = append(out, fmt.Sprintf("%d segments were cut by the capture's snap length", c.Cut))
	}
	for _, w := range c.Warnings {
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	if others := Servers(c); len(others) > 1 {
		var names []string
		for _, s := range others {
			if s != server {
				names = append(names, s.String())
			}
		}
		out = append(out, "the capture also holds FTP control connections to "+strings.Join(names, ", ")+" (pick one with --server)")
	}
	return out
}

// builder turns control connections into paths, matching each passive
// reply and PORT/EPRT with the data connection that followed it.
type builder struct {
	c       *Capture
	silence time.Duration
	used    map[*Conn]bool
	user    string
	// lastData is the data connection of the last PASV/EPSV/PORT/EPRT.
	lastData *Conn
}

// dial is the connection attempt as a Dial.
func (b *builder) dial(c *Conn) diagnosis.Dial {
	d := diagnosis.Dial{Address: c.Server, Reach: c.Reach(b.c.Last, b.silence)}
	switch d.Reach {
	case diagnosis.ReachOpen:
		if c.SawSYN && !c.SYNACK.IsZero() {
			d.Duration = c.SYNACK.Sub(c.FirstSYN)
		}
	case diagnosis.ReachRefused:
		d.Duration = c.RST.Sub(c.FirstSYN)
		d.Error = "connection refused (a reset answered the SYN)"
	case diagnosis.ReachUnreachable:
		d.Duration = c.Unreachable.Sub(c.FirstSYN)
		d.Error = c.UnreachableText
	case diagnosis.ReachFiltered:
		// Unanswered for as long as the capture ran on, but no client
		// waits longer than Linux's connect (127 s with tcp_syn_retries 6).
		d.Duration = min(b.c.Last.Sub(c.FirstSYN), 127*time.Second)
		d.Error = fmt.Sprintf("no answer to %d SYN(s) in the %s the capture ran on", c.SYNs, diagnosis.FormatDuration(d.Duration))
	case diagnosis.ReachNotTested:
		d.Error = "the capture ended before the SYN could be answered"
	}
	return d
}

// dataConn is the first unused connection after t from the control
// connection's client to port at one of addrs.
func (b *builder) dataConn(from netip.Addr, addrs []netip.Addr, port uint16, t time.Time) *Conn {
	for _, c := range b.c.Conns {
		if b.used[c] || c.Server.Port() != port || c.Client.Addr() != from || c.FirstSeen.Before(t.Add(-time.Millisecond)) {
			continue
		}
		if slices.Contains(addrs, c.Server.Addr()) {
			b.used[c] = true
			return c
		}
	}
	return nil
}

// connectBack is the first unused connection after t from the server's
// address to the port a PORT/EPRT named.
func (b *builder) connectBack(server netip.Addr, to netip.AddrPort, t time.Time) *Conn {
	for _, c := range b.c.Conns {
		if b.used[c] || c.Client.Addr() != server || c.Server.Port() != to.Port() || c.FirstSeen.Before(t.Add(-time.Millisecond)) {
			continue
		}
		b.used[c] = true
		return c
	}
	return nil
}

// path builds the path of one control connection.
func (b *builder) path(ctl *Control) diagnosis.Path {
	peer := ctl.Server.Addr()
	p := diagnosis.Path{
		PathID: diagnosis.PathID{Family: diagnosis.FamilyOf(peer), Address: peer, Transport: diagnosis.TransportPlain},
		Local:  ctl.Client,
	}
	p.Control = b.dial(ctl.Conn)
	if !ctl.SawSYN {
		// Open before the capture began: it was reached.
		p.Control = diagnosis.Dial{Address: ctl.Server, Reach: diagnosis.ReachOpen}
	}
	cv := converse(ctl.Lines)
	p.Greeting = cv.Greeting
	p.UnexpectedReplies = cv.Unexpected
	if len(ctl.Lines) == 0 && !ctl.Opaque.IsZero() {
		p.Transport = diagnosis.TransportImplicitTLS
		p.TLS = &diagnosis.TLSFacts{Offered: true}
	}
	if p.Greeting == nil && ctl.SawSYN && p.Connected() && p.TLS == nil && len(cv.Exchanges) == 0 {
		p.GreetingError = "no greeting in the capture"
		if !ctl.RST.IsZero() || !ctl.FIN.IsZero() {
			p.GreetingError = "the connection closed without a greeting"
		}
	}
	var lastPassive *diagnosis.PassiveSample
	var lastActive *diagnosis.ActiveTest
	var lastConn *Conn
	for i := range cv.Exchanges {
		e := &cv.Exchanges[i]
		r := e.Final()
		switch e.Verb {
		case "USER":
			p.UserReply = r
			if b.user == "" {
				b.user = e.Arg
			}
			if r != nil && r.Code == 230 {
				p.LoggedIn = true
			}
		case "PASS":
			p.PassReply = r
			if r != nil && r.Code == 230 {
				p.LoggedIn = true
			}
		case "FEAT":
			if r != nil {
				p.Feat = r
				if r.Code == 211 {
					feat := diagnosis.ParseFEAT(*r)
					p.Features = &feat
				}
			}
		case "SYST":
			if r != nil {
				p.Syst = r
				syst := diagnosis.ParseSYST(*r)
				p.SystInfo = &syst
			}
		case "PWD", "XPWD":
			if r != nil {
				p.Pwd = r
				p.Dir, _ = diagnosis.ParsePWD(*r)
			}
		case "STAT":
			if e.Arg == "" && r != nil {
				p.Stat = r
			}
		case "HELP":
			if r != nil {
				p.Help = r
			}
		case "TYPE":
			if strings.EqualFold(strings.TrimSpace(e.Arg), "I") && r != nil {
				p.TypeI = r
			}
		case "AUTH":
			if p.TLS == nil {
				p.TLS = &diagnosis.TLSFacts{AuthCommand: e.Line}
			}
			p.TLS.AuthReplies = append(p.TLS.AuthReplies, e.Replies...)
			if r != nil && r.Code == 234 {
				p.TLS.Offered = true
				p.Transport = diagnosis.TransportExplicitTLS
				if ctl.Opaque.IsZero() {
					p.TLS.HandshakeError = "no TLS handshake followed in the capture"
				}
			}
		case "PBSZ":
			if p.TLS != nil {
				p.TLS.PBSZ = r
			}
		case "PROT":
			if p.TLS != nil {
				p.TLS.PROT = r
			}
		case "PASV", "EPSV":
			s := b.passive(ctl, e)
			if e.Verb == "PASV" {
				p.PASV = append(p.PASV, s)
				lastPassive = &p.PASV[len(p.PASV)-1]
			} else {
				p.EPSV = append(p.EPSV, s)
				lastPassive = &p.EPSV[len(p.EPSV)-1]
			}
			lastActive, lastConn = nil, b.lastData
		case "PORT", "EPRT":
			if p.Active == nil {
				p.Active = &diagnosis.ActiveFacts{Tested: true}
			}
			t := b.activeTest(ctl, e)
			if !p.Active.Advertise.IsValid() {
				p.Active.Advertise = t.Listener.Addr()
			}
			if e.Verb == "PORT" && p.Active.PORT == nil {
				p.Active.PORT = t
				lastActive = t
			} else if e.Verb == "EPRT" && p.Active.EPRT == nil {
				p.Active.EPRT = t
				lastActive = t
			} else {
				lastActive = nil
			}
			lastPassive, lastConn = nil, b.lastData
		case "LIST", "NLST", "MLSD", "RETR", "STOR", "STOU", "APPE":
			switch {
			case lastActive != nil:
				b.finishActive(lastActive, e)
				lastActive = nil
			case lastPassive != nil && p.Transfer == nil:
				p.Transfer = b.transfer(lastPassive, lastConn, e)
				lastPassive = nil
			}
		}
	}
	if p.TLS != nil && p.TLS.Offered && !ctl.Opaque.IsZero() {
		p.TLS.Opaque = true
	}
	if se := sessionError(ctl, cv); se != nil && p.Connected() {
		p.SessionError = se
	}
	return p
}

// passive builds a passive sample and finds its data connection.
func (b *builder) passive(ctl *Control, e *Exchange) diagnosis.PassiveSample {
	s := diagnosis.PassiveSample{Command: e.Verb}
	b.lastData = nil
	r := e.Final()
	if r == nil {
		s.Error = "no reply in the capture"
		return s
	}
	s.Reply = *r
	peer := ctl.Server.Addr()
	switch {
	case e.Verb == "PASV" && r.Code == 227:
		s.Accepted = true
		pv, err := diagnosis.ParsePASV(*r)
		if err != nil {
			s.Error = err.Error()
			return s
		}
		s.Address, s.Port, s.Standard, s.Format = pv.Addr, pv.Port, pv.Standard, pv.Format
		s.Class = diagnosis.ClassifyAddr(pv.Addr)
	case e.Verb == "EPSV" && r.Code == 229:
		s.Accepted = true
		ev, err := diagnosis.ParseEPSV(*r)
		if err != nil {
			s.Error = err.Error()
			return s
		}
		s.Address, s.Port, s.Standard, s.Format = peer, ev.Port, ev.Standard, ev.Format
		s.Class = diagnosis.ClassifyAddr(peer)
	default:
		return s
	}
	s.Peer = diagnosis.Dial{Address: netip.AddrPortFrom(peer, s.Port), Reach: diagnosis.ReachNotTested,
		Error: "the client in the capture did not connect to it"}
	c := b.dataConn(ctl.Client.Addr(), []netip.Addr{peer, s.Address}, s.Port, e.Done)
	if c == nil {
		return s
	}
	b.lastData = c
	d := b.dial(c)
	if c.Server.Addr() == peer {
		s.Peer = d
		if s.Address == peer {
			// As the live engine records it: the advertised endpoint is
			// the one dialled.
			adv := d
			s.Advertised = &adv
		}
	} else {
		s.Peer.Error = "the client dialled the advertised address " + s.Address.String() + " instead"
		s.Advertised = &d
	}
	return s
}

// transfer is the listing or transfer over the last passive sample.
func (b *builder) transfer(s *diagnosis.PassiveSample, c *Conn, e *Exchange) *diagnosis.Transfer {
	t := &diagnosis.Transfer{Command: e.Verb, Via: s.Command, Replies: e.Replies,
		Endpoint: netip.AddrPortFrom(s.Peer.Address.Addr(), s.Port)}
	if c != nil {
		t.Endpoint = c.Server
		t.Connected = c.Reach(b.c.Last, b.silence) == diagnosis.ReachOpen
		side := ServerSide
		if e.Verb == "STOR" || e.Verb == "STOU" || e.Verb == "APPE" {
			side = ClientSide
		}
		t.Bytes = c.Payload[side]
		if !c.LastSeen.IsZero() && !c.FirstSeen.IsZero() {
			t.Duration = c.LastSeen.Sub(c.FirstSeen)
		}
	}
	r := e.Final()
	t.OK = r != nil && (r.Code == 226 || r.Code == 250) && t.Connected
	if t.OK {
		return t
	}
	switch {
	case !t.Connected:
		t.Stage = diagnosis.StageConnect
		t.Error = "the data connection did not open"
	case r == nil:
		t.Stage = diagnosis.StageControl
		t.Error = "no final reply in the capture"
	case len(e.Replies) == 1 && r.Class() >= 4:
		t.Stage = diagnosis.StageCommand
		t.Error = diagnosis.FirstLine(*r)
	default:
		t.Stage = diagnosis.StageFinal
		t.Error = diagnosis.FirstLine(*r)
	}
	return t
}

// activeTest is one PORT or EPRT and the server's connection back.
func (b *builder) activeTest(ctl *Control, e *Exchange) *diagnosis.ActiveTest {
	t := &diagnosis.ActiveTest{Command: e.Verb, Sent: e.Line}
	b.lastData = nil
	if e.Verb == "PORT" {
		t.Listener, _ = parsePORT(e.Arg)
	} else {
		t.Listener, _ = parseEPRT(e.Arg)
	}
	if r := e.Final(); r != nil {
		t.Reply = *r
		t.Accepted = r.Code == 200
	} else {
		t.Error = "no reply in the capture"
		return t
	}
	if !t.Accepted {
		t.Error = diagnosis.FirstLine(t.Reply)
		return t
	}
	if c := b.connectBack(ctl.Server.Addr(), t.Listener, e.Done); c != nil {
		b.lastData = c
		t.From = c.Client
		reach := c.Reach(b.c.Last, b.silence)
		t.Connected = reach == diagnosis.ReachOpen
		t.Bytes = c.Payload[ServerSide] + c.Payload[ClientSide]
		if !t.Connected {
			t.Error = connectBackWords(c, reach)
		}
	}
	return t
}

// connectBackWords says what became of a connection back that the
// capture holds but that never opened.
func connectBackWords(c *Conn, reach diagnosis.Reach) string {
	head := fmt.Sprintf("the server's connection back %s → %s is in the capture: %d SYN(s)", c.Client, c.Server, c.SYNs)
	switch reach {
	case diagnosis.ReachRefused:
		return head + ", answered by a reset (refused): nothing listened, or a firewall rejected it"
	case diagnosis.ReachUnreachable:
		return head + ", answered by ICMP: " + c.UnreachableText
	case diagnosis.ReachFiltered:
		return head + ", never answered (filtered): a firewall drops it"
	}
	return head + ", unanswered when the capture ended"
}

// finishActive completes an active test with its listing's replies.
func (b *builder) finishActive(t *diagnosis.ActiveTest, e *Exchange) {
	t.ListReplies = e.Replies
	r := e.Final()
	t.OK = t.Connected && r != nil && (r.Code == 226 || r.Code == 250)
	if !t.OK && t.Error == "" {
		if !t.Connected {
			t.Error = "the server never connected back in the capture"
		} else if r != nil {
			t.Error = diagnosis.FirstLine(*r)
		}
	}
	if !e.Done.IsZero() {
		t.Duration = e.Done.Sub(e.Sent)
	}
}

// sessionError: the connection ended (reset or closed) while a command
// still waited for its reply.
func sessionError(ctl *Control, cv Conversation) *diagnosis.SessionError {
	if len(cv.Exchanges) == 0 || !ctl.Opaque.IsZero() || ctl.Truncated {
		return nil
	}
	last := cv.Exchanges[len(cv.Exchanges)-1]
	if last.Final() != nil || (last.Verb == "QUIT") {
		return nil
	}
	if ctl.RST.IsZero() && !ctl.FIN.IsZero() && ctl.FINFrom == ClientSide && waitsForData(last.Verb) {
		// The client gave up while the server still waited for the data
		// connection (an active-mode connection back that never got
		// through): that is the data connection's failure, in its own
		// facts, not a broken session.
		return nil
	}
	se := &diagnosis.SessionError{Step: "capture", Command: last.Verb, Kind: diagnosis.ErrKindTimeout,
		Error: "no reply to " + last.Verb + " in the capture"}
	if !ctl.RST.IsZero() {
		se.Kind, se.Error = diagnosis.ErrKindClosed, "the connection was reset with "+last.Verb+" unanswered"
	} else if !ctl.FIN.IsZero() {
		se.Kind, se.Error = diagnosis.ErrKindClosed, "the connection closed with "+last.Verb+" unanswered"
	}
	return se
}

// waitsForData: the server answers the command only once its data
// connection is made (or given up).
func waitsForData(verb string) bool {
	switch verb {
	case "LIST", "NLST", "MLSD", "RETR", "STOR", "STOU", "APPE":
		return true
	}
	return false
}

// parsePORT parses "h1,h2,h3,h4,p1,p2".
func parsePORT(arg string) (netip.AddrPort, bool) {
	parts := strings.Split(strings.TrimSpace(arg), ",")
	if len(parts) != 6 {
		return netip.AddrPort{}, false
	}
	var n [6]byte
	for i, s := range parts {
		v, err := strconv.ParseUint(strings.TrimSpace(s), 10, 8)
		if err != nil {
			return netip.AddrPort{}, false
		}
		n[i] = byte(v)
	}
	return netip.AddrPortFrom(netip.AddrFrom4([4]byte(n[:4])), uint16(n[4])<<8|uint16(n[5])), true
}

// parseEPRT parses "|1|addr|port|" with any delimiter.
func parseEPRT(arg string) (netip.AddrPort, bool) {
	arg = strings.TrimSpace(arg)
	if len(arg) < 7 {
		return netip.AddrPort{}, false
	}
	parts := strings.Split(arg[1:], arg[:1])
	if len(parts) < 3 {
		return netip.AddrPort{}, false
	}
	a, err := netip.ParseAddr(parts[1])
	if err != nil {
		return netip.AddrPort{}, false
	}
	port, err := strconv.ParseUint(parts[2], 10, 16)
	if err != nil {
		return netip.AddrPort{}, false
	}
	return netip.AddrPortFrom(a, uint16(port)), true
}
