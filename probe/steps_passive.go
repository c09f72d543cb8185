package probe

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// passive collects PASV samples and one EPSV sample and tests every offered
// endpoint. Each sample's endpoint is dialled at once, while the server's
// listener is still open; the next command waits only a short grace period
// for the answer, so filtered ports cost one data timeout in total (the
// dials run concurrently), not one per sample. A plaintext session lists
// the directory as soon as an endpoint has answered, before the last dials
// are waited for; listed reports that it did.
func (s *session) passive(ctx context.Context, cc *controlConn) (listed bool) {
	var wg sync.WaitGroup
	var tests []*endpointTest
	grace := s.r.dialGrace()
	command, record := s.passiveCommand()
	step := strings.ToLower(command)

	// A plaintext session's last sample is its listing when an endpoint
	// has answered by then: the listing's passive reply and data connect
	// are a sample like the others, and cost no round trips of their own.
	listLast := s.tlsConf == nil && !s.r.o.ProbeAdvertised
	deferred := false
	s.step(step, time.Duration(s.samples())*s.r.o.StepTimeout, func() (CheckStatus, string) {
		for i := 0; i < s.samples(); i++ {
			if i > 0 && i == s.samples()-1 && listLast && answeredOpen(tests) {
				deferred = true
				break
			}
			smp, ok := s.sampleAfter(ctx, cc, command, lastTest(tests))
			if !ok {
				break
			}
			*record = append(*record, smp)
			if !smp.Usable() {
				break
			}
			tests = append(tests, s.testEndpoint(ctx, &wg, smp, len(*record)-1, grace))
			if s.p.HeldForData != nil {
				break // each further sample would wait out the server's own timeout
			}
		}
		return samplesCheck(command, *record)
	})
	if s.broken() {
		wg.Wait()
		s.mergeTests(tests)
		s.noteAwaiting(tests)
		if command == "PASV" {
			s.skip(StepEPSV, "control session lost")
		}
		s.skip(StepDataPorts, "control session lost")
		return false
	}
	switch {
	case command != "PASV": // over IPv6 every sample is EPSV
	case s.p.HeldForData != nil:
		s.skip(StepEPSV, "the server holds commands until its data connection arrives")
	case s.plan.Info && len(*record) > 0 && (*record)[len(*record)-1].Usable():
		// The info session's EPSV sample is the path's (mergeInfo). When
		// PASV gave nothing to list through, the session asks EPSV itself
		// and lists through it.
		s.epsvAside = true
	default:
		// Over IPv4 one EPSV sample too: clients that prefer it must work.
		s.step(StepEPSV, s.r.o.StepTimeout, func() (CheckStatus, string) {
			smp, ok := s.sampleAfter(ctx, cc, "EPSV", lastTest(tests))
			if !ok {
				return CheckFail, s.p.SessionError.Error
			}
			s.p.EPSV = append(s.p.EPSV, smp)
			if smp.Usable() {
				tests = append(tests, s.testEndpoint(ctx, &wg, smp, 0, grace))
			}
			return epsvCheck(smp)
		})
	}
	if deferred && !s.broken() {
		s.transfer(ctx, cc, true)
		listed = true
	}
	if s.tlsConf == nil && !listed && !s.broken() && s.earlyOpen(ctx, tests) {
		s.transfer(ctx, cc, false)
		listed = true
	}
	aside := 0
	s.step(StepDataPorts, s.r.o.DataTimeout, func() (CheckStatus, string) {
		wg.Wait()
		s.mergeTests(tests)
		s.noteAwaiting(tests)
		aside = s.ambiguous(tests)
		return dataPortsCheck(s.p.PASV, s.p.EPSV)
	})
	if aside > 0 && !s.broken() {
		s.recheck(ctx, cc, aside)
	}
	return listed
}

// earlyOpen reports whether an endpoint has already answered open, so the
// listing need not wait for the last dials. It gives the dials of all but
// the last sample a few round trips more (ports that answer have long
// done so), and records those that answered for the listing to choose
// from; dials still waiting are left to the data-ports step.
func (s *session) earlyOpen(ctx context.Context, tests []*endpointTest) bool {
	if len(tests) < 2 {
		return false
	}
	timer := time.NewTimer(s.r.fewRoundTrips(s.p.Control.Duration))
	defer timer.Stop()
	var answered []*endpointTest
	for _, t := range tests[:len(tests)-1] {
		select {
		case <-t.answered:
			answered = append(answered, t)
		case <-timer.C:
			return false
		case <-ctx.Done():
			return false
		}
	}
	s.mergeTests(answered)
	for _, t := range answered {
		if t.peer.Reach == ReachOpen {
			return true
		}
	}
	return false
}

// noteDial puts a data connect's outcome in the transcript.
func (s *session) noteDial(d Dial, command string) {
	s.r.tr.add(s.name, DirInfo, fmt.Sprintf("data connect %s (%s): %s in %s", d.Address, command, d.Reach, FormatDuration(d.Duration)))
}

// epsvCheck is the EPSV step's outcome.
func epsvCheck(smp PassiveSample) (CheckStatus, string) {
	switch {
	case !smp.Accepted:
		return CheckWarn, "EPSV refused: " + FirstLine(smp.Reply)
	case smp.Error != "":
		return CheckFail, smp.Error
	}
	return CheckPass, fmt.Sprintf("port %d", smp.Port)
}

// answeredOpen reports whether an endpoint has answered open already,
// without waiting for any.
func answeredOpen(tests []*endpointTest) bool {
	for _, t := range tests {
		select {
		case <-t.answered:
			if t.peer.Reach == ReachOpen {
				return true
			}
		default:
		}
	}
	return false
}

// noteAwaiting marks a session that stalled on the command right after a
// passive sample whose data connection never opened: the server may hold
// commands until that connection arrives. The dials are finished here, so
// the last one's outcome is known.
func (s *session) noteAwaiting(tests []*endpointTest) {
	se := s.p.SessionError
	if se == nil || se.Kind != ErrKindTimeout || se.AwaitingData != nil || len(tests) == 0 {
		return
	}
	if se.Command != "PASV" && se.Command != "EPSV" {
		return
	}
	last := tests[len(tests)-1]
	if last.peer.Reach != ReachOpen && last.peer.Reach != ReachNotTested {
		d := last.peer
		se.AwaitingData = &d
	}
}

// ambiguous counts PASV samples answered with a reset only after the next
// command had gone out: the reset may come from the server closing the
// replaced listener rather than from a firewall. They are set aside as not
// tested, and recheck measures the range again without that race.
func (s *session) ambiguous(tests []*endpointTest) int {
	n := 0
	for _, t := range tests {
		if !t.late || t.peer.Reach != ReachRefused {
			continue
		}
		ss := s.p.PASV
		if t.command == "EPSV" {
			ss = s.p.EPSV
		}
		ss[t.index].Peer.Reach, ss[t.index].Redials = ReachNotTested, nil
		ss[t.index].Peer.Error = "answered with a reset after the listener was replaced; measured again"
		n++
	}
	return n
}

// MaxRedials bounds the connects repeated after a data port answered
// with a reset.
const MaxRedials = 2

// redial connects again to an endpoint that answered with a reset, while
// the server's listener is still there: a port that is refused and then
// accepted is not a missing forward but a balancer that sends each
// connection to another server. It stops at the first connect that opens.
func (s *session) redial(ctx context.Context, first Dial, command string) []Dial {
	if first.Reach != ReachRefused {
		return nil
	}
	var out []Dial
	for range MaxRedials {
		conn, d := s.r.dialData(ctx, first.Address, s.r.o.DataTimeout)
		if conn != nil {
			_ = conn.Close()
		}
		out = append(out, d)
		s.r.tr.add(s.name, DirInfo, fmt.Sprintf("data connect %s (%s, again): %s in %s", d.Address, command, d.Reach, FormatDuration(d.Duration)))
		if d.Reach != ReachRefused {
			break
		}
	}
	return out
}

// passiveCommand is the command the session samples the range with —
// PASV over IPv4, EPSV over IPv6 where PASV cannot name the address — and
// where its samples go.
func (s *session) passiveCommand() (string, *[]PassiveSample) {
	if s.plan.Passive == "EPSV" {
		return "EPSV", &s.p.EPSV
	}
	return "PASV", &s.p.PASV
}

// recheck takes fresh samples one at a time, each dial finishing before
// the next command: slower, but exact.
func (s *session) recheck(ctx context.Context, cc *controlConn, n int) {
	command, record := s.passiveCommand()
	s.step(StepDataPorts+"-recheck", time.Duration(n)*(s.r.o.StepTimeout+s.r.o.DataTimeout), func() (CheckStatus, string) {
		for i := 0; i < n; i++ {
			smp, ok := s.sample(ctx, cc, command)
			if !ok {
				return CheckFail, s.p.SessionError.Error
			}
			if smp.Usable() {
				d := s.probeEndpoint(ctx, netip.AddrPortFrom(s.p.Address, smp.Port))
				smp.Peer, smp.Redials = d, s.redial(ctx, d, command)
				switch {
				case smp.Address == s.p.Address:
					smp.Advertised = &d
				case s.r.o.ProbeAdvertised && smp.Address.IsValid():
					a := s.probeEndpoint(ctx, netip.AddrPortFrom(smp.Address, smp.Port))
					smp.Advertised = &a
				}
			}
			*record = append(*record, smp)
		}
		return dataPortsCheck(s.p.PASV, s.p.EPSV)
	})
}

// dialGrace is how long the next PASV waits for the previous endpoint's
// dial: not for its answer — a SYN that leaves before the next command
// reaches the listener before the command does, and a reset that comes
// after it is set aside and measured again (ambiguous) — only long enough
// for the SYN to leave on a busy client host: a dial that starts after the
// next PASV can reach a listener the server has since opened on the same
// port for another session, and break that session's transfer.
func (r *run) dialGrace() time.Duration {
	return min(minDialGrace, r.o.DataTimeout)
}

// fewRoundTrips is a wait of a few control round trips (between the
// grace floor and half a second, within the data timeout): how long an
// open data connection is watched for another service's banner, and how
// long the listing waits for earlier samples' dials to answer.
func (r *run) fewRoundTrips(rtt time.Duration) time.Duration {
	return min(max(3*rtt, minDialGrace), 500*time.Millisecond, r.o.DataTimeout)
}

// minDialGrace is dialGrace's floor.
const minDialGrace = 25 * time.Millisecond

// sample sends PASV or EPSV and parses the reply. ok is false when the
// control session broke.
func (s *session) sample(ctx context.Context, cc *controlConn, command string) (PassiveSample, bool) {
	smp, err := s.trySample(ctx, cc, command)
	if err != nil {
		s.sessionFailed(ctx, strings.ToLower(command), command, err)
		return smp, false
	}
	s.unreached = nil // the server answered: it is not waiting for a data connection
	return smp, true
}

// heldReply is how late an error reply to PASV or EPSV must come, after a
// data connection that never arrived, to be taken for the server giving
// up on that connection rather than for the answer to the command.
const heldReply = time.Second

func lastTest(tests []*endpointTest) *endpointTest {
	if len(tests) == 0 {
		return nil
	}
	return tests[len(tests)-1]
}

// sampleAfter is sample for a command that follows prev's passive reply.
// A server that holds commands until the announced data connection
// arrives (Twisted) answers, once its own wait for that connection ends,
// first with an error about it, then to the held command. An error reply
// that comes late while prev's connection never opened is therefore
// recorded as that (HeldForData), and the next reply is the answer.
func (s *session) sampleAfter(ctx context.Context, cc *controlConn, command string, prev *endpointTest) (PassiveSample, bool) {
	start := time.Now()
	smp, ok := s.sample(ctx, cc, command)
	wait := time.Since(start)
	if !ok || prev == nil || smp.Accepted || smp.Reply.Class() < 4 || wait < heldReply {
		return smp, ok
	}
	select {
	case <-prev.answered:
	case <-ctx.Done():
		return smp, ok
	}
	if prev.peer.Reach == ReachOpen || prev.peer.Reach == ReachNotTested {
		return smp, ok
	}
	s.r.tr.add(s.name, DirInfo, fmt.Sprintf("late error after %s while the data connection %s was %s: the server gave up waiting for it; the answer to %s follows",
		FormatDuration(wait), prev.peer.Address, prev.peer.Reach, command))
	s.p.HeldForData = &HeldForData{Command: command, Awaited: prev.peer, Late: smp.Reply, Wait: wait}
	rep, err := cc.readReply(ctx)
	if err != nil {
		s.sessionFailed(ctx, strings.ToLower(command), command, err)
		return PassiveSample{}, false
	}
	return s.parseSample(command, rep), true
}

// trySample is sample without recording a broken session.
func (s *session) trySample(ctx context.Context, cc *controlConn, command string) (PassiveSample, error) {
	rep, err := cc.cmd(ctx, command)
	if err != nil {
		return PassiveSample{}, err
	}
	return s.parseSample(command, rep), nil
}

// parseSample makes a sample of the reply to PASV or EPSV.
func (s *session) parseSample(command string, rep Reply) PassiveSample {
	smp := PassiveSample{Command: command, Reply: rep, Peer: Dial{Reach: ReachNotTested}}
	switch {
	case command == "PASV" && rep.Code == 227:
		smp.Accepted = true
		p, err := ParsePASV(rep)
		if err != nil {
			smp.Error = err.Error()
			break
		}
		smp.Address, smp.Port, smp.Standard, smp.Format = p.Addr, p.Port, p.Standard, p.Format
		smp.Class = ClassifyAddr(p.Addr)
	case command == "EPSV" && rep.Code == 229:
		smp.Accepted = true
		p, err := ParseEPSV(rep)
		if err != nil {
			smp.Error = err.Error()
			break
		}
		smp.Address, smp.Port, smp.Standard, smp.Format = s.p.Address, p.Port, p.Standard, p.Format
		smp.Class = ClassifyAddr(s.p.Address)
	}
	return smp
}

// endpointTest is the background connect test of one sample's endpoint.
// Its results are written by its goroutines and read only after they finish.
type endpointTest struct {
	command string
	index   int
	peer    Dial
	redials []Dial // after a reset: the same endpoint again
	adv     *Dial
	// late: the next command went out before the dial finished, so the
	// server may already have closed this listener.
	late bool
	// answered is closed when peer (and adv) hold the dials' outcome.
	answered chan struct{}
}

// testEndpoint dials the sample's port at the control peer (and at the
// advertised address when that is allowed) in the background, then waits
// at most grace — from the moment the dial starts, so that a busy client
// host that has not yet run it does not let the next command overtake it
// — before returning so the next command can go out.
func (s *session) testEndpoint(ctx context.Context, wg *sync.WaitGroup, smp PassiveSample, index int, grace time.Duration) *endpointTest {
	t := &endpointTest{command: smp.Command, index: index, answered: make(chan struct{})}
	t.peer = Dial{Address: netip.AddrPortFrom(s.p.Address, smp.Port), Reach: ReachNotTested}
	sameAsPeer := smp.Address == s.p.Address
	if !sameAsPeer && s.r.o.ProbeAdvertised && smp.Address.IsValid() {
		t.adv = &Dial{Address: netip.AddrPortFrom(smp.Address, smp.Port), Reach: ReachNotTested}
	}

	// inTime settles, once, whether the answer came before the next
	// command went out (answered) or not (late): only an answer in time
	// is dialled again, since after the next command the port may be
	// another session's listener, whose data connection a redial would
	// take.
	const pending, answered, late = 0, 1, 2
	var inTime atomic.Int32
	started := make(chan struct{})
	var inner sync.WaitGroup
	dial := func(dst *Dial, dialling func(), lp *lateProbe) {
		d := s.probeEndpointThen(ctx, dst.Address, dialling, lp)
		*dst = d
		s.noteDial(d, smp.Command)
	}
	// Once the session has moved on, the peer probe is called off when
	// another data connection claims its endpoint.
	lp := newLateProbe()
	inner.Go(func() { dial(&t.peer, func() { close(started) }, lp) })
	if t.adv != nil {
		inner.Go(func() { dial(t.adv, nil, nil) })
	}
	// A reset that came in time is dialled again before the next command
	// too — the listener must still be there — within one data timeout.
	done, redialled := t.answered, make(chan struct{})
	var redials []Dial
	wg.Add(1)
	go func() {
		defer wg.Done()
		inner.Wait()
		if sameAsPeer {
			d := t.peer
			t.adv = &d
		}
		inTime.CompareAndSwap(pending, answered)
		close(done)
		if inTime.Load() == answered {
			redials = s.redial(ctx, t.peer, smp.Command)
		}
		close(redialled)
	}()
	timer := time.NewTimer(s.r.o.DataTimeout)
	defer timer.Stop()
	select {
	case <-started:
	case <-done:
	case <-timer.C:
	case <-ctx.Done():
		return t
	}
	timer.Reset(grace)
	select {
	case <-done:
	case <-timer.C:
		if inTime.CompareAndSwap(pending, late) {
			t.late = true
			lp.setLate()
			return t
		}
		<-done // answered at this very moment: in time
	case <-ctx.Done():
		return t
	}
	if t.peer.Reach == ReachRefused {
		// The listener is still there: its redials finish before the
		// next command replaces it (a reset costs this wait, an open port
		// nothing).
		timer.Reset(s.r.o.DataTimeout)
		select {
		case <-redialled:
			t.redials = redials
		case <-timer.C:
		case <-ctx.Done():
		}
	}
	return t
}

// mergeTests copies finished connect tests into the facts.
func (s *session) mergeTests(tests []*endpointTest) {
	for _, t := range tests {
		ss := s.p.PASV
		if t.command == "EPSV" {
			ss = s.p.EPSV
		}
		ss[t.index].Peer = t.peer
		ss[t.index].Redials = t.redials
		ss[t.index].Advertised = t.adv
	}
}

func samplesCheck(command string, ss []PassiveSample) (CheckStatus, string) {
	if len(ss) == 0 {
		return CheckFail, "no " + command + " reply"
	}
	last := ss[len(ss)-1]
	switch {
	case !last.Accepted:
		return CheckFail, command + " refused: " + FirstLine(last.Reply)
	case last.Error != "":
		return CheckFail, last.Error
	}
	ports := make([]string, 0, len(ss))
	for _, s := range ss {
		ports = append(ports, fmt.Sprint(s.Port))
	}
	detail := fmt.Sprintf("%s (%s), ports %s", last.Address, last.Class, strings.Join(ports, ", "))
	if !last.Class.Routable() || !last.Standard && breaksClients(last) {
		return CheckWarn, detail
	}
	return CheckPass, detail
}

// breaksClients reports whether a usable sample's reply form is one that
// some common client cannot read (a form every modelled client reads is
// legal and raises no finding, so it is no warning either).
func breaksClients(smp PassiveSample) bool {
	if smp.Command == "EPSV" {
		return len(EPSVClients(smp.Reply, smp.Port).Fail) > 0
	}
	return len(PASVClients(smp.Reply, smp.Port).Fail) > 0
}

func dataPortsCheck(groups ...[]PassiveSample) (CheckStatus, string) {
	counts := map[Reach]int{}
	total, aside := 0, 0
	for _, g := range groups {
		for _, s := range g {
			switch {
			case !s.Usable():
			case s.Peer.Reach == ReachNotTested:
				aside++ // set aside to be measured again, or cut short
			default:
				counts[s.Peer.Reach]++
				total++
			}
		}
	}
	if total == 0 {
		return CheckSkip, "no data endpoint offered"
	}
	var parts []string
	for _, k := range []Reach{ReachOpen, ReachRefused, ReachFiltered, ReachUnreachable, ReachNotTested} {
		if counts[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[k], k))
		}
	}
	detail := fmt.Sprintf("%d endpoints: %s", total, strings.Join(parts, ", "))
	if aside > 0 {
		detail += fmt.Sprintf(" (%d without an answer of their own: measured again, or cut short)", aside)
	}
	switch {
	case counts[ReachOpen] == total:
		return CheckPass, detail
	case counts[ReachOpen] > 0:
		return CheckWarn, detail
	}
	return CheckFail, detail
}
