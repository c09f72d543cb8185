package capture

import (
	"slices"
	"time"

	"github.com/ftpnat/ftpnat/probe/diagnosis"
)

// maxServerTimes bounds Control.ServerTimes: 128 encrypted replies per
// control connection are timed.
const maxServerTimes = 128

// lastReply is the time of the server's last encrypted segment on ctl at
// or before t; zero when none was timed.
func lastReply(ctl *Control, t time.Time) time.Time {
	i, _ := slices.BinarySearchFunc(ctl.ServerTimes, t, func(a, b time.Time) int {
		if a.After(b) {
			return 1
		}
		return -1
	})
	if i == 0 {
		return time.Time{}
	}
	return ctl.ServerTimes[i-1]
}

// Opaque lists the data connection attempts that followed an encrypted
// control channel in one capture. Under AUTH TLS the 227/229 replies
// cannot be read, but the connections they caused can: an attempt from a
// control connection's client to its server, on another port, begun while
// that control connection was encrypted and named by no plaintext line,
// is the data connection of an encrypted session: of the one whose server
// sent an encrypted segment (its 227/229) last before the SYN. Its outcome is what the
// wire showed: answered, reset, or never answered.
func Opaque(c *Capture) []diagnosis.OpaqueAttempt {
	isControl := map[*Conn]bool{}
	anyOpaque := false
	for _, ctl := range c.Controls {
		isControl[ctl.Conn] = true
		anyOpaque = anyOpaque || !ctl.Opaque.IsZero()
	}
	if !anyOpaque {
		return nil
	}
	conns, _ := attempts(c.Conns, func(x *Conn) bool { return !isControl[x] })
	slices.SortStableFunc(conns, func(a, b *Conn) int { return a.FirstSYN.Compare(b.FirstSYN) })
	cl := &classifier{ports: &portNames{named: plaintextPorts(c.Controls)}, ctls: c.Controls}
	var out []diagnosis.OpaqueAttempt
	for _, a := range conns {
		plaintext, secure := cl.classify(a, 0, true)
		if plaintext || !secure {
			continue
		}
		ctl := underTLS(c.Controls, a)
		if ctl == nil {
			continue
		}
		reach := a.Reach(c.Last, DefaultSilence)
		waited := a.LastSeen.Sub(a.FirstSYN)
		if reach == diagnosis.ReachFiltered {
			waited = c.Last.Sub(a.FirstSYN)
			if !ctl.LastSeen.Before(a.FirstSYN) && ctl.LastSeen.Before(c.Last) {
				// The session moved on (or ended) without the port ever
				// answering.
				waited = max(ctl.LastSeen.Sub(a.FirstSYN), a.LastSYN.Sub(a.FirstSYN))
			}
		}
		at := diagnosis.OpaqueAttempt{
			Control: tupleOf(ctl.Conn), Conn: tupleOf(a), T: a.FirstSYN,
			SinceEncrypted: a.FirstSYN.Sub(ctl.Opaque), SYNs: a.SYNs, Reach: reach, Waited: waited,
		}
		if r := lastReply(ctl, a.FirstSYN); !r.IsZero() {
			at.AfterReply, at.ReplyTimed = a.FirstSYN.Sub(r), true
		}
		out = append(out, at)
	}
	return out
}
