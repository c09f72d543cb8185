package capture

import (
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/ftpnat/ftpnat/probe/diagnosis"
)

// Bounds of the two-sided match.
const (
	// sideTolerance is how far apart the two sides may see one
	// connection's first SYN, once their clocks are aligned.
	sideTolerance = 2 * time.Second
	// maxSideConns bounds the connections of each side that are matched:
	// the match compares pairs, so it stays quadratic in at most this.
	maxSideConns = 4096
	// signatureLines is how many of a control conversation's first
	// commands tell it from others.
	signatureLines = 8
	// maxCandidates bounds the pairs considered by one match (memory:
	// 32 bytes each); beyond it the later pairs are left out.
	maxCandidates = 1 << 18
	// minControlScore is the least evidence that two control connections
	// are one: e.g. the same source port, or the same commands and bytes.
	minControlScore = 4
)

// Middlebox matches two captures of one run, near is taken on the FTP
// client's side of a NAT or firewall and far on the server's side, and
// says what the device between them did: how it mapped the control
// connections, which control lines it rewrote, which connection attempts
// it dropped, and which data connections it let through. The captures are
// matched by content (greeting, commands, byte counts) and by timing; the
// far side's clock may be off by a constant, which is estimated.
func Middlebox(near, far *Capture) *diagnosis.Middlebox {
	m := &diagnosis.Middlebox{ClientFiles: fileNames(near), ServerFiles: fileNames(far)}
	m.Offset = clockOffset(near.Controls, far.Controls)
	pairs := matchControls(near.Controls, far.Controls, m.Offset)
	m.UnmatchedControls = len(near.Controls) + len(far.Controls) - 2*len(pairs)
	publics, clients := map[netip.Addr]bool{}, map[netip.Addr]bool{}
	servers := map[netip.Addr]bool{}
	for _, p := range pairs {
		cm := diagnosis.ControlMapping{
			ClientSide: tupleOf(p.near.Conn), ServerSide: tupleOf(p.far.Conn),
			T: p.near.FirstSYN, Encrypted: !p.near.Opaque.IsZero(),
		}
		m.Controls = append(m.Controls, cm)
		m.Rewrites = append(m.Rewrites, rewrites(p.near, p.far, cm)...)
		publics[p.near.Server.Addr()] = true
		clients[p.near.Client.Addr()] = true
		servers[p.far.Server.Addr()] = true
	}
	if len(pairs) == 0 {
		// No control connection on both sides: the attempts of every
		// control connection on the client's side are still followed.
		for _, c := range near.Controls {
			publics[c.Server.Addr()] = true
			clients[c.Client.Addr()] = true
		}
	}
	isControl := map[*Conn]bool{}
	for _, c := range near.Controls {
		isControl[c.Conn] = true
	}
	for _, c := range far.Controls {
		isControl[c.Conn] = true
	}

	// Inbound: from the client towards the server's public address, as
	// the client's side saw them, and what arrived on the server's side.
	in, n1 := attempts(near.Conns, func(c *Conn) bool { return clients[c.Client.Addr()] && publics[c.Server.Addr()] })
	inFar, _ := attempts(far.Conns, func(c *Conn) bool { return !servers[c.Client.Addr()] })
	// Outbound: the server connecting back (active mode), as the server's
	// side saw it, and what arrived on the client's side.
	out, n2 := attempts(far.Conns, func(c *Conn) bool { return servers[c.Client.Addr()] && !servers[c.Server.Addr()] })
	outNear, _ := attempts(near.Conns, func(c *Conn) bool { return clients[c.Server.Addr()] })
	m.LeftOut = n1 + n2

	// Each line once: the client's side, and of the server's side only
	// the control connections the client's side did not show.
	matchedFar := map[*Control]bool{}
	for _, p := range pairs {
		matchedFar[p.far] = true
	}
	farOnly := slices.DeleteFunc(slices.Clone(far.Controls), func(c *Control) bool { return matchedFar[c] })
	ports := &portNames{named: plaintextPorts(near.Controls, farOnly)}
	var all []crossing
	for _, mt := range matchConns(in, inFar, m.Offset) {
		all = append(all, crossing{mt, true, near.Last, far.Last})
	}
	for _, mt := range matchConns(out, outNear, -m.Offset) {
		all = append(all, crossing{mt, false, far.Last, near.Last})
	}
	// In time order, so that each plaintext line names the first
	// connection to its port after it.
	slices.SortStableFunc(all, func(a, b crossing) int { return a.near.FirstSYN.Compare(b.near.FirstSYN) })
	cl := &classifier{ports: ports, ctls: near.Controls}
	for _, c := range all {
		record(m, c, isControl, cl)
	}
	return m
}

type crossing struct {
	connMatch
	inbound bool
	end     time.Time // the end of the near side's capture
	farEnd  time.Time // and of the far side's
}

// record files one attempt: dropped in between when it never arrived and
// was not answered on its side, crossed when it arrived. Control
// connections are matched above, with their content; an unanswered one
// counts as dropped too.
func record(m *diagnosis.Middlebox, c crossing, isControl map[*Conn]bool, cl *classifier) {
	a := c.near
	x := diagnosis.Crossing{Inbound: c.inbound, Near: tupleOf(a), T: a.FirstSYN, SYNs: a.SYNs,
		NearSeen: a.Reach(c.end, DefaultSilence), Data: !isControl[a]}
	if c.far != nil {
		x.Far = tupleOf(c.far)
		x.FarSeen = c.far.Reach(c.farEnd, DefaultSilence)
	}
	if x.Data {
		var alt uint16
		if c.far != nil {
			alt = c.far.Server.Port()
		}
		x.NamedInPlaintext, x.NamedUnderTLS = cl.classify(a, alt, c.inbound)
	}
	switch {
	case x.Arrived() && x.Data:
		m.Crossed = append(m.Crossed, x)
	case !x.Arrived() && x.NearSeen != diagnosis.ReachOpen:
		m.DroppedBetween = append(m.DroppedBetween, x)
	}
}

// classifier says what named a data connection's port: a plaintext line
// (which a device inspecting FTP can read) or, failing one, an encrypted
// control connection open at the time. Connections must be classified in
// the order they began.
type classifier struct {
	ports *portNames
	ctls  []*Control
	// last is the latest attempt to each endpoint and its classification:
	// a client dialling the same endpoint again at once after it was
	// refused follows the same line.
	last map[netip.AddrPort]classified
}

type classified struct {
	conn              *Conn
	plaintext, secure bool
}

func (cl *classifier) classify(a *Conn, alt uint16, inbound bool) (plaintext, secure bool) {
	if cl.last == nil {
		cl.last = map[netip.AddrPort]classified{}
	}
	if prev, ok := cl.last[a.Server]; ok && !prev.conn.Established && a.FirstSYN.Sub(prev.conn.FirstSYN) <= nameWindow &&
		!cl.ports.has(a.Server.Port(), alt, prev.conn.FirstSYN, a.FirstSYN) {
		cl.last[a.Server] = classified{a, prev.plaintext, prev.secure}
		return prev.plaintext, prev.secure
	}
	plaintext = cl.ports.take(a.Server.Port(), alt, a.FirstSYN)
	if !plaintext && inbound {
		secure = underTLS(cl.ctls, a) != nil
	}
	cl.last[a.Server] = classified{a, plaintext, secure}
	return plaintext, secure
}

// underTLS is the encrypted control connection of the same client to the
// same server that was open when the attempt began: the one whose server
// sent an encrypted segment last before it (the reply that named the
// port), else the one encrypted last; nil when there is none.
func underTLS(ctls []*Control, a *Conn) *Control {
	var best *Control
	var bestReply time.Time
	for _, c := range ctls {
		if c.Opaque.IsZero() || c.Client.Addr() != a.Client.Addr() || c.Server.Addr() != a.Server.Addr() || c.Conn == a {
			continue
		}
		if a.FirstSYN.Before(c.Opaque) || a.FirstSYN.After(c.LastSeen) {
			continue
		}
		r := lastReply(c, a.FirstSYN)
		if best == nil || r.After(bestReply) || (r.Equal(bestReply) && c.Opaque.After(best.Opaque)) {
			best, bestReply = c, r
		}
	}
	return best
}

// portNames hands out the ports plaintext lines named: each to the first
// connection to that port that begins within the window after the line.
type portNames struct {
	named []namedPort
	used  []bool
}

// nameWindow is how soon after the line naming it a data connection
// begins (clients dial at once).
const nameWindow = 2 * time.Second

// has reports whether an unused line named the port between from and to.
func (p *portNames) has(port, alt uint16, from, to time.Time) bool {
	for i, n := range p.named {
		if (p.used == nil || !p.used[i]) && (n.port == port || n.port == alt) && !n.t.Before(from) && !n.t.After(to) {
			return true
		}
	}
	return false
}

func (p *portNames) take(port, alt uint16, t time.Time) bool {
	if p.used == nil {
		p.used = make([]bool, len(p.named))
	}
	best := -1
	for i, n := range p.named {
		if p.used[i] || (n.port != port && n.port != alt) || n.t.After(t) || t.Sub(n.t) > nameWindow {
			continue
		}
		if best < 0 || n.t.Before(p.named[best].t) {
			best = i
		}
	}
	if best < 0 {
		return false
	}
	p.used[best] = true
	return true
}

func fileNames(c *Capture) []string {
	var out []string
	for _, f := range c.Files {
		out = append(out, f.Name)
	}
	return out
}

func tupleOf(c *Conn) diagnosis.Tuple { return diagnosis.Tuple{From: c.Client, To: c.Server} }

type controlPair struct{ near, far *Control }

// signature is a control conversation's first commands (PORT and EPRT
// left out: an ALG rewrites them).
func signature(c *Control) []string {
	var out []string
	for _, l := range c.Lines {
		if l.From != ClientSide {
			continue
		}
		verb, _, _ := strings.Cut(l.Text, " ")
		verb = strings.ToUpper(verb)
		if verb == "PORT" || verb == "EPRT" {
			out = append(out, verb)
		} else {
			out = append(out, l.Text)
		}
		if len(out) == signatureLines {
			break
		}
	}
	return out
}

// controlScore is how strongly two control connections look like one,
// regardless of time.
func controlScore(a, b *Control) int {
	score := 0
	if a.Client.Port() == b.Client.Port() {
		score += 4
	}
	if a.Payload[0] == b.Payload[0] && a.Payload[0] > 0 {
		score += 2
	}
	if a.Payload[1] == b.Payload[1] && a.Payload[1] > 0 {
		score++
	}
	sa, sb := signature(a), signature(b)
	for i := 0; i < len(sa) && i < len(sb) && sa[i] == sb[i]; i++ {
		score++
	}
	if (a.Opaque.IsZero()) != (b.Opaque.IsZero()) {
		score -= 4
	}
	return score
}

func start(c *Conn) time.Time {
	if c.SawSYN {
		return c.FirstSYN
	}
	return c.FirstSeen
}

// clockOffset estimates what to add to the far side's times: the median
// difference of the control connections that match by content alone
// (same source port and the same conversation), zero when none do.
func clockOffset(near, far []*Control) time.Duration {
	var ds []time.Duration
	for _, a := range near {
		for _, b := range far {
			if a.Client.Port() == b.Client.Port() && controlScore(a, b) >= minControlScore+3 {
				ds = append(ds, start(a.Conn).Sub(start(b.Conn)))
			}
		}
		if len(ds) > maxSideConns {
			break
		}
	}
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	d := ds[len(ds)/2]
	if d.Abs() < sideTolerance/4 {
		// One clock (the same machine, or synchronised ones): no shift.
		return 0
	}
	return d
}

func matchControls(near, far []*Control, offset time.Duration) []controlPair {
	type cand struct {
		a, b  int
		score int
		dt    time.Duration
	}
	var cs []cand
	for i, a := range near[:min(len(near), maxSideConns)] {
		for j, b := range far[:min(len(far), maxSideConns)] {
			dt := start(a.Conn).Sub(start(b.Conn).Add(offset)).Abs()
			if dt > sideTolerance {
				continue
			}
			// A NAT that keeps the client's port, or else the same bytes
			// both ways at nearly the same time: runs of one tool hold
			// the same conversations, seconds apart.
			samePort := a.Client.Port() == b.Client.Port()
			if !samePort && (a.Payload != b.Payload || dt > sideTolerance/4) {
				continue
			}
			if s := controlScore(a, b); s >= minControlScore && len(cs) < maxCandidates {
				cs = append(cs, cand{i, j, s, dt})
			}
		}
	}
	slices.SortStableFunc(cs, func(x, y cand) int {
		if x.score != y.score {
			return y.score - x.score
		}
		return int(x.dt - y.dt)
	})
	usedA, usedB := map[int]bool{}, map[int]bool{}
	var out []controlPair
	for _, c := range cs {
		if usedA[c.a] || usedB[c.b] {
			continue
		}
		usedA[c.a], usedB[c.b] = true, true
		out = append(out, controlPair{near[c.a], far[c.b]})
	}
	slices.SortFunc(out, func(x, y controlPair) int { return start(x.near.Conn).Compare(start(y.near.Conn)) })
	return out
}

// rewrites compares the 227/229 replies and PORT/EPRT commands of one
// control connection as each side saw them, in order.
func rewrites(near, far *Control, cm diagnosis.ControlMapping) []diagnosis.Rewrite {
	var out []diagnosis.Rewrite
	for _, kind := range []struct {
		command string
		from    Side // who sends the line
		match   func(string) bool
	}{
		{"PASV", ServerSide, func(s string) bool { return strings.HasPrefix(s, "227") }},
		{"EPSV", ServerSide, func(s string) bool { return strings.HasPrefix(s, "229") }},
		{"PORT", ClientSide, func(s string) bool { return hasVerb(s, "PORT") }},
		{"EPRT", ClientSide, func(s string) bool { return hasVerb(s, "EPRT") }},
	} {
		sent, got := linesOf(far, kind.from, kind.match), linesOf(near, kind.from, kind.match)
		if kind.from == ClientSide {
			sent, got = got, sent
		}
		for i := 0; i < len(sent) && i < len(got); i++ {
			if sent[i].Text == got[i].Text {
				continue
			}
			out = append(out, diagnosis.Rewrite{T: got[i].T, Control: cm, Command: kind.command,
				Sent: sent[i].Text, Received: got[i].Text,
				SentEndpoint: lineEndpoint(kind.command, sent[i].Text), ReceivedEndpoint: lineEndpoint(kind.command, got[i].Text)})
		}
	}
	slices.SortStableFunc(out, func(a, b diagnosis.Rewrite) int { return a.T.Compare(b.T) })
	return out
}

func hasVerb(line, verb string) bool {
	v, _, _ := strings.Cut(line, " ")
	return strings.EqualFold(v, verb)
}

func linesOf(c *Control, from Side, match func(string) bool) []Line {
	var out []Line
	for _, l := range c.Lines {
		if l.From == from && match(l.Text) {
			out = append(out, l)
		}
	}
	return out
}

// lineEndpoint is the endpoint a 227/229 reply or a PORT/EPRT command
// names; for EPSV only the port is known.
func lineEndpoint(command, line string) netip.AddrPort {
	switch command {
	case "PASV":
		if p, err := diagnosis.ParsePASV(diagnosis.Reply{Code: 227, Lines: []string{line}}); err == nil {
			return netip.AddrPortFrom(p.Addr, p.Port)
		}
	case "EPSV":
		if p, err := diagnosis.ParseEPSV(diagnosis.Reply{Code: 229, Lines: []string{line}}); err == nil {
			return netip.AddrPortFrom(netip.IPv4Unspecified(), p.Port)
		}
	case "PORT":
		_, arg, _ := strings.Cut(line, " ")
		ap, _ := parsePORT(arg)
		return ap
	case "EPRT":
		_, arg, _ := strings.Cut(line, " ")
		ap, _ := parseEPRT(arg)
		return ap
	}
	return netip.AddrPort{}
}

// namedPort is a data port a plaintext control line named, and when.
type namedPort struct {
	port uint16
	t    time.Time
}

// plaintextPorts lists the ports that 227/229 replies and PORT/EPRT
// commands named in plaintext, on either side: what an FTP-inspecting
// device could read.
func plaintextPorts(sides ...[]*Control) []namedPort {
	var out []namedPort
	for _, ctls := range sides {
		for _, c := range ctls {
			for _, l := range c.Lines {
				for _, cmd := range []string{"PASV", "EPSV", "PORT", "EPRT"} {
					if (cmd == "PASV" && l.From == ServerSide && strings.HasPrefix(l.Text, "227")) ||
						(cmd == "EPSV" && l.From == ServerSide && strings.HasPrefix(l.Text, "229")) ||
						((cmd == "PORT" || cmd == "EPRT") && l.From == ClientSide && hasVerb(l.Text, cmd)) {
						if ep := lineEndpoint(cmd, l.Text); ep.IsValid() && ep.Port() != 0 {
							out = append(out, namedPort{ep.Port(), l.T})
						}
					}
				}
			}
		}
	}
	return out
}

// attempts are the connections of one side that keep is interested in,
// the first maxSideConns of them, and how many more were left out.
func attempts(conns []*Conn, keep func(*Conn) bool) (out []*Conn, leftOut int) {
	for _, c := range conns {
		if c.SawSYN && keep(c) {
			if len(out) == maxSideConns {
				leftOut++
				continue
			}
			out = append(out, c)
		}
	}
	return out, leftOut
}

type connMatch struct {
	near, far *Conn // far is nil when the attempt never arrived
}

// matchConns pairs each attempt of the near side with the same connection
// on the far side: its first SYN within the tolerance, and the same
// source port, destination port or byte counts.
func matchConns(near, far []*Conn, offset time.Duration) []connMatch {
	type cand struct {
		a, b  int
		score int
		dt    time.Duration
	}
	var cs []cand
	for i, a := range near {
		for j, b := range far {
			dt := a.FirstSYN.Sub(b.FirstSYN.Add(offset))
			if dt.Abs() > sideTolerance {
				continue
			}
			score := 0
			if a.Client.Port() == b.Client.Port() {
				score += 4
			}
			if a.Server.Port() == b.Server.Port() {
				score += 2
			}
			if a.Payload == b.Payload && a.Payload != [2]int64{} {
				score += 2
			}
			if score >= 2 && len(cs) < maxCandidates {
				cs = append(cs, cand{i, j, score, dt.Abs()})
			}
		}
	}
	slices.SortStableFunc(cs, func(x, y cand) int {
		if x.score != y.score {
			return y.score - x.score
		}
		return int(x.dt - y.dt)
	})
	matched := make([]*Conn, len(near))
	usedB := map[int]bool{}
	for _, c := range cs {
		if matched[c.a] != nil || usedB[c.b] {
			continue
		}
		matched[c.a], usedB[c.b] = far[c.b], true
	}
	out := make([]connMatch, len(near))
	for i, a := range near {
		out[i] = connMatch{a, matched[i]}
	}
	return out
}
