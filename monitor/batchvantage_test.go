package monitor

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/ftpnat/ftpnat/fixtures/faultnet"
	"github.com/ftpnat/ftpnat/probe"
)

func TestBatchInterfaces(t *testing.T) {
	got := batchInterfaces(probe.Options{}).Interfaces
	if got == nil {
		t.Fatal("no interfaces function for a batch on the real network")
	}
	want := probe.LocalPrefixes()
	first := got()
	if !slices.Equal(first, want) {
		t.Errorf("batch interfaces %v, want the machine's %v", first, want)
	}
	if len(first) > 0 {
		first[0] = netip.Prefix{} // a diagnosis may not spoil the next one's
		if again := got(); !slices.Equal(again, want) {
			t.Errorf("after a caller changed its copy: %v, want %v", again, want)
		}
	}

	set := func() []netip.Prefix { return []netip.Prefix{netip.MustParsePrefix("192.0.2.7/24")} }
	if o := batchInterfaces(probe.Options{Interfaces: set}); o.Interfaces()[0] != set()[0] {
		t.Errorf("Interfaces given: replaced by %v", o.Interfaces())
	}
	n, err := faultnet.New(faultnet.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if o := batchInterfaces(probe.Options{Dialer: n}); o.Interfaces != nil {
		t.Error("a test network's dialer: its own interfaces replaced")
	}
}
