package probe

import "context"

// StepHelp asks HELP, whose wording names programs that changed their
// banner (vsftpd's "214 Help OK.", Pure-FTPd's "214 Pure-FTPd - …").
const StepHelp = "help"

// help asks HELP only when what the session heard so far — greeting,
// FEAT, the login replies, SYST, STAT — names no program: a recognised
// server costs no extra round trip. The reply is bounded like every other.
func (s *session) help(ctx context.Context, cc *controlConn) {
	if s.broken() {
		s.skip(StepHelp, "control session lost")
		return
	}
	if sw := Fingerprint(s.p.FingerprintEvidence(s.r.o.Host)); sw.Name != SoftwareOther {
		return
	}
	s.step(StepHelp, s.r.o.StepTimeout, func() (CheckStatus, string) {
		rep, ok := s.exchange(ctx, cc, StepHelp, "HELP")
		if !ok {
			return CheckFail, s.p.SessionError.Error
		}
		s.p.Help = &rep
		if sw := Fingerprint(s.p.FingerprintEvidence(s.r.o.Host)); sw.Source == "help" {
			return CheckPass, "names the program: " + sw.Label()
		}
		// Many servers answer HELP with a list of commands only.
		return CheckPass, "names no program: " + FirstLine(rep)
	})
}
