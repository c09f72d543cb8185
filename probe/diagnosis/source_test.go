package diagnosis

import (
	"net/netip"
	"slices"
	"testing"
)

func TestCaptureSide(t *testing.T) {
	for _, c := range []struct{ client, server, want string }{
		{"198.51.100.7", "10.0.0.5", SideServer},
		{"198.51.100.7", "192.168.1.10", SideServer},
		{"192.168.1.20", "203.0.113.1", SideClient},
		{"198.51.100.7", "203.0.113.1", ""}, // no NAT the addresses show
		{"10.0.0.9", "10.0.0.5", ""},        // a client inside the server's network
		{"127.0.0.1", "127.0.0.1", ""},
		{"2001:db8::7", "fd00::5", SideServer},
	} {
		got, why := CaptureSide(netip.MustParseAddr(c.client), netip.MustParseAddr(c.server))
		if got != c.want || (got != "") != (why != "") {
			t.Errorf("CaptureSide(%s, %s) = %q (%s), want %q", c.client, c.server, got, why, c.want)
		}
	}
}

// TestCaptureServerSideFacts: facts captured behind the server's NAT (a
// public client, the server's private address, a 227 naming the public
// one) are not read as a client inside the LAN with a mismatched PASV;
// the same facts without the side are.
func TestCaptureServerSideFacts(t *testing.T) {
	f := healthyFacts()
	p := &f.Paths[0]
	p.Address = netip.MustParseAddr("10.0.0.5")
	p.Control.Address = netip.AddrPortFrom(p.Address, 21)
	p.Local = netip.MustParseAddrPort("198.51.100.7:40000")
	for i := range p.PASV {
		p.PASV[i].Address = netip.MustParseAddr("203.0.113.1")
		p.PASV[i].Class = ClassifyAddr(p.PASV[i].Address)
	}
	f.Addresses = []netip.Addr{p.Address}
	f.Host = "10.0.0.5"
	ids := func(d Diagnosis) []string {
		var out []string
		for _, x := range d.Findings {
			out = append(out, x.ID)
		}
		return out
	}
	f.Source = &Source{Kind: SourceCapture}
	before := ids(Diagnose(f))
	if !slices.Contains(before, FindingVantageInside) || !slices.Contains(before, FindingPASVMismatch) {
		t.Fatalf("without the side: %v", before)
	}
	f.Source.Side, f.Source.SideWhy = CaptureSide(p.Local.Addr(), p.Address)
	after := ids(Diagnose(f))
	if slices.Contains(after, FindingVantageInside) || slices.Contains(after, FindingPASVMismatch) {
		t.Errorf("captured on the server's side: %v", after)
	}
}
