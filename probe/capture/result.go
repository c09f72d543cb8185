package capture

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"time"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/probe/diagnosis"
)

// Result diagnoses one server of the capture (the main one when server is
// the zero value) and returns it as a finished run: the facts, their
// diagnosis, and the control conversations as the transcript.
func Result(c *Capture, server netip.AddrPort) probe.Result {
	if !server.IsValid() {
		if s := Servers(c); len(s) > 0 {
			server = s[0]
		}
	}
	f := FactsFor(c, server, DefaultSilence)
	f.Wire = wireOf(c)
	return probe.Result{
		StartedAt:  c.First,
		Duration:   c.Duration(),
		Facts:      f,
		Diagnosis:  diagnosis.Diagnose(f),
		Transcript: Transcript(c, server),
	}
}

// maxTranscript bounds the transcript of a capture's result.
const maxTranscript = 4096

// Transcript is the conversation on the server's control connections in
// time order, each session named after its client end, with the gaps and
// the point where TLS made the channel opaque as info lines. PASS was
// redacted when the lines were read.
func Transcript(c *Capture, server netip.AddrPort) []probe.TranscriptEntry {
	var out []probe.TranscriptEntry
	n := 0
	for _, ctl := range c.Controls {
		if ctl.Server != server {
			continue
		}
		n++
		session := fmt.Sprintf("c%d %s", n, ctl.Client)
		at := func(t time.Time) time.Duration { return t.Sub(c.First) }
		for _, l := range ctl.Lines {
			dir := probe.DirRecv
			if l.From == ClientSide {
				dir = probe.DirSend
			}
			out = append(out, probe.TranscriptEntry{T: at(l.T), Dir: dir, Line: l.Text, Session: session})
		}
		for _, g := range ctl.Gaps {
			who := "the client's"
			if g.From == ServerSide {
				who = "the server's"
			}
			out = append(out, probe.TranscriptEntry{T: at(g.T), Dir: probe.DirInfo, Session: session,
				Line: fmt.Sprintf("%d bytes of %s side are missing from the capture", g.Bytes, who)})
		}
		if !ctl.Opaque.IsZero() {
			out = append(out, probe.TranscriptEntry{T: at(ctl.Opaque), Dir: probe.DirInfo, Session: session,
				Line: fmt.Sprintf("TLS from here: the control channel is encrypted (%d bytes from the client, %d from the server)",
					ctl.OpaqueBytes[ClientSide], ctl.OpaqueBytes[ServerSide])})
		}
	}
	slices.SortStableFunc(out, func(a, b probe.TranscriptEntry) int { return cmp.Compare(a.T, b.T) })
	if len(out) > maxTranscript {
		more := len(out) - maxTranscript
		out = append(out[:maxTranscript], probe.TranscriptEntry{T: out[maxTranscript-1].T, Dir: probe.DirInfo, Session: "capture",
			Line: fmt.Sprintf("transcript truncated: %d more lines not kept", more)})
	}
	return out
}
