package diagnosis

// Software is the server implementation recognised from its replies.
type Software struct {
	Name    string // one of the Software* constants
	Version string // empty when not disclosed
	// Source is what gave it away: "greeting", "syst", "feat", "stat",
	// "help", "reply" (the wording of another reply), "certificate" or
	// "host" (the name diagnosed); empty for other and unknown.
	Source string
}

// Sources of a fingerprint, in the order they are trusted: what the
// administrator is least likely to have changed and most likely to name
// the program comes first.
const (
	sourceGreeting    = "greeting"
	sourceSyst        = "syst"
	sourceFeat        = "feat"
	sourceStat        = "stat"
	sourceHelp        = "help"
	sourceReply       = "reply"
	sourceCertificate = "certificate"
	sourceHost        = "host"
)

// FingerprintSources are the values of Software.Source, in the order the
// evidence is consulted (JSON contract: server.software_source).
func FingerprintSources() []string {
	return []string{sourceGreeting, sourceSyst, sourceFeat, sourceStat, sourceHelp, sourceReply, sourceCertificate, sourceHost}
}

// FingerprintEvidence is what a diagnosis saw of the server program. Any
// field may be empty.
type FingerprintEvidence struct {
	Host     string // the name diagnosed
	Greeting *Reply
	Syst     *Reply
	Features *Features
	Stat     *Reply
	Help     *Reply
	// Replies are the other replies whose wording is the program's own:
	// to USER, PASS, TYPE, PASV, EPSV and the listing.
	Replies     []Reply
	Certificate *Certificate
}

// Fingerprint recognises the server software: the first sign of any
// program found in the evidence, sources taken in FingerprintSources
// order and programs in Programs order. When that sign carries no version,
// another sign of the same program may. Only signs specific to one product
// are used (programSigns): a guess would put the wrong configuration
// snippet in front of the user.
func Fingerprint(ev FingerprintEvidence) Software {
	texts := ev.texts()
	ps := Programs()
	for _, src := range FingerprintSources() {
		for _, p := range ps {
			for _, s := range programSigns[p.Slug] {
				if s.in != src {
					continue
				}
				if ok, ver := s.match(ev.Features, texts[src]); ok {
					if ver == "" {
						ver = anyVersion(p.Slug, ev.Features, texts)
					}
					return Software{Name: p.Slug, Version: ver, Source: src}
				}
			}
		}
	}
	if ev.heard() {
		return Software{Name: SoftwareOther}
	}
	return Software{Name: SoftwareUnknown}
}

// match reports whether the sign is in the texts of its source, and the
// version it names.
func (s sign) match(f *Features, texts []string) (bool, string) {
	if s.feat != nil {
		return f != nil && s.feat(*f), ""
	}
	for _, t := range texts {
		if m := s.re.FindStringSubmatch(t); m != nil {
			if len(m) > 1 {
				return true, m[1]
			}
			return true, ""
		}
	}
	return false, ""
}

// anyVersion is the first version any sign of the program names.
func anyVersion(slug string, f *Features, texts map[string][]string) string {
	for _, s := range programSigns[slug] {
		if ok, v := s.match(f, texts[s.in]); ok && v != "" {
			return v
		}
	}
	return ""
}

// texts are the evidence's texts by source.
func (ev FingerprintEvidence) texts() map[string][]string {
	out := make(map[string][]string, 8)
	add := func(src string, r *Reply) {
		if r != nil && len(r.Lines) > 0 {
			out[src] = append(out[src], r.Raw())
		}
	}
	add(sourceGreeting, ev.Greeting)
	add(sourceSyst, ev.Syst)
	add(sourceStat, ev.Stat)
	add(sourceHelp, ev.Help)
	for i := range ev.Replies {
		add(sourceReply, &ev.Replies[i])
	}
	if c := ev.Certificate; c != nil {
		out[sourceCertificate] = []string{c.Issuer}
	}
	if ev.Host != "" {
		out[sourceHost] = []string{ev.Host}
	}
	return out
}

// heard reports whether the server said anything at all.
func (ev FingerprintEvidence) heard() bool {
	if ev.Features != nil && (len(ev.Features.List) > 0 || len(ev.Features.Problems) > 0) {
		return true
	}
	for _, r := range []*Reply{ev.Greeting, ev.Syst, ev.Stat, ev.Help} {
		if r != nil && len(r.Lines) > 0 {
			return true
		}
	}
	for _, r := range ev.Replies {
		if len(r.Lines) > 0 {
			return true
		}
	}
	return false
}
