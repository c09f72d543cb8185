package diagnosis

import (
	"net/netip"
	"slices"
)

// Status is the state of one column of a path's row in the path matrix.
type Status string

const (
	StatusOK        Status = "ok"
	StatusFailed    Status = "failed"
	StatusPartial   Status = "partial" // some data ports answer, others do not
	StatusNotTested Status = "not_tested"
)

// PathOutcome is one row of the path matrix: how far a path got, for a
// reader to see at a glance which path breaks.
type PathOutcome struct {
	PathID
	Control        Status
	ControlReach   Reach  // of the control connect
	ControlDetail  string // why the control column is not ok: "filtered", "login refused", ...; "encrypted" for an ok session a capture cannot read
	PassiveCommand string // "PASV" or "EPSV": what the path's first usable sample used
	PassiveAddress netip.Addr
	PassiveClass   AddrClass
	Data           Status
	DataReach      Reach // the worst reach among the tested data ports
	Listing        Status
	Findings       []string // IDs of the findings that concern this path
}

func outcomes(ps []Path, fs []Finding, w *Wire) []PathOutcome {
	out := make([]PathOutcome, 0, len(ps))
	for i := range ps {
		p := &ps[i]
		o := PathOutcome{PathID: p.PathID, ControlReach: p.Control.Reach, Control: StatusOK,
			Data: StatusNotTested, DataReach: ReachNotTested, Listing: StatusNotTested}
		switch {
		case !p.Connected():
			o.Control, o.ControlDetail = StatusFailed, reachShort(p.Control.Reach)
			if p.Control.Reach == "" || p.Control.Reach == ReachNotTested {
				o.ControlReach, o.Control, o.ControlDetail = ReachNotTested, StatusNotTested, ""
			}
		case p.GreetingError != "":
			o.Control, o.ControlDetail = StatusFailed, "no greeting"
		case p.TLS != nil && (!p.TLS.Offered || p.TLS.HandshakeError != ""):
			o.Control, o.ControlDetail = StatusFailed, "TLS refused"
		case p.TLS != nil && p.TLS.Opaque && !p.LoggedIn:
			// Read from a capture: TLS began, and what followed is
			// encrypted. Nothing says the session failed.
			o.ControlDetail = "encrypted"
		case !p.LoggedIn && p.UserReply != nil:
			o.Control, o.ControlDetail = StatusFailed, "login refused"
		case !p.LoggedIn:
			o.Control, o.ControlDetail = StatusFailed, "session lost"
		}
		for _, ss := range [][]PassiveSample{p.PASV, p.EPSV} {
			for _, s := range ss {
				if s.Usable() && !o.PassiveAddress.IsValid() {
					o.PassiveCommand, o.PassiveAddress, o.PassiveClass = s.Command, s.Address, s.Class
				}
			}
		}
		o.Data, o.DataReach = dataStatus(p)
		if o.Data == StatusNotTested && p.TLS != nil && p.TLS.Opaque && w != nil {
			o.Data, o.DataReach = opaqueDataStatus(p, w.Opaque)
		}
		if t := p.Transfer; t != nil {
			o.Listing = StatusFailed
			if t.OK {
				o.Listing = StatusOK
			}
		}
		for _, f := range fs {
			if slices.Contains(f.Paths, p.PathID) {
				o.Findings = append(o.Findings, f.ID)
			}
		}
		out = append(out, o)
	}
	return out
}

// dataStatus sums up a path's data-port tests: ok when every tested port
// answered, failed when none did, partial otherwise.
func dataStatus(p *Path) (Status, Reach) {
	open, bad := 0, 0
	worst := ReachNotTested
	for _, ss := range [][]PassiveSample{p.PASV, p.EPSV} {
		for _, s := range ss {
			if !s.Usable() || s.Peer.Reach == ReachNotTested || s.Peer.Reach == "" {
				continue
			}
			if s.Peer.Reach == ReachOpen {
				open++
				if worst == ReachNotTested {
					worst = ReachOpen
				}
				continue
			}
			bad++
			if worst == ReachNotTested || worst == ReachOpen {
				worst = s.Peer.Reach
			}
		}
	}
	switch {
	case open == 0 && bad == 0:
		return StatusNotTested, ReachNotTested
	case bad == 0:
		return StatusOK, ReachOpen
	case open == 0:
		return StatusFailed, worst
	}
	return StatusPartial, worst
}

// opaqueDataStatus sums up the data connection attempts a capture
// attributed to a path's encrypted control connection, as dataStatus does
// for the passive samples it could read.
func opaqueDataStatus(p *Path, as []OpaqueAttempt) (Status, Reach) {
	var ss []PassiveSample
	for _, a := range as {
		if a.Control.From == p.Local && a.Control.To == p.Control.Address {
			ss = append(ss, PassiveSample{Accepted: true, Port: a.Conn.To.Port(), Address: a.Conn.To.Addr(),
				Peer: Dial{Address: a.Conn.To, Reach: a.Reach}})
		}
	}
	return dataStatus(&Path{SessionFacts: SessionFacts{PASV: ss}})
}
