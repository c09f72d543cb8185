package capture

import (
	"fmt"
	"net/netip"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/probe/diagnosis"
)

// wireOf is what the capture shows beyond the control conversations: the
// data connections of encrypted sessions; nil when there are none.
func wireOf(c *Capture) *diagnosis.Wire {
	if o := Opaque(c); len(o) > 0 {
		return &diagnosis.Wire{Opaque: o}
	}
	return nil
}

// Orient tells which of two captures of one run was taken on the FTP
// client's side of the NAT or firewall (near) and which on the server's
// (far). On the server's side the control connections reach the server's
// own address, which is private behind a NAT while the client dialled a
// routable one; failing that, the client's side is the one that saw more
// connection attempts (those the device dropped never reach the other
// side). ok is false when the captures do not share most of their
// control connections: they are not two sides of one run.
func Orient(a, b *Capture) (near, far *Capture, ok bool) {
	pairs := matchControls(a.Controls, b.Controls, clockOffset(a.Controls, b.Controls))
	// Two sides of one run share most of their control connections (a
	// capture may begin or end a little earlier than the other).
	if len(pairs) == 0 || 2*len(pairs) < min(len(a.Controls), len(b.Controls)) {
		return a, b, false
	}
	ca := diagnosis.ClassifyAddr(pairs[0].near.Server.Addr())
	cb := diagnosis.ClassifyAddr(pairs[0].far.Server.Addr())
	switch {
	case ca.Routable() && !cb.Routable():
		return a, b, true
	case cb.Routable() && !ca.Routable():
		return b, a, true
	case len(b.Conns) > len(a.Conns):
		return b, a, true
	}
	return a, b, true
}

// SidesResult diagnoses one run from two captures, one on each side of a
// NAT or firewall: the facts of the client's side, as Result gives them,
// and what the device between the captures did (Facts.Wire.Middlebox).
// server picks the server as the client's side saw it (the zero value:
// the main one). ok is false when the captures share no control
// connection: they are not two sides of one run.
func SidesResult(a, b *Capture, server netip.AddrPort) (res probe.Result, ok bool) {
	near, far, ok := Orient(a, b)
	if !ok {
		return probe.Result{}, false
	}
	res = Result(near, server)
	m := Middlebox(near, far)
	f := res.Facts
	if f.Wire == nil {
		f.Wire = &diagnosis.Wire{}
	}
	f.Wire.Middlebox = m
	if f.Source != nil {
		f.Source.Side, f.Source.SideWhy = diagnosis.SideClient, "of the two captures, this is the one on the client's side"
		f.Source.Files = append(f.Source.Files, fileNames(far)...)
		f.Source.Notes = append(f.Source.Notes, fmt.Sprintf(
			"two sides of one run: %s on the client's side, %s on the server's side; %d control connection(s) found on both",
			filesWords(near), filesWords(far), len(m.Controls)))
		if m.LeftOut > 0 {
			f.Source.Notes = append(f.Source.Notes, fmt.Sprintf("%d connection attempt(s) beyond the first %d of a side were not followed across", m.LeftOut, maxSideConns))
		}
		if m.UnmatchedControls > 0 {
			f.Source.Notes = append(f.Source.Notes, fmt.Sprintf("%d control connection(s) seen on one side only", m.UnmatchedControls))
		}
	}
	res.Facts = f
	res.Diagnosis = diagnosis.Diagnose(f)
	return res, true
}

func filesWords(c *Capture) string {
	names := fileNames(c)
	switch len(names) {
	case 0:
		return "a capture"
	case 1:
		return names[0]
	}
	return fmt.Sprintf("%s (and %d more)", names[0], len(names)-1)
}
