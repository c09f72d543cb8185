package diagnosis

// FingerprintEvidence gathers what the path's session saw of the server
// program; host is the name diagnosed.
func (p *Path) FingerprintEvidence(host string) FingerprintEvidence {
	ev := FingerprintEvidence{
		Host:     host,
		Greeting: p.Greeting,
		Syst:     p.Syst,
		Features: p.Features,
		Stat:     p.Stat,
		Help:     p.Help,
	}
	for _, r := range []*Reply{p.UserReply, p.PassReply, p.TypeI} {
		if r != nil {
			ev.Replies = append(ev.Replies, *r)
		}
	}
	for _, ss := range [][]PassiveSample{p.PASV, p.EPSV} {
		for _, s := range ss {
			ev.Replies = append(ev.Replies, s.Reply)
		}
	}
	if p.Transfer != nil {
		ev.Replies = append(ev.Replies, p.Transfer.Replies...)
	}
	if p.TLS != nil {
		ev.Certificate = p.TLS.Certificate
	}
	return ev
}
