package report

import "strings"

// Layout of the topology drawing.
const (
	topoMargin   = 10.0
	topoGap      = 34.0  // between boxes
	topoMinBox   = 130.0 // box width
	topoMaxBox   = 260.0
	topoPad      = 8.0  // inside a box
	topoPathHead = 26.0 // a path's label row
	topoEdgeRow  = 34.0 // one connection
)

func topologySVG(t Topology) string {
	// Boxes: as wide as their longest line, within bounds; all as tall as
	// the tallest.
	widths := make([]float64, len(t.Nodes))
	lines := 0
	for i, n := range t.Nodes {
		w := topoMinBox
		for _, l := range append([]string{n.Title}, n.Lines...) {
			w = max(w, textWidth(l)+2*topoPad)
		}
		widths[i] = min(w, topoMaxBox)
		lines = max(lines, len(n.Lines))
	}
	boxH := topoPad + svgLine + float64(lines)*svgLine + topoPad
	xs := make([]float64, len(t.Nodes)) // left edges
	x := topoMargin
	for i := range t.Nodes {
		xs[i] = x
		x += widths[i] + topoGap
	}
	w := x - topoGap + topoMargin
	centre := func(k NodeKind) float64 {
		i := t.index(k)
		if i < 0 {
			i = len(t.Nodes) - 1
		}
		return xs[i] + widths[i]/2
	}
	top := topoMargin + boxH + 18
	h := top
	for _, p := range t.Paths {
		h += topoPathHead + float64(len(p.Edges))*topoEdgeRow
	}
	h += topoMargin

	s := newSVG("topology", t.Title, t.Description, w, h)
	// Lifelines under the boxes, so that a connection's end reads as "at
	// that box".
	for i, n := range t.Nodes {
		cx := xs[i] + widths[i]/2
		s.raw(`<g class="lane %s">`, n.Kind)
		s.line(cx, topoMargin+boxH, cx, h-topoMargin, "lifeline", true)
		s.raw(`</g>`)
	}
	for i, n := range t.Nodes {
		s.raw(`<g class="node %s">`, n.Kind)
		s.raw(`<title>%s</title>`, esc(strings.Join(append([]string{n.Title}, n.Lines...), ", ")))
		s.raw(`<rect class="box" x="%s" y="%s" width="%s" height="%s" rx="6" fill="none" stroke="currentColor"/>`,
			num(xs[i]), num(topoMargin), num(widths[i]), num(boxH))
		y := topoMargin + topoPad + svgFont
		s.text(xs[i]+topoPad, y, "node-title", "", fitText(n.Title, widths[i]-2*topoPad))
		for _, l := range n.Lines {
			y += svgLine
			s.text(xs[i]+topoPad, y, "node-line", "", fitText(l, widths[i]-2*topoPad))
		}
		s.raw(`</g>`)
	}
	y := top
	client, server := centre(NodeClient), centre(NodeServer)
	for _, p := range t.Paths {
		s.raw(`<g class="path">`)
		s.text(topoMargin, y+svgFont+4, "path-label", "", p.Label)
		y += topoPathHead
		for _, e := range p.Edges {
			rowY := y + topoEdgeRow - 10
			cls := string(e.Outcome)
			words := e.Label + " · " + e.Outcome.Words()
			if e.DiesAt != "" {
				if i := t.index(e.DiesAt); i >= 0 {
					words += " at " + t.Nodes[i].Title
				}
			}
			s.raw(`<g class="edge %s %s">`, e.Kind, cls)
			s.raw(`<title>%s</title>`, esc(p.Label+": "+words))
			from, to, dir := client, server, 1.0
			if e.Reverse {
				from, to, dir = server, client, -1
			}
			end := to
			if e.DiesAt != "" {
				end = centre(e.DiesAt)
			}
			labelX := min(from, to) + 6
			s.text(labelX, rowY-7, "label", "", fitText(words, w-labelX-topoMargin))
			switch e.Outcome {
			case ConnOpen:
				s.line(from, rowY, to-9*dir, rowY, cls, false)
				s.head(to, rowY, dir, cls)
			case ConnNotTested:
				s.line(from, rowY, to, rowY, cls, true)
			case ConnRefused:
				s.line(from, rowY, end, rowY, cls, false)
				s.bounce(end, rowY, dir, "bounce "+cls)
			default: // filtered, unreachable: dropped on the way
				s.line(from, rowY, end, rowY, cls, false)
				s.cross(end, rowY, "cross "+cls)
			}
			s.raw(`</g>`)
			y += topoEdgeRow
		}
		s.raw(`</g>`)
	}
	return s.done()
}
