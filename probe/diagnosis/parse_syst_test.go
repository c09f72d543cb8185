package diagnosis

import (
	"strings"
	"testing"
)

func TestParseSYST(t *testing.T) {
	tests := []struct {
		raw  string
		want Syst
	}{
		{"215 UNIX Type: L8", Syst{Type: "UNIX", Text: "UNIX Type: L8"}},
		{"215 Windows_NT", Syst{Type: "Windows_NT", Text: "Windows_NT"}},
		{"215 UNIX emulated by FileZilla", Syst{Type: "UNIX", Text: "UNIX emulated by FileZilla"}},
		{"215 XXXXXXXXXXXXXXX", Syst{Type: "XXXXXXXXXXXXXXX", Text: "XXXXXXXXXXXXXXX", Masked: true}},
		{"215 XXXX XXXX", Syst{Type: "XXXX", Text: "XXXX XXXX", Masked: true}},
		{"215 xxxxxx", Syst{Type: "xxxxxx", Text: "xxxxxx", Masked: true}},
		{"215 XXX", Syst{Type: "XXX", Text: "XXX"}},
		{"215 Xenix", Syst{Type: "Xenix", Text: "Xenix"}},
		{"215 ", Syst{}},
		{"530 Please login with USER and PASS.", Syst{Text: "Please login with USER and PASS."}},
		{"500 XXXXXXXX", Syst{Text: "XXXXXXXX"}},
	}
	for _, tt := range tests {
		if got := ParseSYST(parsersTestReply(tt.raw)); got != tt.want {
			t.Errorf("ParseSYST(%q) = %+v, want %+v", tt.raw, got, tt.want)
		}
	}
}

func FuzzParseSYST(f *testing.F) {
	f.Fuzz(func(t *testing.T, raw string) {
		r := parsersTestReply(raw)
		s := ParseSYST(r)
		if s.Text != strings.TrimSpace(r.Text()) {
			t.Fatalf("Text %q", s.Text)
		}
		if r.Code != 215 && (s.Type != "" || s.Masked) {
			t.Fatalf("type %q masked %v from a %d reply", s.Type, s.Masked, r.Code)
		}
		if s.Type != "" && (strings.ContainsAny(s.Type, " \t\n") || !strings.HasPrefix(s.Text, s.Type)) {
			t.Fatalf("type %q not the first word of %q", s.Type, s.Text)
		}
		if s.Masked && (strings.Trim(s.Text, "Xx ") != "" || strings.Count(strings.ToUpper(s.Text), "X") < 4) {
			t.Fatalf("masked %q", s.Text)
		}
	})
}
