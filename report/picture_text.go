package report

import (
	"strings"
	"unicode/utf8"
)

// artMarks are the characters of the text art, box-drawing or ASCII.
type artMarks struct {
	h, v, tl, tr, bl, br, link  string // boxes and the links between them
	line, dotted, start, startL string // connections
	arrow, back, cross, bounce  string // where a connection ends
	ellipsis                    string
}

func newArtMarks(unicode bool) artMarks {
	if unicode {
		return artMarks{h: "─", v: "│", tl: "┌", tr: "┐", bl: "└", br: "┘", link: "─",
			line: "─", dotted: "┄", start: "├", startL: "┤", arrow: "▶", back: "◀", cross: "✗", bounce: "┤", ellipsis: "…"}
	}
	return artMarks{h: "-", v: "|", tl: "+", tr: "+", bl: "+", br: "+", link: "-",
		line: "-", dotted: ".", start: "+", startL: "+", arrow: ">", back: "<", cross: "X", bounce: "|", ellipsis: "~"}
}

// Layout of the topology's text art.
const (
	artLabel   = 12 // the connection labels' column ("  control  ")
	artMinCol  = 19 // narrower node columns (an IPv4 address and a border) fall back to a list
	artBoxGap  = 2  // between boxes
	artAnchor  = 3  // a connection ends this far into its node's column
	artMaxBody = 6  // lines in one box
)

// artNodes are the columns of the text art: the public address and the
// middlebox share one (the middlebox's outside address is the public
// address), which keeps three columns in the common case.
func artNodes(t Topology) (nodes []TopologyNode, col map[NodeKind]int) {
	col = map[NodeKind]int{}
	for _, n := range t.Nodes {
		if n.Kind == NodeMiddlebox {
			if i, ok := col[NodePublic]; ok {
				// The box keeps the name the client dialled, above the
				// public addresses.
				merged := nodes[i]
				var lines []string
				if merged.Title != "public address" {
					lines = append(lines, merged.Title)
				}
				merged.Title = n.Title
				merged.Lines = append(append(lines, merged.Lines...), n.Lines...)
				nodes[i] = merged
				col[NodeMiddlebox] = i
				continue
			}
		}
		col[n.Kind] = len(nodes)
		nodes = append(nodes, n)
	}
	return nodes, col
}

func topologyText(t Topology, opts PictureOptions) string {
	w := opts.width()
	m := newArtMarks(opts.Unicode)
	p := newPalette(opts.Color)
	nodes, col := artNodes(t)
	if len(nodes) == 0 {
		return ""
	}
	colW := (w - artLabel) / len(nodes)
	if colW < artMinCol {
		return topologyList(t, w, m, p)
	}
	var b strings.Builder
	// The boxes, side by side, as tall as the tallest.
	inner := colW - artBoxGap - 2
	text := inner - 1 // a space after the left border
	bodies := make([][]string, len(nodes))
	height := 0
	for i, n := range nodes {
		body := hardWrap(n.Title, text)
		for _, l := range n.Lines {
			body = append(body, hardWrap(l, text)...)
		}
		if len(body) > artMaxBody {
			body = append(body[:artMaxBody-1], m.ellipsis)
		}
		bodies[i] = body
		height = max(height, len(body))
	}
	pad := strings.Repeat(" ", artLabel)
	row := func(fn func(i int) string) {
		var l strings.Builder
		l.WriteString(pad)
		for i := range nodes {
			l.WriteString(fn(i))
		}
		b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
	rule := strings.Repeat(m.h, inner)
	row(func(int) string { return m.tl + rule + m.tr + "  " })
	for r := 0; r < height; r++ {
		row(func(i int) string {
			cell := ""
			if r < len(bodies[i]) {
				cell = bodies[i][r]
			}
			gap := "  "
			if r == 0 && i < len(nodes)-1 {
				gap = m.link + m.link
			}
			s := padRight(cell, text)
			if r == 0 {
				s = p.label.Sprint(cell) + strings.Repeat(" ", text-utf8.RuneCountInString(cell))
			}
			return m.v + " " + s + m.v + gap
		})
	}
	row(func(int) string { return m.bl + rule + m.br + "  " })

	anchor := func(k NodeKind) int {
		i, ok := col[k]
		if !ok {
			i = len(nodes) - 1
		}
		return artLabel + i*colW + artAnchor
	}
	client, server := anchor(NodeClient), anchor(NodeServer)
	for _, tp := range t.Paths {
		b.WriteString(p.label.Sprint(truncRunes(tp.Label, w, m.ellipsis)) + "\n")
		for _, e := range tp.Edges {
			b.WriteString(edgeArt(e, client, server, anchor, w, m, p) + "\n")
		}
	}
	return b.String()
}

// edgeArt draws one connection on one line: its name in the label column,
// a line from the client's column to where it ended, the outcome and the
// ports.
func edgeArt(e TopologyEdge, client, server int, anchor func(NodeKind) int, w int, m artMarks, p palette) string {
	label := padRight("  "+truncRunes(edgeWord(e), artLabel-3, m.ellipsis), artLabel)
	c := p.tone(e.Outcome.Tone())
	from, to := client, server
	if e.Reverse {
		from, to = server, client
	}
	end := to
	if e.DiesAt != "" {
		end = anchor(e.DiesAt)
	}
	lo, hi := min(from, end), max(from, end)
	// The ports follow the outcome, so that a line's shape does not
	// depend on which ports the server picked.
	ports := strings.TrimSpace(portsSuffix(e.Ports))
	body := strings.Repeat(m.line, max(hi-lo-1, 0))
	fill := m.line
	if e.Outcome == ConnNotTested {
		body, fill = strings.Repeat(m.dotted, max(hi-lo-1, 0)), m.dotted
	}
	head, tail := m.start, m.arrow
	switch e.Outcome {
	case ConnNotTested:
		head, tail = fill, fill
	case ConnRefused:
		tail = m.bounce
	case ConnFiltered, ConnUnreachable:
		tail = m.cross
	}
	draw := head + body + tail
	if e.Reverse {
		// Drawn from the server back to the client: the end is on the left.
		back := map[string]string{m.arrow: m.back}
		if b, ok := back[tail]; ok {
			tail = b
		}
		if head == m.start {
			head = m.startL
		}
		draw = tail + body + head
	}
	words := e.Outcome.Words()
	if ports != "" {
		words += " " + ports
	}
	lead := strings.Repeat(" ", lo-artLabel)
	room := w - lo - utf8.RuneCountInString(draw) - 1
	return strings.TrimRight(label+lead+c.Sprint(draw)+" "+c.Sprint(truncRunes(words, max(room, 1), m.ellipsis)), " ")
}

// edgeWord names a connection in the label column.
func edgeWord(e TopologyEdge) string {
	switch e.Kind {
	case EdgeControl:
		return "control"
	case EdgeActive:
		return e.Command + " back"
	case EdgeRange:
		return "range"
	}
	return e.Command
}

// topologyList is the topology as a list, for widths too narrow for
// columns.
func topologyList(t Topology, w int, m artMarks, p palette) string {
	var b strings.Builder
	for i, n := range t.Nodes {
		lead := ""
		if i > 0 {
			lead = m.arrow + " "
		}
		s := lead + n.Title
		if len(n.Lines) > 0 {
			s += ": " + strings.Join(n.Lines, "; ")
		}
		for j, l := range wrap(s, w-4) {
			if j == 0 {
				b.WriteString(l + "\n")
			} else {
				b.WriteString("    " + l + "\n")
			}
		}
	}
	titles := map[NodeKind]string{}
	for _, n := range t.Nodes {
		titles[n.Kind] = n.Title
	}
	for _, tp := range t.Paths {
		b.WriteString(p.label.Sprint(truncRunes(tp.Label, w, m.ellipsis)) + "\n")
		for _, e := range tp.Edges {
			s := edgeWord(e) + portsSuffix(e.Ports) + ": " + e.Outcome.Words()
			if e.DiesAt != "" {
				s += " at " + titles[e.DiesAt]
			}
			for j, l := range wrap(s, w-4) {
				if j == 0 {
					b.WriteString("  " + p.tone(e.Outcome.Tone()).Sprint(l) + "\n")
				} else {
					b.WriteString("    " + l + "\n")
				}
			}
		}
	}
	return b.String()
}

// hardWrap wraps s to width, breaking words longer than the width.
func hardWrap(s string, width int) []string {
	var out []string
	for _, l := range wrap(s, width) {
		r := []rune(l)
		for len(r) > width {
			out = append(out, string(r[:width]))
			r = r[width:]
		}
		out = append(out, string(r))
	}
	return out
}

// truncRunes cuts s to n runes, the last one an ellipsis when cut.
func truncRunes(s string, n int, ellipsis string) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	if n <= 1 {
		return string(r[:n])
	}
	return string(r[:n-utf8.RuneCountInString(ellipsis)]) + ellipsis
}
