package report

import (
	"encoding/json"
	"io"
	"slices"

	"github.com/ftpnat/ftpnat/probe"
)

// Difference is one way two diagnoses of the same server disagree: from
// here and from a remote probe (ftpnat diagnose --via URL --compare).
// Inside and outside views differing is the point: hairpin NAT, a
// forward that only works from the LAN, an ALG on one way in.
type Difference struct {
	// What differs: "verdict", "finding", "address" (a path reached
	// another address), "control", "passive", "data", "listing", "path"
	// (a path ran on one side only).
	Kind string `json:"kind"`
	// Subject names it: the finding ID, or the path ("IPv4 plain").
	Subject string `json:"subject"`
	Local   string `json:"local"`  // "" when absent here
	Remote  string `json:"remote"` // "" when absent there
}

// Comparison is the JSON of --compare: both reports and what differs.
type Comparison struct {
	Local       Report       `json:"local"`
	Remote      Report       `json:"remote"`
	Differences []Difference `json:"differences"`
}

// Compare lists how remote differs from local: the verdict, findings
// raised on one side only, and per path (family and transport, since the
// two sides may resolve the name to different addresses) the address and
// each stage of the path matrix.
func Compare(local, remote probe.Result) []Difference {
	out := []Difference{}
	if lv, rv := verdictOf(local), verdictOf(remote); lv != rv {
		out = append(out, Difference{Kind: "verdict", Subject: "verdict", Local: string(lv), Remote: string(rv)})
	}
	out = append(out, findingDiffs(local.Findings, remote.Findings)...)
	return append(out, pathDiffs(PathMatrix(local), PathMatrix(remote))...)
}

func findingDiffs(local, remote []probe.Finding) []Difference {
	var out []Difference
	has := func(fs []probe.Finding, id string) bool {
		return slices.ContainsFunc(fs, func(f probe.Finding) bool { return f.ID == id })
	}
	word := func(f probe.Finding) string { return string(severityOf(f)) + ": " + title(f.ID) }
	for _, f := range local {
		if !has(remote, f.ID) {
			out = append(out, Difference{Kind: "finding", Subject: sanitize(f.ID), Local: word(f)})
		}
	}
	for _, f := range remote {
		if !has(local, f.ID) {
			out = append(out, Difference{Kind: "finding", Subject: sanitize(f.ID), Remote: word(f)})
		}
	}
	return out
}

// pathKey is what pairs the rows of the two sides.
func pathKey(r MatrixRow) string { return r.Family + " " + r.Transport }

func pathDiffs(local, remote []MatrixRow) []Difference {
	var out []Difference
	find := func(rows []MatrixRow, key string) (MatrixRow, bool) {
		for _, r := range rows {
			if pathKey(r) == key {
				return r, true
			}
		}
		return MatrixRow{}, false
	}
	var keys []string
	for _, r := range append(slices.Clone(local), remote...) {
		if k := pathKey(r); !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		l, lok := find(local, k)
		r, rok := find(remote, k)
		if !lok || !rok {
			d := Difference{Kind: "path", Subject: k}
			if lok {
				d.Local = "diagnosed " + l.Address
			}
			if rok {
				d.Remote = "diagnosed " + r.Address
			}
			out = append(out, d)
			continue
		}
		if l.Address != r.Address {
			out = append(out, Difference{Kind: "address", Subject: k, Local: l.Address, Remote: r.Address})
		}
		for _, c := range []struct {
			kind string
			l, r Cell
		}{{"control", l.Control, r.Control}, {"passive", l.Passive, r.Passive}, {"data", l.Data, r.Data}, {"listing", l.Listing, r.Listing}} {
			if c.l != c.r {
				out = append(out, Difference{Kind: c.kind, Subject: k, Local: cellWords(c.l), Remote: cellWords(c.r)})
			}
		}
	}
	return out
}

// cellWords is a cell for a difference: its text, or its status when it
// has none (not tried).
func cellWords(c Cell) string {
	if c.Text != "" {
		return sanitize(c.Text)
	}
	if c.Status == "" {
		return string(probe.StatusNotTested)
	}
	return string(c.Status)
}

// WorseVerdict is the verdict that decides the exit code of a comparison:
// critical, then unknown (one side could not be diagnosed), then warning,
// then ok.
func WorseVerdict(a, b probe.Verdict) probe.Verdict {
	rank := map[probe.Verdict]int{probe.VerdictOK: 0, probe.VerdictWarning: 1, probe.VerdictUnknown: 2, probe.VerdictCritical: 3}
	ra, oka := rank[a]
	rb, okb := rank[b]
	if !oka {
		a, ra = probe.VerdictUnknown, 2
	}
	if !okb {
		b, rb = probe.VerdictUnknown, 2
	}
	if rb > ra {
		return b
	}
	return a
}

// WriteCompareJSON writes {"local", "remote", "differences"}, indented.
func WriteCompareJSON(w io.Writer, local, remote probe.Result, tool Tool) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(Comparison{Local: Build(local, tool), Remote: Build(remote, tool), Differences: Compare(local, remote)})
}
