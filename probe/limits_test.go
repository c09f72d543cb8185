package probe_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/fixtures/fakeftp"
	"github.com/ftpnat/ftpnat/probe"
)

func findingByID(res probe.Result, id string) *probe.Finding {
	for i := range res.Findings {
		if res.Findings[i].ID == id {
			return &res.Findings[i]
		}
	}
	return nil
}

// everyQuestionAnswered requires what a run asks to have an answer
// although the server serves one session at a time: the plaintext and TLS
// sessions listed the directory, the TLS policy was tested, the standard
// clients listed the directory, and no check failed.
func everyQuestionAnswered(t *testing.T, res probe.Result) {
	t.Helper()
	for _, p := range res.Facts.Paths {
		if !p.LoggedIn || p.Transfer == nil || !p.Transfer.OK {
			t.Errorf("%s %s: logged in %v, listing %+v", p.Address, p.Transport, p.LoggedIn, p.Transfer)
		}
	}
	tf := res.TLSFacts()
	if tf == nil || tf.NoResume == nil || tf.ProtCReply == nil {
		t.Errorf("TLS policy not answered: %+v", tf)
	}
	if sc := res.RefPath().StdClient; sc == nil || !sc.OK {
		t.Errorf("standard client: %+v", sc)
	}
	for _, c := range res.Checks {
		if c.Status == probe.CheckFail {
			t.Errorf("check %s failed: %s", c.Name, c.Detail)
		}
	}
	for _, id := range []string{probe.FindingControlNoGreeting, probe.FindingLoginFailed, probe.FindingControlSessionFailed} {
		if findingByID(res, id) != nil {
			t.Errorf("%s raised: %+v", id, res.Findings)
		}
	}
}

// vsftpd with max_per_ip=1: every session beyond the first gets vsftpd's
// 421. The limit is named with the refusal quoted, the refused work runs
// again alone, and every question still gets an answer.
func TestEngineConnectionLimitOne(t *testing.T) {
	res := diagnoseModified(t, "healthy", func(sc *fixtures.Scenario) {
		sc.Server.MaxSessions = 1
	}, nil)
	f := findingByID(res, probe.FindingConnectionLimit)
	if f == nil {
		t.Fatalf("no %s in %+v", probe.FindingConnectionLimit, res.Findings)
	}
	if f.Severity != probe.SeverityWarning || f.Params[probe.ParamSessionLimit] != "1" {
		t.Errorf("severity %s, params %v", f.Severity, f.Params)
	}
	ev := strings.Join(f.Evidence, "\n")
	for _, want := range []string{"< " + fakeftp.ReplyTooManyFromIP, "while 1 other session of this run was open",
		"run again one session at a time, the server accepted"} {
		if !strings.Contains(ev, want) {
			t.Errorf("evidence lacks %q:\n%s", want, ev)
		}
	}
	if !strings.Contains(f.Summary, "at most 1 simultaneous session ") {
		t.Errorf("summary %q", f.Summary)
	}
	if res.Verdict != probe.VerdictWarning {
		t.Errorf("verdict %s: %+v", res.Verdict, res.Findings)
	}
	everyQuestionAnswered(t, res)
}

// Pure-FTPd with MaxClientsPerIP 2: the run's third connection is turned
// away with Pure-FTPd's words. The server takes its time over QUIT, as one
// under load does, so that the first sessions still hold their places
// when the third connects, however the run's sessions are scheduled.
func TestEngineConnectionLimitTwo(t *testing.T) {
	res := diagnoseModified(t, "healthy", func(sc *fixtures.Scenario) {
		sc.Server.MaxSessions = 2
		sc.Server.LimitReply = "421 Too many connections (2) from this IP"
		sc.Server.Delays = map[string]time.Duration{"QUIT": 200 * time.Millisecond}
	}, nil)
	f := findingByID(res, probe.FindingConnectionLimit)
	if f == nil {
		t.Fatalf("no %s in %+v", probe.FindingConnectionLimit, res.Findings)
	}
	if n := f.Params[probe.ParamSessionLimit]; n != "2" {
		t.Errorf("session limit %s, want 2; evidence %q", n, f.Evidence)
	}
	if !slices.Contains(f.Evidence, "< 421 Too many connections (2) from this IP") {
		t.Errorf("evidence %q", f.Evidence)
	}
	everyQuestionAnswered(t, res)
}

// ProFTPD's MaxClientsPerHost greets every connection and refuses the
// extra one at login with 530: a limit, not a failed login.
func TestEngineConnectionLimitAtLogin(t *testing.T) {
	res := diagnoseModified(t, "healthy", func(sc *fixtures.Scenario) {
		sc.Server.MaxSessions = 1
		sc.Server.LimitAtLogin = true
		sc.Server.LimitReply = fakeftp.ReplyTooManyProFTPD
	}, nil)
	f := findingByID(res, probe.FindingConnectionLimit)
	if f == nil {
		t.Fatalf("no %s in %+v", probe.FindingConnectionLimit, res.Findings)
	}
	if !slices.Contains(f.Evidence, "< "+fakeftp.ReplyTooManyProFTPD) || !strings.Contains(strings.Join(f.Evidence, "\n"), "refused at the login") {
		t.Errorf("evidence %q", f.Evidence)
	}
	everyQuestionAnswered(t, res)
}

// A server that hangs up on the extra connection without a word: the
// limit is still named, from what the run saw open, and every check is
// answered.
func TestEngineConnectionLimitHangUp(t *testing.T) {
	res := diagnoseModified(t, "healthy", func(sc *fixtures.Scenario) {
		sc.Server.MaxSessions = 1
		sc.Server.LimitHangUp = true
	}, nil)
	f := findingByID(res, probe.FindingConnectionLimit)
	if f == nil {
		t.Fatalf("no %s in %+v", probe.FindingConnectionLimit, res.Findings)
	}
	if f.Params[probe.ParamSessionLimit] != "1" || !strings.Contains(strings.Join(f.Evidence, "\n"), "connection closed before a greeting") {
		t.Errorf("params %v, evidence %q", f.Params, f.Evidence)
	}
	everyQuestionAnswered(t, res)
}

// --max-sessions 1 never opens a second connection: no refusal, no
// finding, verdict ok.
func TestEngineConnectionLimitMaxSessionsOne(t *testing.T) {
	res := diagnoseModified(t, "healthy", func(sc *fixtures.Scenario) {
		sc.Server.MaxSessions = 1
	}, func(o *probe.Options) { o.MaxSessions = 1 })
	if len(res.Facts.Refusals) > 0 || findingByID(res, probe.FindingConnectionLimit) != nil {
		t.Errorf("refusals %+v, findings %+v", res.Facts.Refusals, res.Findings)
	}
	if res.Verdict != probe.VerdictOK {
		t.Errorf("verdict %s: %+v", res.Verdict, res.Findings)
	}
	everyQuestionAnswered(t, res)
}

// A server that turns every connection away has no session limit to work
// around: control.no_greeting, nothing run again.
func TestEngineConnectionLimitEveryoneRefused(t *testing.T) {
	res, env := diagnoseScenario(t, "greeting-421", nil)
	if findingByID(res, probe.FindingConnectionLimit) != nil || findingByID(res, probe.FindingControlNoGreeting) == nil {
		t.Errorf("findings %+v", res.Findings)
	}
	if slices.ContainsFunc(res.Facts.Paths, func(p probe.Path) bool { return p.Sequential }) {
		t.Errorf("a path ran again alone: %+v", res.Facts.Paths)
	}
	// The first round's connections start together (two paths and their
	// helpers); none is tried again.
	if n := env.Server.Connections(); n > probe.DefaultMaxSessions {
		t.Errorf("%d connections, want at most one per session of the first round", n)
	}
	for _, c := range res.Checks {
		if c.Name == probe.StepGreeting && c.Status != probe.CheckFail {
			t.Errorf("greeting check %s: %s", c.Status, c.Detail)
		}
	}
}
