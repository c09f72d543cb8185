package pcapsynth

import (
	"bytes"
	"encoding/binary"
	"io"
	"net/netip"
	"time"
)

// stream is an endless-looking pcap file of a given size generated on the
// fly: one FTP session, then data connections one after another, each
// from a new client port, their packets full-sized.
type stream struct {
	size  int64 // bytes still to give
	head  []byte
	block []byte // one data connection's records
	cur   []byte // what is left of the current block
	n     int    // blocks generated
	// offsets of fields patched per block
	ports []int // client port fields
	times []int // timestamp seconds fields
	addrs []int // client address fields
	scan  bool  // every block from a new client address too
}

// Stream returns a pcap file of at least size bytes (Ethernet, IPv4),
// generated as it is read: a benchmark input without a disk.
func Stream(size int64) (io.Reader, error) { return newStream(size, false) }

// ScanStream is like Stream but, after the FTP session, holds only
// connection attempts (a SYN and a reset), each from a new client address
// and port: the most connections per byte, the reader's worst case for
// memory.
func ScanStream(size int64) (io.Reader, error) { return newStream(size, true) }

func newStream(size int64, scan bool) (io.Reader, error) {
	var head bytes.Buffer
	w, err := NewPcap(&head, Ethernet)
	if err != nil {
		return nil, err
	}
	if err := WriteFTP(w, Healthy, false); err != nil {
		return nil, err
	}
	var blk bytes.Buffer
	bw := &Writer{link: Ethernet, pc: w.pc, Now: w.Now}
	bw.pc = pcapgoWriter(&blk)
	client, server, _ := Addresses(false)
	c := bw.NewConn(netip.AddrPortFrom(client, 1024), netip.AddrPortFrom(server, 30000))
	steps := []func() error{c.Handshake, func() error { return c.Data(60 * 1448) }, c.Close}
	if scan {
		steps = []func() error{c.SYN, c.Refuse}
	}
	if err := run(steps); err != nil {
		return nil, err
	}
	s := &stream{size: size, head: head.Bytes(), block: blk.Bytes(), scan: scan}
	// Walk the records: 16-byte header, then Ethernet(14) IPv4(20) TCP.
	for off := 0; off+16 <= len(s.block); {
		capLen := int(binary.LittleEndian.Uint32(s.block[off+8:]))
		s.times = append(s.times, off)
		pkt := off + 16
		src := netip.AddrFrom4([4]byte(s.block[pkt+26 : pkt+30]))
		if src == client {
			s.ports = append(s.ports, pkt+34)
			s.addrs = append(s.addrs, pkt+28)
		} else {
			s.ports = append(s.ports, pkt+36)
			s.addrs = append(s.addrs, pkt+32)
		}
		off = pkt + capLen
	}
	return s, nil
}

func (s *stream) Read(p []byte) (int, error) {
	if s.size <= 0 && len(s.cur) == 0 {
		return 0, io.EOF // only ever at a record's end
	}
	if len(s.head) > 0 {
		n := copy(p, s.head)
		s.head = s.head[n:]
		s.size -= int64(n)
		return n, nil
	}
	if len(s.cur) == 0 {
		s.n++
		port := uint16(1024 + s.n%60000)
		sec := uint32(Start.Add(time.Duration(s.n) * time.Millisecond).Unix())
		for _, o := range s.ports {
			binary.BigEndian.PutUint16(s.block[o:], port)
		}
		if s.scan {
			// A scan: every attempt from its own address (203.0.x.y).
			for _, o := range s.addrs {
				binary.BigEndian.PutUint16(s.block[o:], uint16(s.n/60000))
			}
		}
		for _, o := range s.times {
			binary.LittleEndian.PutUint32(s.block[o:], sec)
		}
		s.cur = s.block
	}
	n := copy(p, s.cur)
	s.cur = s.cur[n:]
	s.size -= int64(n)
	return n, nil
}
