package diagnosis

import (
	"net/netip"
	"testing"
)

func TestParseStatClient(t *testing.T) {
	tests := []struct {
		name  string
		reply Reply
		want  string
	}{
		{"vsftpd", Reply{Code: 211, Lines: []string{"211-FTP server status:", "     Connected to 10.0.0.1", "     Logged in as ftp", "211 End of status"}}, "10.0.0.1"},
		{"proftpd", Reply{Code: 211, Lines: []string{"211-Status of 'ProFTPD Server'", " Connected from 198.51.100.77 (198.51.100.77)", " Logged in as ftp", "211 End of status"}}, "198.51.100.77"},
		{"ipv6", Reply{Code: 211, Lines: []string{"211-FTP server status:", "     Connected to 2001:db8:c::2", "211 End of status"}}, "2001:db8:c::2"},
		{"mapped", Reply{Code: 211, Lines: []string{"211-status", " Connected to ::ffff:10.0.0.50", "211 End"}}, "10.0.0.50"},
		{"not an address", Reply{Code: 211, Lines: []string{"211-status", " Connected to the moon", "211 End"}}, ""},
		{"refused", Reply{Code: 502, Lines: []string{"502 Command not implemented."}}, ""},
		{"no marker", Reply{Code: 211, Lines: []string{"211 http://www.pureftpd.org/"}}, ""},
	}
	for _, tt := range tests {
		got := ParseStatClient(tt.reply)
		want := netip.Addr{}
		if tt.want != "" {
			want = netip.MustParseAddr(tt.want)
		}
		if got != want {
			t.Errorf("%s: got %v, want %v", tt.name, got, want)
		}
	}
}

func FuzzParseStatClient(f *testing.F) {
	f.Add("211-FTP server status:\n     Connected to 10.0.0.1\n211 End of status")
	f.Add("211-Status\n Connected from [2001:db8::1] (x)\n211 End")
	f.Fuzz(func(t *testing.T, s string) {
		r := Reply{Code: 211, Lines: splitLines(s)}
		if a := ParseStatClient(r); a.IsValid() && a.Is4In6() {
			t.Errorf("mapped address returned: %v", a)
		}
	})
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
