package report

import (
	"net/netip"
	"strings"

	"github.com/ftpnat/ftpnat/probe"
)

// Outcome is how a client program fares in one situation.
type Outcome string

// The outcomes, in the order reports list them.
const (
	OutcomeCope        Outcome = "cope"         // it works (or works around the problem) by default
	OutcomeFail        Outcome = "fail"         // it fails with its default settings
	OutcomeNotAffected Outcome = "not_affected" // it does not use what the finding concerns
	OutcomeUnknown     Outcome = "unknown"      // no source says how it behaves
)

// Outcomes lists every outcome in report order.
func Outcomes() []Outcome {
	return []Outcome{OutcomeCope, OutcomeFail, OutcomeNotAffected, OutcomeUnknown}
}

// Label is the outcome in words, for text and documents.
func (o Outcome) Label() string {
	if o == OutcomeNotAffected {
		return "not affected"
	}
	return string(o)
}

// Situation is an address, mode or TLS problem a finding reports, seen
// from the client's side: the clients table records one behaviour per
// client for each.
type Situation string

// The situations the clients table covers.
const (
	SituationPASVPrivate     Situation = "pasv_private"      // PASV names an RFC 1918 address, the control connection a public one
	SituationPASVCGNAT       Situation = "pasv_cgnat"        // PASV names a 100.64.0.0/10 address
	SituationPASVLoopback    Situation = "pasv_loopback"     // PASV names 127.0.0.0/8
	SituationPASVLinkLocal   Situation = "pasv_link_local"   // PASV names 169.254.0.0/16
	SituationPASVUnspecified Situation = "pasv_unspecified"  // PASV names 0.0.0.0
	SituationPASVOtherPublic Situation = "pasv_other_public" // PASV names a routable address other than the one the client reached
	SituationPASVRefused     Situation = "pasv_refused"      // PASV refused, EPSV works (IPv4)
	SituationEPSVRefused     Situation = "epsv_refused"      // EPSV refused, PASV works (IPv4)
	SituationEPSVRefusedIPv6 Situation = "epsv_refused_ipv6" // EPSV refused on an IPv6 connection
	SituationNoPassive       Situation = "no_passive"        // PASV and EPSV both refused
	SituationActiveBroken    Situation = "active_broken"     // PORT/EPRT refused, or the server cannot connect back
	SituationTLSResumption   Situation = "tls_resumption"    // the server requires TLS session resumption on data connections
)

// Situations lists every situation in document order.
func Situations() []Situation {
	return []Situation{SituationPASVPrivate, SituationPASVCGNAT, SituationPASVLoopback, SituationPASVLinkLocal,
		SituationPASVUnspecified, SituationPASVOtherPublic, SituationPASVRefused, SituationEPSVRefused,
		SituationEPSVRefusedIPv6, SituationNoPassive, SituationActiveBroken, SituationTLSResumption}
}

// ClientVerdict is one client (or one range of its versions) in one
// situation, as reports show it.
type ClientVerdict struct {
	Client   string  // the client's slug (Clients)
	Name     string  // its display name
	Outcome  Outcome // how it fares
	Versions string  // ">=7.74.0", "<7.74.0", or empty for every version
	Note     string  // the setting or condition the outcome depends on; may be empty
}

// Label is the client's name with its versions: "curl >=7.74.0".
func (v ClientVerdict) Label() string {
	if v.Versions == "" {
		return v.Name
	}
	return v.Name + " " + v.Versions
}

// ClientCompat is which common clients cope with a finding and which
// fail, from the clients table (docs/clients.md). Every report format
// renders it; none re-derives it.
type ClientCompat struct {
	Situation Situation
	Title     string // the situation in words
	FTPSOnly  bool   // the finding concerns FTPS: clients without FTPS are not affected
	Verdicts  []ClientVerdict
}

// ClientGroup is the clients of one outcome.
type ClientGroup struct {
	Outcome Outcome
	Clients []ClientVerdict
}

// Groups orders the verdicts by outcome (cope, fail, not affected,
// unknown), each group in table order; empty groups are left out.
func (c ClientCompat) Groups() []ClientGroup {
	var out []ClientGroup
	for _, o := range Outcomes() {
		g := ClientGroup{Outcome: o}
		for _, v := range c.Verdicts {
			if v.Outcome == o {
				g.Clients = append(g.Clients, v)
			}
		}
		if len(g.Clients) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// Line is the short one-line form the text report, the TUI and the
// findings reference print: "cope: curl >=7.74.0, FileZilla; fail: ...".
func (c ClientCompat) Line() string {
	var parts []string
	for _, g := range c.Groups() {
		parts = append(parts, g.Line())
	}
	return strings.Join(parts, "; ")
}

// Line is one outcome's clients: "fail: curl <7.74.0, Python ftplib <3.9.3".
func (g ClientGroup) Line() string {
	names := make([]string, len(g.Clients))
	for i, v := range g.Clients {
		names[i] = v.Label()
	}
	return g.Outcome.Label() + ": " + strings.Join(names, ", ")
}

// Of returns the verdicts for one client (one per version range).
func (c ClientCompat) Of(client string) []ClientVerdict {
	var out []ClientVerdict
	for _, v := range c.Verdicts {
		if v.Client == client {
			out = append(out, v)
		}
	}
	return out
}

// ClientsFor returns which clients cope with a finding and which fail,
// or false when the finding is not one the clients table covers.
func ClientsFor(f probe.Finding) (ClientCompat, bool) {
	s, ftpsOnly, ok := situationOf(f)
	if !ok {
		return ClientCompat{}, false
	}
	return compatFor(s, ftpsOnly), true
}

// ClientsForSituation returns the table's verdicts for one situation.
func ClientsForSituation(s Situation) ClientCompat {
	return compatFor(s, s == SituationTLSResumption)
}

func compatFor(s Situation, ftpsOnly bool) ClientCompat {
	c := ClientCompat{Situation: s, Title: situationTitle(s), FTPSOnly: ftpsOnly}
	for _, cl := range Clients() {
		c.Verdicts = append(c.Verdicts, behaviourOf(cl, s, ftpsOnly).verdicts(cl)...)
	}
	return c
}

// behaviourOf is a client's row for a situation: unknown when the table
// has none, not affected when the finding concerns FTPS and the client
// cannot speak it.
func behaviourOf(cl Client, s Situation, ftpsOnly bool) Behaviour {
	if ftpsOnly && !cl.FTPS {
		return Behaviour{Outcome: OutcomeNotAffected, Note: "no FTPS support", Sources: cl.Sources}
	}
	if b, ok := cl.On[s]; ok {
		return b
	}
	return Behaviour{Outcome: OutcomeUnknown}
}

// verdicts splits a behaviour at its version boundary: the versions from
// Since on, and those before it when they behave otherwise.
func (b Behaviour) verdicts(cl Client) []ClientVerdict {
	v := ClientVerdict{Client: cl.ID, Name: cl.Name, Outcome: b.Outcome, Note: b.Note}
	if b.Since == "" {
		return []ClientVerdict{v}
	}
	v.Versions = ">=" + b.Since
	before := ClientVerdict{Client: cl.ID, Name: cl.Name, Outcome: b.Before, Versions: "<" + b.Since, Note: b.BeforeNote}
	if before.Outcome == "" {
		before.Outcome = OutcomeUnknown
	}
	return []ClientVerdict{v, before}
}

// situationOf maps a finding onto the clients table. The second result
// says the finding concerns FTPS sessions only.
func situationOf(f probe.Finding) (Situation, bool, bool) {
	switch f.ID {
	case probe.FindingPASVUnroutable:
		s, ok := addressSituation(f, SituationPASVPrivate)
		// A routable address here contradicts the finding: say nothing
		// rather than the verdicts of another situation.
		return s, false, ok && s != SituationPASVOtherPublic
	case probe.FindingPASVMismatch:
		return SituationPASVOtherPublic, false, true
	case probe.FindingALGPASVRewritten:
		// What FTPS clients get is the address the server itself names
		// under TLS, where no middlebox can rewrite it.
		s, ok := addressSituation(f, SituationPASVOtherPublic)
		return s, true, ok
	case probe.FindingTLSSessionReuseRequired:
		return SituationTLSResumption, true, true
	case probe.FindingEPSVUnsupported:
		if f.Params[probe.ParamFamily] == string(probe.IPv6) {
			return SituationEPSVRefusedIPv6, false, true
		}
		return SituationEPSVRefused, false, true
	case probe.FindingPASVUnsupported:
		// Critical means EPSV failed too (the catalog's severity note).
		if f.Severity == probe.SeverityCritical {
			return SituationNoPassive, false, true
		}
		return SituationPASVRefused, false, true
	case probe.FindingActivePortRejected, probe.FindingActiveNoConnectBack:
		return SituationActiveBroken, false, true
	}
	return "", false, false
}

// addressSituation is the situation for the advertised address's class;
// def when the finding does not say which address it was.
func addressSituation(f probe.Finding, def Situation) (Situation, bool) {
	a, err := netip.ParseAddr(strings.TrimSpace(f.Params[probe.ParamAdvertisedAddress]))
	if err != nil {
		return def, true
	}
	switch probe.ClassifyAddr(a.Unmap()) {
	case probe.ClassPrivate:
		return SituationPASVPrivate, true
	case probe.ClassCGNAT:
		return SituationPASVCGNAT, true
	case probe.ClassLoopback:
		return SituationPASVLoopback, true
	case probe.ClassLinkLocal:
		return SituationPASVLinkLocal, true
	case probe.ClassUnspecified:
		return SituationPASVUnspecified, true
	case probe.ClassPublic, probe.ClassDocumentation:
		return SituationPASVOtherPublic, true
	}
	// Multicast and reserved addresses: no client's behaviour is sourced.
	return "", false
}
