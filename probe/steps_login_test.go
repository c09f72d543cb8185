package probe_test

import (
	"testing"

	"github.com/ftpnat/ftpnat/fixtures"
)

// The facts keep the USER and the PASS reply apart: the USER reply's
// wording names programs (pyftpdlib's "331 Username ok, send password.").
func TestEngineKeepsUserAndPassReplies(t *testing.T) {
	res := diagnoseModified(t, "healthy", func(sc *fixtures.Scenario) {
		sc.Server.UserReply = "331 Username ok, send password."
	}, nil)
	p := res.RefPath()
	if p.UserReply == nil || p.UserReply.Code != 331 || p.UserReply.Lines[0] != "331 Username ok, send password." {
		t.Errorf("USER reply %+v", p.UserReply)
	}
	if p.PassReply == nil || p.PassReply.Code != 230 {
		t.Errorf("PASS reply %+v", p.PassReply)
	}
}
