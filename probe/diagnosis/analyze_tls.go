package diagnosis

import (
	"fmt"
	"net/netip"
	"slices"
	"time"
)

// tlsSession raises the findings of a TLS session: not offered, handshake
// failed, certificate invalid, session reuse required, no protected data.
func (a *analysis) tlsSession() {
	t := a.f.tlsf
	strict := a.f.Mode == TLSExplicit || a.f.Mode == TLSImplicit
	if !t.Offered && len(t.AuthReplies) > 0 {
		sev := SeverityWarning
		if strict {
			sev = SeverityCritical
		}
		var ev []string
		for i, r := range t.AuthReplies {
			ev = append(ev, EvidenceSent+[]string{"AUTH TLS", "AUTH SSL"}[min(i, 1)])
			ev = append(ev, recvLines(&r)...)
		}
		a.add(FindingTLSNotOffered, sev,
			"The server refuses AUTH TLS: passwords and files cross the network in clear text, and FTPS clients cannot connect.", ev, nil)
		return
	}
	if t.HandshakeError != "" {
		sev := SeverityWarning
		if strict {
			sev = SeverityCritical
		}
		ev := []string{EvidenceSent + t.AuthCommand}
		if n := len(t.AuthReplies); n > 0 {
			ev = append(ev, recvLines(&t.AuthReplies[n-1])...)
		}
		ev = append(ev, "handshake: "+t.HandshakeError)
		if t.PlaintextReply != "" && a.f.Mode == TLSImplicit {
			ev = []string{"handshake: " + t.HandshakeError, EvidenceRecv + t.PlaintextReply}
			a.add(FindingTLSHandshakeFailed, sev,
				fmt.Sprintf("The server answered the implicit TLS handshake with plaintext FTP (%q): this port speaks plaintext FTP (explicit FTPS through AUTH TLS, if it offers TLS), not implicit FTPS. Diagnose it with --tls explicit or auto.", t.PlaintextReply), ev, nil)
			return
		}
		a.add(FindingTLSHandshakeFailed, sev,
			"The TLS handshake on the control connection failed ("+t.HandshakeError+"): FTPS clients cannot connect.", ev, nil)
		return
	}
	if c := t.Certificate; c != nil && !c.Verified {
		ev := []string{
			"subject: " + c.Subject,
			"issuer: " + c.Issuer,
			fmt.Sprintf("valid %s to %s (%d days left)", c.NotBefore.UTC().Format(time.DateOnly), c.NotAfter.UTC().Format(time.DateOnly), c.DaysLeft),
			"names: " + c.Names(),
			"verification: " + c.Error,
		}
		a.add(FindingTLSCertificateInvalid, SeverityWarning,
			fmt.Sprintf("The server's TLS certificate is not valid for %s: %s. Clients that verify certificates refuse to connect or ask the user to trust it.", a.f.Host, c.Error),
			ev, nil)
	}
	a.certificateExpiring(t.Certificate)
	worked, connected := 0, 0
	for _, tr := range t.Transfers {
		if tr.OK {
			worked++
		}
		if tr.Connected {
			connected++
		}
	}
	plain := a.f.plain
	plainFailedToo := plain != nil && plain.Transfer != nil && !plain.Transfer.OK
	// Behind a balancer without affinity protected listings fail for the
	// balancer's sake, which its own finding says.
	twoServers := len(mixedPorts(a.f.Path)) > 0 || (a.f.sec != nil && len(mixedPorts(a.f.sec)) > 0)
	switch {
	case connected > 0 && worked == 0 && !plainFailedToo && !twoServers:
		ev := transferEvidence(t.Transfers[0])
		a.add(FindingTLSDataFailed, SeverityCritical,
			"No protected data connection could be established, even resuming the control connection's TLS session: "+t.Transfers[0].Error+".", ev, nil)
	case reuseRequired(t):
		ev := []string{fmt.Sprintf("%d of %d protected listings resuming the TLS session worked", worked, len(t.Transfers))}
		ev = append(ev, "without resumption:")
		ev = append(ev, transferEvidence(*t.NoResume)...)
		a.add(FindingTLSSessionReuseRequired, SeverityInfo,
			"The server accepts protected data connections only when they resume the control connection's TLS session: clients that cannot resume (older FluentFTP, PHP before 8.3, Go programs without a session cache and ServerName, some iOS apps) fail to list or transfer.",
			ev, nil)
	}
	// One failure at the end is a passing fault as often as not: the
	// pattern needs two.
	if n := len(t.Transfers); worked > 0 && n-worked >= 2 && !t.Transfers[n-1].OK && t.Transfers[0].OK && failuresAtEnd(t.Transfers) &&
		failedAfterConnect(t.Transfers) && !twoServers {
		// Early listings work, then every later one fails: the server stops
		// accepting resumed sessions (TLS 1.3 tickets). A single failure in
		// the middle is a passing fault, not this.
		ev := []string{}
		for i, tr := range t.Transfers {
			ev = append(ev, fmt.Sprintf("listing %d: ok=%v resumed=%v %s", i+1, tr.OK, tr.Resumed, tr.Error))
		}
		a.add(FindingTLSDataFailed, SeverityCritical,
			fmt.Sprintf("Only the first %d of %d consecutive protected listings worked: the server stops accepting resumed TLS sessions after a few (a known TLS 1.3 ticket problem).", worked, n),
			ev, nil)
	}
}

// failedAfterConnect: every failed listing got its data connection; one
// that did not is a data port's problem, not the TLS session's.
func failedAfterConnect(ts []Transfer) bool {
	for _, tr := range ts {
		if !tr.OK && !tr.Connected {
			return false
		}
	}
	return true
}

// failuresAtEnd: once a listing failed, every later one failed too.
func failuresAtEnd(ts []Transfer) bool {
	failed := false
	for _, tr := range ts {
		if tr.OK && failed {
			return false
		}
		failed = failed || !tr.OK
	}
	return true
}

func transferEvidence(tr Transfer) []string {
	line := ""
	if tr.Endpoint.IsValid() {
		line = fmt.Sprintf("data connection %s (%s), resumed=%v", tr.Endpoint, tr.Via, tr.Resumed)
	}
	return listingEvidence(tr, line)
}

// differential compares the plaintext session with the TLS session: what
// differs is what a middlebox changes in plaintext and cannot in TLS.
func (a *analysis) differential() {
	plain, sec := a.f.plain, a.f.sec
	if plain == nil || sec == nil || !sec.LoggedIn {
		return
	}
	peer := a.f.Peer
	pAddr, pSample := firstAddress(plain.PASV)
	sAddr, sSample := firstAddress(sec.PASV)
	if pAddr.IsValid() && sAddr.IsValid() && pAddr != sAddr {
		sev := SeverityWarning
		consequence := "FTPS clients get the server's own answer and connect to a different address than plaintext clients."
		if unroutable(sSample.Class, sAddr, peer) {
			sev = SeverityCritical
			consequence = "FTPS clients get the server's own, unroutable answer and their listings fail."
		}
		ev := []string{"plaintext session:", EvidenceSent + "PASV"}
		ev = append(ev, recvLines(&pSample.Reply)...)
		ev = append(ev, "TLS session:", EvidenceSent+"PASV")
		ev = append(ev, recvLines(&sSample.Reply)...)
		ev = append(ev, fmt.Sprintf("the control connection reached %s", peer))
		extra := Params{ParamAdvertisedAddress: sAddr.String()}
		if !sSample.Class.Routable() && sSample.Class != ClassLoopback && sSample.Class != ClassUnspecified {
			extra[ParamServerAddress] = sAddr.String()
		}
		a.add(FindingALGPASVRewritten, sev,
			fmt.Sprintf("In plaintext the PASV reply names %s, under TLS %s (%s): a firewall or router rewrites plaintext FTP replies (an FTP ALG such as Linux nf_nat_ftp, Cisco ASA inspect ftp or a Juniper SRX ALG). %s",
				pAddr, sAddr, sSample.Class, consequence), ev, extra)
	}
	if AnyOpen(plain.PASV) || AnyOpen(plain.EPSV) {
		var blocked []PassiveSample
		open := false
		mixed := mixedPorts(sec) // two servers, not an inspecting firewall
		for _, ss := range [][]PassiveSample{sec.PASV, sec.EPSV} {
			for _, smp := range ss {
				if !smp.Usable() || slices.Contains(mixed, int(smp.Port)) {
					continue
				}
				if smp.Peer.Reach == ReachOpen {
					open = true
				} else if smp.Peer.Reach != ReachNotTested {
					blocked = append(blocked, smp)
				}
			}
		}
		if !open && len(blocked) > 0 {
			sortByPort(blocked)
			ev := []string{"plaintext session: data ports answered"}
			for _, smp := range blocked {
				ev = append(ev, "TLS session: "+dialLine(smp.Command, smp.Peer))
			}
			ports := portsOf(blocked)
			a.add(FindingALGDataPortsInspection, SeverityCritical,
				fmt.Sprintf("Data ports answer in a plaintext session but not under TLS (port%s %s): the firewall opens passive ports only by reading the plaintext PASV reply, which it cannot do for FTPS.",
					plural(len(ports)), joinInts(ports)), ev, nil).Ports = PortLists{Ports: SpansOf(ports)}
		}
	}
	if a.replyDropped() {
		se := plain.SessionError
		ev := []string{
			fmt.Sprintf("plaintext session: %s sent, no reply (%s)", se.Command, se.Error),
			"TLS session: the same command was answered",
		}
		if len(sec.PASV) > 0 {
			ev = append(ev, recvLines(&sec.PASV[0].Reply)...)
		}
		a.add(FindingALGReplyDropped, SeverityCritical,
			"The "+se.Command+" reply never arrives in plaintext but does under TLS: a middlebox inspecting FTP drops the reply (Linux nf_conntrack_ftp drops replies it cannot parse; Cisco ASA inspect ftp strict resets them).",
			ev, nil)
	}
}

// replyDropped: the plaintext session got no reply to PASV or EPSV while
// the TLS session got one — the plaintext reply was eaten on the way.
func (a *analysis) replyDropped() bool {
	plain, sec := a.f.plain, a.f.sec
	if plain == nil || sec == nil || !sec.LoggedIn {
		return false
	}
	se := plain.SessionError
	if se == nil || se.Kind != ErrKindTimeout || (se.Command != "PASV" && se.Command != "EPSV") || se.AwaitingData != nil {
		return false
	}
	_, smp := firstAddress(sec.PASV)
	return smp.Accepted || len(sec.EPSV) > 0 && sec.EPSV[0].Accepted
}

// firstAddress is the first usable PASV sample and its address.
func firstAddress(ss []PassiveSample) (netip.Addr, PassiveSample) {
	for _, smp := range ss {
		if smp.Usable() {
			return smp.Address, smp
		}
	}
	return netip.Addr{}, PassiveSample{}
}
