// Package pcapsynth writes synthetic packet captures: TCP conversations on any
// of the link types tcpdump writes on Linux, for the capture reader's
// tests, fuzz seeds and benchmark.
package pcapsynth

import (
	"encoding/binary"
	"io"
	"net/netip"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// Link is how packets are framed.
type Link int

const (
	Ethernet Link = iota
	VLAN          // Ethernet with one 802.1Q tag
	QinQ          // Ethernet with an 802.1ad and an 802.1Q tag
	SLL           // Linux cooked v1
	SLL2          // Linux cooked v2
	Raw           // LINKTYPE_RAW
)

// Links are every framing, for table tests.
var Links = []Link{Ethernet, VLAN, QinQ, SLL, SLL2, Raw}

func (l Link) String() string {
	return [...]string{"ethernet", "vlan", "qinq", "sll", "sll2", "raw"}[l]
}

func (l Link) linkType() layers.LinkType {
	switch l {
	case SLL:
		return layers.LinkTypeLinuxSLL
	case SLL2:
		return layers.LinkType(276)
	case Raw:
		return layers.LinkTypeRaw
	}
	return layers.LinkTypeEthernet
}

// TCP flags.
const (
	FIN = 0x01
	SYN = 0x02
	RST = 0x04
	PSH = 0x08
	ACK = 0x10
)

// Writer writes packets to a pcap or pcapng file, advancing a clock.
type Writer struct {
	link Link
	pc   *pcapgo.Writer
	ng   *pcapgo.NgWriter
	Now  time.Time
	// Snap cuts every packet to this many bytes when positive.
	Snap   int
	buf    []byte
	ifaces []Link // pcapng interfaces, by index
	iface  int
}

// Start is the clock's start in every synthetic capture.
var Start = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// NewPcap writes a pcap file with link l.
func NewPcap(w io.Writer, l Link) (*Writer, error) {
	pc := pcapgo.NewWriterNanos(w)
	if err := pc.WriteFileHeader(262144, l.linkType()); err != nil {
		return nil, err
	}
	return &Writer{link: l, pc: pc, Now: Start}, nil
}

// pcapgoWriter is a pcap record writer with no file header, for blocks
// of records appended to a file that has one.
func pcapgoWriter(w io.Writer) *pcapgo.Writer { return pcapgo.NewWriterNanos(w) }

// NewPcapng writes a pcapng file with link l; Flush it at the end.
func NewPcapng(w io.Writer, l Link) (*Writer, error) {
	ng, err := pcapgo.NewNgWriter(w, l.linkType())
	if err != nil {
		return nil, err
	}
	return &Writer{link: l, ng: ng, Now: Start}, nil
}

// NewPcapngInterfaces writes a pcapng file with one interface per link,
// as tcpdump -i any or a multi-interface capture does; packets go to the
// first until Use picks another.
func NewPcapngInterfaces(w io.Writer, links ...Link) (*Writer, error) {
	ng, err := pcapgo.NewNgWriter(w, links[0].linkType())
	if err != nil {
		return nil, err
	}
	for _, l := range links[1:] {
		if _, err := ng.AddInterface(pcapgo.NgInterface{LinkType: l.linkType(), SnapLength: 262144}); err != nil {
			return nil, err
		}
	}
	return &Writer{link: links[0], ng: ng, Now: Start, ifaces: links}, nil
}

// Use sends the next packets through interface i (NewPcapngInterfaces).
func (w *Writer) Use(i int) {
	w.iface, w.link = i, w.ifaces[i]
}

// Flush flushes a pcapng writer.
func (w *Writer) Flush() error {
	if w.ng != nil {
		return w.ng.Flush()
	}
	return nil
}

// Advance moves the clock on.
func (w *Writer) Advance(d time.Duration) { w.Now = w.Now.Add(d) }

// TCP writes one TCP segment.
func (w *Writer) TCP(src, dst netip.AddrPort, flags uint8, seq, ack uint32, payload []byte) error {
	w.buf = AppendTCP(w.buf[:0], w.link, src, dst, flags, seq, ack, payload)
	return w.write(w.buf)
}

// Unreachable writes an ICMP (or ICMPv6) destination unreachable from
// router about a SYN from src to dst.
func (w *Writer) Unreachable(router netip.Addr, src, dst netip.AddrPort, seq uint32) error {
	quoted := appendIP(nil, src.Addr(), dst.Addr(), 6, tcpHeader(src, dst, SYN, seq, 0, nil))
	var icmp []byte
	proto := uint8(1)
	if router.Is4() {
		icmp = append([]byte{3, 13, 0, 0, 0, 0, 0, 0}, quoted...) // administratively prohibited
	} else {
		proto = 58
		icmp = append([]byte{1, 1, 0, 0, 0, 0, 0, 0}, quoted...)
	}
	peer := src.Addr()
	w.buf = appendLink(w.buf[:0], w.link, router.Is4())
	w.buf = appendIP(w.buf, router, peer, proto, icmp)
	return w.write(w.buf)
}

func (w *Writer) write(data []byte) error {
	ci := gopacket.CaptureInfo{Timestamp: w.Now, CaptureLength: len(data), Length: len(data), InterfaceIndex: w.iface}
	if w.Snap > 0 && len(data) > w.Snap {
		data = data[:w.Snap]
		ci.CaptureLength = w.Snap
	}
	w.Now = w.Now.Add(50 * time.Microsecond)
	if w.ng != nil {
		return w.ng.WritePacket(ci, data)
	}
	return w.pc.WritePacket(ci, data)
}

// AppendTCP appends one framed TCP segment to b.
func AppendTCP(b []byte, l Link, src, dst netip.AddrPort, flags uint8, seq, ack uint32, payload []byte) []byte {
	b = appendLink(b, l, src.Addr().Is4())
	return appendIP(b, src.Addr(), dst.Addr(), 6, tcpHeader(src, dst, flags, seq, ack, payload))
}

func tcpHeader(src, dst netip.AddrPort, flags uint8, seq, ack uint32, payload []byte) []byte {
	h := make([]byte, 20, 20+len(payload))
	binary.BigEndian.PutUint16(h[0:], src.Port())
	binary.BigEndian.PutUint16(h[2:], dst.Port())
	binary.BigEndian.PutUint32(h[4:], seq)
	binary.BigEndian.PutUint32(h[8:], ack)
	h[12] = 5 << 4
	h[13] = flags
	binary.BigEndian.PutUint16(h[14:], 65535)
	return append(h, payload...)
}

func appendLink(b []byte, l Link, v4 bool) []byte {
	etype := []byte{0x86, 0xdd}
	if v4 {
		etype = []byte{0x08, 0x00}
	}
	mac := []byte{0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2}
	switch l {
	case Ethernet:
		b = append(append(b, mac...), etype...)
	case VLAN:
		b = append(append(append(b, mac...), 0x81, 0x00, 0x00, 0x0a), etype...)
	case QinQ:
		b = append(append(append(b, mac...), 0x88, 0xa8, 0x00, 0x64, 0x81, 0x00, 0x00, 0x0a), etype...)
	case SLL:
		b = append(b, 0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0)
		b = append(b, etype...)
	case SLL2:
		b = append(b, etype...)
		b = append(b, 0, 0, 0, 0, 0, 2, 0, 1, 0, 1, 6, 2, 0, 0, 0, 0, 1, 0)
	}
	return b
}

// appendIP appends an IPv4 or IPv6 header (IPv6 with a destination-options
// extension header, as a reader must skip) and the body.
func appendIP(b []byte, src, dst netip.Addr, proto uint8, body []byte) []byte {
	if src.Is4() {
		h := make([]byte, 20)
		h[0] = 0x45
		binary.BigEndian.PutUint16(h[2:], uint16(20+len(body)))
		h[6] = 0x40 // don't fragment
		h[8] = 64
		h[9] = proto
		s, d := src.As4(), dst.As4()
		copy(h[12:], s[:])
		copy(h[16:], d[:])
		return append(append(b, h...), body...)
	}
	h := make([]byte, 40)
	h[0] = 0x60
	binary.BigEndian.PutUint16(h[4:], uint16(8+len(body)))
	h[6] = 60 // destination options
	h[7] = 64
	s, d := src.As16(), dst.As16()
	copy(h[8:], s[:])
	copy(h[24:], d[:])
	opts := []byte{proto, 0, 1, 4, 0, 0, 0, 0} // PadN
	return append(append(append(b, h...), opts...), body...)
}

// Conn is one TCP connection being written: it keeps both sides'
// sequence numbers.
type Conn struct {
	W              *Writer
	Client, Server netip.AddrPort
	cseq, sseq     uint32
}

// NewConn names a connection; nothing is written yet.
func (w *Writer) NewConn(client, server netip.AddrPort) *Conn {
	return &Conn{W: w, Client: client, Server: server, cseq: 1000, sseq: 5000}
}

// Handshake writes SYN, SYN-ACK, ACK.
func (c *Conn) Handshake() error {
	if err := c.SYN(); err != nil {
		return err
	}
	if err := c.W.TCP(c.Server, c.Client, SYN|ACK, c.sseq, c.cseq+1, nil); err != nil {
		return err
	}
	c.cseq++
	c.sseq++
	return c.W.TCP(c.Client, c.Server, ACK, c.cseq, c.sseq, nil)
}

// SYN writes (or retransmits) the client's SYN.
func (c *Conn) SYN() error { return c.W.TCP(c.Client, c.Server, SYN, c.cseq, 0, nil) }

// Refuse answers the SYN with a reset.
func (c *Conn) Refuse() error { return c.W.TCP(c.Server, c.Client, RST|ACK, 0, c.cseq+1, nil) }

// Client sends s from the client as one segment.
func (c *Conn) ClientSays(s string) error {
	err := c.W.TCP(c.Client, c.Server, PSH|ACK, c.cseq, c.sseq, []byte(s))
	c.cseq += uint32(len(s))
	return err
}

// ServerSays sends s from the server as one segment.
func (c *Conn) ServerSays(s string) error {
	err := c.W.TCP(c.Server, c.Client, PSH|ACK, c.sseq, c.cseq, []byte(s))
	c.sseq += uint32(len(s))
	return err
}

// ServerSegment writes s from the server at offset off from the next
// expected byte without advancing it: for out-of-order and retransmitted
// segments.
func (c *Conn) ServerSegment(off int64, s string) error {
	return c.W.TCP(c.Server, c.Client, PSH|ACK, c.sseq+uint32(off), c.cseq, []byte(s))
}

// ServerSkip advances the server's sequence number by n as if n bytes
// were sent but never captured.
func (c *Conn) ServerSkip(n int) { c.sseq += uint32(n) }

// Data sends n bytes from the server in segments of at most 1448.
func (c *Conn) Data(n int) error {
	chunk := make([]byte, 1448)
	for n > 0 {
		k := min(n, len(chunk))
		if err := c.W.TCP(c.Server, c.Client, ACK, c.sseq, c.cseq, chunk[:k]); err != nil {
			return err
		}
		c.sseq += uint32(k)
		n -= k
	}
	return nil
}

// Close writes FIN from both sides.
func (c *Conn) Close() error {
	if err := c.W.TCP(c.Client, c.Server, FIN|ACK, c.cseq, c.sseq, nil); err != nil {
		return err
	}
	return c.W.TCP(c.Server, c.Client, FIN|ACK, c.sseq, c.cseq+1, nil)
}
