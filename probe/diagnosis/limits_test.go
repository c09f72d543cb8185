package diagnosis

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func TestLimitReply(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"421 There are too many connections from your internet address.", true},                     // vsftpd max_per_ip
		{"421 There are too many connected users, please try later.", true},                          // vsftpd max_clients
		{"421 Too many connections (2) from this IP", true},                                          // Pure-FTPd -C
		{"421 Too many connections from the same IP address.", true},                                 // pyftpdlib
		{"530 Sorry, the maximum number of clients (1) from your host are already connected.", true}, // ProFTPD
		{"421 Service not available, remote server has closed connection", false},                    // vsftpd after 500 OOPS
		{"530 Login incorrect.", false},
		{"220 Too many features to list, welcome", false}, // not a refusal
		{"421 Timeout.", false},
	}
	for _, tt := range tests {
		code := 0
		for _, c := range tt.line[:3] {
			code = code*10 + int(c-'0')
		}
		if got := LimitReply(Reply{Code: code, Lines: []string{tt.line}}); got != tt.want {
			t.Errorf("LimitReply(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestNamedLimit(t *testing.T) {
	for line, want := range map[string]int{
		"421 Too many connections (2) from this IP":                                          2,
		"421 4 users (the maximum) are already logged in, sorry":                             4,
		"530 Sorry, the maximum number of clients (1) from your host are already connected.": 1,
		"421 There are too many connections from your internet address.":                     0,
		"421 Too many connections (x) from this IP":                                          0,
	} {
		code := int(line[0]-'0')*100 + int(line[1]-'0')*10 + int(line[2]-'0')
		if got := namedLimit(Reply{Code: code, Lines: []string{line}}); got != want {
			t.Errorf("namedLimit(%q) = %d, want %d", line, got, want)
		}
	}
}

func FuzzLimitReply(f *testing.F) {
	f.Add(421, "421 Too many connections (2) from this IP")
	f.Add(530, "530 Sorry, the maximum number of clients (1) from your host are already connected.")
	f.Fuzz(func(t *testing.T, code int, line string) {
		got := LimitReply(Reply{Code: code, Lines: []string{line}})
		if n := namedLimit(Reply{Code: code, Lines: []string{line}}); n < 0 || n > 99999 {
			t.Errorf("named limit %d", n)
		}
		if got && code/100 != 4 && code/100 != 5 {
			t.Errorf("code %d counted as a refusal", code)
		}
	})
}

func limitFacts(refusals ...SessionRefusal) Facts {
	addr := netip.MustParseAddr("203.0.113.10")
	greeting := Reply{Code: 220, Lines: []string{"220 (vsFTPd 3.0.3)"}}
	return Facts{Host: "ftp.example.test", Port: 21, Refusals: refusals, Paths: []Path{
		{PathID: PathID{IPv4, addr, TransportPlain}, Control: Dial{Reach: ReachOpen},
			SessionFacts: SessionFacts{Greeting: &greeting, LoggedIn: true}},
	}}
}

func TestDiagnoseConnectionLimit(t *testing.T) {
	addr := netip.MustParseAddr("203.0.113.10")
	tls := PathID{IPv4, addr, TransportExplicitTLS}
	vsftpd := &Reply{Code: 421, Lines: []string{"421 There are too many connections from your internet address."}}
	oops := &Reply{Code: 421, Lines: []string{"421 Service not available, remote server has closed connection"}}
	tests := []struct {
		name     string
		facts    Facts
		limit    string // "" when no finding
		evidence []string
	}{
		{
			name: "worded refusal, run again alone",
			facts: limitFacts(SessionRefusal{PathID: tls, Session: SessionTLS, Step: "greeting", Reply: vsftpd, Open: 1, Alone: true},
				SessionRefusal{PathID: tls, Session: SessionStdClient, Step: "greeting", Reply: vsftpd, Open: 2, Alone: true}),
			limit: "1",
			evidence: []string{
				"connection of the TLS session to 203.0.113.10 refused at the greeting while 1 other session of this run was open:",
				"< 421 There are too many connections from your internet address.",
				"run again one session at a time, the server accepted: the TLS session, the standard client",
			},
		},
		{
			name: "the most sessions the server was serving",
			facts: limitFacts(SessionRefusal{PathID: tls, Session: SessionPolicy, Step: "greeting", Reply: vsftpd, Open: 3, Accepted: 2, Alone: true},
				SessionRefusal{PathID: tls, Session: SessionStdClient, Step: "greeting", Reply: vsftpd, Open: 1, Accepted: 1, Alone: true}),
			limit: "2",
		},
		{
			name:     "hung up without a word, accepted alone",
			facts:    limitFacts(SessionRefusal{PathID: tls, Session: SessionPolicy, Step: "greeting", Error: "connection closed before a greeting", Open: 2, Alone: true}),
			limit:    "2",
			evidence: []string{"connection of the TLS policy session to 203.0.113.10 refused at the greeting while 2 other sessions of this run were open: connection closed before a greeting"},
		},
		{
			name:     "worded refusal, still refused alone",
			facts:    limitFacts(SessionRefusal{PathID: tls, Session: SessionTLS, Step: "greeting", Reply: vsftpd, Open: 1}),
			limit:    "1",
			evidence: []string{"still refused when run alone: the TLS session"},
		},
		{
			name:  "unworded refusal never accepted alone is no limit",
			facts: limitFacts(SessionRefusal{PathID: tls, Session: SessionTLS, Step: "greeting", Reply: oops, Open: 1}),
		},
		{
			name:  "no other session open",
			facts: limitFacts(SessionRefusal{PathID: tls, Session: SessionTLS, Step: "greeting", Reply: vsftpd, Open: 0, Alone: true}),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Diagnose(tt.facts)
			i := slices.IndexFunc(d.Findings, func(f Finding) bool { return f.ID == FindingConnectionLimit })
			if tt.limit == "" {
				if i >= 0 {
					t.Fatalf("raised: %+v", d.Findings[i])
				}
				return
			}
			if i < 0 {
				t.Fatalf("not raised: %+v", d.Findings)
			}
			f := d.Findings[i]
			if f.Severity != SeverityWarning || f.Params[ParamSessionLimit] != tt.limit || d.Verdict != VerdictWarning {
				t.Errorf("severity %s, params %v, verdict %s", f.Severity, f.Params, d.Verdict)
			}
			for _, want := range tt.evidence {
				if !slices.Contains(f.Evidence, want) {
					t.Errorf("evidence lacks %q:\n%s", want, strings.Join(f.Evidence, "\n"))
				}
			}
			if !slices.Contains(f.Paths, tls) {
				t.Errorf("paths %v", f.Paths)
			}
		})
	}
	// Pure-FTPd's limit on all users together (half its passive range),
	// reached with three sessions: the server's capacity, info (Pure-FTPd
	// behind five passive ports serves two).
	pure := &Reply{Code: 421, Lines: []string{"421 3 users (the maximum) are already logged in, sorry"}}
	d := Diagnose(limitFacts(SessionRefusal{PathID: tls, Session: SessionStdClient, Step: "greeting", Reply: pure, Open: 3, Accepted: 3, Alone: true}))
	if len(d.Findings) != 1 || d.Findings[0].Severity != SeverityInfo || d.Verdict != VerdictOK ||
		!strings.Contains(d.Findings[0].Summary, "serves at most 3 sessions at once, from all clients together") {
		t.Errorf("total limit of 3: %+v, verdict %s", d.Findings, d.Verdict)
	}
	// The same wording with a limit of 1 keeps the client out: a warning.
	one := &Reply{Code: 421, Lines: []string{"421 1 users (the maximum) are already logged in, sorry"}}
	d = Diagnose(limitFacts(SessionRefusal{PathID: tls, Session: SessionStdClient, Step: "greeting", Reply: one, Open: 1, Accepted: 1, Alone: true}))
	if len(d.Findings) != 1 || d.Findings[0].Severity != SeverityWarning {
		t.Errorf("total limit of 1: %+v", d.Findings)
	}
	// A server that greets nobody has no session limit to name.
	f := limitFacts(SessionRefusal{PathID: PathID{IPv4, addr, TransportExplicitTLS}, Session: SessionTLS, Step: "greeting", Reply: vsftpd, Open: 1})
	f.Paths[0].Greeting, f.Paths[0].GreetingError, f.Paths[0].LoggedIn = vsftpd, "server refused the session with 421", false
	for _, fd := range Diagnose(f).Findings {
		if fd.ID == FindingConnectionLimit {
			t.Errorf("raised although no session was greeted: %+v", fd)
		}
	}
}
