package probe_test

import (
	"sync/atomic"
	"testing"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/fixtures/fakeftp"
	"github.com/ftpnat/ftpnat/probe"
)

// A server whose banner and login say nothing of the program is asked
// HELP once, on the first session, and its HELP names it.
func TestEngineHelpNamesAnUnrecognisedServer(t *testing.T) {
	var helps atomic.Int32
	res := diagnoseModified(t, "healthy", func(sc *fixtures.Scenario) {
		sc.Server.Greeting = []string{"220 Welcome to ACME"}
		sc.Server.UserReply = "331 Password required for anonymous."
		sc.Server.ListingReplies = [2]string{"150 Opening data connection.", "226 Transfer complete."}
		sc.Server.Handlers = map[string]func(*fakeftp.Session, string){
			"HELP": func(s *fakeftp.Session, _ string) {
				helps.Add(1)
				_ = s.Reply("214-The following SITE commands are recognized", " ALIAS", " CHMOD", "214 Pure-FTPd - http://pureftpd.org/")
			},
		}
	}, nil)
	if want := (probe.Software{Name: probe.SoftwarePureFTPd, Source: "help"}); res.Software != want {
		t.Fatalf("software %+v, want %+v", res.Software, want)
	}
	if n := helps.Load(); n != 1 {
		t.Errorf("HELP asked %d times, want once", n)
	}
	if h := res.RefPath().Help; h == nil || h.Code != 214 {
		t.Errorf("help reply %+v", h)
	}
	if res.Verdict != probe.VerdictOK {
		t.Errorf("verdict %s, findings %+v", res.Verdict, res.Findings)
	}
}

// A server its banner already names costs no HELP round trip.
func TestEngineNoHelpForARecognisedServer(t *testing.T) {
	var helps atomic.Int32
	res := diagnoseModified(t, "healthy", func(sc *fixtures.Scenario) {
		sc.Server.Handlers = map[string]func(*fakeftp.Session, string){
			"HELP": func(s *fakeftp.Session, _ string) {
				helps.Add(1)
				_ = s.Reply("214 Help OK.")
			},
		}
	}, nil)
	if res.Software.Name != probe.SoftwareVsftpd || res.Software.Source != "greeting" {
		t.Fatalf("software %+v", res.Software)
	}
	if n := helps.Load(); n != 0 {
		t.Errorf("HELP asked %d times of a recognised server", n)
	}
	for _, c := range res.Checks {
		if c.Name == probe.StepHelp {
			t.Errorf("help check %+v", c)
		}
	}
}
