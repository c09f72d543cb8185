package report

import (
	"fmt"

	"github.com/ftpnat/ftpnat/probe"
)

// MatrixRow is one row of the path matrix, the same for the text report,
// the TUI and the HTML report: which path, and how far it got.
type MatrixRow struct {
	Family    string // "IPv4", "IPv6"
	Address   string
	Transport string // "plain", "TLS", "implicit TLS"
	Reference bool
	Control   Cell
	Passive   Cell // the address the server advertised, and how
	Data      Cell
	Listing   Cell
}

// Cell is one cell: its words and how it went.
type Cell struct {
	Text   string
	Status probe.Status
}

// PathMatrix is the path matrix of a result: one row per path. It is
// empty when no path was planned.
func PathMatrix(res probe.Result) []MatrixRow {
	rows := make([]MatrixRow, 0, len(res.Outcomes))
	for i, o := range res.Outcomes {
		r := MatrixRow{Family: o.Family.Label(), Address: addrString(o.Address), Transport: o.Transport.Label(),
			Reference: i == res.Reference}
		r.Control = Cell{Text: "ok", Status: o.Control}
		switch o.Control {
		case probe.StatusFailed:
			r.Control.Text = o.ControlDetail
		case probe.StatusNotTested:
			r.Control.Text = "not tried"
		}
		r.Passive = Cell{Text: "—", Status: probe.StatusNotTested}
		if o.PassiveAddress.IsValid() {
			st := probe.StatusOK
			if !o.PassiveClass.Routable() && o.PassiveAddress != o.Address {
				st = probe.StatusFailed
			}
			r.Passive = Cell{Text: fmt.Sprintf("%s %s", o.PassiveCommand, o.PassiveAddress), Status: st}
			if o.PassiveCommand == "EPSV" {
				r.Passive.Text = "EPSV (same address)"
			}
		}
		r.Data = Cell{Text: dataWords(o), Status: o.Data}
		r.Listing = Cell{Text: map[probe.Status]string{probe.StatusOK: "ok", probe.StatusFailed: "failed"}[o.Listing], Status: o.Listing}
		if r.Listing.Text == "" {
			r.Listing.Text = "—"
		}
		rows = append(rows, r)
	}
	return rows
}

func dataWords(o probe.PathOutcome) string {
	switch o.Data {
	case probe.StatusOK:
		return "open"
	case probe.StatusPartial:
		return "partly " + string(o.DataReach)
	case probe.StatusFailed:
		return string(o.DataReach)
	}
	return "—"
}

// matrix prints the path matrix before the findings, when there is more
// than one path or the one path failed somewhere.
func (t *textWriter) matrix(res probe.Result) {
	rows := PathMatrix(res)
	if len(rows) == 0 {
		return
	}
	head := []string{"Path", "Control", "Passive address", "Data", "Listing"}
	cells := [][]Cell{}
	for _, r := range rows {
		path := r.Family + " " + r.Address + " " + r.Transport
		cells = append(cells, []Cell{{Text: path, Status: probe.StatusOK}, r.Control, r.Passive, r.Data, r.Listing})
	}
	widths := make([]int, len(head))
	for i, h := range head {
		widths[i] = len([]rune(h))
	}
	for _, row := range cells {
		for i, c := range row {
			widths[i] = max(widths[i], len([]rune(sanitize(c.Text))))
		}
	}
	if table := 1 + len(widths) + sumInts(widths); table > t.width {
		t.compactMatrix(cells)
		return
	}
	line := func(texts []string, colour func(i int, s string) string) string {
		out := " "
		for i, s := range texts {
			pad := s
			if i < len(texts)-1 {
				pad = padRight(s, widths[i])
			}
			if colour != nil {
				pad = colour(i, pad)
			}
			out += " " + pad
		}
		return out
	}
	t.line(t.p.heading.Sprint("Paths"))
	t.line(t.p.faint.Sprint(line(head, nil)))
	for _, row := range cells {
		texts := make([]string, len(row))
		for i, c := range row {
			texts[i] = sanitize(c.Text)
		}
		t.line(line(texts, func(i int, s string) string {
			if i == 0 {
				return s
			}
			switch row[i].Status {
			case probe.StatusFailed:
				return t.p.critical.Sprint(s)
			case probe.StatusPartial:
				return t.p.warning.Sprint(s)
			case probe.StatusOK:
				return t.p.ok.Sprint(s)
			}
			return t.p.faint.Sprint(s)
		}))
	}
	t.line("")
}

// compactMatrix prints the path matrix as one wrapped line per path, for
// widths too narrow for the table.
func (t *textWriter) compactMatrix(cells [][]Cell) {
	t.line(t.p.heading.Sprint("Paths"))
	for _, row := range cells {
		s := sanitize(row[0].Text) + ": control " + sanitize(row[1].Text) + ", passive " + sanitize(row[2].Text) +
			", data " + sanitize(row[3].Text) + ", listing " + sanitize(row[4].Text)
		t.prose(2, s, nil)
	}
	t.line("")
}

func sumInts(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}
