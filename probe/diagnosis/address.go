package diagnosis

import "net/netip"

// AddrClass is the routing class of an IP address.
type AddrClass string

const (
	ClassPublic        AddrClass = "public"
	ClassPrivate       AddrClass = "private" // RFC 1918, IPv6 ULA fc00::/7
	ClassCGNAT         AddrClass = "cgnat"   // 100.64.0.0/10
	ClassLoopback      AddrClass = "loopback"
	ClassLinkLocal     AddrClass = "link-local"
	ClassUnspecified   AddrClass = "unspecified"
	ClassDocumentation AddrClass = "documentation" // 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20
	ClassMulticast     AddrClass = "multicast"
	ClassReserved      AddrClass = "reserved"
)

// ClassifyAddr returns the class of a. IPv4-mapped IPv6 addresses are
// classified as their IPv4 address; a zone is ignored. An invalid address is
// reserved: it can never be dialled.
func ClassifyAddr(a netip.Addr) AddrClass {
	if !a.IsValid() {
		return ClassReserved
	}
	a = a.WithZone("")
	if a.Is4In6() {
		a = a.Unmap()
	}
	if a.Is4() {
		return classify4(a.As4())
	}
	return classify6(a.As16())
}

// classify4 follows the IANA IPv4 special-purpose registry as far as it
// matters for "can a client on the internet reach this".
func classify4(b [4]byte) AddrClass {
	switch {
	case b == [4]byte{0, 0, 0, 0}:
		return ClassUnspecified
	case b[0] == 0: // 0.0.0.0/8 "this network"
		return ClassReserved
	case b[0] == 10,
		b[0] == 172 && b[1]&0xf0 == 16,
		b[0] == 192 && b[1] == 168:
		return ClassPrivate
	case b[0] == 100 && b[1]&0xc0 == 64:
		return ClassCGNAT
	case b[0] == 127:
		return ClassLoopback
	case b[0] == 169 && b[1] == 254:
		return ClassLinkLocal
	case b[0] == 192 && b[1] == 0 && b[2] == 2,
		b[0] == 198 && b[1] == 51 && b[2] == 100,
		b[0] == 203 && b[1] == 0 && b[2] == 113:
		return ClassDocumentation
	case b[0]&0xf0 == 224:
		return ClassMulticast
	case b[0]&0xf0 == 240: // includes 255.255.255.255
		return ClassReserved
	case b[0] == 192 && b[1] == 0 && b[2] == 0, // IETF protocol assignments
		b[0] == 198 && b[1]&0xfe == 18: // 198.18/15 benchmarking
		return ClassReserved
	}
	return ClassPublic
}

func classify6(b [16]byte) AddrClass {
	var zero [16]byte
	loop := zero
	loop[15] = 1
	switch {
	case b == zero:
		return ClassUnspecified
	case b == loop:
		return ClassLoopback
	case b[0] == 0xfe && b[1]&0xc0 == 0x80:
		return ClassLinkLocal
	case b[0]&0xfe == 0xfc:
		return ClassPrivate
	case b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8,
		b[0] == 0x3f && b[1] == 0xff && b[2]&0xf0 == 0:
		return ClassDocumentation
	case b[0] == 0xff:
		return ClassMulticast
	case isNAT64(b):
		// 64:ff9b::/96 reaches the embedded IPv4 host through a NAT64
		// gateway, so it is as routable as any global address.
		return ClassPublic
	case b[0]&0xe0 != 0x20:
		// Outside 2000::/3 nothing is allocated for global unicast.
		return ClassReserved
	}
	return ClassPublic
}

func isNAT64(b [16]byte) bool {
	prefix := [12]byte{0x00, 0x64, 0xff, 0x9b}
	return [12]byte(b[:12]) == prefix
}

// Routable reports whether a client on the internet can reach an address of
// this class. Documentation ranges count as routable (they are the lab's
// "public" addresses).
func (c AddrClass) Routable() bool { return c == ClassPublic || c == ClassDocumentation }
