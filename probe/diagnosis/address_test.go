package diagnosis

import (
	"net/netip"
	"testing"
)

func TestClassifyAddr(t *testing.T) {
	tests := []struct {
		addr string
		want AddrClass
	}{
		{"0.0.0.0", ClassUnspecified},
		{"0.1.2.3", ClassReserved},
		{"10.0.0.5", ClassPrivate},
		{"172.15.255.255", ClassPublic},
		{"172.16.0.1", ClassPrivate},
		{"172.31.255.255", ClassPrivate},
		{"172.32.0.0", ClassPublic},
		{"192.168.1.10", ClassPrivate},
		{"100.63.255.255", ClassPublic},
		{"100.64.0.1", ClassCGNAT},
		{"100.127.255.255", ClassCGNAT},
		{"100.128.0.0", ClassPublic},
		{"127.0.0.1", ClassLoopback},
		{"127.255.0.9", ClassLoopback},
		{"169.254.10.1", ClassLinkLocal},
		{"192.0.2.1", ClassDocumentation},
		{"198.51.100.7", ClassDocumentation},
		{"203.0.113.9", ClassDocumentation},
		{"192.0.0.8", ClassReserved},
		{"198.18.0.1", ClassReserved},
		{"198.19.255.255", ClassReserved},
		{"198.20.0.0", ClassPublic},
		{"224.0.0.1", ClassMulticast},
		{"239.255.255.250", ClassMulticast},
		{"240.0.0.1", ClassReserved},
		{"255.255.255.255", ClassReserved},
		{"212.27.40.254", ClassPublic},
		{"8.8.8.8", ClassPublic},
		{"::", ClassUnspecified},
		{"::1", ClassLoopback},
		{"fe80::1", ClassLinkLocal},
		{"fe80::1%eth0", ClassLinkLocal},
		{"febf::1", ClassLinkLocal},
		{"fec0::1", ClassReserved},
		{"fc00::1", ClassPrivate},
		{"fd12:3456::1", ClassPrivate},
		{"2001:db8::1", ClassDocumentation},
		{"3fff::1", ClassDocumentation},
		{"3fff:fff::1", ClassDocumentation},
		{"3fff:1000::1", ClassPublic},
		{"ff02::1", ClassMulticast},
		{"::ffff:10.0.0.5", ClassPrivate},
		{"::ffff:0.0.0.0", ClassUnspecified},
		{"::ffff:198.51.100.1", ClassDocumentation},
		{"::ffff:8.8.8.8", ClassPublic},
		{"64:ff9b::808:808", ClassPublic},
		{"64:ff9b:1::1", ClassReserved},
		{"::10.0.0.1", ClassReserved},
		{"100::1", ClassReserved},
		{"4000::1", ClassReserved},
		{"2a00:1450:4001::1", ClassPublic},
		{"2001:4860::8888", ClassPublic},
	}
	for _, tt := range tests {
		if got := ClassifyAddr(netip.MustParseAddr(tt.addr)); got != tt.want {
			t.Errorf("ClassifyAddr(%s) = %s, want %s", tt.addr, got, tt.want)
		}
	}
	if got := ClassifyAddr(netip.Addr{}); got != ClassReserved {
		t.Errorf("ClassifyAddr(invalid) = %s, want reserved", got)
	}
}

func TestRoutable(t *testing.T) {
	for c, want := range map[AddrClass]bool{
		ClassPublic: true, ClassDocumentation: true,
		ClassPrivate: false, ClassCGNAT: false, ClassLoopback: false, ClassLinkLocal: false,
		ClassUnspecified: false, ClassMulticast: false, ClassReserved: false,
	} {
		if c.Routable() != want {
			t.Errorf("%s.Routable() = %v", c, !want)
		}
	}
}

var addrClasses = map[AddrClass]bool{
	ClassPublic: true, ClassPrivate: true, ClassCGNAT: true, ClassLoopback: true, ClassLinkLocal: true,
	ClassUnspecified: true, ClassDocumentation: true, ClassMulticast: true, ClassReserved: true,
}

// FuzzClassifyAddr takes 4 or 16 raw bytes as an address, anything else as text.
func FuzzClassifyAddr(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		var a netip.Addr
		switch len(b) {
		case 4:
			a = netip.AddrFrom4([4]byte(b))
		case 16:
			a = netip.AddrFrom16([16]byte(b))
		default:
			a, _ = netip.ParseAddr(string(b))
		}
		c := ClassifyAddr(a)
		if !addrClasses[c] {
			t.Fatalf("class %q", c)
		}
		if !a.IsValid() {
			if c != ClassReserved {
				t.Fatalf("invalid address is %s", c)
			}
			return
		}
		if a.Is4() {
			if m := ClassifyAddr(netip.AddrFrom16(a.As16())); m != c {
				t.Fatalf("%v is %s but mapped is %s", a, c, m)
			}
		}
		if a.Is6() && a.Zone() == "" {
			if z := ClassifyAddr(a.WithZone("eth0")); z != c {
				t.Fatalf("%v is %s but with a zone %s", a, c, z)
			}
		}
		// Cross-check against the standard library where it has an opinion.
		u := a.Unmap()
		switch {
		case u.IsUnspecified() && c != ClassUnspecified,
			u.IsLoopback() && c != ClassLoopback,
			u.IsMulticast() && c != ClassMulticast,
			u.IsLinkLocalUnicast() && c != ClassLinkLocal,
			u.IsPrivate() && c != ClassPrivate:
			t.Fatalf("%v is %s", a, c)
		}
		if c == ClassPublic && !u.IsGlobalUnicast() {
			t.Fatalf("%v is public but not global unicast", a)
		}
	})
}
