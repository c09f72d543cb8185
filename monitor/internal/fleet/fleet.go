// Package fleet runs many fake FTP servers behind one virtual network, for
// the monitor's tests and the batch benchmark: a few named scenarios from
// package fixtures, each at its own virtual address, and many distinct host
// names spread over them. Only loopback is ever dialled (faultnet).
//
// The servers and the network are separate halves so that a benchmark can
// run the servers in another process and measure the client alone: the
// network needs only each server's loopback address and certificate
// (Served); everything else follows from the Spec.
package fleet

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/netip"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/fixtures/fakeftp"
	"github.com/ftpnat/ftpnat/fixtures/faultnet"
)

// Mix is a default set of twenty scenarios: healthy servers, NAT and
// firewall failures (including filtered ports and silent servers, which
// cost their full timeouts), protocol quirks and TLS peculiarities.
var Mix = []string{
	"healthy", "no-tls", "nat-private-forwarded", "nat-private-unforwarded", "wrong-public-address",
	"ports-filtered", "ports-refused", "pasv-malformed", "pasv-refused", "epsv-refused",
	"list-425", "login-refused", "no-greeting", "greeting-421", "control-refused",
	"control-filtered", "unknown-host", "proftpd-banner-leak", "cgnat-address", "tls-reuse-required",
}

// Expected is the state (OK, WARNING or CRITICAL, as a monitor reports it)
// a diagnosis of a scenario of Mix must end in: anything else means the
// run went wrong, e.g. timed out for want of CPU.
func Expected(scenario string) string {
	switch scenario {
	case "healthy", "epsv-refused", "tls-reuse-required":
		return "OK"
	case "no-tls", "wrong-public-address", "pasv-refused":
		return "WARNING"
	}
	return "CRITICAL"
}

// Each server gets its own passive range, so that a port one server
// closes and another opens never carries the wrong data connection.
// 10000-19999 stays clear of the scenarios' own 30000-30009 and of the
// kernel's ephemeral ports; a width under 1000 keeps the range from
// looking like "any port".
const (
	rangeBase  = 10000
	rangeWidth = 500
	maxServers = 20
)

// domain holds every target name.
const domain = "fleet.test"

// Spec names the scenarios and how many target names spread over them.
type Spec struct {
	Scenarios []string
	Targets   int
}

// Host is one target name and the scenario behind it.
type Host struct {
	Name     string
	Scenario string
}

// Hosts lists the target names in order: t0000.fleet.test, … in turn over
// the scenarios.
func (s Spec) Hosts() []Host {
	out := make([]Host, s.Targets)
	for i := range out {
		out[i] = Host{Name: fmt.Sprintf("t%04d.%s", i, domain), Scenario: s.Scenarios[i%len(s.Scenarios)]}
	}
	return out
}

// addr is the virtual address of scenario k's server.
func addr(k int) netip.Addr { return netip.AddrFrom4([4]byte{203, 0, 113, byte(101 + k)}) }

func (s Spec) check() error {
	if len(s.Scenarios) == 0 || len(s.Scenarios) > maxServers {
		return fmt.Errorf("fleet: between 1 and %d scenarios, not %d", maxServers, len(s.Scenarios))
	}
	for _, name := range s.Scenarios {
		sc, ok := fixtures.Lookup(name)
		if !ok {
			return fmt.Errorf("fleet: unknown scenario %q", name)
		}
		if sc.ALG != nil || len(sc.Net.ClientFaults) > 0 {
			return fmt.Errorf("fleet: %s: gateways and client faults are not supported", name)
		}
	}
	return nil
}

// Served is what the network needs to know about one running server.
type Served struct {
	Control netip.AddrPort `json:"control"` // its real loopback control address
	CertDER []byte         `json:"cert"`    // its certificate when clients should trust it
}

// Servers is a started set of fake servers, one per scenario.
type Servers struct {
	Served []Served
	all    []*fakeftp.Server
}

// StartServers runs one server per scenario, as its virtual address, with
// the scenario's public address replaced by it wherever the server
// announces it. Servers are not given the network: active mode connects
// back over plain loopback. ctx bounds start-up only.
func StartServers(ctx context.Context, s Spec) (_ *Servers, err error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	out := &Servers{}
	defer func() {
		if err != nil {
			out.Close()
		}
	}()
	for k, name := range s.Scenarios {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("fleet: %w", err)
		}
		sc, _ := fixtures.Lookup(name)
		srv, served, err := startServer(sc, k)
		if err != nil {
			return nil, fmt.Errorf("fleet: %s: %w", name, err)
		}
		out.all = append(out.all, srv)
		out.Served = append(out.Served, served)
	}
	return out, nil
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

func startServer(sc fixtures.Scenario, k int) (*fakeftp.Server, Served, error) {
	public := netip.MustParseAddr(fixtures.PublicIP)
	srv := sc.Server
	if srv.PASVAddress == public {
		srv.PASVAddress = addr(k)
	}
	if !srv.PassivePorts.IsZero() {
		lo := uint16(rangeBase + k*rangeWidth)
		srv.PassivePorts = fakeftp.PortRange{Min: lo, Max: lo + rangeWidth - 1}
	}
	var served Served
	if sc.TLS {
		// One wildcard name covers every target: a certificate naming
		// each of them would grow with the fleet, and so would every
		// handshake that sends and checks it.
		names := sc.TLSNames
		if len(names) == 0 {
			names = []string{addr(k).String(), "*." + domain}
		}
		cfg, _, err := fakeftp.SelfSignedTLS(names...)
		if err != nil {
			return nil, served, err
		}
		// P-256 alone, as vsftpd fixes its curve: the hybrid post-quantum
		// exchange would make the fake servers, which share the
		// benchmark's cores, spend more than most real servers do.
		cfg.CurvePreferences = []tls.CurveID{tls.CurveP256}
		srv.TLS = cfg
		if !sc.UntrustedCert {
			served.CertDER = cfg.Certificates[0].Certificate[0]
		}
	}
	s, err := fakeftp.Start(srv)
	if err != nil {
		return nil, served, err
	}
	served.Control = s.Addr()
	return s, served, nil
}

// Close stops every server and waits for their goroutines.
func (s *Servers) Close() {
	for _, srv := range s.all {
		_ = srv.Close()
	}
}

// Network builds the virtual network in front of served servers: the
// target names, a route per server and the scenarios' faults moved to each
// server's address, and a pool trusting the trusted certificates.
func Network(s Spec, served []Served) (*faultnet.Network, *x509.CertPool, error) {
	if err := s.check(); err != nil {
		return nil, nil, err
	}
	if len(served) != len(s.Scenarios) {
		return nil, nil, fmt.Errorf("fleet: %d servers for %d scenarios", len(served), len(s.Scenarios))
	}
	// The fleet's users look at reports, not dials: a network that kept
	// every dial would grow with the number of targets.
	n, err := faultnet.New(faultnet.Config{NoRecords: true})
	if err != nil {
		return nil, nil, fmt.Errorf("fleet: %w", err)
	}
	pool := x509.NewCertPool()
	public := netip.MustParseAddr(fixtures.PublicIP)
	var faults []faultnet.Fault
	for k, name := range s.Scenarios {
		sc, _ := fixtures.Lookup(name)
		if der := served[k].CertDER; der != nil {
			cert, err := x509.ParseCertificate(der)
			if err != nil {
				return nil, nil, fmt.Errorf("fleet: %s certificate: %w", name, err)
			}
			pool.AddCert(cert)
		}
		if err := n.AddRoute(faultnet.Route{Virtual: addr(k),
			Ports: map[uint16]netip.AddrPort{fixtures.ControlPort: served[k].Control}, FollowPorts: true}); err != nil {
			return nil, nil, fmt.Errorf("fleet: %w", err)
		}
		for _, ft := range sc.Net.Faults {
			switch {
			case ft.Addr == public:
				ft.Addr = addr(k)
			case !ft.Addr.IsValid():
				return nil, nil, fmt.Errorf("fleet: %s: a fault on every address would hit the whole fleet", name)
			}
			faults = append(faults, ft)
		}
	}
	// Scenarios are looked up once each: a lookup builds every scenario.
	unresolvable := make([]bool, len(s.Scenarios))
	for k, name := range s.Scenarios {
		sc, _ := fixtures.Lookup(name)
		unresolvable[k] = sc.Net.Unresolvable
	}
	for _, h := range s.Hosts() {
		k := indexOf(s.Scenarios, h.Scenario)
		if unresolvable[k] {
			continue
		}
		if err := n.AddHost(h.Name, addr(k)); err != nil {
			return nil, nil, fmt.Errorf("fleet: %w", err)
		}
	}
	if err := n.SetFaults(faults...); err != nil {
		return nil, nil, fmt.Errorf("fleet: %w", err)
	}
	return n, pool, nil
}

// Fleet is servers and network in one process, for tests.
type Fleet struct {
	Net     *faultnet.Network // the Dialer and Resolver to diagnose with
	RootCAs *x509.CertPool
	Hosts   []Host
	servers *Servers
}

// Start runs the servers of s and the network in front of them.
func Start(ctx context.Context, s Spec) (*Fleet, error) {
	srv, err := StartServers(ctx, s)
	if err != nil {
		return nil, err
	}
	n, pool, err := Network(s, srv.Served)
	if err != nil {
		srv.Close()
		return nil, err
	}
	return &Fleet{Net: n, RootCAs: pool, Hosts: s.Hosts(), servers: srv}, nil
}

// Close stops the servers.
func (f *Fleet) Close() { f.servers.Close() }
