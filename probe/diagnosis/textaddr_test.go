package diagnosis

import (
	"net/netip"
	"reflect"
	"strings"
	"testing"
)

func TestAddressesInText(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"ProFTPD 1.3.8 Server (Debian) [::ffff:10.0.0.5]", []string{"10.0.0.5"}},
		{"ProFTPD Server (ProFTPD Default Installation) [10.0.0.5]", []string{"10.0.0.5"}},
		{"ProFTPD 1.3.5e Server (ProFTPD) [192.168.1.20]", []string{"192.168.1.20"}},
		{"Microsoft Windows [Version 10.0.17763.1]", nil},
		{"build 1.3.8.1.2 ready", nil},
		{"ProFTPD 1.3.8 Server", nil},
		{"Connected to 192.168.1.2.", []string{"192.168.1.2"}},
		{"Your address is 203.0.113.9:50123, server 10.0.0.5:21", []string{"203.0.113.9", "10.0.0.5"}},
		{"IP:10.0.0.7, mask 255.255.255.0", []string{"10.0.0.7", "255.255.255.0"}},
		{"[2001:db8::1]:21 and 2001:DB8::A", []string{"2001:db8::1", "2001:db8::a"}},
		{"link fe80::1%eth0 up", []string{"fe80::1"}},
		{"loopback ::1.", []string{"::1"}},
		{"10.0.0.5 then [::ffff:10.0.0.5] then 10.0.0.5", []string{"10.0.0.5"}},
		{"host-10.0.0.9/24", []string{"10.0.0.9"}},
		{"256.1.1.1 1.2.3 010.0.0.1 v1.2.3.4 1.2.3.4a", nil},
		{"Local time is now 10:11. Server port: 21.", nil},
		{":: Welcome :: 12:30:45", nil},
		{"bound to [::] and [::0]", []string{"::"}},
		{"IPv6:2001:db8::7 IPv4:10.0.0.8", []string{"2001:db8::7", "10.0.0.8"}},
		{"FooFTPd Version 10.1.2.3 on 10.1.2.4, build (1.2.3.4)", []string{"10.1.2.4"}},
		{"ftp.example.com 10.1.2.3", []string{"10.1.2.3"}},
		{"(10,0,0,1,4,1)", nil},
		{greetingPureFTPd, nil},
		{"", nil},
	}
	for _, tt := range tests {
		got := AddressesInText(tt.text)
		var want []netip.Addr
		for _, w := range tt.want {
			want = append(want, netip.MustParseAddr(w))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("AddressesInText(%q) = %v, want %v", tt.text, got, want)
		}
	}
}

func FuzzAddressesInText(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		got := AddressesInText(s)
		var words []string
		for i, a := range got {
			if !a.IsValid() || a.Is4In6() || a.Zone() != "" {
				t.Fatalf("bad address %v", a)
			}
			for _, b := range got[:i] {
				if a == b {
					t.Fatalf("duplicate %v", a)
				}
			}
			if a.Is4() && !strings.Contains(s, a.String()) {
				t.Fatalf("%v not in %q", a, s)
			}
			if a.Is6() {
				words = append(words, "["+a.String()+"]")
			} else {
				words = append(words, a.String())
			}
		}
		// What was found is found again, in the same order, when listed alone.
		if again := AddressesInText(strings.Join(words, " ")); !reflect.DeepEqual(again, got) {
			t.Fatalf("re-scan of %v gave %v", got, again)
		}
	})
}
