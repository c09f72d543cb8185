package report

import (
	"slices"
	"strings"

	"github.com/ftpnat/ftpnat/probe"
)

// Entry describes one finding ID: what it means and how to fix it.
type Entry struct {
	ID           string
	Severity     probe.Severity // default severity (ARCHITECTURE.md finding catalog)
	SeverityNote string         // when the probe raises it at another severity; empty otherwise
	Title        string         // short, sentence case, no final period
	Explanation  string         // what it means, the cause, which clients fail and which still work

	advice string   // one generic next step; may contain {{value}} markers
	fixes  []recipe // the fixes that address it, in order
}

// Advice is the entry's generic next step filled with observed values
// (placeholders where a value is unknown).
func (e Entry) Advice(p probe.Params) string { return newFiller(p).fill(e.advice) }

// Remediation returns the entry's fixes filled with p, ordered as Remediate
// documents.
func (e Entry) Remediation(p probe.Params, software string) []Remediation {
	return remediate(e.fixes, p, software)
}

// Catalog returns every finding entry, sorted by ID. The slice is fresh on
// every call; callers may keep or modify it.
func Catalog() []Entry {
	all := slices.Concat(connectEntries(), tlsEntries(), passiveEntries(), algEntries(), activeEntries())
	slices.SortFunc(all, func(a, b Entry) int { return strings.Compare(a.ID, b.ID) })
	return all
}

// Lookup returns the entry for a finding ID.
func Lookup(id string) (Entry, bool) {
	for _, e := range Catalog() {
		if e.ID == id {
			return e, true
		}
	}
	return Entry{}, false
}

// title is the catalog title of a finding, or its ID for an unknown one
// (a newer probe may raise IDs this catalog does not know yet).
func title(id string) string {
	if e, ok := Lookup(id); ok {
		return e.Title
	}
	return id
}
