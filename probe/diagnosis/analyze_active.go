package diagnosis

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// activeMode raises active.port_rejected and active.no_connect_back.
func (a *analysis) activeMode() {
	act := a.f.Active
	if act == nil || !act.Tested {
		return
	}
	for _, t := range []*ActiveTest{act.PORT, act.EPRT} {
		if t == nil || t.OK {
			continue
		}
		ev := []string{EvidenceSent + t.Sent}
		ev = append(ev, recvLines(&t.Reply)...)
		extra := Params{ParamClientAddress: act.Advertise.String()}
		if !t.Accepted {
			if t.Reply.Code == 0 {
				continue // the command never got a reply: the session error says why
			}
			summary := fmt.Sprintf("The server refuses %s naming %s: %s", t.Command, act.Advertise, sentence(FirstLine(t.Reply)))
			if t.ServerSees.IsValid() && t.ServerSees != act.Advertise {
				extra[ParamClientPublicAddress] = t.ServerSees.String()
				summary += fmt.Sprintf(" It sees this client as %s: the client is behind NAT, and active mode would need %s and a forwarded data port.", t.ServerSees, t.ServerSees)
				ev = append(ev, fmt.Sprintf("the server sees the client at %s; ftpnat's listener is %s", t.ServerSees, t.Listener))
			}
			a.add(FindingActivePortRejected, SeverityWarning, summary, ev, extra)
			continue
		}
		ev = append(ev, EvidenceSent+"LIST")
		for _, r := range t.ListReplies {
			ev = append(ev, recvLines(&r)...)
		}
		ev = append(ev, t.Error)
		summary := fmt.Sprintf("The server accepted %s but never connected back to %s: a NAT or firewall in front of this client drops the server's connection, so active mode fails from here; passive mode is the way out.", t.Command, t.Listener)
		if t.From.IsValid() && !t.Connected {
			// Seen on the wire (a capture): the server did try; its
			// connection never opened.
			summary = fmt.Sprintf("The server accepted %s and connected back from %s to %s, but the connection never opened: a firewall on the client's machine, or a NAT or firewall in front of it, drops the server's connection, so active mode fails from here; passive mode is the way out.", t.Command, t.From, t.Listener)
		}
		a.add(FindingActiveNoConnectBack, SeverityWarning, summary, ev, extra)
	}
}

// rangeFindings raises passive.range_partially_blocked, or
// data.port_filtered for a wholly silent range, from --expect-range.
func (a *analysis) rangeFindings() {
	rs := a.f.Range
	if rs == nil || rs.Duration == 0 {
		return
	}
	extra := Params{ParamPortMin: strconv.Itoa(rs.Min), ParamPortMax: strconv.Itoa(rs.Max), ParamRangeObserved: "true",
		ParamRangeSource: string(RangeConfigured)}
	lists := PortLists{Ports: slices.Clone(rs.Silent), Forwarded: slices.Clone(rs.Answering), Missing: slices.Clone(rs.Silent)}
	ev := []string{
		fmt.Sprintf("dialled %d ports at %s, %d at a time, %s each", rs.Max-rs.Min+1, a.f.Peer, rs.Concurrency, FormatDuration(rs.Timeout)),
		fmt.Sprintf("answering (forwarded): %s (%d accepted, %d reset)", orNone(FormatSpans(rs.Answering)), rs.Open, rs.Refused),
		fmt.Sprintf("silent (dropped): %s", orNone(FormatSpans(rs.Silent))),
	}
	switch {
	case len(rs.Silent) > 0 && len(rs.Answering) > 0:
		a.add(FindingRangePartiallyBlocked, SeverityCritical,
			fmt.Sprintf("Only part of the passive range %d-%d is forwarded: %s answer, %s do not. Transfers fail whenever the server picks a missing port.",
				rs.Min, rs.Max, FormatSpans(rs.Answering), FormatSpans(rs.Silent)), ev, extra).Ports = lists
	case len(rs.Silent) > 0:
		a.add(FindingDataPortFiltered, SeverityCritical,
			fmt.Sprintf("No port of the passive range %d-%d answers at %s: the range is not forwarded, so logins work but every listing and transfer hangs.",
				rs.Min, rs.Max, a.f.Peer), ev, extra).Ports = lists
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// rangeShape describes the sampled ports: spread, whether they look like
// "any ephemeral port", and which ALG-sensitive ports the range holds.
func rangeShape(ports []int) (spread int, anyPort bool, alg []int) {
	lo, hi := slices.Min(ports), slices.Max(ports)
	spread = hi - lo
	anyPort = len(ports) >= 2 && spread >= 1000
	for _, p := range []int{554, 1720, 1723, 5060, 5061, 6660, 6661, 6662, 6663, 6664, 6665, 6666, 6667, 6668, 6669} {
		if p >= lo && p <= hi && !anyPort || slices.Contains(ports, p) {
			alg = append(alg, p)
		}
	}
	return spread, anyPort, alg
}

// partialSamples raises passive.range_partially_blocked when some sampled
// ports answered and others did not.
// ev are the connect lines in the order they happened.
func (a *analysis) partialSamples(open, blocked []PassiveSample, ev []string) {
	ports := portsOf(blocked)
	okPorts := portsOf(open)
	a.add(FindingRangePartiallyBlocked, SeverityCritical,
		fmt.Sprintf("Some passive ports answer (%s) and others do not (%s): only part of the range is forwarded, so transfers fail whenever the server picks a missing port.",
			joinInts(okPorts), joinInts(ports)),
		ev, nil).Ports = PortLists{Ports: SpansOf(ports), Missing: SpansOf(ports), Forwarded: SpansOf(okPorts)}
}

// sentence ends s with exactly one full stop.
func sentence(s string) string {
	return strings.TrimRight(s, ".") + "."
}
