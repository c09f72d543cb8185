package report

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

// TestPictures diagnoses the fake scenarios once and checks the pictures'
// model, their SVG and their text art against what each scenario is.
func TestPictures(t *testing.T) {
	results := scenarioResults(t, pictureScenarios...)
	t.Run("model", func(t *testing.T) { testPictureModel(t, results) })
	t.Run("topology-svg", func(t *testing.T) { testTopologySVG(t, results) })
	t.Run("ladder-svg", func(t *testing.T) { testLadderSVG(t, results) })
	t.Run("topology-text", func(t *testing.T) { testTopologyText(t, results) })
	t.Run("ladder-text", func(t *testing.T) { testLadderText(t, results) })
}

func edgesOf(tp Topology, kind EdgeKind) []TopologyEdge {
	var out []TopologyEdge
	for _, p := range tp.Paths {
		for _, e := range p.Edges {
			if e.Kind == kind {
				out = append(out, e)
			}
		}
	}
	return out
}

func testPictureModel(t *testing.T, results map[string]probe.Result) {
	kinds := func(tp Topology) []NodeKind {
		var ks []NodeKind
		for _, n := range tp.Nodes {
			ks = append(ks, n.Kind)
		}
		return ks
	}
	// Healthy: no box in between, every connection open.
	h := BuildPictures(results["healthy"]).Topology
	if got, want := kinds(h), []NodeKind{NodeClient, NodePublic, NodeServer}; !slices.Equal(got, want) {
		t.Errorf("healthy nodes %v, want %v", got, want)
	}
	for _, p := range h.Paths {
		for _, e := range p.Edges {
			if e.Outcome != ConnOpen || e.DiesAt != "" {
				t.Errorf("healthy %s %s: %s, dies at %q", p.Label, e.Label, e.Outcome, e.DiesAt)
			}
		}
	}
	if n, _ := h.Node(NodeClient); !slices.Contains(n.Lines, "198.51.100.77") {
		t.Errorf("client node %v does not name this client's address", n.Lines)
	}
	if n, _ := h.Node(NodePublic); n.Title != "ftp.example.test" || !slices.Contains(n.Lines, "203.0.113.10") {
		t.Errorf("public node %q %v", n.Title, n.Lines)
	}
	if n, _ := h.Node(NodeServer); !slices.Contains(n.Lines, "vsftpd 3.0.3") {
		t.Errorf("server node %v does not name the software", n.Lines)
	}

	// Private address, data ports dropped: a NAT box, made evident by the
	// findings, where the data connections die.
	nat := BuildPictures(results["nat-private-unforwarded"]).Topology
	mb, ok := nat.Node(NodeMiddlebox)
	if !ok {
		t.Fatalf("nat-private-unforwarded: no middlebox in %v", kinds(nat))
	}
	for _, id := range []string{probe.FindingPASVUnroutable, probe.FindingDataPortFiltered} {
		if !slices.Contains(mb.Findings, id) {
			t.Errorf("middlebox findings %v lack %s", mb.Findings, id)
		}
	}
	if mb.Title != "NAT / firewall" {
		t.Errorf("middlebox title %q", mb.Title)
	}
	if n, _ := nat.Node(NodeServer); !slices.Contains(n.Lines, "advertises 10.0.0.5 (private)") {
		t.Errorf("server node %v does not show the advertised private address", n.Lines)
	}
	data := edgesOf(nat, EdgeData)
	if len(data) == 0 {
		t.Fatal("nat-private-unforwarded: no data edges")
	}
	for _, e := range data {
		if e.Outcome != ConnFiltered || e.DiesAt != NodeMiddlebox || len(e.Ports) == 0 {
			t.Errorf("data edge %+v: want filtered at the middlebox, with ports", e)
		}
	}

	// ALG: the box is there for the rewriting, plaintext data open, TLS
	// data filtered.
	alg := BuildPictures(results["alg-rewrite-private"]).Topology
	if mb, ok := alg.Node(NodeMiddlebox); !ok || !slices.Contains(mb.Findings, probe.FindingALGPASVRewritten) {
		t.Errorf("alg-rewrite-private: middlebox %+v lacks %s", mb, probe.FindingALGPASVRewritten)
	}
	for _, p := range alg.Paths {
		for _, e := range p.Edges {
			if e.Kind != EdgeData {
				continue
			}
			// A plaintext sample may go unmeasured when the fake replaces
			// its listener; none is dropped.
			want := ConnOpen
			if p.ID.Transport.Secure() {
				want = ConnFiltered
			} else if e.Outcome == ConnNotTested {
				continue
			}
			if e.Outcome != want {
				t.Errorf("alg %s %s: %s, want %s", p.Label, e.Label, e.Outcome, want)
			}
		}
	}

	// Dual stack: four paths, IPv6 data filtered, IPv4 open.
	ds := BuildPictures(results["dual-stack-ipv6-data-filtered"]).Topology
	if len(ds.Paths) != 4 {
		t.Errorf("dual stack: %d paths, want 4", len(ds.Paths))
	}
	for _, p := range ds.Paths {
		for _, e := range p.Edges {
			if e.Kind == EdgeData && (e.Outcome == ConnFiltered) != (p.ID.Family == probe.IPv6) {
				t.Errorf("dual stack %s %s: %s", p.Label, e.Label, e.Outcome)
			}
		}
	}
	if n, _ := ds.Node(NodeMiddlebox); !slices.Contains(n.Lines, "blocks IPv6 data") {
		t.Errorf("dual stack middlebox %v does not say which family it blocks", n.Lines)
	}

	// Refused with the server's own address advertised: the reset comes
	// from the server.
	for _, e := range edgesOf(BuildPictures(results["ports-refused"]).Topology, EdgeData) {
		if e.Outcome != ConnRefused || e.DiesAt != NodeServer {
			t.Errorf("ports-refused data edge %+v: want refused at the server", e)
		}
	}

	// Active mode without a connection back: the server's connection dies
	// at the client's side.
	act := edgesOf(BuildPictures(results["active-no-connect-back"]).Topology, EdgeActive)
	if len(act) == 0 {
		t.Fatal("active-no-connect-back: no active edges")
	}
	for _, e := range act {
		if !e.Reverse || e.Outcome != ConnFiltered || e.DiesAt != NodeClient {
			t.Errorf("active edge %+v: want reverse, filtered at the client", e)
		}
	}

	// A STAT reply naming another client address: a NAT on this side.
	seen := results["healthy"]
	seen.Facts.Paths = append([]probe.Path(nil), seen.Facts.Paths...)
	seen.Facts.Paths[0].Stat = &probe.Reply{Code: 211, Lines: []string{"211-FTP server status:", "     Connected to 192.0.2.99", "211 End of status"}}
	if n, _ := BuildPictures(seen).Topology.Node(NodeClient); !slices.Contains(n.Lines, "server sees 192.0.2.99") {
		t.Errorf("client node %v does not say how the server sees it", n.Lines)
	}
	if n, _ := h.Node(NodeClient); len(n.Lines) != 1 {
		t.Errorf("healthy client node %v: the server sees this client as it is", n.Lines)
	}

	// Balancer and client-side NAT, from their findings.
	more := scenarioResults(t, "balancer-no-affinity", "active-client-nat")
	if n, ok := BuildPictures(more["balancer-no-affinity"]).Topology.Node(NodeBalancer); !ok ||
		!slices.Contains(n.Findings, probe.FindingBalancerNoAffinity) {
		t.Errorf("balancer-no-affinity: balancer node %+v", n)
	}
	if n, _ := BuildPictures(more["active-client-nat"]).Topology.Node(NodeClient); !slices.Contains(n.Lines, "server sees 203.0.113.77") {
		t.Errorf("active-client-nat: client node %v does not say how the server sees it", n.Lines)
	}

	// Ladder: a session block per session, the passive replies followed
	// by their data connections, like samples folded.
	l := BuildPictures(results["healthy"]).Ladder
	var sessions []string
	folded := false
	for i, r := range l.Rows {
		switch r.Kind {
		case RowSession:
			sessions = append(sessions, r.Session)
		case RowData:
			if prev := l.Rows[i-1]; prev.Kind != RowRecv || !strings.HasPrefix(prev.Text, "22") {
				t.Errorf("data row %q follows %q, not a passive reply", r.Text, prev.Text)
			}
		case RowFold:
			folded = folded || strings.Contains(r.Text, "more PASV exchange")
		}
		if r.Kind == RowSend && strings.HasPrefix(r.Text, "PASS ") && r.Text != "PASS ****" {
			t.Errorf("password shown: %q", r.Text)
		}
	}
	if !slices.Contains(sessions, "main") || !slices.Contains(sessions, "tls") {
		t.Errorf("sessions %v", sessions)
	}
	if !folded {
		t.Errorf("healthy ladder does not fold the PASV samples:\n%s", BuildPictures(results["healthy"]).LadderText(PictureOptions{Width: 100}))
	}
	// Dual stack: the same 229 line on both families goes to the data
	// connection of the session's own family.
	dsRows := 0
	for _, r := range BuildPictures(results["dual-stack-ipv6-data-filtered"]).Ladder.Rows {
		if r.Kind != RowData {
			continue
		}
		dsRows++
		if v6 := strings.Contains(r.Session, "ipv6"); v6 != (r.Outcome == ConnFiltered) {
			t.Errorf("dual stack, session %q: data row %q is %s", r.Session, r.Text, r.Outcome)
		}
	}
	if dsRows == 0 {
		t.Error("dual stack ladder has no data rows")
	}
	nl := BuildPictures(results["nat-private-unforwarded"]).Ladder
	crossed := 0
	for _, r := range nl.Rows {
		if r.Kind == RowData {
			if r.Outcome != ConnFiltered || r.Ends != LanePublic {
				t.Errorf("nat data row %+v: want filtered, ending at the public lane", r)
			}
			crossed++
		}
	}
	if crossed == 0 {
		t.Error("nat-private-unforwarded ladder has no data rows")
	}
}

func testTopologySVG(t *testing.T, results map[string]probe.Result) {
	for _, name := range pictureScenarios {
		pics := BuildPictures(results[name])
		s := pics.TopologySVG()
		root := parseSVG(t, s)
		checkAccessibleSVG(t, name, root)
		nodes := root.all(func(n *svgNode) bool { return n.Name == "g" && n.hasClass("node") })
		if len(nodes) != len(pics.Topology.Nodes) {
			t.Errorf("%s: %d node groups, model has %d", name, len(nodes), len(pics.Topology.Nodes))
		}
		for i, n := range pics.Topology.Nodes {
			if i >= len(nodes) {
				break
			}
			if !nodes[i].hasClass(string(n.Kind)) || nodes[i].child("rect") == nil {
				t.Errorf("%s: node %d %v, want class %s and a box", name, i, nodes[i].class(), n.Kind)
			}
			for _, l := range n.Lines {
				if !strings.Contains(nodes[i].allText(), l) {
					t.Errorf("%s: node %s does not show %q", name, n.Kind, l)
				}
			}
		}
		edges := root.all(func(n *svgNode) bool { return n.Name == "g" && n.hasClass("edge") })
		var want int
		for _, p := range pics.Topology.Paths {
			want += len(p.Edges)
		}
		if len(edges) != want {
			t.Errorf("%s: %d edge groups, model has %d", name, len(edges), want)
		}
		for _, e := range edges {
			if e.child("title") == nil || e.child("line") == nil {
				t.Errorf("%s: edge %v without a title or a line", name, e.class())
			}
		}
	}
	// The pictures show what each scenario is.
	count := func(name string, cls ...string) int {
		root := parseSVG(t, BuildPictures(results[name]).TopologySVG())
		return len(root.all(func(n *svgNode) bool { return n.hasClass(cls...) }))
	}
	for _, c := range []struct {
		name string
		cls  []string
		min  int
	}{
		{"healthy", []string{"edge", "control", "open"}, 2},
		{"healthy", []string{"edge", "data", "open"}, 2},
		{"nat-private-unforwarded", []string{"node", "middlebox"}, 1},
		{"nat-private-unforwarded", []string{"edge", "data", "filtered"}, 2},
		{"nat-private-unforwarded", []string{"cross", "filtered"}, 2},
		{"ports-refused", []string{"bounce", "refused"}, 2},
		{"dual-stack-ipv6-data-filtered", []string{"edge", "data", "filtered"}, 2},
		{"dual-stack-ipv6-data-filtered", []string{"edge", "data", "open"}, 2},
	} {
		if got := count(c.name, c.cls...); got < c.min {
			t.Errorf("%s: %d elements of class %v, want at least %d", c.name, got, c.cls, c.min)
		}
	}
	if got := count("healthy", "middlebox"); got != 0 {
		t.Errorf("healthy draws a middlebox")
	}
}

// checkAccessibleSVG checks what every drawing must have: a title and a
// description the root names, a viewBox, the class PictureCSS scales, no
// style attribute (a strict Content-Security-Policy refuses them), no
// external reference.
func checkAccessibleSVG(t *testing.T, name string, root *svgNode) {
	t.Helper()
	if root.Attrs["role"] != "img" || root.Attrs["viewBox"] == "" || !root.hasClass("ftpnat-pic") || root.Attrs["style"] != "" {
		t.Errorf("%s: root attributes %v", name, root.Attrs)
	}
	ids := strings.Fields(root.Attrs["aria-labelledby"])
	if len(ids) != 2 {
		t.Fatalf("%s: aria-labelledby %q", name, root.Attrs["aria-labelledby"])
	}
	title, desc := root.child("title"), root.child("desc")
	if title == nil || desc == nil || title.Attrs["id"] != ids[0] || desc.Attrs["id"] != ids[1] ||
		strings.TrimSpace(title.Text) == "" || strings.TrimSpace(desc.Text) == "" {
		t.Errorf("%s: title %+v desc %+v, labelled by %v", name, title, desc, ids)
	}
	for _, n := range root.all(func(*svgNode) bool { return true }) {
		for k, v := range n.Attrs {
			if k == "href" || strings.Contains(v, "url(") || (k != "xmlns" && strings.Contains(v, "://")) {
				t.Errorf("%s: external reference %s=%q", name, k, v)
			}
		}
		if n.Name == "script" || n.Name == "foreignObject" || n.Name == "image" || n.Name == "style" || n.Attrs["style"] != "" {
			t.Errorf("%s: <%s> in the drawing", name, n.Name)
		}
	}
}

func testLadderSVG(t *testing.T, results map[string]probe.Result) {
	for _, name := range pictureScenarios {
		pics := BuildPictures(results[name])
		root := parseSVG(t, pics.LadderSVG())
		checkAccessibleSVG(t, name, root)
		arrows := root.all(func(n *svgNode) bool { return n.Name == "line" && n.hasClass("arrow") })
		want := 0
		for _, r := range pics.Ladder.Rows {
			switch r.Kind {
			case RowSend, RowRecv, RowConnect, RowData:
				want++
			}
		}
		if len(arrows) != want || want == 0 {
			t.Errorf("%s: %d arrows, model has %d", name, len(arrows), want)
		}
		lanes := root.all(func(n *svgNode) bool { return n.Name == "g" && n.hasClass("lane") })
		if len(lanes) != 3 {
			t.Errorf("%s: %d lanes", name, len(lanes))
		}
		if tls := root.all(func(n *svgNode) bool { return n.Name == "rect" && n.hasClass("tls") }); len(tls) == 0 {
			t.Errorf("%s: no TLS handshake marked", name)
		}
	}
	nat := parseSVG(t, BuildPictures(results["nat-private-unforwarded"]).LadderSVG())
	if n := len(nat.all(func(n *svgNode) bool { return n.hasClass("cross", "filtered") })); n == 0 {
		t.Error("nat-private-unforwarded ladder: no cross for the dropped data connections")
	}
	ref := parseSVG(t, BuildPictures(results["ports-refused"]).LadderSVG())
	if n := len(ref.all(func(n *svgNode) bool { return n.hasClass("bounce", "refused") })); n == 0 {
		t.Error("ports-refused ladder: no bounce for the reset data connections")
	}
}

func testTopologyText(t *testing.T, results map[string]probe.Result) {
	for _, name := range pictureScenarios {
		pics := BuildPictures(stablePorts(results[name]))
		var b strings.Builder
		for _, o := range []PictureOptions{{Unicode: true, Width: 80}, {Width: 80}, {Unicode: true, Width: 60}, {Width: 44}} {
			art := pics.TopologyText(o)
			checkArt(t, name, art, o)
			fmt.Fprintf(&b, "--- width %d, unicode %v\n%s", o.Width, o.Unicode, art)
		}
		golden := filepath.Join("testdata", "pictures", name+".txt")
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (go test ./report -run TestPictures -update)", err)
		}
		if b.String() != string(want) {
			t.Errorf("%s: topology text art differs from %s (go test ./report -run TestPictures -update):\n%s", name, golden, b.String())
		}
	}
}

// checkArt checks that text art keeps to its width and, without
// unicode, to ASCII.
func checkArt(t *testing.T, name, art string, o PictureOptions) {
	t.Helper()
	if strings.TrimSpace(art) == "" {
		t.Errorf("%s: empty art at %+v", name, o)
	}
	for _, l := range strings.Split(art, "\n") {
		if n := utf8.RuneCountInString(l); n > o.width() {
			t.Errorf("%s: line of %d columns at width %d: %q", name, n, o.width(), l)
		}
		if !o.Unicode {
			for _, r := range l {
				if r > 126 {
					t.Errorf("%s: %q in ASCII art: %q", name, r, l)
					break
				}
			}
		}
	}
}

func testLadderText(t *testing.T, results map[string]probe.Result) {
	for _, name := range pictureScenarios {
		pics := BuildPictures(results[name])
		for _, o := range []PictureOptions{{Unicode: true, Width: 80}, {Width: 80}, {Unicode: true, Width: 50}} {
			art := pics.LadderText(o)
			checkArt(t, name, art, o)
			if !strings.Contains(art, "session main") {
				t.Errorf("%s: no main session in\n%s", name, art)
			}
		}
	}
	art := BuildPictures(results["nat-private-unforwarded"]).LadderText(PictureOptions{Width: 80})
	if !strings.Contains(art, "X") || !strings.Contains(art, "filtered") {
		t.Errorf("nat-private-unforwarded ladder does not cross the dropped data connections:\n%s", art)
	}
}

// TestPictureSVGEscapesHostileText: server text that looks like markup is
// drawn as text, never parsed as elements.
func TestPictureSVGEscapesHostileText(t *testing.T) {
	res := reporttest.NATPrivateFiltered()
	hostile := `<script>alert(1)</script><g onload="x"> & ]]> "quoted"`
	res.Facts.Host = "evil<svg onload=alert(1)>.example"
	res.Transcript = append(res.Transcript,
		probe.TranscriptEntry{Dir: probe.DirSend, Line: "USER anonymous", Session: "main"},
		probe.TranscriptEntry{Dir: probe.DirRecv, Line: "530 " + hostile, Session: "main"},
		probe.TranscriptEntry{Dir: probe.DirInfo, Line: "note " + hostile + "\x1b[2J", Session: "main"})
	res.Software = probe.Software{Name: probe.SoftwareVsftpd, Version: hostile}
	pics := BuildPictures(res)
	for name, s := range map[string]string{"topology": pics.TopologySVG(), "ladder": pics.LadderSVG()} {
		root := parseSVG(t, s)
		checkAccessibleSVG(t, name, root)
		for _, n := range root.all(func(*svgNode) bool { return true }) {
			for k := range n.Attrs {
				if strings.HasPrefix(k, "on") {
					t.Errorf("%s: event attribute %s on <%s>", name, k, n.Name)
				}
			}
		}
		if !strings.Contains(root.allText(), "<script>") {
			t.Errorf("%s: the hostile text is not shown as text", name)
		}
		if strings.Contains(s, "\x1b") {
			t.Errorf("%s: a terminal escape reaches the drawing", name)
		}
	}
}

// TestLadderBounded: a transcript far longer than a picture can hold is
// cut to MaxLadderRows, and says how much it left out.
func TestLadderBounded(t *testing.T) {
	res := reporttest.Healthy()
	res.Transcript = nil
	for i := range 5000 {
		s := fmt.Sprintf("s%d", i%7)
		res.Transcript = append(res.Transcript,
			probe.TranscriptEntry{Dir: probe.DirSend, Line: "NOOP", Session: s},
			probe.TranscriptEntry{Dir: probe.DirRecv, Line: "200 ok", Session: s})
	}
	l := BuildPictures(res).Ladder
	if len(l.Rows) > MaxLadderRows || l.Omitted == 0 {
		t.Errorf("%d rows, %d omitted", len(l.Rows), l.Omitted)
	}
	if s := BuildPictures(res).LadderSVG(); len(s) > 120_000 {
		t.Errorf("ladder SVG of %d bytes", len(s))
	}
}
