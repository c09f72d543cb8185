package diagnosis

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// FindingConnectionLimit is raised when the server turned away one of the
// run's connections while others of the run were open, and accepted it
// alone: a limit on simultaneous sessions per client (or in total).
const FindingConnectionLimit = "server.connection_limit"

// ParamSessionLimit is the most sessions the server was seen to accept at
// once from this client.
const ParamSessionLimit = "session_limit"

// Sessions a refusal can concern (SessionRefusal.Session), besides the
// path's own session.
const (
	SessionPlain     = "plaintext"       // the path's plaintext session
	SessionTLS       = "tls"             // the path's TLS session
	SessionPolicy    = "tls-policy"      // the TLS policy session beside a TLS path
	SessionStdClient = "standard-client" // the standard-client check
	SessionInfo      = "info"            // the plaintext session that asks SYST, PWD, STAT beside the path's own
)

// SessionRefusal is a control connection of the run that the server
// turned away — at the greeting or at login — while other connections of
// the run to the same address were open. The engine then runs the refused
// work again with no other connection open.
type SessionRefusal struct {
	PathID
	Session string // SessionPlain, SessionTLS, SessionPolicy or SessionStdClient
	Step    string // the step that was refused: greeting or login
	Reply   *Reply // the refusal; nil when the server hung up without a word
	Error   string // what happened when there was no reply
	Open    int    // other connections of the run open to the address at that moment
	// Accepted: of those, the ones the server greeted and that had not
	// said goodbye — the sessions it was serving from this client when it
	// refused another (a greeting read only after the refusal counts: it
	// was on its way).
	Accepted int
	// Alone: run again with no other connection of the run open, the
	// server accepted it.
	Alone bool
}

// LimitReply reports whether a refusal's wording names a connection limit:
// vsftpd's "421 There are too many connections from your internet
// address." and "421 There are too many connected users", Pure-FTPd's
// "421 Too many connections (2) from this IP" and "421 4 users (the
// maximum) are already logged in, sorry", ProFTPD's "530 Sorry, the
// maximum number of clients (1) from your host are already connected.",
// and the like. Codes other than 4yz and 5yz are never refusals.
func LimitReply(r Reply) bool {
	if r.Class() != 4 && r.Class() != 5 {
		return false
	}
	t := strings.ToLower(r.Text())
	for _, w := range []string{"too many", "maximum number of", "max connections", "connection limit",
		"limit reached", "already connected", "max. connection", "maximum connections", "per ip",
		"(the maximum)"} {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// namedLimit is the limit a refusal states, 0 when it names none:
// "421 Too many connections (2) from this IP", "421 4 users (the maximum)
// are already logged in", "530 Sorry, the maximum number of clients (1)
// from your host are already connected.".
func namedLimit(r Reply) int {
	t := strings.ToLower(r.Text())
	if m := limitCount.FindStringSubmatch(t); m != nil {
		n, _ := strconv.Atoi(m[1] + m[2])
		return n
	}
	return 0
}

var limitCount = regexp.MustCompile(`(?:too many connections|maximum number of [a-z]+) \((\d{1,5})\)|(?m)^(\d{1,5}) users \(the maximum\)`)

// totalLimitReply reports whether a refusal names a limit on all clients
// together rather than on this one: Pure-FTPd's "421 4 users (the
// maximum) are already logged in, sorry" (MaxClientsNumber, which it caps
// at half the passive port range) and vsftpd's "421 There are too many
// connected users, please try later." (max_clients).
func totalLimitReply(r Reply) bool {
	t := strings.ToLower(r.Text())
	return strings.Contains(t, "users (the maximum)") || strings.Contains(t, "connected users")
}

// connectionLimit raises FindingConnectionLimit from the refusals of the
// run: a connection refused while others were open counts when its
// refusal names a limit or when the server accepted the same work alone,
// and only when the server accepted a session at all (a server that
// turns every connection away has no greeting to give, which is
// control.no_greeting).
func connectionLimit(f Facts) []Finding {
	if !slices.ContainsFunc(f.Paths, func(p Path) bool { return p.Greeting != nil && p.GreetingError == "" }) {
		return nil
	}
	var counted []SessionRefusal
	for _, r := range f.Refusals {
		if r.Open > 0 && (r.Alone || r.Reply != nil && LimitReply(*r.Reply)) {
			counted = append(counted, r)
		}
	}
	if len(counted) == 0 {
		return nil
	}
	// The sessions the server was serving when it refused another; the
	// most seen at any refusal (a connection just closed here may still
	// count there a moment longer), else the fewest connections open.
	limit, open, named := 0, counted[0].Open, 0
	var paths []PathID
	var ev []string
	for _, r := range counted {
		limit, open = max(limit, r.Accepted), min(open, r.Open)
		if r.Reply != nil {
			named = max(named, namedLimit(*r.Reply))
		}
		if !slices.Contains(paths, r.PathID) {
			paths = append(paths, r.PathID)
		}
		// The sessions the server had open: those it served when it
		// refused (others dialled at the same moment were being refused
		// too), else every connection open here.
		others := r.Open
		if r.Accepted > 0 {
			others = min(r.Accepted, r.Open)
		}
		what := fmt.Sprintf("connection of %s to %s refused at the %s while %d other session%s of this run %s open",
			sessionWords(r.Session), r.Address, r.Step, others, plural(others), wasOrWere(others))
		switch {
		case r.Reply != nil:
			ev = append(ev, what+":")
			ev = append(ev, recvLines(r.Reply)...)
		case r.Error != "":
			ev = append(ev, what+": "+r.Error)
		default:
			ev = append(ev, what)
		}
	}
	var alone, still []string
	for _, r := range f.Refusals {
		name := sessionWords(r.Session)
		switch {
		case r.Alone && !slices.Contains(alone, name):
			alone = append(alone, name)
		case !r.Alone && !slices.Contains(still, name):
			still = append(still, name)
		}
	}
	still = slices.DeleteFunc(still, func(s string) bool { return slices.Contains(alone, s) })
	if len(alone) > 0 {
		ev = append(ev, "run again one session at a time, the server accepted: "+strings.Join(alone, ", "))
	}
	if len(still) > 0 {
		ev = append(ev, "still refused when run alone: "+strings.Join(still, ", "))
	}
	switch {
	case named > 0: // the server's own word
		limit = named
	case limit == 0:
		limit = open
	}
	p := Params{ParamHost: f.Host, ParamControlPort: strconv.Itoa(f.Port), ParamSessionLimit: strconv.Itoa(limit),
		ParamPublicAddress: paths[0].Address.String(), ParamFamily: string(paths[0].Family)}
	summary := fmt.Sprintf("The server at %s accepts at most %d simultaneous session%s from this client and turns "+
		"away the next one; clients that open parallel connections (FileZilla's two transfer connections, lftp "+
		"mirror --parallel, WinSCP's background transfers) fail with it.", paths[0].Address, limit, plural(limit))
	sev := SeverityWarning
	// A limit on all users together that this client reached with more
	// than one session is the server's capacity: worth knowing, and
	// nothing this client is singled out for.
	if limit > 1 && !slices.ContainsFunc(counted, func(r SessionRefusal) bool { return r.Reply == nil || !totalLimitReply(*r.Reply) }) {
		sev = SeverityInfo
		summary = fmt.Sprintf("The server at %s serves at most %d session%s at once, from all clients together, and "+
			"turned away one of this client's: a client that opens parallel connections takes several of them.",
			paths[0].Address, limit, plural(limit))
	}
	return []Finding{{ID: FindingConnectionLimit, Severity: sev, Summary: summary, Evidence: ev,
		Params: p, Paths: paths}}
}

func sessionWords(s string) string {
	switch s {
	case SessionPlain:
		return "the plaintext session"
	case SessionTLS:
		return "the TLS session"
	case SessionPolicy:
		return "the TLS policy session"
	case SessionStdClient:
		return "the standard client"
	case SessionInfo:
		return "the session that asks SYST, PWD and STAT"
	}
	return "the " + s + " session"
}

func wasOrWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}
