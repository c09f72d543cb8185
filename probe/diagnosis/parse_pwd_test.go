package diagnosis

import (
	"strings"
	"testing"
)

func TestParsePWD(t *testing.T) {
	tests := []struct {
		raw string
		dir string
		err string // exact error text; "" means no error
	}{
		{`257 "/" is current directory.`, "/", ""},
		{`257 "/home/ftp" is the current directory`, "/home/ftp", ""},
		{`257 "/with space/x" is cwd`, "/with space/x", ""},
		{`257 """quoted"" dir" created`, `"quoted" dir`, ""},
		{`257 "/a""b"`, `/a"b`, ""},
		{`257 Current directory is "/pub".`, "/pub", ""},
		{`257 /home/ftp is the current directory`, "/home/ftp", ""},
		{"257-\"/multi\" is cwd\n257 End", "/multi", ""},
		{`257 "/unterminated`, "", "257 reply has an unterminated quoted directory"},
		{`257 "" is current directory`, "", "257 reply has an empty directory"},
		{`257 `, "", "257 reply has no directory"},
		{`550 Permission denied`, "", "expected a 257 reply, got 550"},
	}
	for _, tt := range tests {
		dir, err := ParsePWD(parsersTestReply(tt.raw))
		if tt.err != "" {
			if err == nil || err.Error() != tt.err || dir != "" {
				t.Errorf("ParsePWD(%q) = %q, %v; want error %q", tt.raw, dir, err, tt.err)
			}
			continue
		}
		if err != nil || dir != tt.dir {
			t.Errorf("ParsePWD(%q) = %q, %v; want %q", tt.raw, dir, err, tt.dir)
		}
	}
}

func FuzzParsePWD(f *testing.F) {
	f.Fuzz(func(t *testing.T, raw string) {
		r := parsersTestReply(raw)
		dir, err := ParsePWD(r)
		if err != nil {
			if dir != "" {
				t.Fatalf("dir %q with error %v", dir, err)
			}
			return
		}
		if r.Code != 257 || dir == "" {
			t.Fatalf("accepted code %d dir %q", r.Code, dir)
		}
		first := r.Lines[0]
		if strings.Contains(first, `"`) {
			// Quoted: re-escaping gives back what the server sent.
			if !strings.Contains(first, `"`+strings.ReplaceAll(dir, `"`, `""`)+`"`) {
				t.Fatalf("quoted dir %q not in %q", dir, first)
			}
		} else if strings.ContainsAny(dir, " \t") || !strings.Contains(first, dir) {
			t.Fatalf("word %q not in %q", dir, first)
		}
	})
}
