package report

import (
	"strings"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/probe/diagnosis"
)

// FactSource is where the report's facts came from when not from a live run:
// packet captures, with what they cannot show.
type FactSource struct {
	Kind  string   `json:"kind"` // "capture"
	Files []string `json:"files"`
	// Side is where the capture was taken: "client" or "server" side of
	// the NAT in front of the server; absent when the capture does not
	// show it.
	Side    string   `json:"side,omitempty"`
	SideWhy string   `json:"side_why,omitempty"`
	Unseen  []string `json:"unseen"` // what the source cannot show
	Notes   []string `json:"notes"`  // what was lost or doubtful reading it
}

func buildSource(s *diagnosis.Source) *FactSource {
	if s == nil {
		return nil
	}
	return &FactSource{Kind: s.Kind, Files: nonNil(s.Files), Side: s.Side, SideWhy: s.SideWhy, Unseen: nonNil(s.Unseen), Notes: nonNil(s.Notes)}
}

// SourceLabel says in one line where a result's facts came from when not
// from a live run ("" for a live run): for the CAPTURE line of the text
// report and the TUI.
func SourceLabel(res probe.Result) string {
	s := res.Facts.Source
	if s == nil {
		return ""
	}
	where := ""
	switch s.Side {
	case diagnosis.SideClient:
		where = " (on the client's side)"
	case diagnosis.SideServer:
		where = " (on the server's side, behind its NAT)"
	}
	return "read from " + strings.Join(s.Files, ", ") + where + ": what the wire showed, not a live test"
}

// sourceHeader says, under the verdict, that the facts came from a capture.
func (t *textWriter) sourceHeader(res probe.Result) {
	s := res.Facts.Source
	if s == nil {
		return
	}
	const tag = "CAPTURE  "
	for i, l := range wrap(SourceLabel(res), t.width-len(tag)) {
		if i == 0 {
			t.line(t.p.label.Sprint(strings.TrimSpace(tag)) + "  " + l)
		} else {
			t.line(strings.Repeat(" ", len(tag)) + l)
		}
	}
}

// sourceLimits lists what the capture cannot show and what was lost
// reading it.
func (t *textWriter) sourceLimits(res probe.Result) {
	s := res.Facts.Source
	if s == nil {
		return
	}
	list := func(title string, items []string) {
		if len(items) == 0 {
			return
		}
		t.line(t.p.label.Sprint(title))
		for _, it := range items {
			for i, l := range wrap(it, t.width-4) {
				if i == 0 {
					t.line("  - " + l)
				} else {
					t.line("    " + l)
				}
			}
		}
		t.line("")
	}
	list("A capture cannot show", s.Unseen)
	list("Reading the capture", s.Notes)
}
