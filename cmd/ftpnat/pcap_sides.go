package main

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/probe/capture"
)

// captureResults diagnoses the captures read. Two captures of one run,
// taken on both sides of a NAT or firewall, are diagnosed together (what
// the device between them did); every other capture is a vantage point
// of its own, diagnosed alone for its main server (or --server). There is
// one result per run or capture that holds an FTP control connection, in
// the order of the files; captures without one are named in the notes.
func captureResults(caps []*capture.Capture, pick netip.AddrPort) ([]probe.Result, error) {
	type item struct {
		res probe.Result
		at  int // the first file's position
	}
	var items []item
	paired := make([]bool, len(caps))
	for i := range caps {
		for j := i + 1; j < len(caps) && !paired[i]; j++ {
			if paired[j] {
				continue
			}
			// Both sides of a NAT or firewall: what the device did.
			if res, ok := capture.SidesResult(caps[i], caps[j], pick); ok {
				paired[i], paired[j] = true, true
				items = append(items, item{res, i})
			}
		}
	}
	var without []string
	for i, c := range caps {
		if paired[i] {
			continue
		}
		s, ok := netip.AddrPort{}, false
		if pick.IsValid() {
			s, ok = serverIn(c, pick)
		} else if all := capture.Servers(c); len(all) > 0 {
			s, ok = all[0], true
		}
		if !ok {
			without = append(without, captureName(c))
			continue
		}
		items = append(items, item{capture.Result(c, s), i})
	}
	if len(items) == 0 {
		if pick.IsValid() {
			return nil, fmt.Errorf("no FTP control connection to %s in the capture", pick)
		}
		return nil, errors.New(noControlWords(caps))
	}
	// In the order of the files given.
	for i := 1; i < len(items); i++ {
		for k := i; k > 0 && items[k].at < items[k-1].at; k-- {
			items[k], items[k-1] = items[k-1], items[k]
		}
	}
	out := make([]probe.Result, len(items))
	for i, it := range items {
		out[i] = it.res
	}
	for i := range out {
		src := out[i].Facts.Source
		if src == nil {
			continue
		}
		for _, name := range without {
			what := "holds no FTP control connection"
			if pick.IsValid() {
				what = "holds no FTP control connection to " + pick.String()
			}
			src.Notes = append(src.Notes, fmt.Sprintf("%s was read too but %s", name, what))
		}
		if len(out) > 1 {
			src.Notes = append(src.Notes, fmt.Sprintf(
				"report %d of %d: the captures given are not all two sides of one run, so each capture (or pair of sides) is diagnosed on its own", i+1, len(out)))
		}
	}
	return out, nil
}

// captureName names a capture by its files.
func captureName(c *capture.Capture) string {
	var names []string
	for _, f := range c.Files {
		names = append(names, f.Name)
	}
	if len(names) == 0 {
		return "a capture"
	}
	return strings.Join(names, ", ")
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
