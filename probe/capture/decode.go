package capture

import (
	"encoding/binary"
	"net/netip"
)

// Link types this reader decodes (LINKTYPE_* numbers of pcap and pcapng).
const (
	linkNull     = 0
	linkEthernet = 1
	linkRaw      = 101
	linkLoop     = 108
	linkSLL      = 113
	linkIPv4     = 228
	linkIPv6     = 229
	linkSLL2     = 276
	linkRawBSD1  = 12
	linkRawBSD2  = 14
)

func linkName(lt int) string {
	switch lt {
	case linkNull, linkLoop:
		return "BSD loopback"
	case linkEthernet:
		return "Ethernet"
	case linkRaw, linkRawBSD1, linkRawBSD2:
		return "raw IP"
	case linkSLL:
		return "Linux SLL"
	case linkSLL2:
		return "Linux SLL2"
	case linkIPv4:
		return "raw IPv4"
	case linkIPv6:
		return "raw IPv6"
	}
	return "link type " + itoa(int64(lt))
}

const (
	protoICMP   = 1
	protoTCP    = 6
	protoICMPv6 = 58
)

// TCP flags.
const (
	flagFIN = 0x01
	flagSYN = 0x02
	flagRST = 0x04
	flagACK = 0x10
)

// packet is one decoded TCP segment or ICMP unreachable. Its payload points
// into the reader's buffer: valid until the next packet is read.
type packet struct {
	proto       uint8
	src, dst    netip.AddrPort
	flags       uint8
	seq         uint32
	payload     []byte
	payloadLen  int // as the IP header says; more than len(payload) when cut
	unreachText string
	inner       bool // ICMP: src/dst are the quoted segment's endpoints
}

// decodeLink strips the link-layer header and decodes the IP packet in
// data. It reports false for anything that is not an IPv4/IPv6 TCP
// segment or an ICMP destination-unreachable quoting one.
func decodeLink(lt int, data []byte, p *packet) bool {
	var etype uint16
	switch lt {
	case linkEthernet:
		if len(data) < 14 {
			return false
		}
		etype = binary.BigEndian.Uint16(data[12:14])
		data = data[14:]
		// 802.1Q, 802.1ad (QinQ) and the old 0x9100: up to four tags.
		for i := 0; i < 4 && (etype == 0x8100 || etype == 0x88a8 || etype == 0x9100); i++ {
			if len(data) < 4 {
				return false
			}
			etype = binary.BigEndian.Uint16(data[2:4])
			data = data[4:]
		}
	case linkSLL:
		if len(data) < 16 {
			return false
		}
		etype = binary.BigEndian.Uint16(data[14:16])
		data = data[16:]
	case linkSLL2:
		if len(data) < 20 {
			return false
		}
		etype = binary.BigEndian.Uint16(data[0:2])
		data = data[20:]
	case linkRaw, linkRawBSD1, linkRawBSD2, linkIPv4, linkIPv6:
		return decodeIP(data, p)
	case linkNull, linkLoop:
		if len(data) < 4 {
			return false
		}
		return decodeIP(data[4:], p)
	default:
		return false
	}
	if etype == 0x8100 || etype == 0x88a8 || etype == 0x9100 {
		// SLL with a VLAN tag left in the payload.
		if len(data) < 4 {
			return false
		}
		etype = binary.BigEndian.Uint16(data[2:4])
		data = data[4:]
	}
	switch etype {
	case 0x0800, 0x86dd:
		return decodeIP(data, p)
	}
	return false
}

// decodeIP decodes an IPv4 or IPv6 packet by its version nibble.
func decodeIP(data []byte, p *packet) bool {
	if len(data) < 1 {
		return false
	}
	switch data[0] >> 4 {
	case 4:
		return decodeIPv4(data, p, false)
	case 6:
		return decodeIPv6(data, p, false)
	}
	return false
}

func decodeIPv4(data []byte, p *packet, quoted bool) bool {
	if len(data) < 20 {
		return false
	}
	ihl := int(data[0]&0x0f) * 4
	total := int(binary.BigEndian.Uint16(data[2:4]))
	if ihl < 20 || len(data) < ihl || total < ihl {
		return false
	}
	if binary.BigEndian.Uint16(data[6:8])&0x1fff != 0 {
		return false // a later fragment: no transport header
	}
	src := netip.AddrFrom4([4]byte(data[12:16]))
	dst := netip.AddrFrom4([4]byte(data[16:20]))
	proto := data[9]
	body := data[ihl:]
	bodyLen := total - ihl
	if len(body) > bodyLen {
		body = body[:bodyLen] // Ethernet padding
	}
	return decodeTransport(proto, src, dst, body, bodyLen, p, quoted)
}

func decodeIPv6(data []byte, p *packet, quoted bool) bool {
	if len(data) < 40 {
		return false
	}
	bodyLen := int(binary.BigEndian.Uint16(data[4:6]))
	next := data[6]
	src := netip.AddrFrom16([16]byte(data[8:24]))
	dst := netip.AddrFrom16([16]byte(data[24:40]))
	body := data[40:]
	if len(body) > bodyLen {
		body = body[:bodyLen]
	}
	// Extension headers: hop-by-hop, routing, fragment, destination
	// options, authentication; a bounded number of them.
	for i := 0; i < 8; i++ {
		switch next {
		case 0, 43, 60:
			if len(body) < 8 {
				return false
			}
			n := (int(body[1]) + 1) * 8
			if len(body) < n {
				return false
			}
			next, body, bodyLen = body[0], body[n:], bodyLen-n
		case 44:
			if len(body) < 8 {
				return false
			}
			if binary.BigEndian.Uint16(body[2:4])&0xfff8 != 0 {
				return false // a later fragment
			}
			next, body, bodyLen = body[0], body[8:], bodyLen-8
		case 51:
			if len(body) < 8 {
				return false
			}
			n := (int(body[1]) + 2) * 4
			if len(body) < n {
				return false
			}
			next, body, bodyLen = body[0], body[n:], bodyLen-n
		default:
			return decodeTransport(next, src, dst, body, bodyLen, p, quoted)
		}
	}
	return false
}

// decodeTransport decodes a TCP header, or an ICMP unreachable that quotes
// one (then p's endpoints are the quoted segment's and p.inner is set).
func decodeTransport(proto uint8, src, dst netip.Addr, body []byte, bodyLen int, p *packet, quoted bool) bool {
	switch proto {
	case protoTCP:
		if len(body) < 8 || (!quoted && len(body) < 20) {
			return false
		}
		p.proto = protoTCP
		p.src = netip.AddrPortFrom(src, binary.BigEndian.Uint16(body[0:2]))
		p.dst = netip.AddrPortFrom(dst, binary.BigEndian.Uint16(body[2:4]))
		p.seq = binary.BigEndian.Uint32(body[4:8])
		if quoted {
			return true
		}
		off := int(body[12]>>4) * 4
		if off < 20 || off > len(body) {
			return false
		}
		p.flags = body[13]
		p.payload = body[off:]
		p.payloadLen = max(bodyLen-off, len(p.payload))
		return true
	case protoICMP, protoICMPv6:
		if quoted || len(body) < 8 {
			return false
		}
		typ, code := body[0], body[1]
		var text string
		var ok bool
		if proto == protoICMP && typ == 3 {
			text = icmp4Unreachable(code)
			ok = decodeIPv4(body[8:], p, true)
		} else if proto == protoICMPv6 && typ == 1 {
			text = icmp6Unreachable(code)
			ok = decodeIPv6(body[8:], p, true)
		}
		if !ok || p.proto != protoTCP {
			return false
		}
		p.proto = proto
		p.inner = true
		p.unreachText = text
		p.payload = nil
		return true
	}
	return false
}

func icmp4Unreachable(code uint8) string {
	switch code {
	case 0:
		return "ICMP network unreachable"
	case 1:
		return "ICMP host unreachable"
	case 3:
		return "ICMP port unreachable"
	case 9, 10, 13:
		return "ICMP administratively prohibited"
	}
	return "ICMP destination unreachable (code " + itoa(int64(code)) + ")"
}

func icmp6Unreachable(code uint8) string {
	switch code {
	case 0:
		return "ICMPv6 no route to destination"
	case 1:
		return "ICMPv6 administratively prohibited"
	case 3:
		return "ICMPv6 address unreachable"
	case 4:
		return "ICMPv6 port unreachable"
	case 5, 6:
		return "ICMPv6 rejected by policy"
	}
	return "ICMPv6 destination unreachable (code " + itoa(int64(code)) + ")"
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
