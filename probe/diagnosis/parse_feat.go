package diagnosis

import (
	"fmt"
	"strings"
)

// Features is a parsed FEAT reply (RFC 2389).
type Features struct {
	List     []string // one entry per advertised feature, trimmed, as the server spelled it
	Problems []string // framing deviations seen (empty when the reply is well-formed)
}

// Problems ParseFEAT records. Each is reported once, however many lines show it.
const (
	featNoLeadingSpace  = "feature line without leading space"
	featSeveralSpaces   = "feature line with several leading spaces"
	featTabIndent       = "feature line indented with a tab"
	featCodePrefix      = "feature lines repeat the code (211-)"
	featEmptyLine       = "empty feature line"
	featBadLastLine     = "last line is not \"211 ...\""
	featBadFirstLine    = "first line of a multi-line reply is not \"211-...\""
	featRepeatedCodeFmt = "first line repeats the code: %s"
	featWrongCodeFmt    = "reply code %d is not 211"
	featEmptyReply      = "empty reply"
)

// ParseFEAT parses a 211 FEAT reply. It is tolerant: every line between the
// first and the last is a feature, whatever its indentation, because real
// servers get the framing wrong (old ProFTPD prefixes each line with
// "211-", IIS 6 and Serv-U indent by four spaces, goftp repeats the code on
// the first line). Each deviation is recorded in Problems. A reply other
// than 211 yields no features and a problem.
func ParseFEAT(r Reply) Features {
	var f Features
	problem := func(p string) {
		for _, q := range f.Problems {
			if q == p {
				return
			}
		}
		f.Problems = append(f.Problems, p)
	}
	switch {
	case r.Code == 0 && len(r.Lines) == 0:
		problem(featEmptyReply)
		return f
	case r.Code != 211:
		problem(fmt.Sprintf(featWrongCodeFmt, r.Code))
		return f
	}
	if len(r.Lines) == 0 {
		return f
	}
	msgs := replyMessages(r)
	repeated := strings.HasPrefix(msgs[0], "211-") || strings.HasPrefix(msgs[0], "211 ")
	if repeated {
		problem(fmt.Sprintf(featRepeatedCodeFmt, boundText(r.Lines[0], 60)))
	}
	if len(r.Lines) == 1 {
		return f // RFC 2389: a single-line 211 means no features
	}
	if !repeated && !strings.HasPrefix(r.Lines[0], "211-") {
		problem(featBadFirstLine)
	}
	if !strings.HasPrefix(r.Lines[len(r.Lines)-1], "211 ") && r.Lines[len(r.Lines)-1] != "211" {
		problem(featBadLastLine)
	}
	for _, l := range r.Lines[1 : len(r.Lines)-1] {
		if strings.HasPrefix(l, "211-") {
			problem(featCodePrefix)
			l = l[4:]
		} else {
			indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
			switch {
			case strings.TrimSpace(l) == "":
				// reported below
			case indent == "":
				problem(featNoLeadingSpace)
			case strings.Contains(indent, "\t"):
				problem(featTabIndent)
			case indent != " ":
				problem(featSeveralSpaces)
			}
		}
		feat := strings.TrimSpace(l)
		if feat == "" {
			problem(featEmptyLine)
			continue
		}
		f.List = append(f.List, feat)
	}
	return f
}

// Has reports whether a feature is advertised. name matches the whole
// feature line or its first word, case-insensitively ("EPSV", "AUTH TLS", "MLST").
// A two-word name also matches when its second word is one of the
// parameters of a line with that first word, so "AUTH TLS" matches the
// "AUTH TLS;TLS-C;SSL;TLS-P;" that IIS and Serv-U advertise.
func (f Features) Has(name string) bool {
	want := strings.Fields(name)
	if len(want) == 0 {
		return false
	}
	for _, feat := range f.List {
		got := strings.Fields(feat)
		if len(got) == 0 || !strings.EqualFold(got[0], want[0]) {
			continue
		}
		if len(want) == 1 || strings.EqualFold(strings.Join(got, " "), strings.Join(want, " ")) {
			return true
		}
		if len(want) == 2 {
			for _, p := range featParams(feat) {
				if strings.EqualFold(p, want[1]) {
					return true
				}
			}
		}
	}
	return false
}

// AuthMechanisms lists the AUTH mechanisms advertised ("TLS", "SSL", "TLS-C", ...),
// upper-cased, each once, in the server's order.
func (f Features) AuthMechanisms() []string {
	var out []string
	seen := map[string]bool{}
	for _, feat := range f.List {
		if w := strings.Fields(feat); len(w) == 0 || !strings.EqualFold(w[0], "AUTH") {
			continue
		}
		for _, p := range featParams(feat) {
			if p = strings.ToUpper(p); !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// featParams splits the parameters of a feature line (everything after its
// first word) on ';', ',' and white space, dropping empty items.
func featParams(feat string) []string {
	w := strings.Fields(feat)
	if len(w) < 2 {
		return nil
	}
	rest := strings.Join(w[1:], " ")
	return strings.FieldsFunc(rest, func(c rune) bool {
		return c == ';' || c == ',' || c == ' ' || c == '\t'
	})
}
