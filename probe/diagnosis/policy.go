package diagnosis

import "strings"

// PolicyOutcome is what a server allows: a plaintext login, PROT C.
type PolicyOutcome string

const (
	PolicyAllowed   PolicyOutcome = "allowed"
	PolicyRefused   PolicyOutcome = "refused"
	PolicyUnknown   PolicyOutcome = "unknown"
	PolicyNotTested PolicyOutcome = "not_tested"
)

// TLSPolicy is what the server lets TLS clients (and plaintext ones) do,
// read from an address's plaintext and TLS sessions.
type TLSPolicy struct {
	PlaintextLogin PolicyOutcome
	PlaintextReply *Reply // the reply that refused a plaintext login
	ProtC          PolicyOutcome
	ProtCReply     *Reply
	CCC            bool // advertised in FEAT
	// SessionReuseRequired: protected listings resuming the control
	// session work, one that did not resume reached the data port and
	// failed.
	SessionReuseRequired bool
}

func tlsPolicy(mode TLSMode, plain, sec *Path) *TLSPolicy {
	if sec == nil {
		return nil
	}
	t := sec.TLS
	if t == nil {
		t = &TLSFacts{}
	}
	p := &TLSPolicy{PlaintextLogin: PolicyUnknown, ProtC: PolicyNotTested, ProtCReply: t.ProtCReply}
	if mode == TLSAuto {
		p.PlaintextLogin, p.PlaintextReply = plaintextPolicy(plain)
	}
	if r := t.ProtCReply; r != nil {
		p.ProtC = PolicyRefused
		if r.OK() {
			p.ProtC = PolicyAllowed
		}
	}
	for _, s := range []*Path{plain, sec} {
		if s != nil && s.Features != nil && s.Features.Has("CCC") {
			p.CCC = true
		}
	}
	p.SessionReuseRequired = reuseRequired(t)
	return p
}

// reuseRequired: protected listings resuming the control session work,
// and the one that did not resume reached the data port but failed.
func reuseRequired(t *TLSFacts) bool {
	if t.NoResume == nil || t.NoResume.OK || !t.NoResume.Endpoint.IsValid() || t.NoResume.Stage == StageConnect {
		return false
	}
	for _, tr := range t.Transfers {
		if tr.OK && tr.Resumed {
			return true
		}
	}
	return false
}

// plaintextPolicy reads the plaintext session's login: refused by a
// "use TLS" policy, allowed, or unknown.
func plaintextPolicy(plain *Path) (PolicyOutcome, *Reply) {
	if plain == nil || plain.UserReply == nil {
		return PolicyUnknown, nil
	}
	if plain.LoggedIn {
		return PolicyAllowed, nil
	}
	for _, r := range []*Reply{plain.PassReply, plain.UserReply} {
		if r != nil && r.Class() >= 4 && mentionsTLS(r.Text()) {
			return PolicyRefused, r
		}
	}
	return PolicyUnknown, nil
}

func mentionsTLS(s string) bool {
	s = strings.ToLower(s)
	for _, w := range []string{"tls", "ssl", "encrypt", "secure", "ftps", "auth "} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
