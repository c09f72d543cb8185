package report

import (
	"github.com/ftpnat/ftpnat/probe"
)

// Pictures is the presentation model of a diagnosis's two drawings: the
// topology (who sits between this client and the server, and where each
// connection got to) and the ladder (the run as a sequence diagram). It
// is built once from a Result by BuildPictures and drawn by the SVG and
// text renderers; nothing in it is derived from the replies again: what
// it says comes from the findings and the measured facts.
type Pictures struct {
	Topology Topology
	Ladder   Ladder
}

// BuildPictures builds the pictures of res.
func BuildPictures(res probe.Result) Pictures {
	return Pictures{Topology: buildTopology(res), Ladder: buildLadder(res)}
}

// PictureOptions control the text art of the pictures.
type PictureOptions struct {
	// Unicode draws with box-drawing characters and arrows; ASCII
	// otherwise. The caller decides it from the locale (see UnicodeLocale).
	Unicode bool
	// Width is the number of columns available; 0 means 80.
	Width int
	// Color adds ANSI colours to the outcomes.
	Color bool
}

// minPictureWidth is the narrowest the text art gets: below the width
// its columns need it is a list, which still wants this much.
const minPictureWidth = 30

func (o PictureOptions) width() int {
	switch {
	case o.Width <= 0:
		return 80
	case o.Width < minPictureWidth:
		return minPictureWidth
	}
	return o.Width
}

// ConnOutcome is how far a connection got, as the pictures colour it. The
// values double as the CSS classes of the SVG elements that show it.
type ConnOutcome string

const (
	ConnOpen        ConnOutcome = "open"        // the handshake completed
	ConnRefused     ConnOutcome = "refused"     // a reset answered
	ConnFiltered    ConnOutcome = "filtered"    // no answer: dropped on the way
	ConnUnreachable ConnOutcome = "unreachable" // no route, ICMP unreachable
	ConnNotTested   ConnOutcome = "not-tested"  // not tried
)

// ConnOutcomeOf is the picture outcome of a measured reach.
func ConnOutcomeOf(r probe.Reach) ConnOutcome {
	switch r {
	case probe.ReachOpen:
		return ConnOpen
	case probe.ReachRefused:
		return ConnRefused
	case probe.ReachFiltered:
		return ConnFiltered
	case probe.ReachUnreachable:
		return ConnUnreachable
	}
	return ConnNotTested
}

// Words is the outcome as the text art and the labels write it.
func (o ConnOutcome) Words() string {
	if o == ConnNotTested {
		return "not tested"
	}
	return string(o)
}

// Tone is the outcome's colour in the text renderers.
func (o ConnOutcome) Tone() Tone {
	switch o {
	case ConnOpen:
		return ToneOK
	case ConnRefused, ConnFiltered, ConnUnreachable:
		return ToneCritical
	}
	return ToneFaint
}

// TopologySVG draws the topology as an inline-able SVG element.
func (p Pictures) TopologySVG() string { return topologySVG(p.Topology) }

// LadderSVG draws the ladder as an inline-able SVG element.
func (p Pictures) LadderSVG() string { return ladderSVG(p.Ladder) }

// TopologyText draws the topology as text art for a terminal.
func (p Pictures) TopologyText(opts PictureOptions) string { return topologyText(p.Topology, opts) }

// LadderText draws the ladder as text art for a terminal.
func (p Pictures) LadderText(opts PictureOptions) string { return ladderText(p.Ladder, opts) }
