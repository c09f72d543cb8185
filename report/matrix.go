package report

import (
	"fmt"
	"strings"
	"unicode/utf8"

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
		if o.ControlDetail != "" {
			r.Control.Text = o.ControlDetail // ok, and encrypted in a capture
		}
		switch o.Control {
		case probe.StatusFailed:
			r.Control.Text = o.ControlDetail
		case probe.StatusNotTested:
			r.Control.Text = "not tried"
		}
		r.Passive = Cell{Status: probe.StatusNotTested}
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
	return ""
}

// MatrixTable is the path matrix laid out as a table, for every renderer
// alike: the header, one row of cells per path (the path's label first,
// text already sanitised) and each column's width.
type MatrixTable struct {
	Head   []string
	Rows   [][]Cell
	Widths []int
}

// The table is indented by two cells, its columns one cell apart.
const matrixIndent, matrixGap = 2, 1

// PathTable lays out the path matrix; none stands in empty cells (the
// renderer's dash).
func PathTable(res probe.Result, none string) MatrixTable {
	t := MatrixTable{Head: []string{"Path", "Control", "Passive address", "Data", "Listing"}}
	for _, r := range PathMatrix(res) {
		row := []Cell{{Text: r.Family + " " + r.Address + " " + r.Transport, Status: probe.StatusOK}, r.Control, r.Passive, r.Data, r.Listing}
		for i := range row {
			row[i].Text = Sanitize(row[i].Text)
			if row[i].Text == "" {
				row[i].Text = none
			}
		}
		t.Rows = append(t.Rows, row)
	}
	t.Widths = make([]int, len(t.Head))
	for i, h := range t.Head {
		t.Widths[i] = utf8.RuneCountInString(h)
	}
	for _, row := range t.Rows {
		for i, c := range row {
			t.Widths[i] = max(t.Widths[i], utf8.RuneCountInString(c.Text))
		}
	}
	return t
}

// Width is the table's width in cells, gaps included.
func (t MatrixTable) Width() int {
	n := matrixIndent - matrixGap
	for _, w := range t.Widths {
		n += matrixGap + w
	}
	return n
}

// Line lays out one row: each text padded to its column, the last one
// not padded; style, when set, styles a padded cell of a path row (i > 0).
func (t MatrixTable) Line(texts []string, style func(i int, s string) string) string {
	cells := make([]string, len(texts))
	for i, s := range texts {
		if i < len(texts)-1 {
			s = padRight(s, t.Widths[i])
		}
		if style != nil {
			s = style(i, s)
		}
		cells[i] = s
	}
	return strings.Repeat(" ", matrixIndent) + strings.Join(cells, strings.Repeat(" ", matrixGap))
}

// Texts are the texts of row i.
func (t MatrixTable) Texts(i int) []string {
	out := make([]string, len(t.Rows[i]))
	for j, c := range t.Rows[i] {
		out[j] = c.Text
	}
	return out
}

// Compact is row i as one sentence, for widths too narrow for the table.
func (t MatrixTable) Compact(i int) string {
	r := t.Rows[i]
	return r[0].Text + ": control " + r[1].Text + ", passive " + r[2].Text + ", data " + r[3].Text + ", listing " + r[4].Text
}

// matrix prints the path matrix before the findings: one row per path,
// or one wrapped line per path when the table is wider than the page.
func (t *textWriter) matrix(res probe.Result) {
	tab := PathTable(res, t.m.dash)
	if len(tab.Rows) == 0 {
		return
	}
	t.line(t.p.heading.Sprint("Paths"))
	if tab.Width() > t.width {
		for i := range tab.Rows {
			t.prose(2, tab.Compact(i), nil)
		}
		t.line("")
		return
	}
	t.line(t.p.faint.Sprint(tab.Line(tab.Head, nil)))
	for i, row := range tab.Rows {
		t.line(tab.Line(tab.Texts(i), func(j int, s string) string {
			if j == 0 {
				return s
			}
			return t.p.cell(row[j].Status).Sprint(s)
		}))
	}
	t.line("")
}
