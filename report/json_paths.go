package report

import "github.com/ftpnat/ftpnat/probe"

// PathReport is one path of the diagnosis: an address and a transport,
// with what its own session observed.
type PathReport struct {
	ID        string      `json:"id"` // "ipv6 2001:db8::5 plaintext"
	Family    string      `json:"family"`
	Address   string      `json:"address"`
	Transport string      `json:"transport"` // plaintext | explicit_tls | implicit_tls
	Reference bool        `json:"reference"` // the top-level fields describe this path
	Control   PathControl `json:"control"`
	Passive   Passive     `json:"passive"`
	Data      PathData    `json:"data"`
	Listing   PathListing `json:"listing"`
	Findings  []string    `json:"findings"` // IDs of the findings that concern this path
}

// PathControl is how far the path's control session got.
type PathControl struct {
	Status       string        `json:"status"` // ok | failed | not_tested
	Reach        string        `json:"reach"`  // of the TCP connect
	ConnectMS    int64         `json:"connect_ms"`
	Detail       string        `json:"detail"` // why not ok: filtered, login refused, ...
	Banner       string        `json:"banner"`
	LoggedIn     bool          `json:"logged_in"`
	Sequential   bool          `json:"sequential"` // ran after the other sessions (one session per client)
	SessionError *SessionError `json:"session_error"`
}

// PathData sums up the path's data-port tests.
type PathData struct {
	Status string `json:"status"` // ok | partial | failed | not_tested
	Reach  string `json:"reach"`  // the worst reach among the tested ports
}

// PathListing is the path's real listing.
type PathListing struct {
	Status   string    `json:"status"` // ok | failed | not_tested
	Transfer *Transfer `json:"transfer"`
}

func buildPaths(res probe.Result) []PathReport {
	out := make([]PathReport, 0, len(res.Facts.Paths))
	for i := range res.Facts.Paths {
		p := &res.Facts.Paths[i]
		o := probe.PathOutcome{PathID: p.PathID}
		if i < len(res.Outcomes) {
			o = res.Outcomes[i]
		}
		out = append(out, PathReport{
			ID: p.PathID.String(), Family: string(p.Family), Address: addrString(p.Address),
			Transport: string(p.Transport), Reference: i == res.Reference,
			Control: PathControl{Status: string(o.Control), Reach: string(o.ControlReach), ConnectMS: p.Control.Duration.Milliseconds(),
				Detail: o.ControlDetail, Banner: replyRaw(p.Greeting), LoggedIn: p.LoggedIn, Sequential: p.Sequential,
				SessionError: buildSessionError(p.SessionError)},
			Passive:  buildPassive(p, probe.ObservedRange(p)),
			Data:     PathData{Status: string(o.Data), Reach: string(o.DataReach)},
			Listing:  PathListing{Status: string(o.Listing), Transfer: buildTransfer(p.Transfer)},
			Findings: append([]string{}, o.Findings...),
		})
	}
	return out
}

// pathLabel names a path in checks and phases; "" for the run's own steps.
func pathLabel(id probe.PathID) string {
	if !id.Address.IsValid() {
		return ""
	}
	return id.String()
}
