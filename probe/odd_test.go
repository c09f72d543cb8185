package probe_test

import (
	"context"
	"io"
	"net"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/fixtures/fakeftp"
	"github.com/ftpnat/ftpnat/fixtures/faultnet"
	"github.com/ftpnat/ftpnat/probe"
)

// runOdd diagnoses the healthy fake server changed by modify, plaintext
// only, without the standard client.
func runOdd(t *testing.T, modify func(*fixtures.Scenario), tweak func(*probe.Options)) (probe.Result, *fixtures.Env) {
	t.Helper()
	sc, _ := fixtures.Lookup("healthy")
	modify(&sc)
	env, err := fixtures.Start(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(env.Close)
	o := probe.Options{Host: env.Host, Dialer: env.Dialer, Resolver: env.Resolver, RootCAs: env.RootCAs,
		TLS: probe.TLSOff, Timeout: 8 * time.Second, StepTimeout: 3 * time.Second, DataTimeout: 300 * time.Millisecond,
		SkipStdClient: true}
	if tweak != nil {
		tweak(&o)
	}
	return probe.Run(context.Background(), o), env
}

func findingOf(res probe.Result, id string) *probe.Finding {
	for i := range res.Findings {
		if res.Findings[i].ID == id {
			return &res.Findings[i]
		}
	}
	return nil
}

func ids(res probe.Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.ID)
	}
	return out
}

// twistedLike makes the fake server behave like Twisted's FTP server:
// after its 227 it reads no further command until the data connection
// arrives (or its own data timeout passes, then 425), and the listing
// goes over that connection.
func twistedLike(sc *fixtures.Scenario) { twistedLikeWaiting(sc, 6*time.Second) }

// twistedLikeWaiting is twistedLike with the server's wait for a data
// connection; when it passes the server answers 550, as Twisted does.
func twistedLikeWaiting(sc *fixtures.Scenario, wait time.Duration) {
	var pending sync.Map // *fakeftp.Session → net.Conn
	pasv := func(s *fakeftp.Session, _ string) {
		if c, ok := pending.LoadAndDelete(s); ok {
			_ = c.(net.Conn).Close()
		}
		port, err := s.OpenPassive()
		if err != nil {
			_ = s.Reply("425 Cannot open passive connection.")
			return
		}
		line, _ := fakeftp.FormatPASV(s.AdvertisedAddr(), port)
		_ = s.Reply("227 Entering Passive Mode (" + line + ").")
		c, err := s.AcceptData() // on the session goroutine: the next command waits
		if err != nil {
			_ = s.Reply("550 internal server error")
			return
		}
		pending.Store(s, c)
	}
	list := func(s *fakeftp.Session, _ string) {
		v, ok := pending.LoadAndDelete(s)
		if !ok {
			_ = s.Reply("503 must send PORT or PASV before LIST")
			return
		}
		c := v.(net.Conn)
		_ = s.Reply("125 Data connection already open; transfer starting.")
		_, err := c.Write([]byte("-rw-r--r-- 1 ftp ftp 120 Jan 01 00:00 readme\r\n"))
		_ = c.Close()
		if err != nil {
			_ = s.Reply("426 Transfer aborted.")
			return
		}
		_ = s.Reply("226 Transfer Complete.")
	}
	sc.Server.Handlers = map[string]func(*fakeftp.Session, string){"PASV": pasv, "LIST": list, "MLSD": list}
	sc.Server.DataTimeout = wait
}

// A server that holds commands until the data connection arrives works
// when the data ports are reachable: every sample's port is dialled as
// soon as its 227 arrives, so the next command is answered.
func TestEngineServerWaitsForDataConnection(t *testing.T) {
	res, _ := runOdd(t, twistedLike, nil)
	if res.RefPath().SessionError != nil {
		t.Fatalf("session error %+v; findings %v", res.RefPath().SessionError, ids(res))
	}
	if tr := res.RefPath().Transfer; tr == nil || !tr.OK {
		t.Fatalf("transfer %+v", res.RefPath().Transfer)
	}
	if n := len(res.RefPath().PASV); n < 2 {
		t.Errorf("%d PASV samples", n)
	}
	if res.Verdict != probe.VerdictOK {
		t.Errorf("verdict %s, findings %v", res.Verdict, ids(res))
	}
}

// The same server with its data ports filtered stalls after the first
// 227: that is reported as the server waiting for the data connection and
// as filtered ports, not as a control session that broke off (whose
// advice suspects FTP inspection).
func TestEngineServerWaitsForFilteredDataConnection(t *testing.T) {
	res, _ := runOdd(t, func(sc *fixtures.Scenario) {
		twistedLike(sc)
		sc.Net.Faults = []faultnet.Fault{faultnet.FilterDataPorts(netip.MustParseAddr(fixtures.PublicIP))}
	}, func(o *probe.Options) { o.StepTimeout = time.Second })
	got := ids(res)
	for _, bad := range []string{probe.FindingControlSessionFailed, probe.FindingALGReplyDropped} {
		if slices.Contains(got, bad) {
			t.Errorf("raised %s; findings %v", bad, got)
		}
	}
	held := findingOf(res, probe.FindingControlHeldForData)
	if held == nil {
		t.Fatalf("no %s; findings %v, session error %+v", probe.FindingControlHeldForData, got, res.RefPath().SessionError)
	}
	text := held.Summary + "\n" + strings.Join(held.Evidence, "\n")
	for _, want := range []string{"did not answer PASV", "filtered", "data port is the problem", "no reply within 1s"} {
		if !strings.Contains(text, want) {
			t.Errorf("%s does not say %q:\n%s", held.ID, want, text)
		}
	}
	if findingOf(res, probe.FindingDataPortFiltered) == nil {
		t.Errorf("no %s; findings %v", probe.FindingDataPortFiltered, got)
	}
	if res.Verdict != probe.VerdictCritical {
		t.Errorf("verdict %s", res.Verdict)
	}
}

// untilClosed keeps a data connection open until the client closes it
// (bounded).
func untilClosed(c net.Conn) {
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, _ = io.Copy(io.Discard, c)
}

// When the server's own wait ends before ftpnat's reply timeout, the held
// command is answered late, after an error about the data connection: that
// error is not taken for the answer (PASV refused, or a 227 for EPSV), the
// session goes on, and sampling stops rather than wait again per sample.
func TestEngineServerGivesUpWaitingForData(t *testing.T) {
	start := time.Now()
	res, _ := runOdd(t, func(sc *fixtures.Scenario) {
		twistedLikeWaiting(sc, 1500*time.Millisecond)
		sc.Net.Faults = []faultnet.Fault{faultnet.FilterDataPorts(netip.MustParseAddr(fixtures.PublicIP))}
	}, nil)
	p := res.RefPath()
	if p.SessionError != nil {
		t.Fatalf("session error %+v", p.SessionError)
	}
	h := p.HeldForData
	if h == nil || h.Command != "PASV" || h.Late.Code != 550 || h.Awaited.Reach != probe.ReachFiltered {
		t.Fatalf("held %+v", h)
	}
	if len(p.PASV) != 2 || !p.PASV[1].Usable() || len(p.EPSV) != 0 {
		t.Errorf("PASV samples %d (second usable %v), EPSV samples %d", len(p.PASV), len(p.PASV) > 1 && p.PASV[1].Usable(), len(p.EPSV))
	}
	got := ids(res)
	for _, bad := range []string{probe.FindingControlSessionFailed, probe.FindingPASVUnsupported, probe.FindingEPSVUnsupported, probe.FindingALGReplyDropped} {
		if slices.Contains(got, bad) {
			t.Errorf("raised %s; findings %v", bad, got)
		}
	}
	f := findingOf(res, probe.FindingControlHeldForData)
	if f == nil {
		t.Fatalf("no %s; findings %v", probe.FindingControlHeldForData, got)
	}
	text := f.Summary + "\n" + strings.Join(f.Evidence, "\n")
	for _, want := range []string{"answered PASV only after", "filtered", "< 550 internal server error", "> PASV"} {
		if !strings.Contains(text, want) {
			t.Errorf("%s does not say %q:\n%s", f.ID, want, text)
		}
	}
	if findingOf(res, probe.FindingDataPortFiltered) == nil {
		t.Errorf("no %s; findings %v", probe.FindingDataPortFiltered, got)
	}
	if d := time.Since(start); d > 6*time.Second {
		t.Errorf("took %s", d)
	}
}

// listingHandlers installs h for LIST and MLSD.
func listingHandlers(sc *fixtures.Scenario, h func(*fakeftp.Session, string)) {
	sc.Server.Handlers = map[string]func(*fakeftp.Session, string){"LIST": h, "MLSD": h}
}

// The data port is answered by another service, and the FTP server says
// 425 while that data connection is still open: the wait ends at once, and
// the evidence names the service, in the order things happened.
func TestEngineDataPortAnsweredByAnotherService(t *testing.T) {
	tests := []struct {
		name    string
		banner  string
		prelim  bool // 150 before the 425
		service string
	}{
		{"ssh banner after 150", "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n", true, "an SSH server (SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3)"},
		{"http page, 425 at once", "HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\n\r\n<html></html>", false, "an HTTP server (HTTP/1.1 400 Bad Request)"},
		{"ftp greeting", "220 (vsFTPd 3.0.5)\r\n", true, "an FTP or mail server's greeting (220 (vsFTPd 3.0.5))"},
		{"tls alert", "\x15\x03\x03\x00\x02\x02\x28", true, "a TLS server (a TLS alert record: handshake_failure)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, _ := runOdd(t, func(sc *fixtures.Scenario) {
				listingHandlers(sc, func(s *fakeftp.Session, _ string) {
					c, err := s.AcceptData()
					if err != nil {
						return
					}
					defer c.Close()
					_, _ = c.Write([]byte(tt.banner))
					if tt.prelim {
						_ = s.Reply("150 Here comes the directory listing.")
						time.Sleep(50 * time.Millisecond)
					}
					_ = s.Reply("425 Failed to establish connection.")
					untilClosed(c) // the data connection stays open
				})
			}, nil)
			tr := res.RefPath().Transfer
			if tr == nil || tr.OK {
				t.Fatalf("transfer %+v", tr)
			}
			// StepTimeout is 3s: a wait for the data would take that long.
			if tr.Duration > time.Second {
				t.Errorf("listing took %s: the 425 did not end the wait", tr.Duration)
			}
			f := findingOf(res, probe.FindingDataTransferFailed)
			if f == nil {
				t.Fatalf("no %s; findings %v", probe.FindingDataTransferFailed, ids(res))
			}
			if !strings.Contains(f.Summary, "answered by "+tt.service) {
				t.Errorf("summary %q does not name %q", f.Summary, tt.service)
			}
			order := []string{"> PASV", "< 227 ", "data connection ", "> " + tr.Command}
			if tt.prelim {
				order = append(order, "< 150 ", "the data connection was answered by "+tt.service, "< 425 ")
			} else {
				// The 425 came first; the data connection was read after it.
				order = append(order, "< 425 ", "the data connection was answered by "+tt.service)
			}
			if len(f.Evidence) < len(order) {
				t.Fatalf("evidence %q", f.Evidence)
			}
			for i, want := range order {
				if !strings.HasPrefix(f.Evidence[i], want) {
					t.Errorf("evidence[%d] = %q, want %q…\n%s", i, f.Evidence[i], want, strings.Join(f.Evidence, "\n"))
				}
			}
		})
	}
}

// A 426 on the control connection while the data connection is open and
// silent ends the listing at once.
func TestEngine426WhileDataOpenEndsWait(t *testing.T) {
	res, _ := runOdd(t, func(sc *fixtures.Scenario) {
		listingHandlers(sc, func(s *fakeftp.Session, _ string) {
			c, err := s.AcceptData()
			if err != nil {
				return
			}
			defer c.Close()
			_ = s.Reply("150 Here comes the directory listing.")
			_ = s.Reply("426 Connection closed; transfer aborted.")
			untilClosed(c)
		})
	}, nil)
	tr := res.RefPath().Transfer
	if tr == nil || tr.OK || tr.Stage != probe.StageFinal || tr.Duration > time.Second {
		t.Fatalf("transfer %+v", tr)
	}
	if tr.Again == nil || tr.Again.Duration > time.Second {
		t.Errorf("listing again: %+v", tr.Again)
	}
	if !strings.Contains(tr.Error, "426 Connection closed; transfer aborted. while the data connection was still open") {
		t.Errorf("error %q", tr.Error)
	}
	if svc := probe.DataService(tr.DataHead, false); svc != "" {
		t.Errorf("silent data connection named %q", svc)
	}
}

// Odd but legal and malformed passive replies through the engine.
func TestEngineOddPassiveReplies(t *testing.T) {
	other := netip.MustParseAddr("10.0.0.5")
	tests := []struct {
		name    string
		modify  func(*fakeftp.Scenario)
		id      string
		absent  string
		detail  []string
		verdict probe.Verdict
	}{
		{
			name: "aioftp multi-line 227",
			modify: func(sc *fakeftp.Scenario) {
				sc.Handlers = map[string]func(*fakeftp.Session, string){"PASV": func(s *fakeftp.Session, _ string) {
					port, err := s.OpenPassive()
					if err != nil {
						return
					}
					line, _ := fakeftp.FormatPASV(s.AdvertisedAddr(), port)
					_ = s.Reply("227-listen socket created", "227 ("+line+")")
				}}
			},
			id: probe.FindingPASVMalformed, detail: []string{"multi-line", "Apache Commons Net (reads only the first line)", "curl, Python ftplib cope"},
			verdict: probe.VerdictWarning,
		},
		{
			name: "229 with port 0",
			modify: func(sc *fakeftp.Scenario) {
				sc.Replies = map[string][]string{"EPSV": {"229 Entering Extended Passive Mode (|||0|)"}}
			},
			id: probe.FindingEPSVMalformed, absent: probe.FindingEPSVUnsupported,
			detail: []string{"port 0 is out of range", "curl reads port 0"}, verdict: probe.VerdictWarning,
		},
		{
			name: "229 naming an address",
			modify: func(sc *fakeftp.Scenario) {
				sc.Replies = map[string][]string{"EPSV": {"229 Entering Extended Passive Mode (|1|10.0.0.5|50000|)"}}
			},
			id: probe.FindingEPSVMalformed, absent: probe.FindingEPSVUnsupported,
			detail: []string{`address "10.0.0.5"`, "Python ftplib reads port 50000"}, verdict: probe.VerdictWarning,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, env := runOdd(t, func(sc *fixtures.Scenario) { tt.modify(&sc.Server) }, nil)
			f := findingOf(res, tt.id)
			if f == nil {
				t.Fatalf("no %s; findings %v", tt.id, ids(res))
			}
			text := f.Summary + "\n" + strings.Join(f.Evidence, "\n")
			for _, want := range tt.detail {
				if !strings.Contains(text, want) {
					t.Errorf("%s does not say %q:\n%s", tt.id, want, text)
				}
			}
			if tt.absent != "" && findingOf(res, tt.absent) != nil {
				t.Errorf("%s raised too", tt.absent)
			}
			if res.Verdict != tt.verdict {
				t.Errorf("verdict %s, findings %v", res.Verdict, ids(res))
			}
			if d := env.Net.DialsTo(other); len(d) > 0 {
				t.Errorf("dialled the address named in the reply: %+v", d)
			}
		})
	}
}

// A 227 form every modelled client reads (the Freebox's bare parentheses)
// is legal: no finding, and no warning on the PASV check either.
func TestEngineLegalPASVFormIsNoWarning(t *testing.T) {
	res, _ := runOdd(t, func(sc *fixtures.Scenario) {
		sc.Server.Handlers = map[string]func(*fakeftp.Session, string){"PASV": func(s *fakeftp.Session, _ string) {
			port, err := s.OpenPassive()
			if err != nil {
				return
			}
			line, _ := fakeftp.FormatPASV(s.AdvertisedAddr(), port)
			_ = s.Reply("227 (" + line + ")")
		}}
	}, nil)
	if f := findingOf(res, probe.FindingPASVMalformed); f != nil {
		t.Errorf("raised %s: %s", f.ID, f.Summary)
	}
	seen := false
	for _, c := range res.Checks {
		if c.Name == probe.StepPASV {
			seen = true
			if c.Status != probe.CheckPass {
				t.Errorf("check %s: %s %s", c.Name, c.Status, c.Detail)
			}
		}
	}
	if !seen {
		t.Errorf("no %s check in %+v", probe.StepPASV, res.Checks)
	}
	if res.Verdict != probe.VerdictOK {
		t.Errorf("verdict %s, findings %v", res.Verdict, ids(res))
	}
}
