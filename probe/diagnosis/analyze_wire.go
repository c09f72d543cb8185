package diagnosis

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Finding IDs raised only from packet captures.
const (
	// FindingMiddleboxDroppedBetween: connection attempts left one capture's
	// side and never reached the other: the device between them drops them.
	FindingMiddleboxDroppedBetween = "middlebox.dropped_between"
	// FindingMiddleboxNATMapping: the control connection seen on both sides
	// with different addresses or ports: the device translates it.
	FindingMiddleboxNATMapping = "middlebox.nat_mapping"
)

// maxWireEvidence bounds the evidence lines one wire finding lists.
const maxWireEvidence = 12

// withWire adds what captures show beyond the paths to the findings the
// paths raised: new findings, and evidence for those already raised.
func withWire(f Facts, rng PortRange, raised []Finding) []Finding {
	out := append(raised, wireFindings(f, rng, raised)...)
	if f.Wire == nil || f.Wire.Middlebox == nil {
		return out
	}
	for k := range out {
		var ev []string
		switch out[k].ID {
		case FindingActiveNoConnectBack:
			ev = connectBackEvidence(f.Wire.Middlebox)
		case FindingDataPortFiltered, FindingDataPortRefused:
			ev = whereDataDied(f.Wire.Middlebox)
		}
		if len(ev) > 0 {
			out[k].Evidence = append(slices.Clone(out[k].Evidence), ev...)
		}
	}
	return out
}

// whereDataDied says, from both sides, where the unanswered or refused
// passive data connections ended: between the captures (the NAT or
// firewall), or on the server's side (the server's own firewall, or
// nothing listening there).
func whereDataDied(m *Middlebox) []string {
	between, atServer := 0, map[Reach]int{}
	var example string
	for _, c := range m.DroppedBetween {
		if c.Inbound && c.Data {
			between++
		}
	}
	for _, c := range m.Crossed {
		if c.Inbound && c.Data && c.FarSeen != ReachOpen && c.FarSeen != ReachNotTested && c.FarSeen != "" {
			atServer[c.FarSeen]++
			if example == "" {
				example = fmt.Sprintf("%s arrived as %s", c.Near, c.Far)
			}
		}
	}
	var out []string
	if between > 0 {
		out = append(out, fmt.Sprintf("both sides captured: %d of these data connection attempt(s) never reached the server's side: the NAT or firewall between the captures stopped them", between))
	}
	if n := atServer[ReachFiltered]; n > 0 {
		out = append(out, fmt.Sprintf("both sides captured: %d reached the server's side and got no answer there (e.g. %s): a firewall on the server itself drops them", n, example))
	}
	if n := atServer[ReachRefused]; n > 0 {
		out = append(out, fmt.Sprintf("both sides captured: %d reached the server's side and the server refused them (e.g. %s): nothing listened on the port", n, example))
	}
	return out
}

// connectBackEvidence says where the server's connections back (active
// mode) ended: in between, or on the client's side unanswered, behind the
// client's capture, on the client machine itself.
func connectBackEvidence(m *Middlebox) []string {
	var out []string
	for _, c := range m.DroppedBetween {
		if !c.Inbound && c.Data && len(out) < maxWireEvidence {
			out = append(out, fmt.Sprintf("the server's connection back %s never reached the client's side: the device between the captures dropped it", c.Near))
		}
	}
	for _, c := range m.Crossed {
		if !c.Inbound && c.Arrived() && c.FarSeen != ReachOpen && len(out) < maxWireEvidence {
			out = append(out, fmt.Sprintf("the server's connection back %s arrived on the client's side as %s and was %s there: "+
				"a firewall on the client's machine itself (or beyond its capture) drops it, not the device between the captures", c.Near, c.Far, c.FarSeen))
		}
	}
	return out
}

// wireFindings interprets what captures show beyond the paths: data
// connections under encrypted control channels and, with both sides, what
// the middlebox did. A finding already raised from the paths is not raised
// twice.
func wireFindings(f Facts, rng PortRange, raised []Finding) []Finding {
	if f.Wire == nil {
		return nil
	}
	has := func(id string) bool {
		return slices.ContainsFunc(raised, func(x Finding) bool { return x.ID == id })
	}
	var out []Finding
	add := func(fd Finding) {
		if !has(fd.ID) && !slices.ContainsFunc(out, func(x Finding) bool { return x.ID == fd.ID }) {
			out = append(out, fd)
		}
	}
	w := f.Wire
	if m := w.Middlebox; m != nil {
		for _, fd := range middleboxFindings(f, m, rng) {
			add(fd)
		}
	}
	for _, fd := range opaqueFindings(f, w.Opaque, rng) {
		add(fd)
	}
	return out
}

// wireParams are the values every wire finding's fixes are filled with.
func wireParams(f Facts, public, server netip.Addr, ports []int, rng PortRange) Params {
	p := Params{ParamHost: f.Host, ParamControlPort: strconv.Itoa(f.Port)}
	if f.Port == 0 {
		p[ParamControlPort] = "21"
	}
	if public.IsValid() {
		p[ParamPublicAddress] = public.String()
		p[ParamFamily] = string(FamilyOf(public))
		if p[ParamHost] == "" {
			p[ParamHost] = public.String()
		}
	}
	if server.IsValid() && server != public {
		p[ParamServerAddress] = server.String()
	}
	lo, hi := rng.Pin()
	src := rng.Source()
	if !rng.Observed && rng.Configured == nil && len(ports) > 0 {
		lo, hi = slices.Min(ports), slices.Max(ports)
		src = RangeObserved
	}
	p[ParamPortMin], p[ParamPortMax] = strconv.Itoa(lo), strconv.Itoa(hi)
	p[ParamRangeObserved] = strconv.FormatBool(src != RangeRecommended)
	p[ParamRangeSource] = string(src)
	return p
}

// roundShort writes a short delay so that it reads well, in ASCII: 0.3ms,
// 12ms, 1.5s.
func roundShort(d time.Duration) string {
	if d < 10*time.Millisecond {
		return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64) + "ms"
	}
	return d.Round(time.Millisecond).String()
}

func sortedPorts(ports []int) []int {
	slices.Sort(ports)
	return slices.Compact(ports)
}

func portWords(ports []int) string {
	ws := make([]string, len(ports))
	for i, p := range ports {
		ws[i] = strconv.Itoa(p)
	}
	return strings.Join(ws, ", ")
}

func boundEvidence(ev []string, more int) []string {
	if more > 0 {
		ev = append(ev, fmt.Sprintf("… and %d more", more))
	}
	return ev
}

// middleboxFindings reads the two sides: the control connections' NAT
// mapping, rewritten replies, attempts dropped in between, and data
// connections that crossed only when the device could read their port.
func middleboxFindings(f Facts, m *Middlebox, rng PortRange) []Finding {
	var out []Finding
	public, server := netip.Addr{}, netip.Addr{}
	if len(m.Controls) > 0 {
		public, server = m.Controls[0].ClientSide.To.Addr(), m.Controls[0].ServerSide.To.Addr()
	}
	if len(m.Rewrites) > 0 {
		out = append(out, rewriteFinding(f, m, public, server, rng))
	}
	if fd, ok := droppedBetween(f, m, public, server, rng); ok {
		out = append(out, fd)
	}
	if fd, ok := openedByInspection(f, m, public, server, rng); ok {
		out = append(out, fd)
	}
	if fd, ok := natMapping(f, m, public, server, rng); ok {
		out = append(out, fd)
	}
	return out
}

func rewriteFinding(f Facts, m *Middlebox, public, server netip.Addr, rng PortRange) Finding {
	first := m.Rewrites[0]
	// A reply is sent by the server and received by the client; a command
	// the other way round.
	senderSide, receiverSide, mark := "server's", "client's", EvidenceRecv
	sender, receiver := first.Control.ServerSide, first.Control.ClientSide
	if first.Command == "PORT" || first.Command == "EPRT" {
		senderSide, receiverSide, mark = receiverSide, senderSide, EvidenceSent
		sender, receiver = receiver, sender
	}
	ev := []string{"sent on the " + senderSide + " side, " + sender.String() + ":", mark + first.Sent,
		"received on the " + receiverSide + " side, " + receiver.String() + ":", mark + first.Received}
	var ports []int
	for _, r := range m.Rewrites {
		if r.SentEndpoint.IsValid() {
			ports = append(ports, int(r.SentEndpoint.Port()))
		}
	}
	ports = sortedPorts(ports)
	if n := len(m.Rewrites); n > 1 {
		ev = append(ev, fmt.Sprintf("%d lines rewritten in all, %d control connection(s) matched on both sides", n, len(m.Controls)))
	}
	p := wireParams(f, public, server, ports, rng)
	before := first.SentEndpoint.Addr()
	if before.IsValid() {
		p[ParamAdvertisedAddress] = before.String()
		if c := ClassifyAddr(before); !c.Routable() && c != ClassLoopback && c != ClassUnspecified {
			p[ParamServerAddress] = before.String()
		}
	}
	sev := SeverityWarning
	consequence := "Clients whose control channel the device cannot read (FTPS) get the server's own answer."
	if before.IsValid() && unroutable(ClassifyAddr(before), before, public) {
		sev = SeverityCritical
		consequence = "Clients whose control channel the device cannot read (FTPS) get the server's own, unroutable answer and their listings fail."
	}
	return Finding{ID: FindingALGPASVRewritten, Severity: sev,
		Summary: fmt.Sprintf("The device between the two captures rewrote the %s line: the server sent %s, the client received %s. %s",
			first.Command, endpointWords(first.SentEndpoint), endpointWords(first.ReceivedEndpoint), consequence),
		Evidence: ev, Params: p, Ports: PortLists{Ports: SpansOf(ports)}}
}

func endpointWords(ap netip.AddrPort) string {
	if !ap.IsValid() {
		return "another endpoint"
	}
	if !ap.Addr().IsValid() || ap.Addr().IsUnspecified() {
		return "port " + strconv.Itoa(int(ap.Port()))
	}
	return ap.String()
}

func droppedBetween(f Facts, m *Middlebox, public, server netip.Addr, rng PortRange) (Finding, bool) {
	var lost []Crossing
	for _, c := range m.DroppedBetween {
		if !c.Arrived() {
			lost = append(lost, c)
		}
	}
	if len(lost) == 0 {
		return Finding{}, false
	}
	var ports []int
	var ev []string
	inbound := 0
	for i, c := range lost {
		if c.Inbound {
			inbound++
			ports = append(ports, int(c.Near.To.Port()))
		}
		if i < maxWireEvidence {
			side := "client's side"
			if !c.Inbound {
				side = "server's side"
			}
			ev = append(ev, fmt.Sprintf("left the %s: %s; never seen on the other side", side, c.describe()))
		}
	}
	ev = boundEvidence(ev, len(lost)-maxWireEvidence)
	ports = sortedPorts(ports)
	p := wireParams(f, public, server, ports, rng)
	verb := "drops them"
	if !slices.ContainsFunc(lost, func(c Crossing) bool { return c.NearSeen != ReachRefused }) {
		verb = "answers them with a reset itself"
	}
	summary := fmt.Sprintf("%d connection attempt(s) left one capture's side and never reached the other: the NAT or firewall between the captures %s", len(lost), verb)
	if inbound > 0 {
		summary += fmt.Sprintf(" (towards %s port(s) %s)", public, portWords(ports))
	}
	summary += ". The server never saw them, so nothing on the server can answer them: the device must forward and allow them."
	return Finding{ID: FindingMiddleboxDroppedBetween, Severity: SeverityCritical, Summary: summary,
		Evidence: ev, Params: p, Ports: PortLists{Ports: SpansOf(ports)}}, true
}

// openedByInspection: data connections crossed when a plaintext line named
// their port, and others, named only under TLS, were dropped in between:
// the device opens ports only by reading FTP.
func openedByInspection(f Facts, m *Middlebox, public, server netip.Addr, rng PortRange) (Finding, bool) {
	var crossed, blocked []Crossing
	for _, c := range m.Crossed {
		if c.Data && c.Inbound && c.NamedInPlaintext {
			crossed = append(crossed, c)
		}
	}
	for _, c := range m.DroppedBetween {
		if c.Data && c.Inbound && !c.Arrived() && c.NamedUnderTLS {
			blocked = append(blocked, c)
		}
	}
	if len(crossed) == 0 || len(blocked) == 0 {
		return Finding{}, false
	}
	var ports []int
	for _, c := range blocked {
		ports = append(ports, int(c.Near.To.Port()))
	}
	ports = sortedPorts(ports)
	ev := []string{fmt.Sprintf("%d data connection(s) crossed after a plaintext reply named their port, e.g. %s arriving as %s",
		len(crossed), crossed[0].Near, crossed[0].Far)}
	for i, c := range blocked {
		if i == maxWireEvidence {
			ev = boundEvidence(ev, len(blocked)-maxWireEvidence)
			break
		}
		ev = append(ev, "under TLS: "+c.describe()+"; never seen on the server's side")
	}
	p := wireParams(f, public, server, ports, rng)
	return Finding{ID: FindingALGDataPortsInspection, Severity: SeverityCritical,
		Summary: fmt.Sprintf("Data connections crossed the device between the captures only when a plaintext control channel named their port; "+
			"those named under TLS (ports %s) never reached the server's side. The device opens data ports by reading FTP, which it cannot do under TLS.", portWords(ports)),
		Evidence: ev, Params: p, Ports: PortLists{Ports: SpansOf(ports)}}, true
}

// natMapping shows how the control connection was translated; raised
// when the two sides differ.
func natMapping(f Facts, m *Middlebox, public, server netip.Addr, rng PortRange) (Finding, bool) {
	var ev []string
	translated := 0
	for _, c := range m.Controls {
		if c.ClientSide == c.ServerSide {
			continue
		}
		translated++
		if translated <= maxWireEvidence {
			ev = append(ev, fmt.Sprintf("client's side %s  =  server's side %s", c.ClientSide, c.ServerSide))
		}
	}
	if translated == 0 {
		return Finding{}, false
	}
	ev = boundEvidence(ev, translated-maxWireEvidence)
	if m.Offset != 0 {
		ev = append(ev, fmt.Sprintf("the server's side clock was shifted by %s to match", m.Offset.Round(time.Millisecond)))
	}
	c := m.Controls[0]
	var what []string
	if c.ClientSide.To != c.ServerSide.To {
		what = append(what, fmt.Sprintf("destination %s → %s (DNAT, port forwarding)", c.ClientSide.To, c.ServerSide.To))
	}
	if c.ClientSide.From != c.ServerSide.From {
		what = append(what, fmt.Sprintf("source %s → %s (SNAT)", c.ClientSide.From, c.ServerSide.From))
	}
	if len(what) == 0 {
		what = append(what, "another control connection's ends")
	}
	p := wireParams(f, public, server, nil, rng)
	return Finding{ID: FindingMiddleboxNATMapping, Severity: SeverityInfo,
		Summary: fmt.Sprintf("The device between the captures translates the control connection: %s; %d of %d control connection(s) matched on both sides.",
			strings.Join(what, ", "), len(m.Controls), len(m.Controls)+m.UnmatchedControls),
		Evidence: ev, Params: p}, true
}

// opaqueFindings: under TLS the replies are hidden but the data
// connections are not. Attempts that were never answered right after the
// server's reply are the ports it named: filtered or refused as seen.
func opaqueFindings(f Facts, attempts []OpaqueAttempt, rng PortRange) []Finding {
	if len(attempts) == 0 {
		return nil
	}
	plainOpen := false
	for i := range f.Paths {
		p := &f.Paths[i]
		if !p.Transport.Secure() && (AnyOpen(p.PASV) || AnyOpen(p.EPSV)) {
			plainOpen = true
		}
	}
	var out []Finding
	for _, reach := range []Reach{ReachFiltered, ReachRefused} {
		var hit []OpaqueAttempt
		for _, a := range attempts {
			if a.Reach == reach {
				hit = append(hit, a)
			}
		}
		if len(hit) == 0 {
			continue
		}
		var ports []int
		ev := []string{"under TLS the replies that named these ports cannot be read; the attempts went to the control connection's server while it was encrypted:"}
		for i, a := range hit {
			ports = append(ports, int(a.Conn.To.Port()))
			if i < maxWireEvidence {
				when := fmt.Sprintf("%s after the control channel became encrypted", a.SinceEncrypted.Round(time.Millisecond))
				if a.ReplyTimed {
					when = fmt.Sprintf("%s after the server's encrypted reply", roundShort(a.AfterReply))
				}
				ev = append(ev, fmt.Sprintf("%s: %d SYN(s) %s, %s (watched %s)",
					a.Conn, a.SYNs, when, reach, a.Waited.Round(time.Millisecond)))
			}
		}
		ev = boundEvidence(ev, len(hit)-maxWireEvidence)
		ev = append(ev, "not visible under TLS: the address the server announced, and whether it differs from the plaintext one")
		ports = sortedPorts(ports)
		public := hit[0].Conn.To.Addr()
		p := wireParams(f, public, netip.Addr{}, ports, rng)
		lists := PortLists{Ports: SpansOf(ports)}
		switch {
		case reach == ReachFiltered && plainOpen:
			out = append(out, Finding{ID: FindingALGDataPortsInspection, Severity: SeverityCritical,
				Summary: fmt.Sprintf("Data ports %s did not answer under TLS although plaintext data connections to %s worked: the firewall opens data ports only by reading FTP, which it cannot do under TLS.",
					portWords(ports), public),
				Evidence: ev, Params: p, Ports: lists})
		case reach == ReachFiltered:
			out = append(out, Finding{ID: FindingDataPortFiltered, Severity: SeverityCritical,
				Summary:  fmt.Sprintf("Under TLS, data connections to %s ports %s were never answered: a firewall drops them.", public, portWords(ports)),
				Evidence: ev, Params: p, Ports: lists})
		default:
			out = append(out, Finding{ID: FindingDataPortRefused, Severity: SeverityCritical,
				Summary:  fmt.Sprintf("Under TLS, data connections to %s ports %s were answered with a reset: the ports are not forwarded or nothing listens.", public, portWords(ports)),
				Evidence: ev, Params: p, Ports: lists})
		}
	}
	return out
}
