package probe

import (
	"crypto/tls"
	"time"
)

// session is one control connection of a run — the primary one, or the TLS
// one that runs beside a plaintext session with --tls auto. Its steps run
// in order on one goroutine and write only to its own facts; work it starts
// in the background (data dials) is merged back before it reads the results.
type session struct {
	r      *run
	name   string // transcript label
	prefix string // step-name prefix ("" or "tls-")
	f      *SessionFacts
	// tlsConf is set for a TLS session: the control connection's
	// configuration and session cache, shared by its data connections.
	tlsConf  *tls.Config
	implicit bool // TLS from the first byte (the handshake precedes the greeting)
	// lean: the session runs beside a plaintext one that already samples
	// the passive range, lists the directory and reads PWD; it takes one
	// PASV sample and leaves the rest to its protected listings, so TLS
	// adds as few round trips as possible to the time to verdict.
	lean bool
	// unsure: a reply may still be on its way (the active test gave up
	// waiting), so the session is not used again.
	unsure bool
	// slot: the session holds one of the run's connection slots, given back
	// when its own work is done, before it waits for the helpers it started.
	slot bool
}

func (s *session) releaseSlot() {
	if s.slot {
		s.slot = false
		s.r.release()
	}
}

// samples is how many PASV samples the session takes.
func (s *session) samples() int {
	if s.lean {
		return 1
	}
	return s.r.o.Samples
}

func (s *session) step(name string, timeout time.Duration, f func() (CheckStatus, string)) CheckStatus {
	return s.r.step(s.prefix+name, timeout, f)
}

func (s *session) skip(name, why string) { s.r.skip(s.prefix+name, why) }
