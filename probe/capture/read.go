package capture

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"slices"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// packetSource is what both pcapgo readers offer.
type packetSource interface {
	ZeroCopyReadPacketData() ([]byte, gopacket.CaptureInfo, error)
}

// Reader reads capture files of one vantage point into one Capture: files
// that continue one another (tcpdump -C, -G) are read in turn. It is not
// safe for concurrent use.
type Reader struct {
	opts  Options
	c     *Capture
	flows *flowTable
	// ctlAddrs are the addresses of the control connections found so far:
	// connections with one of them are kept.
	ctlAddrs map[netip.Addr]int
	ctlBytes int
	// flowsFull and connsFull: the bound was reached (warned once).
	flowsFull, connsFull bool
	warned               map[string]bool
	done                 bool
}

// NewReader returns a Reader with the bounds of opts.
func NewReader(opts Options) *Reader {
	o := opts.withDefaults()
	return &Reader{
		opts:     o,
		c:        &Capture{},
		flows:    newFlowTable(o.MaxFlows),
		ctlAddrs: make(map[netip.Addr]int),
		warned:   make(map[string]bool),
	}
}

// Read reads one capture from in and finishes it: the common case.
func Read(ctx context.Context, in io.Reader, name string, opts Options) (*Capture, error) {
	r := NewReader(opts)
	if err := r.ReadFile(ctx, name, in); err != nil {
		return nil, err
	}
	return r.Capture(), nil
}

// ReadFiles opens and reads the named files in turn into one Capture.
func ReadFiles(ctx context.Context, names []string, opts Options) (*Capture, error) {
	r := NewReader(opts)
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("open capture: %w", err)
		}
		err = r.ReadFile(ctx, name, f)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	return r.Capture(), nil
}

// ReadFile reads the packets of one pcap or pcapng file (gzip-compressed
// pcap too). It fails only when in is not a capture at all, or ctx ends;
// a file that breaks off or turns corrupt part-way is used up to there and
// its File.Error says why.
func (r *Reader) ReadFile(ctx context.Context, name string, in io.Reader) error {
	if r.done {
		return errors.New("read capture: the capture is already finished")
	}
	br := bufio.NewReaderSize(in, 256<<10)
	magic, err := br.Peek(4)
	if err != nil {
		return fmt.Errorf("read capture %s: too short to be a capture (%d bytes)", name, len(magic))
	}
	file := File{Name: name, Format: "pcap"}
	var src packetSource
	var linkOf func(ci *gopacket.CaptureInfo) int
	if magic[0] == 0x0a && magic[1] == 0x0d && magic[2] == 0x0d && magic[3] == 0x0a {
		file.Format = "pcapng"
		ng, err := pcapgo.NewNgReader(br, pcapgo.NgReaderOptions{WantMixedLinkType: true})
		if err != nil {
			return fmt.Errorf("read capture %s: not a readable pcapng file: %w", name, err)
		}
		src = ng
		linkOf = func(ci *gopacket.CaptureInfo) int {
			if len(ci.AncillaryData) > 0 {
				if lt, ok := ci.AncillaryData[0].(layers.LinkType); ok {
					return int(lt)
				}
			}
			return int(ng.LinkType())
		}
	} else {
		pr, err := pcapgo.NewReader(br)
		if err != nil {
			return fmt.Errorf("read capture %s: not a pcap or pcapng file: %w", name, err)
		}
		src = pr
		lt := int(pr.LinkType())
		linkOf = func(*gopacket.CaptureInfo) int { return lt }
	}
	seen := map[int]bool{}
	var p packet
	for {
		if file.Packets&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("read capture %s: %w", name, err)
			}
		}
		data, ci, err := src.ZeroCopyReadPacketData()
		if err != nil {
			if err != io.EOF {
				file.Error = readError(err, file.Packets)
				r.warn(name + ": " + file.Error)
			}
			break
		}
		file.Packets++
		r.c.Packets++
		r.c.Bytes += int64(len(data))
		lt := linkOf(&ci)
		if !seen[lt] {
			seen[lt] = true
			file.LinkTypes = append(file.LinkTypes, linkName(lt))
		}
		ts := ci.Timestamp
		if r.c.First.IsZero() || ts.Before(r.c.First) {
			r.c.First = ts
		}
		if ts.After(r.c.Last) {
			r.c.Last = ts
		}
		p = packet{}
		if !decodeLink(lt, data, &p) {
			r.c.Undecoded++
			continue
		}
		r.handle(&p, ts)
	}
	r.c.Files = append(r.c.Files, file)
	return nil
}

// readError says in words why a file stopped before its end.
func readError(err error, packets int64) string {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Sprintf("the file is truncated: it breaks off after packet %d", packets)
	}
	return fmt.Sprintf("the file is corrupt after packet %d: %v", packets, err)
}

// warn records a warning once.
func (r *Reader) warn(s string) {
	if r.warned[s] || len(r.c.Warnings) >= 100 {
		return
	}
	r.warned[s] = true
	r.c.Warnings = append(r.c.Warnings, s)
}

// Capture finishes the read: pending segments of the control channels are
// flushed (their gaps noted), and the capture is returned. Later calls
// return the same capture.
func (r *Reader) Capture() *Capture {
	if r.done {
		return r.c
	}
	r.done = true
	for _, ctl := range r.c.Controls {
		ctl.state.flush(ctl, r)
	}
	// Connections that turned out to speak another protocol, or never
	// showed FTP beyond a three-digit greeting on a port FTP does not use.
	r.c.Controls = slices.DeleteFunc(r.c.Controls, func(ctl *Control) bool {
		if ctl.state.dropped {
			return true
		}
		if ctl.state.confirmed {
			return false
		}
		switch ctl.Server.Port() {
		case 21, 990, 2121:
			return false
		}
		return true
	})
	// Connections kept for a candidate that proved not to be FTP.
	addrs := map[netip.Addr]bool{}
	for _, ctl := range r.c.Controls {
		addrs[ctl.Client.Addr()], addrs[ctl.Server.Addr()] = true, true
	}
	n := len(r.c.Conns)
	r.c.Conns = slices.DeleteFunc(r.c.Conns, func(c *Conn) bool { return !addrs[c.Client.Addr()] && !addrs[c.Server.Addr()] })
	r.c.Unrelated += int64(n - len(r.c.Conns))
	slices.SortStableFunc(r.c.Conns, func(a, b *Conn) int { return a.FirstSeen.Compare(b.FirstSeen) })
	r.flows = nil
	return r.c
}

// Duration is the time the capture spans.
func (c *Capture) Duration() time.Duration { return c.Last.Sub(c.First) }
