package report

import (
	"fmt"
	"strings"
)

// Layout of the ladder's text art: a time column, three lanes nine
// columns apart, then the row's text.
const (
	artTimeCol = 7
	artLaneGap = 9
	artLanes   = 2*artLaneGap + 1
)

// ladderMarks are the ladder's characters.
type ladderMarks struct {
	lane, line, tls, tlsEnd, session, ellipsis, sep string
	right, left, startR, startL, cross, bounce      string
}

func newLadderMarks(unicode bool) ladderMarks {
	if unicode {
		return ladderMarks{lane: "│", line: "─", tls: "═", tlsEnd: "╪", session: "─", ellipsis: "…", sep: " · ",
			right: "▶", left: "◀", startR: "├", startL: "┤", cross: "✗", bounce: "┫"}
	}
	return ladderMarks{lane: "|", line: "-", tls: "=", tlsEnd: "#", session: "-", ellipsis: "...", sep: " | ",
		right: ">", left: "<", startR: "|", startL: "|", cross: "X", bounce: "]"}
}

func ladderText(l Ladder, opts PictureOptions) string {
	w := opts.width()
	m := newLadderMarks(opts.Unicode)
	p := newPalette(opts.Color)
	room := w - artTimeCol - artLanes - 2
	var b strings.Builder
	head := func(pick func(c LadderColumn) string) {
		cells := []rune(strings.Repeat(" ", artTimeCol+artLanes+artLaneGap))
		for i, c := range l.Columns {
			put(cells, artTimeCol+i*artLaneGap, pick(c))
		}
		b.WriteString(strings.TrimRight(string(cells), " ") + "\n")
	}
	head(func(c LadderColumn) string { return truncRunes(verbOf(c.Title), artLaneGap-1, "") })
	var subs []string
	for _, c := range l.Columns {
		if c.Sub != "" {
			subs = append(subs, verbOf(c.Title)+" "+c.Sub)
		}
	}
	if len(subs) > 0 {
		for _, line := range wrap(strings.Join(subs, m.sep), w-artTimeCol) {
			b.WriteString(strings.Repeat(" ", artTimeCol) + line + "\n")
		}
	}
	for _, r := range l.Rows {
		if r.Kind == RowSession {
			label := " " + r.Text + " "
			line := strings.Repeat(m.session, 2) + label + strings.Repeat(m.session, max(w-len([]rune(label))-2, 0))
			b.WriteString(p.label.Sprint(truncRunes(line, w, "")) + "\n")
			continue
		}
		lanes := []rune(strings.Repeat(" ", artLanes))
		for i := 0; i < 3; i++ {
			put(lanes, i*artLaneGap, m.lane)
		}
		from, to, end := r.From*artLaneGap, r.To*artLaneGap, r.Ends*artLaneGap
		tone := ToneFaint
		switch r.Kind {
		case RowSend, RowRecv, RowConnect, RowData:
			if r.Outcome != "" {
				tone = r.Outcome.Tone()
			} else {
				tone = ToneInfo
			}
			dir := 1
			if to < from {
				dir = -1
			}
			stop := end
			if r.Outcome == ConnOpen || r.Outcome == "" {
				stop = to
			}
			for x := from; x != stop; x += dir {
				put(lanes, x, m.line)
			}
			if dir > 0 {
				put(lanes, from, m.startR)
			} else {
				put(lanes, from, m.startL)
			}
			switch {
			case r.Outcome == ConnFiltered || r.Outcome == ConnUnreachable:
				put(lanes, stop, m.cross)
			case r.Outcome == ConnRefused:
				put(lanes, stop, m.bounce)
			case dir > 0:
				put(lanes, stop, m.right)
			default:
				put(lanes, stop, m.left)
			}
		case RowTLS:
			tone = ToneInfo
			for x := 0; x < artLanes; x++ {
				put(lanes, x, m.tls)
			}
			put(lanes, 0, m.tlsEnd)
			put(lanes, artLanes-1, m.tlsEnd)
		case RowFold:
			r.Text = m.ellipsis + " " + r.Text
		}
		at := ""
		if r.Kind != RowFold {
			at = formatDuration(r.At)
		}
		text := truncRunes(r.Text, max(room, 8), m.ellipsis)
		b.WriteString(strings.TrimRight(fmt.Sprintf("%*s %s  %s", artTimeCol-1, at, p.tone(tone).Sprint(string(lanes)), text), " ") + "\n")
	}
	if l.Omitted > 0 {
		fmt.Fprintf(&b, "%*s %d more lines not drawn\n", artTimeCol-1, "", l.Omitted)
	}
	return b.String()
}

// put writes s over cells from index i, as far as they go.
func put(cells []rune, i int, s string) {
	for _, r := range s {
		if i >= 0 && i < len(cells) {
			cells[i] = r
		}
		i++
	}
}
