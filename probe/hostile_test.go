package probe_test

import (
	"context"
	"net/netip"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/fixtures/fakeftp"
	"github.com/ftpnat/ftpnat/probe"
)

// writeFor writes chunk repeatedly until the session ends, an error, or
// max bytes: a hostile server that never stops talking.
func writeFor(s *fakeftp.Session, chunk []byte, max int) {
	c := s.Conn()
	for n := 0; n < max && s.Context().Err() == nil; n += len(chunk) {
		_ = c.SetWriteDeadline(time.Now().Add(2 * time.Second))
		if _, err := c.Write(chunk); err != nil {
			return
		}
	}
}

// hold keeps a handler busy until the session ends (bounded).
func hold(s *fakeftp.Session, d time.Duration) {
	select {
	case <-s.Context().Done():
	case <-time.After(d):
	}
}

func TestHostileServers(t *testing.T) {
	const (
		timeout     = 6 * time.Second
		stepTimeout = time.Second
	)
	other := netip.MustParseAddr("192.0.2.99")
	tests := []struct {
		name     string
		tls      probe.TLSMode
		modify   func(*fakeftp.Scenario)
		id       string // finding that must be raised
		detail   string // substring of its summary or evidence
		exitCode int
		check    func(t *testing.T, res probe.Result, env *fixtures.Env)
	}{
		{
			name: "endless multi-line reply",
			modify: func(sc *fakeftp.Scenario) {
				sc.Handlers = map[string]func(*fakeftp.Session, string){"FEAT": func(s *fakeftp.Session, _ string) {
					writeFor(s, []byte("211-and another feature\r\n"), 50<<20)
				}}
			},
			id: probe.FindingControlSessionFailed, detail: "reply longer than 256 lines", exitCode: 2,
		},
		{
			name: "10 MB line",
			modify: func(sc *fakeftp.Scenario) {
				sc.Handlers = map[string]func(*fakeftp.Session, string){"SYST": func(s *fakeftp.Session, _ string) {
					writeFor(s, []byte("215 "+strings.Repeat("A", 1<<20)), 10<<20)
				}}
			},
			id: probe.FindingControlSessionFailed, detail: "line longer than 4096 bytes", exitCode: 2,
		},
		{
			name: "one byte per second",
			modify: func(sc *fakeftp.Scenario) {
				sc.Handlers = map[string]func(*fakeftp.Session, string){"PWD": func(s *fakeftp.Session, _ string) {
					for _, b := range []byte("257 \"/\" is the current directory\r\n") {
						if _, err := s.Conn().Write([]byte{b}); err != nil {
							return
						}
						hold(s, time.Second)
					}
				}}
			},
			id: probe.FindingControlSessionFailed, detail: "PWD: no reply within 1s", exitCode: 2,
		},
		{
			name: "never-ending listing",
			modify: func(sc *fakeftp.Scenario) {
				listing := func(s *fakeftp.Session, _ string) {
					c, err := s.AcceptData()
					if err != nil {
						return
					}
					defer c.Close()
					_ = s.Reply("150 Here comes the directory listing.")
					chunk := []byte(strings.Repeat("-rw-r--r-- 1 ftp ftp 0 Jan 1 00:00 file\r\n", 1024))
					for n := 0; n < 64<<20 && s.Context().Err() == nil; n += len(chunk) {
						_ = c.SetWriteDeadline(time.Now().Add(2 * time.Second))
						if _, err := c.Write(chunk); err != nil {
							_ = s.Reply("426 Connection closed; transfer aborted.")
							return
						}
					}
				}
				sc.Handlers = map[string]func(*fakeftp.Session, string){"LIST": listing, "MLSD": listing}
			},
			id: probe.FindingDataTransferFailed, detail: "listing truncated at 1048576 bytes", exitCode: 2,
		},
		{
			name:   "binary garbage and invalid UTF-8",
			modify: func(sc *fakeftp.Scenario) { sc.Greeting = []string{"\x00\xff\xfe\x1b[2J\x80garbage"} },
			id:     probe.FindingControlNoGreeting, detail: "does not start with a reply code", exitCode: 2,
			check: func(t *testing.T, res probe.Result, _ *fixtures.Env) {
				for _, e := range res.Transcript {
					if strings.ContainsAny(e.Line, "\x00\x1b") || !strings.Contains(e.Line, "") && e.Dir == probe.DirRecv {
						t.Errorf("unsanitised transcript line %q", e.Line)
					}
				}
			},
		},
		{
			name: "extra and out-of-order replies",
			modify: func(sc *fakeftp.Scenario) {
				sc.Handlers = map[string]func(*fakeftp.Session, string){"SYST": func(s *fakeftp.Session, _ string) {
					_, _ = s.Conn().Write([]byte("215 UNIX Type: L8\r\n226 Transfer complete.\r\n200 Extra.\r\n"))
				}}
			},
			id: probe.FindingPassivePortRange, exitCode: 0,
			check: func(t *testing.T, res probe.Result, _ *fixtures.Env) {
				if n := len(res.RefPath().UnexpectedReplies); n != 2 || res.RefPath().Dir != "/" {
					t.Errorf("%d unexpected replies, PWD read %q", n, res.RefPath().Dir)
				}
			},
		},
		{
			name: "reply code changes inside a multi-line reply",
			modify: func(sc *fakeftp.Scenario) {
				sc.Replies = map[string][]string{"FEAT": {"211-Features:", " EPSV", "212 End"}}
			},
			id: probe.FindingControlSessionFailed, detail: "FEAT: no reply within 1s", exitCode: 2,
		},
		{
			name: "TLS handshake that stalls",
			tls:  probe.TLSExplicit,
			modify: func(sc *fakeftp.Scenario) {
				sc.Handlers = map[string]func(*fakeftp.Session, string){"AUTH": func(s *fakeftp.Session, _ string) {
					_ = s.Reply("234 Proceed with negotiation.")
					hold(s, 10*time.Second)
				}}
			},
			id: probe.FindingTLSHandshakeFailed, detail: "TLS handshake", exitCode: 2,
		},
		{
			name: "227 naming another host",
			modify: func(sc *fakeftp.Scenario) {
				sc.Handlers = map[string]func(*fakeftp.Session, string){"PASV": func(s *fakeftp.Session, _ string) {
					port, err := s.OpenPassive()
					if err != nil {
						_ = s.Reply("425 Cannot open passive connection.")
						return
					}
					line, _ := fakeftp.FormatPASV(other, port)
					_ = s.Reply("227 Entering Passive Mode (" + line + ").")
				}}
			},
			id: probe.FindingPASVMismatch, detail: "192.0.2.99", exitCode: 1,
			check: func(t *testing.T, _ probe.Result, env *fixtures.Env) {
				if d := env.Net.DialsTo(other); len(d) > 0 {
					t.Errorf("dialled the advertised third-party host: %+v", d)
				}
			},
		},
		{
			name: "227 with port 0",
			modify: func(sc *fakeftp.Scenario) {
				sc.Replies = map[string][]string{"PASV": {"227 Entering Passive Mode (203,0,113,10,0,0)."}}
			},
			id: probe.FindingPASVMalformed, detail: "port", exitCode: 2,
		},
		{
			name: "227 with numbers over 255",
			modify: func(sc *fakeftp.Scenario) {
				sc.Replies = map[string][]string{"PASV": {"227 Entering Passive Mode (203,0,113,10,300,70000)."}}
			},
			id: probe.FindingPASVMalformed, detail: "greater than 255", exitCode: 2,
		},
		{
			name: "reset in the middle of a reply",
			modify: func(sc *fakeftp.Scenario) {
				sc.Handlers = map[string]func(*fakeftp.Session, string){"USER": func(s *fakeftp.Session, _ string) {
					_, _ = s.Conn().Write([]byte("331-Please specify"))
					if tc, ok := s.Conn().(interface{ SetLinger(int) error }); ok {
						_ = tc.SetLinger(0) // close with a reset
					}
					_ = s.Close()
				}}
			},
			id: probe.FindingControlSessionFailed, detail: "closed", exitCode: 2,
		},
		{
			// The main session's first command is USER (FEAT is asked beside it).
			name:   "close right after the greeting",
			modify: func(sc *fakeftp.Scenario) { sc.CloseAfterGreeting = true },
			id:     probe.FindingControlSessionFailed, detail: "USER", exitCode: 2,
		},
		{
			name:   "greeting never sent",
			modify: func(sc *fakeftp.Scenario) { sc.NoGreeting = true },
			id:     probe.FindingControlNoGreeting, detail: "no greeting within 1s", exitCode: 2,
		},
		{
			name: "data connection accepted, nothing sent",
			modify: func(sc *fakeftp.Scenario) {
				silent := func(s *fakeftp.Session, _ string) {
					c, err := s.AcceptData()
					if err != nil {
						return
					}
					defer c.Close()
					_ = s.Reply("150 Here comes the directory listing.")
					hold(s, 10*time.Second)
				}
				sc.Handlers = map[string]func(*fakeftp.Session, string){"LIST": silent, "MLSD": silent}
			},
			id: probe.FindingDataTransferFailed, detail: "timeout", exitCode: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			mode := tt.tls
			if mode == "" {
				mode = probe.TLSOff
			}
			start := time.Now()
			var env *fixtures.Env
			res := func() probe.Result {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("panic: %v", p)
					}
				}()
				sc, _ := fixtures.Lookup("healthy")
				tt.modify(&sc.Server)
				var err error
				env, err = fixtures.Start(context.Background(), sc)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(env.Close)
				return probe.Run(context.Background(), probe.Options{Host: env.Host, Dialer: env.Dialer, Resolver: env.Resolver,
					RootCAs: env.RootCAs, TLS: mode, Timeout: timeout, StepTimeout: stepTimeout, DataTimeout: 300 * time.Millisecond,
					SkipStdClient: true})
			}()
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			if elapsed > timeout+time.Second {
				t.Errorf("took %s, overall timeout %s", elapsed, timeout)
			}
			// Bounded memory: a 10 MB line or an endless listing must not be buffered.
			if grew := int64(after.HeapInuse) - int64(before.HeapInuse); grew > 16<<20 {
				t.Errorf("heap grew by %d MB", grew>>20)
			}
			var found *probe.Finding
			for i := range res.Findings {
				if res.Findings[i].ID == tt.id {
					found = &res.Findings[i]
				}
			}
			if found == nil {
				t.Fatalf("no %s; findings %+v", tt.id, res.Findings)
			}
			text := found.Summary + "\n" + strings.Join(found.Evidence, "\n")
			if !strings.Contains(text, tt.detail) {
				t.Errorf("%s does not say %q:\n%s", tt.id, tt.detail, text)
			}
			if got := res.Verdict.ExitCode(); got != tt.exitCode {
				t.Errorf("exit code %d (verdict %s), want %d; findings %+v", got, res.Verdict, tt.exitCode, res.Findings)
			}
			if tt.check != nil {
				tt.check(t, res, env)
			}
		})
	}
}

// A run cut short by the overall timeout while the TLS session has not yet
// listed anything ends with a verdict, not a panic.
func TestTimeoutBeforeProtectedListing(t *testing.T) {
	res, _ := diagnoseScenario(t, "slow-server", func(o *probe.Options) { o.Timeout = 1500 * time.Millisecond })
	if !res.Facts.TimedOut || res.Verdict != probe.VerdictCritical {
		t.Fatalf("timed out %v, verdict %s", res.Facts.TimedOut, res.Verdict)
	}
}
