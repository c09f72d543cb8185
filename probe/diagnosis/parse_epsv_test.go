package diagnosis

import (
	"strconv"
	"strings"
	"testing"
)

func TestParseEPSV(t *testing.T) {
	tests := []struct {
		name   string
		raw    string
		port   uint16
		delim  byte
		std    bool
		format string
		err    string // exact error text; "" means no error
	}{
		{"rfc2428", "229 Entering Extended Passive Mode (|||6446|)", 6446, '|', true, "rfc2428", ""},
		{"trailing period", "229 Entering Extended Passive Mode (|||6446|).", 6446, '|', true, "rfc2428", ""},
		{"lower case", "229 entering extended passive mode (|||50000|)", 50000, '|', true, "rfc2428", ""},
		{"leading zeros", "229 Entering Extended Passive Mode (|||06446|)", 6446, '|', true, "rfc2428", ""},
		{"max port", "229 Entering Extended Passive Mode (|||65535|)", 65535, '|', true, "rfc2428", ""},
		{"vsftpd 2.0.5 wrong text", "229 Entering Passive Mode (|||63539|)", 63539, '|', false, "other-text", ""},
		{"aioftp extra parentheses", "229 foo bar (ha-ha) (|||666|)", 666, '|', false, "other-text", ""},
		{"parentheses only", "229 (|||6446|)", 6446, '|', false, "other-text", ""},
		{"words after", "229 Entering Extended Passive Mode (|||6446|) now", 6446, '|', false, "other-text", ""},
		{"other delimiter alone", "229 (!!!6446!)", 6446, '!', false, "other-delimiter", ""},
		{"other delimiter standard text", "229 Entering Extended Passive Mode (!!!6446!)", 6446, '!', false, "other-delimiter", ""},
		{"parenthesis as delimiter", "229 Entering Extended Passive Mode ()))6446))", 6446, ')', false, "other-delimiter", ""},
		{"multi-line", "229-Entering Extended Passive Mode\n229 (|||6446|)", 6446, '|', false, "multi-line", ""},
		{"multi-line continuation without code", "229-Entering Extended Passive Mode\n (|||6446|)\n229 End", 6446, '|', false, "multi-line", ""},
		{"multi-line group on the first line", "229-Entering Extended Passive Mode (|||6446|)\n229 OK", 6446, '|', false, "multi-line", ""},
		{"first shape wins", "229 (|||1|) (|||2|)", 1, '|', false, "other-text", ""},
		{"mixed delimiters skipped", "229 (|!|6446!) (#||#6446#)", 0, 0, false, "", "229 reply has no (|||port|) group"},

		{"address given", "229 Entering Extended Passive Mode (|1|10.0.0.5|6446|)", 0, 0, false, "",
			`229 reply names network protocol "1" and address "10.0.0.5"; EPSV must leave both empty`},
		{"port zero", "229 Entering Extended Passive Mode (|||0|)", 0, 0, false, "", "229 reply port 0 is out of range 1-65535"},
		{"port too big", "229 Entering Extended Passive Mode (|||65536|)", 0, 0, false, "", "229 reply port 65536 is out of range 1-65535"},
		{"space in port", "229 Entering Extended Passive Mode (||| 6446|)", 0, 0, false, "", "229 reply has no (|||port|) group"},
		{"digit delimiter", "229 Entering Extended Passive Mode (1116461)", 0, 0, false, "", "229 reply has no (|||port|) group"},
		{"no group", "229 Entering Extended Passive Mode", 0, 0, false, "", "229 reply has no (|||port|) group"},
		{"unclosed", "229 Entering Extended Passive Mode (|||6446|", 0, 0, false, "", "229 reply has no (|||port|) group"},
		{"refused", "500 EPSV not understood", 0, 0, false, "", "expected a 229 reply, got 500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := ParseEPSV(parsersTestReply(tt.raw))
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error = %v, want %q", err, tt.err)
				}
				if e != (EPSV{}) {
					t.Errorf("result on error = %+v, want zero", e)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			want := EPSV{Port: tt.port, Delimiter: tt.delim, Standard: tt.std, Format: tt.format}
			if e != want {
				t.Errorf("got %+v, want %+v", e, want)
			}
		})
	}
}

var epsvFormats = map[string]bool{
	EPSVFormatRFC2428: true, EPSVFormatMultiLine: true, EPSVFormatOtherDelimiter: true, EPSVFormatOtherText: true,
}

func FuzzParseEPSV(f *testing.F) {
	f.Fuzz(func(t *testing.T, raw string) {
		r := parsersTestReply(raw)
		e, err := ParseEPSV(r)
		if err != nil {
			if e != (EPSV{}) {
				t.Fatalf("non-zero result %+v with error %v", e, err)
			}
			return
		}
		if r.Code != 229 {
			t.Fatalf("accepted code %d", r.Code)
		}
		if e.Port == 0 {
			t.Fatal("port 0 accepted")
		}
		d := e.Delimiter
		if d < 33 || d > 126 || isDecimalDigit(d) {
			t.Fatalf("bad delimiter %q", d)
		}
		if !epsvFormats[e.Format] || e.Standard != (e.Format == EPSVFormatRFC2428) {
			t.Fatalf("format %q standard %v", e.Format, e.Standard)
		}
		if e.Format == EPSVFormatOtherDelimiter && d == '|' || e.Format != EPSVFormatOtherDelimiter && e.Format != EPSVFormatMultiLine && d != '|' {
			t.Fatalf("format %q with delimiter %q", e.Format, d)
		}
		// The group, with the port possibly written with leading zeros, is in the input.
		ds := string(d)
		head := "(" + ds + ds + ds
		tail := strconv.Itoa(int(e.Port)) + ds + ")"
		found := false
		for i := 0; !found; {
			j := strings.Index(raw[i:], head)
			if j < 0 {
				break
			}
			rest := raw[i+j+len(head):]
			found = strings.HasPrefix(strings.TrimLeft(rest, "0"), tail) || (e.Port == 0 && strings.HasPrefix(rest, "0"+ds+")"))
			i += j + 1
		}
		if !found {
			t.Fatalf("group %s...%s not in %q", head, tail, raw)
		}
		if e.Standard && (len(r.Lines) != 1 || !strings.HasPrefix(strings.ToLower(raw), "229 entering extended passive mode (|||")) {
			t.Fatalf("standard but %q", raw)
		}
	})
}
