package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ftpnat/ftpnat/probe"
)

// Ladder is the run as a sequence diagram: three columns (ftpnat, the
// public address, the server), time flowing down, one block of rows per
// control session.
type Ladder struct {
	Title       string
	Description string
	// Columns are the three lanes' headings: ftpnat, the public address,
	// the server.
	Columns [3]LadderColumn
	Rows    []LadderRow
	// Omitted counts the transcript lines left out to keep the picture
	// bounded (beyond MaxLadderRows, or past a session's share).
	Omitted int
}

// LadderColumn is the heading of one lane.
type LadderColumn struct {
	Title string
	Sub   string // an address or the software
}

// Lanes of the ladder.
const (
	LaneClient = 0 // ftpnat
	LanePublic = 1 // the public address (where a firewall drops things)
	LaneServer = 2 // the server
)

// RowKind is what a ladder row shows.
type RowKind string

const (
	RowSession RowKind = "session" // a session begins: its name
	RowConnect RowKind = "connect" // the control connection's handshake
	RowSend    RowKind = "send"    // a command, ftpnat → server
	RowRecv    RowKind = "recv"    // a reply, server → ftpnat
	RowData    RowKind = "data"    // a data connection attempt
	RowTLS     RowKind = "tls"     // a TLS handshake
	RowNote    RowKind = "note"    // anything else the run noted
	RowFold    RowKind = "fold"    // repetitive rows folded into one
)

// LadderRow is one arrow or note of the ladder.
type LadderRow struct {
	Kind    RowKind
	Session string
	At      time.Duration // since the start of the run
	Text    string        // plain, sanitised; PASS is redacted by the probe
	// From and To are the lanes the arrow joins; Ends is where it stops:
	// To when it got through, the public lane for a connection dropped on
	// the way (a cross at the firewall), the lane that answered with a
	// reset for a refused one (a bounce).
	From, To, Ends int
	Outcome        ConnOutcome // of connect and data rows; "" for the others
}

// Bounds of the ladder.
const (
	MaxLadderRows      = 240 // rows in all
	maxSessionRows     = 60  // rows of one session
	foldAfter          = 1   // like samples shown before the rest are folded
	maxLadderTextRunes = 90  // of one row's text
)

// Prefixes of the probe's own transcript notes that the ladder draws as
// something other than a note.
const (
	noteConnected = "connected to "
	noteTLS       = "TLS established"
	noteData      = "data connect "
)

func buildLadder(res probe.Result) Ladder {
	l := Ladder{Title: "Sequence of the run against " + sanitize(hostOrAddress(res))}
	l.Columns[LaneClient] = LadderColumn{Title: "ftpnat"}
	if p := res.RefPath(); p.Local.Addr().IsValid() {
		l.Columns[LaneClient].Sub = p.Local.Addr().Unmap().String()
	}
	l.Columns[LanePublic] = LadderColumn{Title: "public address"}
	if p := res.RefPath(); p.Address.IsValid() {
		l.Columns[LanePublic].Sub = p.Address.Unmap().String()
	}
	l.Columns[LaneServer] = LadderColumn{Title: "server"}
	if res.Software.Name != "" && res.Software.Name != probe.SoftwareUnknown {
		l.Columns[LaneServer].Sub = softwareLabel(res.Software)
	}

	m := newDataMatcher(res)
	var order []string
	bySession := map[string][]probe.TranscriptEntry{}
	for _, e := range res.Transcript {
		if _, ok := bySession[e.Session]; !ok {
			order = append(order, e.Session)
		}
		bySession[e.Session] = append(bySession[e.Session], e)
	}
	for _, name := range order {
		rows := sessionRows(name, bySession[name], m)
		rows = foldSamples(attachDataRows(rows))
		if len(rows) > maxSessionRows {
			l.Omitted += len(rows) - maxSessionRows
			rows = append(rows[:maxSessionRows-1], LadderRow{Kind: RowFold, Session: name,
				At: rows[maxSessionRows-1].At, From: LaneClient, To: LaneServer, Ends: LaneServer,
				Text: fmt.Sprintf("%d more rows of this session not shown", len(rows)-maxSessionRows+1)})
		}
		l.Rows = append(l.Rows, LadderRow{Kind: RowSession, Session: name, At: bySession[name][0].T,
			Text: "session " + sanitize(name), From: LaneClient, To: LaneServer, Ends: LaneServer})
		l.Rows = append(l.Rows, rows...)
	}
	if len(l.Rows) > MaxLadderRows {
		l.Omitted += len(l.Rows) - MaxLadderRows
		l.Rows = l.Rows[:MaxLadderRows]
	}
	l.Description = ladderDescription(l)
	return l
}

// sessionRows turns one session's transcript into rows: multi-line
// replies as one row, the probe's notes as connects and TLS handshakes,
// and each passive reply followed by the data connection made to it.
func sessionRows(name string, es []probe.TranscriptEntry, m *dataMatcher) []LadderRow {
	var rows []LadderRow
	open := -1 // index of the reply row still collecting lines
	for _, e := range es {
		line := clipRow(sanitize(e.Line))
		switch e.Dir {
		case probe.DirSend:
			open = -1
			rows = append(rows, LadderRow{Kind: RowSend, Session: name, At: e.T, Text: line,
				From: LaneClient, To: LaneServer, Ends: LaneServer})
		case probe.DirRecv:
			if open >= 0 {
				r := &rows[open]
				r.Text = addLines(r.Text)
				if finalReplyLine(e.Line) {
					open = -1
					rows = append(rows, m.after(name, e)...)
				}
				continue
			}
			rows = append(rows, LadderRow{Kind: RowRecv, Session: name, At: e.T, Text: line,
				From: LaneServer, To: LaneClient, Ends: LaneClient})
			if !finalReplyLine(e.Line) {
				open = len(rows) - 1
				continue
			}
			rows = append(rows, m.after(name, e)...)
		default:
			open = -1
			switch {
			case strings.HasPrefix(e.Line, noteData):
				// Drawn from the facts right after the passive reply.
				continue
			case strings.HasPrefix(e.Line, noteConnected):
				rows = append(rows, LadderRow{Kind: RowConnect, Session: name, At: e.T, Text: line,
					From: LaneClient, To: LaneServer, Ends: LaneServer, Outcome: ConnOpen})
			case strings.HasPrefix(e.Line, noteTLS):
				rows = append(rows, LadderRow{Kind: RowTLS, Session: name, At: e.T, Text: line,
					From: LaneClient, To: LaneServer, Ends: LaneServer})
			default:
				rows = append(rows, LadderRow{Kind: RowNote, Session: name, At: e.T, Text: line,
					From: LaneClient, To: LaneClient, Ends: LaneClient})
			}
		}
	}
	return rows
}

// finalReplyLine reports whether l ends a reply: "NNN text" or "NNN".
func finalReplyLine(l string) bool {
	return len(l) >= 3 && isDigits(l[:3]) && (len(l) == 3 || l[3] == ' ')
}

// addLines counts one more line of a multi-line reply in its row's text:
// "211-Features: (+1 line)", "(+2 lines)", ...
func addLines(text string) string {
	n := 0
	if i := strings.LastIndex(text, " (+"); i >= 0 && strings.HasSuffix(text, ")") {
		if _, err := fmt.Sscanf(text[i:], " (+%d", &n); err == nil {
			text = text[:i]
		} else {
			n = 0
		}
	}
	n++
	if n == 1 {
		return text + " (+1 line)"
	}
	return fmt.Sprintf("%s (+%d lines)", text, n)
}

func clipRow(s string) string {
	if r := []rune(s); len(r) > maxLadderTextRunes {
		return string(r[:maxLadderTextRunes-3]) + "..."
	}
	return s
}

// dataMatcher finds the measured data connection that followed a passive
// reply of the transcript: each sample and each listing is used once.
type dataMatcher struct {
	paths   []probe.Path
	nat     map[probe.PathID]bool // a refused data connection dies at the NAT
	used    map[*probe.PassiveSample]bool
	usedTfr map[*probe.Transfer]bool
}

func newDataMatcher(res probe.Result) *dataMatcher {
	m := &dataMatcher{paths: res.Facts.Paths, nat: map[probe.PathID]bool{},
		used: map[*probe.PassiveSample]bool{}, usedTfr: map[*probe.Transfer]bool{}}
	for _, fi := range res.Findings {
		if slices.Contains(natFindings, fi.ID) {
			for _, id := range fi.Paths {
				m.nat[id] = true
			}
		}
	}
	return m
}

// sessionScore says how well a session's name fits a path: its family label and
// whether it is a TLS session.
func sessionScore(session string, id probe.PathID) int {
	s := 0
	if strings.Contains(session, string(id.Family)) {
		s += 2
	}
	if strings.HasPrefix(session, "tls") == id.Transport.Secure() {
		s++
	}
	return s
}

// sameTransport reports whether a session can have made a path's data
// connections: the TLS sessions beside plaintext ones ("tls…") the secure
// path's, the others the plaintext path's — or, in a run without
// plaintext, the secure one's. Servers hand out the same port to several
// sessions, so the same 227 line can answer two of them.
func (m *dataMatcher) sameTransport(session string, id probe.PathID) bool {
	switch {
	case strings.HasPrefix(session, "tls"):
		return id.Transport.Secure()
	case slices.ContainsFunc(m.paths, func(p probe.Path) bool { return !p.Transport.Secure() }):
		return !id.Transport.Secure()
	}
	return true
}

// after returns the data row for a passive reply, or nothing.
func (m *dataMatcher) after(session string, e probe.TranscriptEntry) []LadderRow {
	if !strings.HasPrefix(e.Line, "227") && !strings.HasPrefix(e.Line, "229") {
		return nil
	}
	var best *probe.PassiveSample
	var bestPath *probe.Path
	bestScore := -1
	for i := range m.paths {
		p := &m.paths[i]
		if !m.sameTransport(session, p.PathID) {
			continue
		}
		for _, ss := range [][]probe.PassiveSample{p.PASV, p.EPSV} {
			for j := range ss {
				s := &ss[j]
				if m.used[s] || !s.Usable() || len(s.Reply.Lines) == 0 || s.Reply.Lines[0] != e.Line {
					continue
				}
				if sc := sessionScore(session, p.PathID); sc > bestScore {
					best, bestPath, bestScore = s, p, sc
				}
			}
		}
	}
	if best != nil {
		m.used[best] = true
		row := m.row(session, e.T, bestPath.PathID, ConnOutcomeOf(best.Peer.Reach))
		row.Text = fmt.Sprintf("data :%d (%s) %s", best.Port, best.Command, row.Outcome.Words())
		if best.Peer.Reach != probe.ReachOpen && best.Peer.Duration > 0 {
			row.Text += " after " + formatDuration(best.Peer.Duration)
		}
		return []LadderRow{row}
	}
	// A listing's own passive reply, when no sample took it.
	for i := range m.paths {
		p := &m.paths[i]
		if !m.sameTransport(session, p.PathID) {
			continue
		}
		for _, t := range m.transfers(p) {
			if m.usedTfr[t] || len(t.Replies) == 0 || len(t.Replies[0].Lines) == 0 || t.Replies[0].Lines[0] != e.Line {
				continue
			}
			m.usedTfr[t] = true
			out := transferOutcome(t)
			if out == ConnNotTested {
				out = m.reachOf(p, t.Endpoint.Port())
			}
			row := m.row(session, e.T, p.PathID, out)
			row.Text = fmt.Sprintf("data :%d (%s, listing) %s", t.Endpoint.Port(), t.Via, out.Words())
			if t.Protected {
				row.Text += ", TLS"
				if t.Resumed {
					row.Text += " resumed"
				}
			}
			return []LadderRow{row}
		}
	}
	return nil
}

// transferOutcome is how far a listing's data connection got: open when
// it connected; when it failed at the connect, the reach the probe
// recorded with the error ("data connect ADDR: filtered").
func transferOutcome(t *probe.Transfer) ConnOutcome {
	if t.Connected {
		return ConnOpen
	}
	if t.Stage == probe.StageConnect {
		for _, r := range []probe.Reach{probe.ReachFiltered, probe.ReachRefused, probe.ReachUnreachable} {
			if strings.HasSuffix(t.Error, ": "+string(r)) {
				return ConnOutcomeOf(r)
			}
		}
	}
	return ConnNotTested
}

// reachOf is the outcome measured for a port of p's samples.
func (m *dataMatcher) reachOf(p *probe.Path, port uint16) ConnOutcome {
	for _, s := range slices.Concat(p.PASV, p.EPSV) {
		if s.Usable() && s.Port == port {
			return ConnOutcomeOf(s.Peer.Reach)
		}
	}
	return ConnNotTested
}

func (m *dataMatcher) transfers(p *probe.Path) []*probe.Transfer {
	var out []*probe.Transfer
	add := func(t *probe.Transfer) {
		for t != nil {
			out = append(out, t)
			t = t.Again
		}
	}
	add(p.Transfer)
	if p.TLS != nil {
		for i := range p.TLS.Transfers {
			add(&p.TLS.Transfers[i])
		}
		add(p.TLS.NoResume)
	}
	return out
}

// row is a data row of path id with its outcome and where it stops.
func (m *dataMatcher) row(session string, at time.Duration, id probe.PathID, out ConnOutcome) LadderRow {
	r := LadderRow{Kind: RowData, Session: session, At: at, From: LaneClient, To: LaneServer, Ends: LaneServer, Outcome: out}
	switch out {
	case ConnFiltered, ConnUnreachable:
		r.Ends = LanePublic
	case ConnRefused:
		if m.nat[id] {
			r.Ends = LanePublic
		}
	}
	return r
}

// foldSamples folds runs of like passive exchanges after the first into
// one row. An exchange starts with PASV or EPSV and runs through its
// reply, its data connection and the listing over it, if any; two are
// alike when their commands, reply codes and outcomes are the same.
func foldSamples(rows []LadderRow) []LadderRow {
	var out []LadderRow
	for i := 0; i < len(rows); {
		n, cmd := exchangeAt(rows, i)
		if n == 0 {
			out = append(out, rows[i])
			i++
			continue
		}
		out = append(out, rows[i:i+n]...)
		shape := exchangeShape(rows[i : i+n])
		j := i + n
		var ports []string
		for {
			m, _ := exchangeAt(rows, j)
			if m == 0 || exchangeShape(rows[j:j+m]) != shape {
				break
			}
			for _, r := range rows[j : j+m] {
				if r.Kind == RowData {
					ports = appendNew(ports, portOfDataRow(r.Text))
				}
			}
			j += m
		}
		if k := (j - i - n) / n; k > 0 {
			data := rows[i+2]
			out = append(out, LadderRow{Kind: RowFold, Session: rows[i].Session, At: rows[i+n].At,
				From: LaneClient, To: LaneServer, Ends: data.Ends, Outcome: data.Outcome,
				Text: fmt.Sprintf("%d more %s %s like this (%s %s)", k, cmd, plural(k, "exchange", "exchanges"),
					plural(len(ports), "port", "ports"), strings.Join(ports, ", "))})
		}
		i = j
	}
	return out
}

// attachDataRows moves each data connection's row up to just after the
// passive reply that announced its port. The next command goes out
// without waiting for a dial's answer, so in the transcript an outcome
// can come after it; the ladder shows each connection with its reply.
func attachDataRows(rows []LadderRow) []LadderRow {
	out := make([]LadderRow, 0, len(rows))
	for _, r := range rows {
		if r.Kind != RowData {
			out = append(out, r)
			continue
		}
		port, at := portOfDataRow(r.Text), -1
		for j := len(out) - 1; j >= 0 && at < 0; j-- {
			if out[j].Kind == RowRecv && announcedPort(out[j].Text) == port {
				at = j
			}
		}
		if at < 0 {
			out = append(out, r)
			continue
		}
		k := at + 1
		for k < len(out) && out[k].Kind == RowData {
			k++
		}
		out = slices.Insert(out, k, r)
	}
	return out
}

// announcedPort is the port a 227 or 229 reply line announces, "" for
// any other line.
func announcedPort(line string) string {
	rep := probe.Reply{Lines: []string{line}}
	switch {
	case strings.HasPrefix(line, "227"):
		rep.Code = 227
		if p, err := probe.ParsePASV(rep); err == nil {
			return strconv.Itoa(int(p.Port))
		}
	case strings.HasPrefix(line, "229"):
		rep.Code = 229
		if p, err := probe.ParseEPSV(rep); err == nil {
			return strconv.Itoa(int(p.Port))
		}
	}
	return ""
}

// listingVerbs are the commands that use the data connection a passive
// reply announced.
var listingVerbs = []string{"LIST", "MLSD", "NLST", "RETR", "STOR"}

// exchangeAt is the length of the passive exchange at rows[i] and its
// command, or 0: PASV or EPSV sent, its reply, the data connection made
// to it, then a listing's command and replies.
func exchangeAt(rows []LadderRow, i int) (int, string) {
	if i+2 >= len(rows) {
		return 0, ""
	}
	a, b, c := rows[i], rows[i+1], rows[i+2]
	if a.Kind != RowSend || (a.Text != "PASV" && a.Text != "EPSV") || b.Kind != RowRecv || c.Kind != RowData {
		return 0, ""
	}
	n := 3
	if i+n < len(rows) && rows[i+n].Kind == RowSend && slices.Contains(listingVerbs, verbOf(rows[i+n].Text)) {
		n++
		for i+n < len(rows) && rows[i+n].Kind == RowRecv {
			n++
		}
	}
	return n, a.Text
}

// exchangeShape is what two like exchanges share: the commands' verbs,
// the reply codes, the data connection's outcome.
func exchangeShape(rows []LadderRow) string {
	var b strings.Builder
	for _, r := range rows {
		switch r.Kind {
		case RowSend:
			b.WriteString(">" + verbOf(r.Text))
		case RowRecv:
			b.WriteString("<" + r.Text[:min(3, len(r.Text))])
		case RowData:
			b.WriteString("=" + string(r.Outcome))
			if strings.Contains(r.Text, "listing") {
				b.WriteString("L")
			}
		}
	}
	return b.String()
}

func verbOf(line string) string {
	v, _, _ := strings.Cut(line, " ")
	return v
}

func portOfDataRow(text string) string {
	f := strings.Fields(text)
	if len(f) > 1 {
		return strings.TrimPrefix(f[1], ":")
	}
	return text
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func ladderDescription(l Ladder) string {
	counts := map[RowKind]int{}
	var dead []string
	for _, r := range l.Rows {
		counts[r.Kind]++
		if r.Kind == RowData && r.Outcome != ConnOpen {
			dead = append(dead, r.Text)
		}
	}
	s := fmt.Sprintf("%d sessions, %d commands, %d replies, %d data connections shown.",
		counts[RowSession], counts[RowSend], counts[RowRecv], counts[RowData])
	if len(dead) > 0 {
		s += " Failed: " + strings.Join(dead[:min(len(dead), 5)], "; ") + "."
	}
	return s
}
