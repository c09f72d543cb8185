package report

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/ftpnat/ftpnat/probe"
)

// Topology is the path from this client to the server as the diagnosis
// understands it: the boxes in between (only those the findings make
// evident) and, for every path, the connections with their outcome.
type Topology struct {
	Title       string // for screen readers and headings
	Description string // one sentence saying what the picture shows
	// Nodes run from this client to the server, in that order.
	Nodes []TopologyNode
	Paths []TopologyPath
}

// NodeKind names a box of the topology.
type NodeKind string

const (
	NodeClient    NodeKind = "client"    // this machine (ftpnat)
	NodePublic    NodeKind = "public"    // the address the client reached
	NodeMiddlebox NodeKind = "middlebox" // NAT or firewall, when evident
	NodeBalancer  NodeKind = "balancer"  // a load balancer, when evident
	NodeServer    NodeKind = "server"    // the FTP server
)

// TopologyNode is one box of the topology. Every text is plain and
// sanitised for a terminal; renderers escape it for their format.
type TopologyNode struct {
	Kind  NodeKind
	Title string   // "ftpnat", "NAT / firewall", "server", ...
	Lines []string // addresses and what is known about the box
	// Findings are the IDs of the findings that make the box evident (the
	// middlebox and the balancer) or that it shows.
	Findings []string
}

// TopologyPath is one path's connections.
type TopologyPath struct {
	ID    probe.PathID
	Label string // "IPv4 plain", "IPv6 TLS 2001:db8::10"
	Edges []TopologyEdge
}

// EdgeKind is what a connection of the topology was for.
type EdgeKind string

const (
	EdgeControl EdgeKind = "control" // the control connection
	EdgeData    EdgeKind = "data"    // passive data connections (PASV/EPSV)
	EdgeActive  EdgeKind = "active"  // the server connecting back (PORT/EPRT)
	EdgeRange   EdgeKind = "range"   // a verified passive range (--expect-range)
)

// TopologyEdge is one connection, or a group of data connections of the
// same command and outcome.
type TopologyEdge struct {
	Kind    EdgeKind
	Command string // PASV, EPSV, PORT, EPRT; "" for control and range
	Outcome ConnOutcome
	Ports   []probe.PortSpan
	// Label names the connection with its ports: "control :21",
	// "PASV 30001-30009".
	Label string
	// DiesAt is the box where the connection ended when it did not get
	// through: the middlebox for dropped connections, the server or the
	// middlebox for refused ones, the public address for unreachable
	// ones; "" when it got through or was not tried.
	DiesAt NodeKind
	// Reverse: the connection runs from the server to the client (active
	// mode).
	Reverse bool
}

// Node returns the node of kind k.
func (t Topology) Node(k NodeKind) (TopologyNode, bool) {
	for _, n := range t.Nodes {
		if n.Kind == k {
			return n, true
		}
	}
	return TopologyNode{}, false
}

// index is the position of the node of kind k, -1 when absent.
func (t Topology) index(k NodeKind) int {
	for i, n := range t.Nodes {
		if n.Kind == k {
			return i
		}
	}
	return -1
}

// middleboxReasons say in a few words what each finding shows of the box
// between the client and the server, in the order they are listed.
var middleboxReasons = []struct{ id, words string }{
	{probe.FindingPASVUnroutable, "NAT in front of the server"},
	{probe.FindingPASVMismatch, "NAT: another address advertised"},
	{probe.FindingALGPASVRewritten, "ALG rewrites 227"},
	{probe.FindingALGDataPortsInspection, "opens data ports by reading FTP"},
	{probe.FindingALGReplyDropped, "drops the PASV reply"},
	{probe.FindingALGSystMasked, "masks SYST (inspect ftp)"},
	{probe.FindingDataPortFiltered, "drops data ports"},
	{probe.FindingDataPortRefused, "data ports reset"},
	{probe.FindingRangePartiallyBlocked, "range partly forwarded"},
	{probe.FindingFamilyDataBlocked, "blocks one family's data"},
	{probe.FindingFamilyControlBlocked, "blocks one family's control"},
}

// natFindings show that the server's own address is not the one reached:
// a refused data connection then dies at the NAT, not at the server.
var natFindings = []string{probe.FindingPASVUnroutable, probe.FindingPASVMismatch,
	probe.FindingALGPASVRewritten, probe.FindingALGDataPortsInspection}

func buildTopology(res probe.Result) Topology {
	f := res.Facts
	ids := map[string]bool{}
	for _, fi := range res.Findings {
		ids[fi.ID] = true
	}
	t := Topology{Title: "Path from ftpnat to " + sanitize(hostOrAddress(res))}
	t.Nodes = append(t.Nodes, clientNode(res), publicNode(res))
	if n, ok := middleboxNode(res, ids); ok {
		t.Nodes = append(t.Nodes, n)
	}
	if ids[probe.FindingBalancerNoAffinity] {
		t.Nodes = append(t.Nodes, TopologyNode{Kind: NodeBalancer, Title: "load balancer",
			Lines: []string{"sessions land on different servers"}, Findings: []string{probe.FindingBalancerNoAffinity}})
	}
	t.Nodes = append(t.Nodes, serverNode(res))
	for i := range f.Paths {
		t.Paths = append(t.Paths, t.path(res, &f.Paths[i]))
	}
	t.Description = topologyDescription(t)
	return t
}

func hostOrAddress(res probe.Result) string {
	if res.Facts.Host != "" {
		return res.Facts.Host
	}
	if p := res.RefPath(); p.Address.IsValid() {
		return p.Address.String()
	}
	return "the server"
}

func clientNode(res probe.Result) TopologyNode {
	f := res.Facts
	n := TopologyNode{Kind: NodeClient, Title: "ftpnat"}
	if f.Vantage.Remote != "" {
		n.Title = "ftpnat on " + sanitize(f.Vantage.Remote)
	}
	var addrs []string
	for _, p := range f.Paths {
		if a := p.Local.Addr(); a.IsValid() {
			addrs = appendNew(addrs, a.Unmap().String())
		}
	}
	if len(addrs) == 0 {
		for _, pfx := range f.Vantage.Interfaces {
			addrs = appendNew(addrs, pfx.Addr().String())
		}
	}
	n.Lines = addrs
	// The address the server says it sees in its STAT reply (read by the
	// diagnosis's own parser) is not this machine's: a NAT on this side.
	for _, p := range f.Paths {
		if p.Stat == nil || !p.Local.Addr().IsValid() {
			continue
		}
		if seen := probe.ParseStatClient(*p.Stat); seen.IsValid() && seen != p.Local.Addr().Unmap() {
			n.Lines = appendNew(n.Lines, "server sees "+seen.String())
		}
	}
	for _, fi := range res.Findings {
		// The client address the server says it sees (STAT, a PORT
		// refusal) is not this machine's: a NAT on this side.
		if sees := fi.Params[probe.ParamClientPublicAddress]; sees != "" && !slices.Contains(addrs, sees) {
			n.Lines = appendNew(n.Lines, "server sees "+sanitize(sees))
			n.Findings = appendNew(n.Findings, fi.ID)
		}
		switch fi.ID {
		case probe.FindingActiveNoConnectBack:
			n.Lines = appendNew(n.Lines, "firewall/NAT on this side")
			n.Findings = appendNew(n.Findings, fi.ID)
		case probe.FindingVantageInside, probe.FindingVantageNoHairpin:
			n.Lines = appendNew(n.Lines, "inside the server's network")
			n.Findings = appendNew(n.Findings, fi.ID)
		}
	}
	return n
}

func publicNode(res probe.Result) TopologyNode {
	f := res.Facts
	n := TopologyNode{Kind: NodePublic, Title: "public address"}
	if f.Host != "" {
		if _, err := netip.ParseAddr(f.Host); err != nil {
			n.Title = sanitize(f.Host)
		}
	}
	for _, p := range f.Paths {
		if !p.Address.IsValid() {
			continue
		}
		n.Lines = appendNew(n.Lines, p.Address.Unmap().String())
	}
	if len(n.Lines) == 0 && f.ResolveError != "" {
		n.Lines = []string{"does not resolve"}
	}
	return n
}

func middleboxNode(res probe.Result, ids map[string]bool) (TopologyNode, bool) {
	n := TopologyNode{Kind: NodeMiddlebox, Title: "NAT / firewall"}
	for _, r := range middleboxReasons {
		if !ids[r.id] {
			continue
		}
		words := r.words
		if fi, ok := findingOf(res, r.id); ok && strings.Contains(words, "one family's") {
			if fam := fi.Params[probe.ParamFamily]; fam != "" {
				words = strings.Replace(words, "one family's", probe.Family(fam).Label(), 1)
			}
		}
		n.Lines = append(n.Lines, words)
		n.Findings = append(n.Findings, r.id)
	}
	// A control connection that went unanswered was dropped on the way.
	if ids[probe.FindingControlUnreachable] {
		for _, p := range res.Facts.Paths {
			if p.Control.Reach == probe.ReachFiltered {
				n.Lines = append(n.Lines, "drops the control connection")
				n.Findings = append(n.Findings, probe.FindingControlUnreachable)
				break
			}
		}
	}
	if !ids[probe.FindingPASVUnroutable] && !ids[probe.FindingPASVMismatch] &&
		!ids[probe.FindingALGPASVRewritten] && len(n.Findings) > 0 {
		n.Title = "firewall"
	}
	return n, len(n.Findings) > 0
}

func serverNode(res probe.Result) TopologyNode {
	n := TopologyNode{Kind: NodeServer, Title: "server"}
	if res.Software.Name != "" && res.Software.Name != probe.SoftwareUnknown {
		n.Lines = append(n.Lines, softwareLabel(res.Software))
	}
	for _, p := range res.Facts.Paths {
		for _, s := range slices.Concat(p.PASV, p.EPSV) {
			if !s.Usable() || !s.Address.IsValid() || s.Address == p.Address {
				continue
			}
			line := "advertises " + s.Address.Unmap().String()
			if s.Class != "" && !s.Class.Routable() {
				line += " (" + string(s.Class) + ")"
			}
			n.Lines = appendNew(n.Lines, line)
		}
	}
	for _, fi := range res.Findings {
		if a := fi.Params[probe.ParamServerAddress]; a != "" && fi.ID == probe.FindingBannerLeaksPrivateAddr {
			n.Lines = appendNew(n.Lines, "greeting names "+sanitize(a))
		}
	}
	return n
}

// path builds the edges of one path.
func (t Topology) path(res probe.Result, p *probe.Path) TopologyPath {
	tp := TopologyPath{ID: p.PathID, Label: picturePathLabel(res.Facts.Paths, p.PathID)}
	natEvident := false
	for _, fi := range res.Findings {
		if slices.Contains(natFindings, fi.ID) && slices.Contains(fi.Paths, p.PathID) {
			natEvident = true
		}
	}
	dies := func(o ConnOutcome) NodeKind {
		switch o {
		case ConnFiltered:
			return t.present(NodeMiddlebox, NodePublic)
		case ConnRefused:
			if natEvident {
				return t.present(NodeMiddlebox, NodeServer)
			}
			return NodeServer
		case ConnUnreachable:
			return NodePublic
		}
		return ""
	}
	port := int(p.Control.Address.Port())
	if port == 0 {
		port = res.Facts.Port
	}
	ctl := ConnOutcomeOf(p.Control.Reach)
	tp.Edges = append(tp.Edges, TopologyEdge{Kind: EdgeControl, Outcome: ctl, DiesAt: dies(ctl),
		Ports: []probe.PortSpan{{Min: port, Max: port}}, Label: "control :" + strconv.Itoa(port)})
	tp.Edges = append(tp.Edges, dataEdges(p, dies)...)
	if a := p.Active; a != nil && a.Tested {
		for _, at := range []*probe.ActiveTest{a.PORT, a.EPRT} {
			if at == nil {
				continue
			}
			e := TopologyEdge{Kind: EdgeActive, Command: at.Command, Reverse: true, Outcome: ConnNotTested}
			if lp := int(at.Listener.Port()); lp != 0 {
				e.Ports = []probe.PortSpan{{Min: lp, Max: lp}}
			}
			switch {
			case at.Connected:
				e.Outcome = ConnOpen
			case at.Accepted:
				// The server said it would connect and nothing arrived.
				e.Outcome, e.DiesAt = ConnFiltered, NodeClient
			}
			e.Label = at.Command + " back" + portsSuffix(e.Ports)
			tp.Edges = append(tp.Edges, e)
		}
	}
	if r := p.Range; r != nil {
		if len(r.Answering) > 0 {
			tp.Edges = append(tp.Edges, TopologyEdge{Kind: EdgeRange, Outcome: ConnOpen, Ports: r.Answering,
				Label: "range" + portsSuffix(r.Answering)})
		}
		if len(r.Silent) > 0 {
			tp.Edges = append(tp.Edges, TopologyEdge{Kind: EdgeRange, Outcome: ConnFiltered, Ports: r.Silent,
				DiesAt: dies(ConnFiltered), Label: "range" + portsSuffix(r.Silent)})
		}
	}
	return tp
}

// findingOf is the first finding of res with the ID.
func findingOf(res probe.Result, id string) (probe.Finding, bool) {
	for _, f := range res.Findings {
		if f.ID == id {
			return f, true
		}
	}
	return probe.Finding{}, false
}

// present is k when the topology has that node, else the fallback.
func (t Topology) present(k, fallback NodeKind) NodeKind {
	if t.index(k) >= 0 {
		return k
	}
	return fallback
}

// dataEdges groups a path's passive data connections by command and
// outcome, in the order they were first tried.
func dataEdges(p *probe.Path, dies func(ConnOutcome) NodeKind) []TopologyEdge {
	type key struct {
		cmd string
		out ConnOutcome
	}
	var order []key
	ports := map[key][]int{}
	for _, s := range slices.Concat(p.PASV, p.EPSV) {
		if !s.Usable() {
			continue
		}
		k := key{s.Command, ConnOutcomeOf(s.Peer.Reach)}
		if _, seen := ports[k]; !seen {
			order = append(order, k)
		}
		if !slices.Contains(ports[k], int(s.Port)) {
			ports[k] = append(ports[k], int(s.Port))
		}
	}
	out := make([]TopologyEdge, 0, len(order))
	for _, k := range order {
		spans := runsOf(ports[k])
		out = append(out, TopologyEdge{Kind: EdgeData, Command: k.cmd, Outcome: k.out, Ports: spans,
			DiesAt: dies(k.out), Label: k.cmd + portsSuffix(spans)})
	}
	return out
}

// runsOf sorts ports into runs of consecutive numbers.
func runsOf(ports []int) []probe.PortSpan {
	ps := slices.Clone(ports)
	slices.Sort(ps)
	ps = slices.Compact(ps)
	var out []probe.PortSpan
	for _, p := range ps {
		if n := len(out); n > 0 && out[n-1].Max+1 == p {
			out[n-1].Max = p
			continue
		}
		out = append(out, probe.PortSpan{Min: p, Max: p})
	}
	return out
}

// portsSuffix is " :30001" for one port, " 30001-30009" for a span, with
// at most three runs named ("30001, 30005, 30009 +2").
func portsSuffix(ss []probe.PortSpan) string {
	if len(ss) == 0 {
		return ""
	}
	if len(ss) == 1 && ss[0].Min == ss[0].Max {
		return " :" + strconv.Itoa(ss[0].Min)
	}
	const most = 3
	shown := ss[:min(len(ss), most)]
	s := " " + probe.FormatSpans(shown)
	if len(ss) > most {
		s += " +" + strconv.Itoa(len(ss)-most)
	}
	return s
}

// pathLabel names a path for the pictures: family and transport, and the
// address when the family has more than one.
func picturePathLabel(all []probe.Path, id probe.PathID) string {
	s := id.Family.Label() + " " + id.Transport.Label()
	for _, p := range all {
		if p.Family == id.Family && p.Address != id.Address {
			return s + " " + id.Address.Unmap().String()
		}
	}
	return s
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// topologyDescription says in one sentence what the picture shows, for
// screen readers.
func topologyDescription(t Topology) string {
	s := "From ftpnat"
	for _, n := range t.Nodes[1:] {
		s += " to " + n.Title
	}
	s += "."
	for _, p := range t.Paths {
		s += " " + p.Label + ":"
		for i, e := range p.Edges {
			if i > 0 {
				s += ","
			}
			s += " " + e.Label + " " + e.Outcome.Words()
			if i := t.index(e.DiesAt); i >= 0 {
				s += " at " + t.Nodes[i].Title
			}
		}
		s += "."
	}
	return s
}
