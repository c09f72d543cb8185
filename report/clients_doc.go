package report

import (
	"fmt"
	"strings"

	"github.com/ftpnat/ftpnat/probe"
)

// ClientsRegenerate is the command that rewrites docs/clients.md.
const ClientsRegenerate = "go test ./report -run TestClientsDoc -update"

// ClientsMarkdown renders the clients table as docs/clients.md: one table
// per situation (client, outcome, versions, condition, sources), the
// findings that report each situation, and the list of sources.
func ClientsMarkdown() string {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	index := map[string]int{}
	for i, s := range Sources() {
		index[s.ID] = i + 1
	}

	p("# Client compatibility\n\n")
	p("<!-- Generated from the clients table in report/clients_table.go and report/clients_sources.go.\n")
	p("     Do not edit; regenerate with: %s -->\n\n", ClientsRegenerate)
	p("Which common FTP clients cope with the address, mode and TLS problems ftpnat reports, and which\n")
	p("fail, with their default settings. Every finding of these kinds lists the same verdicts in the text\n")
	p("report, the JSON report (`clients`), the terminal UI and the [finding reference](findings.md).\n")
	p("A version range marks where a client's behaviour changed. *unknown* means no source says;\n")
	p("*not affected* means the client does not use what the finding concerns (a client without passive\n")
	p("mode meets no PASV address). Numbers in brackets are the [sources](#sources). Findings that no\n")
	p("client can work around (a filtered or refused data port, a firewall that blocks one address\n")
	p("family) carry no client list: no client gets past them.\n\n")

	p("| Client | Kind | FTPS |\n|---|---|---|\n")
	for _, c := range Clients() {
		p("| %s | %s | %s |\n", c.Name, c.Kind, map[bool]string{true: "yes", false: "no"}[c.FTPS])
	}
	for _, s := range Situations() {
		p("\n## %s\n\n", mdEscape(situationTitle(s)))
		if ids := findingsFor(s); len(ids) > 0 {
			links := make([]string, len(ids))
			for i, id := range ids {
				links[i] = fmt.Sprintf("[`%s`](findings.md#%s)", id, anchor(id))
			}
			p("Reported as %s.\n\n", strings.Join(links, ", "))
		}
		p("| Client | Outcome | Versions | Condition | Sources |\n|---|---|---|---|---|\n")
		for _, c := range Clients() {
			b := behaviourOf(c, s, s == SituationTLSResumption)
			refs := make([]string, 0, len(b.Sources))
			for _, id := range b.Sources {
				refs = append(refs, fmt.Sprintf("[%d](#source-%d)", index[id], index[id]))
			}
			for _, v := range b.verdicts(c) {
				p("| %s | %s | %s | %s | %s |\n", v.Name, v.Outcome.Label(), mdEscape(v.Versions),
					mdEscape(v.Note), strings.Join(refs, " "))
			}
		}
	}
	p("\n## Sources\n\n")
	for i, s := range Sources() {
		p("%d. <a id=\"source-%d\"></a>%s: <%s>\n", i+1, i+1, mdEscape(s.Title), s.URL)
	}
	return b.String()
}

// findingsFor lists the finding IDs that can report a situation, in
// catalog order.
func findingsFor(s Situation) []string {
	var out []string
	for _, e := range Catalog() {
		for _, sit := range findingSituations(e.ID) {
			if sit == s {
				out = append(out, e.ID)
				break
			}
		}
	}
	return out
}

// findingSituations lists every situation a finding ID can map to.
func findingSituations(id string) []Situation {
	unroutable := []Situation{SituationPASVPrivate, SituationPASVCGNAT, SituationPASVLoopback,
		SituationPASVLinkLocal, SituationPASVUnspecified}
	switch id {
	case probe.FindingPASVUnroutable:
		return unroutable
	case probe.FindingPASVMismatch:
		return []Situation{SituationPASVOtherPublic}
	case probe.FindingALGPASVRewritten:
		return append(unroutable, SituationPASVOtherPublic)
	case probe.FindingTLSSessionReuseRequired:
		return []Situation{SituationTLSResumption}
	case probe.FindingEPSVUnsupported:
		return []Situation{SituationEPSVRefused, SituationEPSVRefusedIPv6}
	case probe.FindingPASVUnsupported:
		return []Situation{SituationPASVRefused, SituationNoPassive}
	case probe.FindingActivePortRejected, probe.FindingActiveNoConnectBack:
		return []Situation{SituationActiveBroken}
	}
	return nil
}

// clientsMarkdown writes a finding's client verdicts into the findings
// reference: one line per situation it can report, from the same table.
func clientsMarkdown(p func(string, ...any), id string) {
	cs := ClientsForID(id)
	if len(cs) == 0 {
		return
	}
	p("\n**Clients** ([compatibility table](clients.md)):\n\n")
	for _, c := range cs {
		p("- %s: %s\n", mdEscape(c.Title), mdEscape(c.Line()))
	}
}

// ClientsForID lists the client verdicts for every situation a finding ID
// can report, for reference documentation (a diagnosis knows which one
// applies: ClientsFor).
func ClientsForID(id string) []ClientCompat {
	var out []ClientCompat
	for _, s := range findingSituations(id) {
		out = append(out, compatFor(s, id == probe.FindingALGPASVRewritten || s == SituationTLSResumption))
	}
	return out
}
