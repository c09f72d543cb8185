package diagnosis

import "strings"

// Syst is a parsed 215 SYST reply.
type Syst struct {
	Type   string // first word: "UNIX", "Windows_NT", ...
	Text   string // whole reply text
	Masked bool   // replaced by X's (Cisco ASA inspect ftp)
}

// ParseSYST parses a SYST reply. Type and Masked are only set for a 215
// reply: a refusal ("530 Please login") names no system.
func ParseSYST(r Reply) Syst {
	s := Syst{Text: strings.TrimSpace(r.Text())}
	if r.Code != 215 {
		return s
	}
	if w := strings.Fields(s.Text); len(w) > 0 {
		s.Type = w[0]
	}
	s.Masked = isMasked(s.Text)
	return s
}

// isMasked reports text made only of X's (at least four) and spaces: what
// Cisco ASA "inspect ftp" with mask-syst-reply sends instead of the server's
// answer, so no real system type can look like it.
func isMasked(text string) bool {
	n := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case 'X', 'x':
			n++
		case ' ':
		default:
			return false
		}
	}
	return n >= 4
}
