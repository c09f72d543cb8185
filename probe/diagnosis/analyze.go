package diagnosis

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// Recommended passive range when none can be inferred from the samples.
const (
	RecommendedPortMin = 50000
	RecommendedPortMax = 50099
)

type analysis struct {
	f      view
	where  where // where the diagnosis stood on this path
	params Params
	out    []Finding
}

func (a *analysis) add(id string, sev Severity, summary string, evidence []string, extra Params) *Finding {
	p := Params{}
	for k, v := range a.params {
		p[k] = v
	}
	for k, v := range extra {
		p[k] = v
	}
	a.out = append(a.out, Finding{ID: id, Severity: sev, Summary: summary, Evidence: evidence, Params: p, Paths: a.f.idsFor(id)})
	return &a.out[len(a.out)-1]
}

// baseParams are the values every remediation may be filled in with.
func baseParams(f view) Params {
	p := Params{ParamHost: f.Host, ParamControlPort: strconv.Itoa(f.Port), ParamFamily: string(f.Family)}
	if f.ServerPort > 0 {
		p[ParamServerPort] = strconv.Itoa(f.ServerPort)
	}
	if f.Peer.IsValid() {
		p[ParamPublicAddress] = f.Peer.String()
	}
	for _, s := range f.PASV {
		if s.Usable() {
			p[ParamAdvertisedAddress] = s.Address.String()
			if !s.Class.Routable() && s.Class != ClassUnspecified && s.Class != ClassLoopback {
				p[ParamServerAddress] = s.Address.String()
			}
			break
		}
	}
	if _, ok := p[ParamServerAddress]; !ok {
		if addrs := leakedAddresses(f.Greeting); len(addrs) > 0 {
			p[ParamServerAddress] = addrs[0].String()
		}
	}
	lo, hi := f.rng.Pin()
	p[ParamPortMin], p[ParamPortMax] = strconv.Itoa(lo), strconv.Itoa(hi)
	p[ParamRangeObserved] = strconv.FormatBool(f.rng.Observed)
	p[ParamRangeSource] = string(f.rng.Source())
	return p
}

// samplePorts lists the ports of every usable passive sample.
func samplePorts(f *Path) []int {
	var ports []int
	for _, ss := range [][]PassiveSample{f.PASV, f.EPSV} {
		for _, s := range ss {
			if s.Usable() {
				ports = append(ports, int(s.Port))
			}
		}
	}
	return ports
}

// PortRange is what the passive samples say about the server's range.
type PortRange struct {
	Samples  []int // the ports sampled, in order
	Min, Max int   // span of the samples; 0 when there are none
	Spread   int   // Max - Min
	// AnyPort: two or more samples spread over 1000 ports or more — the
	// server hands out any ephemeral port, which no firewall can forward.
	AnyPort bool
	// ALGPorts are ports in the range (for AnyPort, among the samples)
	// that SIP, H.323, PPTP, RTSP or IRC ALGs and firewall rules grab.
	ALGPorts []int
	// Observed: the samples suggest a configured range (two or more
	// within 1000 ports).
	Observed bool
	// Configured is the range the server is configured with when the
	// facts state it (--expect-range) rather than only sampling it; nil
	// otherwise. Min and Max stay the samples' span.
	Configured *PortSpan
}

// Pin is the range to configure and forward: the configured one when
// known, else the observed one, else the recommended one when the samples
// show none (Source says which).
func (r PortRange) Pin() (lo, hi int) {
	if r.Configured != nil {
		return r.Configured.Min, r.Configured.Max
	}
	if r.Observed {
		return r.Min, r.Max
	}
	return RecommendedPortMin, RecommendedPortMax
}

// ObservedRange is the passive range of a path's samples.
func ObservedRange(p *Path) PortRange {
	if p == nil {
		return rangeOf(nil)
	}
	return rangeOf(samplePorts(p))
}

// rangeOf describes a list of sampled ports.
func rangeOf(ports []int) PortRange {
	r := PortRange{ALGPorts: []int{}}
	if len(ports) == 0 {
		return r
	}
	r.Samples = ports
	r.Min, r.Max = slices.Min(ports), slices.Max(ports)
	r.Spread, r.AnyPort, r.ALGPorts = rangeShape(ports)
	if r.ALGPorts == nil {
		r.ALGPorts = []int{}
	}
	r.Observed = len(ports) >= 2 && r.Spread < 1000
	return r
}

func (a *analysis) connectivity() {
	f := a.f
	if !f.Connected() {
		return
	}
	if f.GreetingError != "" {
		ev := recvLines(f.Greeting)
		ev = append(ev, f.GreetingError)
		if f.GreetingTLS {
			ev = append(ev, "a TLS handshake on the same connection succeeds")
			a.add(FindingControlNoGreeting, SeverityCritical,
				fmt.Sprintf("The server at %s sent no plaintext greeting (%s) but completes a TLS handshake: it speaks implicit FTPS (TLS from the first byte, as on port 990), not plaintext FTP with AUTH TLS. Diagnose it with --tls implicit.", f.Peer, f.GreetingError), ev, nil)
			return
		}
		a.add(FindingControlNoGreeting, SeverityCritical,
			fmt.Sprintf("The server at %s accepted the connection but did not greet with 220: %s.", f.Peer, f.GreetingError), ev, nil)
		return
	}
	if f.UserReply != nil && !f.LoggedIn {
		ev := append([]string{EvidenceSent + "USER " + f.User}, recvLines(f.UserReply)...)
		last := f.UserReply
		if f.PassReply != nil {
			ev = append(ev, EvidenceSent+"PASS ****")
			ev = append(ev, recvLines(f.PassReply)...)
			last = f.PassReply
		}
		a.add(FindingLoginFailed, SeverityCritical,
			fmt.Sprintf("The server refused the login as %q: %s", f.User, sentence(FirstLine(*last))), ev, nil)
	}
	if h := f.HeldForData; h != nil && (f.SessionError == nil || f.SessionError.AwaitingData == nil) {
		ev := []string{
			dialLine("the passive reply before "+h.Command, h.Awaited),
			EvidenceSent + h.Command,
		}
		ev = append(ev, recvLines(&h.Late)...)
		ev = append(ev, fmt.Sprintf("that reply came after %s: the server gave up on the data connection, then answered %s", FormatDuration(h.Wait), h.Command))
		a.add(FindingControlHeldForData, SeverityWarning,
			fmt.Sprintf("The server answered %s only after %s, once it gave up waiting for the data connection it had announced (%s, which was %s): it holds the next command until that connection arrives (Twisted's FTP server does). The control connection itself works; the data port is the problem.",
				h.Command, FormatDuration(h.Wait), h.Awaited.Address, h.Awaited.Reach), ev, nil)
	}
	if se := f.SessionError; se != nil && se.AwaitingData != nil {
		a.heldForData(se)
	} else if se != nil && !a.replyDropped() {
		ev := []string{fmt.Sprintf("step %s, command %s: %s (%s)", se.Step, se.Command, se.Error, se.Kind)}
		a.add(FindingControlSessionFailed, SeverityCritical,
			fmt.Sprintf("The control session broke off during %s: %s", se.Command, sentence(se.Error)), ev, nil)
	}
}

// heldForData raises control.held_for_data: the server answered nothing
// to the command after a passive reply whose data connection never came.
// RFC 959 lets a server wait for the data connection before it reads on
// (Twisted's FTP server pauses the control connection until it arrives,
// for 10 seconds), so the stall is a consequence of the unreachable data
// port, not of the control connection or of FTP inspection.
func (a *analysis) heldForData(se *SessionError) {
	d := se.AwaitingData
	ev := []string{
		dialLine("the passive reply before "+se.Command, *d),
		fmt.Sprintf("step %s, command %s: %s (%s)", se.Step, se.Command, se.Error, se.Kind),
	}
	a.add(FindingControlHeldForData, SeverityWarning,
		fmt.Sprintf("The server did not answer %s while the data connection it had announced (%s) was missing: it holds the next command until that connection arrives (Twisted's FTP server does), and the connection was %s. The control connection itself works; the data port is the problem.",
			se.Command, d.Address, d.Reach), ev, nil)
}

func reachWords(r Reach) string {
	switch r {
	case ReachRefused:
		return "refused (TCP reset: nothing listening or not forwarded)"
	case ReachFiltered:
		return "filtered (no answer: a firewall drops the packets)"
	case ReachUnreachable:
		return "unreachable (no route or ICMP unreachable)"
	case ReachOpen:
		return "open"
	}
	return "not tested"
}

func (a *analysis) tls() {
	f := a.f
	if f.sec != nil {
		a.tlsSession()
		return
	}
	if f.Features == nil || f.Mode != TLSAuto {
		return // --tls off asks for no TLS verdict at all
	}
	for _, m := range f.Features.AuthMechanisms() {
		if m == "TLS" || m == "SSL" || m == "TLS-C" {
			return
		}
	}
	ev := []string{EvidenceSent + "FEAT"}
	ev = append(ev, recvLines(f.Feat)...)
	ev = append(ev, "no AUTH TLS or AUTH SSL among the advertised features")
	a.add(FindingTLSNotOffered, SeverityWarning,
		"The server does not offer AUTH TLS: passwords and files cross the network in clear text.", ev, nil)
}

func (a *analysis) banner() {
	f := a.f
	if addrs := leakedAddresses(f.Greeting); len(addrs) > 0 {
		ev := recvLines(f.Greeting)
		for _, ad := range addrs {
			ev = append(ev, fmt.Sprintf("%s in the greeting is a %s address", ad, ClassifyAddr(ad)))
		}
		a.add(FindingBannerLeaksPrivateAddr, SeverityInfo,
			fmt.Sprintf("The greeting reveals the internal address %s.", addrs[0]), ev,
			Params{ParamServerAddress: addrs[0].String()})
	}
	if f.SystInfo != nil && f.SystInfo.Masked {
		a.add(FindingALGSystMasked, SeverityInfo,
			"The SYST reply is masked with X's: a Cisco ASA (inspect ftp) or similar FTP inspection sits in the path.",
			recvLines(f.Syst), nil)
	}
}

// leakedAddresses are the non-routable addresses named in the greeting.
func leakedAddresses(greeting *Reply) []netip.Addr {
	if greeting == nil {
		return nil
	}
	var out []netip.Addr
	for _, ad := range AddressesInText(greeting.Text()) {
		switch ClassifyAddr(ad) {
		case ClassPrivate, ClassCGNAT, ClassLinkLocal:
			out = append(out, ad)
		}
	}
	return out
}

func (a *analysis) passive() {
	f := a.f
	epsvOK := len(f.EPSV) > 0 && f.EPSV[0].Usable()
	v6 := f.Family == IPv6
	if len(f.PASV) > 0 && !f.PASV[0].Accepted && !v6 {
		sev := SeverityWarning
		sum := "The server refuses PASV; clients that only speak PASV (most IPv4 clients fall back to it) cannot transfer."
		if !epsvOK {
			sev = SeverityCritical
			sum = "The server refuses both PASV and EPSV: no passive data connection is possible, so clients behind NAT cannot list or transfer."
		}
		ev := append([]string{EvidenceSent + "PASV"}, recvLines(&f.PASV[0].Reply)...)
		if len(f.EPSV) > 0 {
			ev = append(ev, EvidenceSent+"EPSV")
			ev = append(ev, recvLines(&f.EPSV[0].Reply)...)
		}
		a.add(FindingPASVUnsupported, sev, sum, ev, nil)
	}
	if len(f.EPSV) > 0 && !f.EPSV[0].Usable() {
		s := f.EPSV[0]
		if s.Accepted {
			a.epsvMalformed(s, v6)
		} else {
			sev, sum := SeverityInfo, "The server refuses EPSV; clients fall back to PASV."
			if v6 {
				// PASV cannot carry an IPv6 address: over IPv6, EPSV is the
				// only passive mode there is.
				sev = SeverityCritical
				sum = fmt.Sprintf("Over IPv6 (%s) the server refuses EPSV, and PASV cannot name an IPv6 address: clients that connect over IPv6 cannot list or transfer.", f.Peer)
			}
			a.add(FindingEPSVUnsupported, sev, sum,
				append([]string{EvidenceSent + "EPSV"}, recvLines(&s.Reply)...), nil)
		}
	}

	a.pasvFormat()
	a.pasvAddress()

	if len(samplePorts(f.Path)) > 0 {
		// The server has one range: the samples of every address say it.
		ports := f.rng.Samples
		lo, hi := slices.Min(ports), slices.Max(ports)
		spread, anyPort, alg := rangeShape(ports)
		ev := []string{fmt.Sprintf("ports offered: %s", joinInts(ports)), fmt.Sprintf("spread: %d", spread)}
		sev, summary := SeverityInfo, fmt.Sprintf("Passive ports seen: %d–%d over %d samples.", lo, hi, len(ports))
		if anyPort {
			sev = SeverityWarning
			summary += " They are spread over the ephemeral ports: the server hands out any port, which no firewall rule can forward; pin a range."
		}
		if len(alg) > 0 {
			sev = SeverityWarning
			summary += fmt.Sprintf(" The range includes %s, which SIP, H.323, PPTP, RTSP or IRC ALGs and firewall rules grab: transfers on those ports fail or are mangled.", joinInts(alg))
			ev = append(ev, "ALG-sensitive ports in the range: "+joinInts(alg))
		}
		pmin, pmax, src := lo, hi, RangeObserved
		switch c := a.f.rng.Configured; {
		case anyPort:
			pmin, pmax, src = RecommendedPortMin, RecommendedPortMax, RangeRecommended // what to pin instead
		case c != nil:
			pmin, pmax, src = c.Min, c.Max, RangeConfigured // the whole range, not the samples' span
		}
		a.add(FindingPassivePortRange, sev, summary, ev,
			Params{ParamPortMin: strconv.Itoa(pmin), ParamPortMax: strconv.Itoa(pmax), ParamRangeObserved: strconv.FormatBool(!anyPort),
				ParamRangeSource: string(src), ParamSpread: strconv.Itoa(spread), ParamAnyPort: strconv.FormatBool(anyPort)}).
			Ports = PortLists{Ports: SpansOf(ports), ALG: SpansOf(alg)}
	}
}

// pasvFormat raises pasv.malformed for a 227 reply that cannot be parsed,
// or that is parsed but breaks clients ftpnat models (ClientReadings); a
// form every modelled client reads is legal and raises nothing.
func (a *analysis) pasvFormat() {
	for _, s := range a.f.PASV {
		if !s.Accepted {
			continue
		}
		ev := append([]string{EvidenceSent + "PASV"}, recvLines(&s.Reply)...)
		if s.Error != "" {
			a.add(FindingPASVMalformed, SeverityCritical,
				"The server's PASV reply cannot be parsed ("+s.Error+"): no client can open a passive data connection from it.",
				append(append(ev, "parse error: "+s.Error), ClientReadings("PASV", s.Reply)...), nil)
			return
		}
		if s.Standard {
			continue
		}
		v := PASVClients(s.Reply, s.Port)
		if len(v.Fail) == 0 {
			continue
		}
		ev = append(ev, "reply form: "+s.Format)
		a.add(FindingPASVMalformed, SeverityWarning,
			fmt.Sprintf("The PASV reply is not in the standard form (%s): %s.", s.Format, v.Words()),
			append(ev, ClientReadings("PASV", s.Reply)...), nil)
		return
	}
}

// epsvMalformed raises epsv.malformed for a 229 reply that names no usable
// port: port 0, an address or protocol inside the group, no group at all.
// Clients that read it as a port connect to the wrong one; the others
// give up on EPSV, and only some of them fall back to PASV.
func (a *analysis) epsvMalformed(s PassiveSample, v6 bool) {
	sev := SeverityWarning
	sum := "The server's EPSV reply is malformed (" + s.Error + "): clients that try EPSV first (curl and jlaffaye/ftp do by default) connect to a wrong port or give up on the transfer; clients that use PASV over IPv4 are not affected."
	if v6 {
		sev = SeverityCritical
		sum = fmt.Sprintf("Over IPv6 (%s) the server's EPSV reply is malformed (%s), and PASV cannot name an IPv6 address: clients that connect over IPv6 cannot list or transfer.", a.f.Peer, s.Error)
	}
	ev := append([]string{EvidenceSent + "EPSV"}, recvLines(&s.Reply)...)
	ev = append(ev, "parse error: "+s.Error)
	a.add(FindingEPSVMalformed, sev, sum, append(ev, ClientReadings("EPSV", s.Reply)...), nil)
}

func (a *analysis) pasvAddress() {
	f := a.f
	if !f.Peer.IsValid() || !f.Peer.Is4() {
		return // PASV carries IPv4 only; over IPv6 clients use EPSV
	}
	peerClass := ClassifyAddr(f.Peer)
	// Prefer a sample whose data port was measured: it says which clients work.
	samples := slices.Clone(f.PASV)
	slices.SortStableFunc(samples, func(x, y PassiveSample) int {
		return boolInt(x.Peer.Reach == ReachNotTested) - boolInt(y.Peer.Reach == ReachNotTested)
	})
	for _, s := range samples {
		if !s.Usable() || s.Address == f.Peer {
			continue
		}
		if f.serverSide && s.Class.Routable() {
			// Captured behind the NAT in front of the server: Peer is the
			// server's own address, and the internet address it announces
			// is, as far as the capture shows, the one its clients dial.
			continue
		}
		ev := append([]string{EvidenceSent + "PASV"}, recvLines(&s.Reply)...)
		ev = append(ev, fmt.Sprintf("advertised %s is %s; the control connection reached %s (%s)", s.Address, s.Class, f.Peer, peerClass))
		ev = append(ev, dialEvidence(s)...)
		ev = append(ev, stdClientEvidence(f.StdClient)...)
		if a.where.inside && a.where.private && s.Class.Routable() {
			// Diagnosed at its private address from its own network: the
			// public address it announces is the one internet clients need.
			return
		}
		// The address this finding is about, even when an earlier sample
		// (the one the base params describe) named the control peer.
		extra := Params{ParamAdvertisedAddress: s.Address.String()}
		if unroutable(s.Class, s.Address, f.Peer) {
			a.add(FindingPASVUnroutable, SeverityCritical,
				fmt.Sprintf("PASV advertises %s, a %s address, but clients reach the server at %s; %s", s.Address, s.Class, f.Peer, consequence(s, f.StdClient)),
				ev, extra)
		} else {
			a.add(FindingPASVMismatch, SeverityWarning,
				fmt.Sprintf("PASV advertises %s, but the control connection reached %s: strict clients connect to the wrong address; servers behind several public addresses or with a stale DDNS name do this.", s.Address, f.Peer),
				ev, extra)
		}
		return
	}
}

// unroutable reports whether a client that reached the server at peer can
// not use the advertised address.
func unroutable(c AddrClass, adv, peer netip.Addr) bool {
	switch c {
	case ClassUnspecified, ClassMulticast, ClassReserved:
		return true
	case ClassLoopback:
		return !peer.IsLoopback()
	}
	return !c.Routable() && ClassifyAddr(peer).Routable()
}

// consequence says which clients still work, from what was measured.
func consequence(s PassiveSample, sc *StdClient) string {
	switch {
	case s.Peer.Reach == ReachOpen && sc != nil && sc.OK:
		return "clients that replace it with the control address (FileZilla, curl, lftp, most libraries) work, strict clients and FTPS through NAT fail."
	case s.Peer.Reach == ReachOpen:
		return "the data port does answer at the control address, so only clients that substitute it can work."
	default:
		return "the data port does not answer at that address either, so no client can list or transfer."
	}
}

func dialEvidence(s PassiveSample) []string {
	var ev []string
	if s.Peer.Reach != ReachNotTested || s.Peer.Address.IsValid() {
		ev = append(ev, dialLine(s.Command, s.Peer))
	}
	if s.Advertised != nil && s.Advertised.Address != s.Peer.Address {
		ev = append(ev, dialLine(s.Command+", advertised address", *s.Advertised))
	}
	return ev
}

func dialLine(what string, d Dial) string {
	head := fmt.Sprintf("connect %s (%s): ", d.Address, what)
	switch d.Reach {
	case ReachNotTested:
		return head + "not tested"
	case ReachOpen:
		return head + "open in " + FormatDuration(d.Duration)
	case ReachFiltered:
		return head + "filtered — no answer in " + FormatDuration(d.Duration) + " (dropped)"
	case ReachRefused:
		return head + "refused — TCP reset after " + FormatDuration(d.Duration)
	}
	return head + string(d.Reach) + " — " + d.Error
}

func stdClientEvidence(sc *StdClient) []string {
	if sc == nil || !sc.Ran {
		return nil
	}
	if sc.OK {
		return []string{fmt.Sprintf("standard client (jlaffaye/ftp, substitutes the control address): listed %d entries", sc.Entries)}
	}
	return []string{"standard client (jlaffaye/ftp, substitutes the control address): failed — " + sc.Error}
}

func (a *analysis) data() {
	f := a.f
	// A port that answered one connection and refused another is not a
	// forwarding problem but two servers: the balancer finding says so,
	// and no finding here lists it as both working and failing.
	mixed := mixedPorts(f.Path)
	byReach := map[Reach][]PassiveSample{}
	var taken []PassiveSample // in the order the samples were taken
	for _, ss := range [][]PassiveSample{f.PASV, f.EPSV} {
		for _, s := range ss {
			if s.Usable() && !slices.Contains(mixed, int(s.Port)) {
				byReach[s.Peer.Reach] = append(byReach[s.Peer.Reach], s)
				taken = append(taken, s)
			}
		}
	}
	blocked := append(byReach[ReachFiltered], byReach[ReachUnreachable]...)
	scanned := f.Range != nil && f.Range.Duration > 0
	if open := byReach[ReachOpen]; len(open) > 0 && len(blocked)+len(byReach[ReachRefused]) > 0 && !scanned {
		// Some ports answer and others do not: one finding says both.
		a.partialSamples(open, append(blocked, byReach[ReachRefused]...),
			dialsIn(taken, ReachOpen, ReachFiltered, ReachUnreachable, ReachRefused))
		blocked, byReach[ReachRefused] = nil, nil
	}
	if scanned && len(byReach[ReachOpen]) > 0 {
		// The range check measured every port; it raises the finding.
		blocked, byReach[ReachRefused] = nil, nil
	}
	if len(blocked) > 0 {
		ports := portsOf(blocked)
		ev := append(dialsIn(taken, ReachFiltered, ReachUnreachable), stdClientEvidence(f.StdClient)...)
		a.add(FindingDataPortFiltered, SeverityCritical,
			fmt.Sprintf("Passive data port%s %s at %s %s not answer: a firewall drops the connections, so logins work but every listing and transfer hangs.",
				plural(len(ports)), joinInts(ports), f.Peer, doOrDoes(len(ports))),
			ev, nil).Ports = PortLists{Ports: SpansOf(ports)}
	}
	if refused := byReach[ReachRefused]; len(refused) > 0 {
		ports := portsOf(refused)
		ev := dialsIn(taken, ReachRefused)
		a.add(FindingDataPortRefused, SeverityCritical,
			fmt.Sprintf("Passive data port%s %s at %s answer%s with a reset: the port is not forwarded to the FTP server (or something else answers), so listings fail at once.",
				plural(len(ports)), joinInts(ports), f.Peer, sIfOne(len(ports))),
			ev, nil).Ports = PortLists{Ports: SpansOf(ports)}
	}
	if t := f.Transfer; t != nil && !t.OK && t.Stage != StageConnect && (t.Again == nil || !t.Again.OK) {
		// A listing that works the second time is the balancer's finding.
		// A data connection that did not open is a port finding above.
		line := ""
		if t.Endpoint.IsValid() {
			line = fmt.Sprintf("data connection %s (%s) opened", t.Endpoint, t.Via)
		}
		sum := fmt.Sprintf("The data connection opened but the %s failed: %s", t.Command, sentence(t.Error))
		if svc := DataService(t.DataHead, t.Protected); svc != "" {
			sum = fmt.Sprintf("The data port %d is answered by %s, not by the FTP server: the passive port is forwarded to another host or service, so the %s failed: %s",
				t.Endpoint.Port(), svc, t.Command, sentence(t.Error))
		}
		a.add(FindingDataTransferFailed, SeverityCritical, sum, listingEvidence(*t, line), nil)
	}
}

// dialsIn is the connect line of every sample whose endpoint answered one
// of the ways given, in the order the samples were taken.
func dialsIn(taken []PassiveSample, reaches ...Reach) []string {
	var ev []string
	for _, s := range taken {
		if slices.Contains(reaches, s.Peer.Reach) {
			ev = append(ev, dialLine(s.Command, s.Peer))
		}
	}
	return ev
}

func sortByPort(ss []PassiveSample) {
	slices.SortStableFunc(ss, func(a, b PassiveSample) int { return int(a.Port) - int(b.Port) })
}

func portsOf(ss []PassiveSample) []int {
	var ports []int
	for _, s := range ss {
		if !slices.Contains(ports, int(s.Port)) {
			ports = append(ports, int(s.Port))
		}
	}
	slices.Sort(ports)
	return ports
}

func recvLines(r *Reply) []string {
	if r == nil {
		return nil
	}
	out := make([]string, 0, min(len(r.Lines), 24))
	for i, l := range r.Lines {
		if i == 23 && len(r.Lines) > 24 {
			out = append(out, fmt.Sprintf("(%d more lines)", len(r.Lines)-23))
			break
		}
		out = append(out, EvidenceRecv+l)
	}
	return out
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ", ")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func doOrDoes(n int) string {
	if n == 1 {
		return "does"
	}
	return "do"
}

func sIfOne(n int) string {
	if n == 1 {
		return "s"
	}
	return ""
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
