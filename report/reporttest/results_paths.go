package reporttest

import (
	"net/netip"
	"strconv"
	"time"

	"github.com/ftpnat/ftpnat/probe"
)

// PublicAddress6 is the server's IPv6 address in DualStackDataFiltered.
const PublicAddress6 = "2001:db8::10"

// IPv6ID is the plaintext path of the server's IPv6 address.
func IPv6ID() probe.PathID {
	return probe.PathID{Family: probe.IPv6, Address: netip.MustParseAddr(PublicAddress6), Transport: probe.TransportPlain}
}

// DualStackDataFiltered is the healthy vsftpd server published with an A
// and an AAAA record, diagnosed with --tls off: over IPv4 everything
// works, over IPv6 the control port answers and the login works, but an
// IPv6 firewall drops the passive data ports (EPSV), so listings hang.
// Its findings are the ones probe.Diagnose raises for these facts.
func DualStackDataFiltered() probe.Result {
	healthy := Healthy()
	f := healthy.Facts
	f.TLSMode = probe.TLSOff
	f.Addresses = []netip.Addr{netip.MustParseAddr(PublicAddress), netip.MustParseAddr(PublicAddress6)}

	v6 := ConnectedPath(IPv6ID(), 34*time.Millisecond)
	v6.Local = netip.MustParseAddrPort("[2001:db8:1::44]:51020")
	v6.SessionFacts = vsftpdSession()
	for _, port := range []uint16{30002, 30008} {
		ap := netip.AddrPortFrom(v6.Address, port)
		v6.EPSV = append(v6.EPSV, probe.PassiveSample{
			Command: "EPSV", Reply: *reply(229, "229 Entering Extended Passive Mode (|||"+strconv.Itoa(int(port))+"|)"),
			Accepted: true, Standard: true, Format: "rfc2428", Port: port,
			Address: v6.Address, Class: probe.ClassifyAddr(v6.Address),
			Peer: probe.Dial{Address: ap, Reach: probe.ReachFiltered, Duration: 3 * time.Second, Error: "i/o timeout"},
		})
	}
	v6.Transfer = &probe.Transfer{Command: "MLSD", Via: "EPSV", Endpoint: netip.AddrPortFrom(v6.Address, 30004),
		Error: "dial tcp [2001:db8::10]:30004: i/o timeout", Stage: probe.StageConnect, Duration: 3 * time.Second}
	f.Paths = append(f.Paths, v6)
	f.Phases = append(f.Phases,
		probe.Phase{Name: "connect", Path: v6.PathID, Duration: 34 * time.Millisecond},
		probe.Phase{Name: "passive", Path: v6.PathID, Duration: 6 * time.Second})

	d := probe.Diagnose(f)
	checks := append(healthy.Checks, onPath(v6.PathID,
		probe.Check{Name: "connect", Status: probe.CheckPass, Duration: 34 * time.Millisecond, Detail: "connected to [" + PublicAddress6 + "]:21"},
		probe.Check{Name: "login", Status: probe.CheckPass, Duration: 90 * time.Millisecond, Detail: "230 Login successful."},
		probe.Check{Name: "epsv", Status: probe.CheckFail, Duration: 6 * time.Second, Detail: "ports 30002, 30008 filtered"},
		probe.Check{Name: "transfer", Status: probe.CheckFail, Duration: 3 * time.Second, Detail: "MLSD via EPSV: i/o timeout"},
	)...)
	checks[0].Detail = Host + " -> " + PublicAddress + ", " + PublicAddress6
	return probe.Result{
		StartedAt: StartedAt(), Duration: 7420 * time.Millisecond, Facts: f,
		Diagnosis:  Diagnosed(f, d.Findings, d.Verdict),
		Checks:     checks,
		Transcript: transcript(),
	}
}
