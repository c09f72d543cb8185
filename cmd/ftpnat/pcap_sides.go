package main

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/probe/capture"
)

// captureResult diagnoses the captures read: one vantage point each. With
// one, its main server (or --server). With several, the one whose server
// has the most control connections is diagnosed and the others are named
// in the notes. Two captures of one run, taken on both sides of a NAT or
// firewall, are diagnosed together: what the device between them did.
func captureResult(caps []*capture.Capture, pick netip.AddrPort) (probe.Result, error) {
	if len(caps) == 2 {
		// Both sides of a NAT or firewall: what the device did.
		if res, ok := capture.SidesResult(caps[0], caps[1], pick); ok {
			return res, nil
		}
	}
	best, bestN := -1, 0
	var server netip.AddrPort
	for i, c := range caps {
		s, ok := netip.AddrPort{}, false
		if pick.IsValid() {
			s, ok = serverIn(c, pick)
		} else if all := capture.Servers(c); len(all) > 0 {
			s, ok = all[0], true
		}
		if !ok {
			continue
		}
		n := 0
		for _, ctl := range c.Controls {
			if ctl.Server == s {
				n++
			}
		}
		if n > bestN {
			best, bestN, server = i, n, s
		}
	}
	if best < 0 {
		if pick.IsValid() {
			return probe.Result{}, fmt.Errorf("no FTP control connection to %s in the capture", pick)
		}
		return probe.Result{}, errors.New(noControlWords(caps))
	}
	res := capture.Result(caps[best], server)
	for i, c := range caps {
		if i != best && len(c.Files) > 0 {
			res.Facts.Source.Notes = append(res.Facts.Source.Notes,
				fmt.Sprintf("%s was read too but not compared: this report is from %s alone", c.Files[0].Name, caps[best].Files[0].Name))
		}
	}
	return res, nil
}

// noControlWords explains an empty result: no FTP control connection in
// any capture, and why that may be.
func noControlWords(caps []*capture.Capture) string {
	var packets, conns int64
	var broken string
	for _, c := range caps {
		packets += c.Packets
		conns += int64(len(c.Conns))
		for _, f := range c.Files {
			if f.Error != "" && broken == "" {
				broken = "; " + f.Name + ": " + f.Error
			}
		}
	}
	return fmt.Sprintf("no FTP control connection found (%d packets, %d TCP connections read%s): capture the whole connection, from its SYN, on the interface that carries it", packets, conns, broken)
}
