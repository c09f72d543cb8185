package report

import "strings"

// markers substitutes {{name}} markers in fix templates: pairs of marker and
// value, as strings.NewReplacer takes them, with the same result. Unlike a
// Replacer it prepares nothing, which suits a filler: one is made for each
// finding and fills only a few templates. A marker runs to its first "}}",
// so two never match at one position and the scan needs no precedence.
type markers []string

func (m markers) replace(s string) string {
	i := strings.Index(s, "{{")
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for i >= 0 {
		b.WriteString(s[:i])
		s = s[i:]
		value, n := m.at(s)
		b.WriteString(value)
		s = s[n:]
		i = strings.Index(s, "{{")
	}
	b.WriteString(s)
	return b.String()
}

// at is what replaces the start of s, which begins with "{{", and how many
// bytes of s it replaces: a marker's value, or the brace itself when no
// marker starts there (one may start at the next brace).
func (m markers) at(s string) (string, int) {
	for k := 0; k+1 < len(m); k += 2 {
		if strings.HasPrefix(s, m[k]) {
			return m[k+1], len(m[k])
		}
	}
	return s[:1], 1
}
