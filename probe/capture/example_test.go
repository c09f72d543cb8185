package capture_test

import (
	"bytes"
	"context"
	"fmt"
	"net/netip"

	synth "github.com/ftpnat/ftpnat/internal/pcapsynth"
	"github.com/ftpnat/ftpnat/probe/capture"
)

// Read a capture, look at what it holds, and diagnose its FTP server.
func Example() {
	var file bytes.Buffer
	w, _ := synth.NewPcap(&file, synth.Ethernet)
	_ = synth.WriteFTP(w, synth.PrivateDropped, false)

	c, err := capture.Read(context.Background(), &file, "ftp.pcap", capture.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ctl := range c.Controls {
		fmt.Printf("control %s -> %s, %d lines\n", ctl.Client, ctl.Server, len(ctl.Lines))
	}
	for _, conn := range c.Conns[1:] {
		fmt.Printf("data %s -> %s: %s after %d SYNs\n", conn.Client, conn.Server, conn.Reach(c.Last, capture.DefaultSilence), conn.SYNs)
	}
	res := capture.Result(c, netip.AddrPort{})
	fmt.Println(res.Verdict)
	for _, f := range res.Findings {
		fmt.Println(f.ID)
	}
	// Output:
	// control 203.0.113.2:40000 -> 198.51.100.10:21, 21 lines
	// data 203.0.113.2:40002 -> 198.51.100.10:30000: filtered after 2 SYNs
	// critical
	// pasv.unroutable_address
	// data.port_filtered
	// passive.port_range
}
