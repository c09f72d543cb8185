package diagnosis

import (
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// parsersTestReply builds a Reply from raw lines joined by "\n"; the code is
// the first line's first three characters when they are digits.
func parsersTestReply(raw string) Reply {
	r := Reply{Lines: strings.Split(raw, "\n")}
	if l := r.Lines[0]; len(l) >= 3 && isDecimalDigit(l[0]) && isDecimalDigit(l[1]) && isDecimalDigit(l[2]) {
		r.Code, _ = strconv.Atoi(l[:3])
	}
	return r
}

func TestParsePASV(t *testing.T) {
	tests := []struct {
		name   string
		raw    string
		addr   string
		port   uint16
		std    bool
		format string
		err    string // exact error text; "" means no error
	}{
		{"vsftpd trailing period", "227 Entering Passive Mode (192,168,1,10,195,80).", "192.168.1.10", 50000, true, "rfc959", ""},
		{"filezilla 1.x no period", "227 Entering Passive Mode (10,0,0,5,78,32)", "10.0.0.5", 20000, true, "rfc959", ""},
		{"lower case words", "227 entering passive mode (203,0,113,9,117,48).", "203.0.113.9", 30000, true, "rfc959", ""},
		{"docker 0.0.0.0", "227 Entering Passive Mode (0,0,0,0,156,64).", "0.0.0.0", 40000, true, "rfc959", ""},
		{"leading zeros", "227 Entering Passive Mode (010,000,000,001,004,001)", "10.0.0.1", 1025, true, "rfc959", ""},
		{"curl listen to", "227 Data transfer will passively listen to 127,0,0,1,4,51", "127.0.0.1", 1075, false, "no-parentheses", ""},
		{"curl sentence then numbers", "227 Entering passive mode. 127,0,0,1,4,51", "127.0.0.1", 1075, false, "no-parentheses", ""},
		{"djb equals", "227 =198,51,100,7,39,16", "198.51.100.7", 10000, false, "equals", ""},
		{"freebox parentheses only", "227 (212,27,40,254,15,161)", "212.27.40.254", 4001, false, "parentheses-only", ""},
		{"aioftp multi-line", "227-listen socket created\n227 (0,0,0,0,163,121)", "0.0.0.0", 41849, false, "multi-line", ""},
		{"multi-line prefixed middle", "227-Entering Passive Mode\n227-(10,0,0,1,4,1)\n227 OK", "10.0.0.1", 1025, false, "multi-line", ""},
		{"multi-line continuation without code", "227-Entering Passive Mode\n (10,0,0,1,4,1)\n227 End", "10.0.0.1", 1025, false, "multi-line", ""},
		{"multi-line numbers on the first line", "227-Entering Passive Mode (10,0,0,1,4,1)\n227 OK", "10.0.0.1", 1025, false, "multi-line", ""},
		{"words after", "227 Entering Passive Mode (10,0,0,1,4,1) ok", "10.0.0.1", 1025, false, "other-text", ""},
		{"other words", "227 Passive mode on (10,0,0,1,4,1)", "10.0.0.1", 1025, false, "other-text", ""},
		{"spaces after commas", "227 Entering Passive Mode (10, 0, 0, 1, 4, 1)", "10.0.0.1", 1025, false, "other-text", ""},
		{"seven numbers", "227 Entering Passive Mode (10,0,0,1,4,1,7)", "10.0.0.1", 1025, false, "other-text", ""},
		{"five numbers skipped", "227 Entering Passive Mode (1,2,3,4,5) 10,0,0,1,4,1", "10.0.0.1", 1025, false, "no-parentheses", ""},
		{"double space", "227 Entering Passive Mode  (10,0,0,1,4,1)", "10.0.0.1", 1025, false, "other-text", ""},
		{"dash continuation on one line", "227-Entering Passive Mode (10,0,0,1,4,1)", "10.0.0.1", 1025, false, "other-text", ""},

		{"curl test237 values > 255", "227 Entering Passiv Mode (1216,256,2,127,127,127)", "", 0, false, "", "227 reply number 1216 is greater than 255"},
		{"port byte 256", "227 Entering Passive Mode (10,0,0,1,256,1)", "", 0, false, "", "227 reply number 256 is greater than 255"},
		{"huge number", "227 Entering Passive Mode (99999999999999999999999,0,0,1,4,1)", "", 0, false, "", "227 reply number 99999999999999999999... is greater than 255"},
		{"port zero", "227 Entering Passive Mode (10,0,0,1,0,0)", "", 0, false, "", "227 reply gives port 0 (10,0,0,1,0,0)"},
		{"no numbers", "227 Entering Passive Mode", "", 0, false, "", "227 reply has no six comma-separated numbers"},
		{"dotted address", "227 Entering Passive Mode (10.0.0.1:1025)", "", 0, false, "", "227 reply has no six comma-separated numbers"},
		{"refused", "500 PASV not understood", "", 0, false, "", "expected a 227 reply, got 500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePASV(parsersTestReply(tt.raw))
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error = %v, want %q", err, tt.err)
				}
				if p != (PASV{}) {
					t.Errorf("result on error = %+v, want zero", p)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			want := PASV{Addr: netip.MustParseAddr(tt.addr), Port: tt.port, Standard: tt.std, Format: tt.format}
			if p != want {
				t.Errorf("got %+v, want %+v", p, want)
			}
		})
	}
}

func TestParsePASVEmpty(t *testing.T) {
	if _, err := ParsePASV(Reply{}); err == nil || err.Error() != "expected a 227 reply, got an empty reply" {
		t.Fatalf("error = %v", err)
	}
	if _, err := ParsePASV(Reply{Code: 227}); err == nil || err.Error() != "227 reply has no six comma-separated numbers" {
		t.Fatalf("error = %v", err)
	}
}

var (
	fuzzSpacesAfterComma = regexp.MustCompile(`, +`)
	fuzzLeadingZeros     = regexp.MustCompile(`\b0+(\d)`)
	fuzzDigitRun         = regexp.MustCompile(`\d+`)
)

// normalizeNumbers removes what ParsePASV tolerates inside the numbers
// (spaces after commas, leading zeros) so the canonical form can be found.
func normalizeNumbers(s string) string {
	s = fuzzSpacesAfterComma.ReplaceAllString(s, ",")
	return fuzzDigitRun.ReplaceAllStringFunc(s, func(d string) string {
		return fuzzLeadingZeros.ReplaceAllString(d, "$1")
	})
}

var pasvFormats = map[string]bool{
	PASVFormatRFC959: true, PASVFormatMultiLine: true, PASVFormatEquals: true,
	PASVFormatParenthesesOnly: true, PASVFormatNoParentheses: true, PASVFormatOtherText: true,
}

func FuzzParsePASV(f *testing.F) {
	f.Fuzz(func(t *testing.T, raw string) {
		r := parsersTestReply(raw)
		p, err := ParsePASV(r)
		if err != nil {
			if p != (PASV{}) {
				t.Fatalf("non-zero result %+v with error %v", p, err)
			}
			return
		}
		if r.Code != 227 {
			t.Fatalf("accepted code %d", r.Code)
		}
		if p.Port == 0 || !p.Addr.Is4() {
			t.Fatalf("bad endpoint %+v", p)
		}
		if !pasvFormats[p.Format] || p.Standard != (p.Format == PASVFormatRFC959) {
			t.Fatalf("format %q standard %v", p.Format, p.Standard)
		}
		a := p.Addr.As4()
		canon := fmt.Sprintf("%d,%d,%d,%d,%d,%d", a[0], a[1], a[2], a[3], p.Port>>8, p.Port&0xff)
		if !strings.Contains(normalizeNumbers(raw), canon) {
			t.Fatalf("%q not found in %q", canon, raw)
		}
		if p.Standard {
			n := normalizeNumbers(raw)
			if len(r.Lines) != 1 || !(strings.EqualFold(n, "227 Entering Passive Mode ("+canon+")") ||
				strings.EqualFold(n, "227 Entering Passive Mode ("+canon+").")) {
				t.Fatalf("standard but %q", raw)
			}
		}
	})
}
