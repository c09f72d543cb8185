package report

import (
	"slices"
	"strings"
	"sync"

	"github.com/ftpnat/ftpnat/probe"
)

// Entry describes one finding ID: what it means and how to fix it.
type Entry struct {
	ID           string
	Severity     probe.Severity // default severity (ARCHITECTURE.md finding catalog)
	SeverityNote string         // when the probe raises it at another severity; empty otherwise
	Title        string         // short, sentence case, no final period
	Explanation  string         // what it means, the cause, which clients fail and which still work
	// Cause is where the problem lies, which decides the order of the
	// fixes: network devices first or the server first.
	Cause Cause

	advice string    // one generic next step; may contain {{value}} markers
	fixes  []recipe  // the fixes that address it, in order
	cases  []variant // circumstances that call for other advice; the first match wins
}

// variant is a circumstance, recognised from a finding's Params, that
// calls for other advice (and possibly other fixes or values) than the
// entry's default: "the server named the client's public address", "the
// whole range was dialled".
type variant struct {
	when   string // completes "What to do when ...", for the docs
	match  func(probe.Finding) bool
	advice string
	fixes  []recipe                          // nil: the entry's fixes
	adjust func(probe.Finding) probe.Finding // the values to fill in; nil: as observed
}

// resolve picks the advice, fixes and values for a finding's values.
func (e Entry) resolve(f probe.Finding) (advice string, fixes []recipe, values probe.Finding) {
	for _, v := range e.cases {
		if !v.match(f) {
			continue
		}
		advice, fixes, values = v.advice, e.fixes, f
		if v.fixes != nil {
			fixes = v.fixes
		}
		if v.adjust != nil {
			values = v.adjust(f)
		}
		return advice, fixes, values
	}
	return e.advice, e.fixes, f
}

// Advice is the entry's next step for the circumstances the finding's
// values describe, filled with them (placeholders where a value is
// unknown; the zero Finding gives the general advice).
func (e Entry) Advice(f probe.Finding) string {
	advice, _, values := e.resolve(f)
	return newFiller(values).fill(advice)
}

// Remediation returns the fixes for the circumstances the finding's values
// describe, filled with them: the detected software first.
func (e Entry) Remediation(f probe.Finding, software string) []Remediation {
	return e.RemediationFor(f, probe.Software{Name: software})
}

// RemediationFor is Remediation for the detected software and version.
func (e Entry) RemediationFor(f probe.Finding, sw probe.Software) []Remediation {
	_, fixes, values := e.resolve(f)
	return remediate(fixes, values, sw, e.Cause)
}

// Case is the advice for one particular circumstance, for reference
// documentation: what to do when it applies, and those of its fixes that
// the entry's default fixes do not already list (nil when none).
type Case struct {
	When        string
	Advice      string
	Remediation []Remediation
}

// Cases lists the circumstances with their own advice, with placeholders
// for the values a diagnosis fills in.
func (e Entry) Cases() []Case {
	general := e.Remediation(probe.Finding{}, "")
	out := make([]Case, 0, len(e.cases))
	for _, v := range e.cases {
		values := probe.Finding{}
		if v.adjust != nil {
			values = v.adjust(values)
		}
		c := Case{When: v.when, Advice: newFiller(values).fill(v.advice)}
		if v.fixes != nil {
			for _, r := range remediate(v.fixes, values, probe.Software{}, e.Cause) {
				if !slices.Contains(general, r) {
					c.Remediation = append(c.Remediation, r)
				}
			}
		}
		out = append(out, c)
	}
	return out
}

// Catalog returns every finding entry, sorted by ID. The slice is fresh on
// every call; callers may keep or modify it.
func Catalog() []Entry {
	all := withPathCases(slices.Concat(connectEntries(), tlsEntries(), passiveEntries(), algEntries(), activeEntries(), familyEntries(), limitEntries(), middleboxEntries()))
	slices.SortFunc(all, func(a, b Entry) int { return strings.Compare(a.ID, b.ID) })
	return all
}

// Lookup returns the entry for a finding ID.
func Lookup(id string) (Entry, bool) {
	e, ok := catalogByID()[id]
	return e, ok
}

// catalogByID is the catalog indexed by ID, built on first use and never
// changed after: a report looks entries up several times per finding (a
// batch, for every target), and building the whole catalog was most of
// what each lookup cost.
var catalogByID = sync.OnceValue(func() map[string]Entry {
	all := Catalog()
	m := make(map[string]Entry, len(all))
	for _, e := range all {
		if _, dup := m[e.ID]; !dup { // the first, as a scan would find
			m[e.ID] = e
		}
	}
	return m
})

// title is the catalog title of a finding, or its ID for an unknown one
// (a newer probe may raise IDs this catalog does not know yet).
func title(id string) string {
	if e, ok := Lookup(id); ok {
		return e.Title
	}
	return id
}
