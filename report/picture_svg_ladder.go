package report

import "fmt"

// Layout of the ladder drawing.
const (
	ladderTime    = 58.0  // the time column at the left
	ladderLaneGap = 250.0 // between lanes
	ladderHead    = 52.0  // lane headings
	ladderRow     = 24.0
	ladderSession = 30.0
)

func ladderSVG(l Ladder) string {
	laneX := func(i int) float64 { return ladderTime + 70 + float64(i)*ladderLaneGap }
	w := laneX(LaneServer) + 110
	h := ladderHead + 8
	for _, r := range l.Rows {
		h += rowHeight(r)
	}
	if l.Omitted > 0 {
		h += ladderRow
	}
	h += 10
	s := newSVG("ladder", l.Title, l.Description, w, h)
	for i, c := range l.Columns {
		x := laneX(i)
		s.raw(`<g class="lane">`)
		s.text(x, 18, "lane-title", "middle", c.Title)
		if c.Sub != "" {
			s.text(x, 18+svgLine, "lane-sub", "middle", fitText(c.Sub, ladderLaneGap-20))
		}
		s.line(x, ladderHead-8, x, h-10, "lifeline", true)
		s.raw(`</g>`)
	}
	y := ladderHead + 8
	for _, r := range l.Rows {
		rh := rowHeight(r)
		mid := y + rh - 7
		s.raw(`<g class="row %s%s">`, r.Kind, outcomeClass(r.Outcome))
		if r.Kind != RowSession {
			s.text(4, mid, "time", "", formatDuration(r.At))
		}
		from, to, end := laneX(r.From), laneX(r.To), laneX(r.Ends)
		dir := 1.0
		if to < from {
			dir = -1
		}
		labelX := min(from, to) + 8
		label := fitText(r.Text, 2*ladderLaneGap-16)
		cls := string(r.Outcome)
		switch r.Kind {
		case RowSession:
			s.raw(`<rect class="session-band" x="2" y="%s" width="%s" height="%s" fill="none"/>`, num(y+4), num(w-4), num(rh-6))
			s.text(6, y+rh-10, "session", "", fitText(r.Text, w-12))
		case RowSend, RowRecv:
			s.text(labelX, mid-6, "label", "", label)
			s.line(from, mid, to-8*dir, mid, "arrow "+string(r.Kind), false)
			s.head(to, mid, dir, "arrow-head "+string(r.Kind))
		case RowConnect, RowData:
			s.text(labelX, mid-6, "label", "", label)
			arrow := "arrow " + string(r.Kind) + " " + cls
			switch r.Outcome {
			case ConnOpen:
				s.line(from, mid, to-8*dir, mid, arrow, r.Kind == RowData)
				s.head(to, mid, dir, "arrow-head "+cls)
			case ConnRefused:
				s.line(from, mid, end, mid, arrow, r.Kind == RowData)
				s.bounce(end, mid, dir, "bounce "+cls)
			case ConnNotTested:
				s.line(from, mid, to, mid, arrow, true)
			default:
				s.line(from, mid, end, mid, arrow, r.Kind == RowData)
				s.cross(end, mid, "cross "+cls)
			}
		case RowTLS:
			s.raw(`<rect class="tls" x="%s" y="%s" width="%s" height="6" rx="3" fill="currentColor"/>`,
				num(laneX(LaneClient)), num(mid-3), num(laneX(LaneServer)-laneX(LaneClient)))
			s.text(labelX, mid-7, "label", "", label)
		case RowFold:
			s.text((laneX(LaneClient)+laneX(LaneServer))/2, mid, "fold", "middle", "… "+label)
		default:
			s.text(laneX(LaneClient)+8, mid, "note", "", label)
		}
		s.raw(`</g>`)
		y += rh
	}
	if l.Omitted > 0 {
		s.text((laneX(LaneClient)+laneX(LaneServer))/2, y+ladderRow-7, "fold", "middle",
			fmt.Sprintf("… %d more lines not drawn", l.Omitted))
	}
	return s.done()
}

func rowHeight(r LadderRow) float64 {
	if r.Kind == RowSession {
		return ladderSession
	}
	return ladderRow
}

func outcomeClass(o ConnOutcome) string {
	if o == "" {
		return ""
	}
	return " " + string(o)
}
