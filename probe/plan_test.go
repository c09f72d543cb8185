package probe

import (
	"net/netip"
	"slices"
	"testing"
)

func TestPlanRun(t *testing.T) {
	v4, v4b := netip.MustParseAddr("203.0.113.10"), netip.MustParseAddr("203.0.113.11")
	v6, v6b := netip.MustParseAddr("2001:db8::10"), netip.MustParseAddr("2001:db8::11")
	mapped := netip.MustParseAddr("::ffff:203.0.113.10")
	plain := func(a netip.Addr) PathID { return PathID{Family: FamilyOf(a), Address: a, Transport: TransportPlain} }
	tls := func(a netip.Addr) PathID {
		return PathID{Family: FamilyOf(a), Address: a, Transport: TransportExplicitTLS}
	}
	tests := []struct {
		name  string
		o     Options
		addrs []netip.Addr
		want  []PathPlan
	}{
		{"auto, dual stack: IPv4 first, server checks on the first address only",
			Options{TLS: TLSAuto}, []netip.Addr{v6, v4},
			[]PathPlan{
				{PathID: plain(v4), Passive: "PASV", Std: true, Pwd: true, Stat: true, Help: true, Info: true},
				{PathID: tls(v4), Passive: "PASV", Lean: true, Policy: true, Pwd: true, Stat: true},
				{PathID: plain(v6), Passive: "EPSV", Std: true, Info: true},
				{PathID: tls(v6), Passive: "EPSV", Lean: true},
			}},
		{"off: plaintext only, one address of each family",
			Options{TLS: TLSOff, Active: true}, []netip.Addr{v4, v4b, v6, v6b},
			[]PathPlan{
				{PathID: plain(v4), Passive: "PASV", Std: true, Active: true, Pwd: true, Stat: true, Help: true, Info: true},
				{PathID: plain(v6), Passive: "EPSV", Std: true, Active: true, Info: true},
			}},
		{"-6 with every address",
			Options{TLS: TLSOff, Families: []Family{IPv6}, AllAddresses: true}, []netip.Addr{v4, v6, v6b},
			[]PathPlan{
				{PathID: plain(v6), Passive: "EPSV", Std: true, Pwd: true, Help: true, Info: true},
				{PathID: plain(v6b), Passive: "EPSV", Std: true, Info: true},
			}},
		{"implicit TLS, range check, no standard client",
			Options{TLS: TLSImplicit, ExpectRange: &PortSpan{Min: 30000, Max: 30009}, SkipStdClient: true}, []netip.Addr{mapped, v6},
			[]PathPlan{
				{PathID: PathID{Family: IPv4, Address: v4, Transport: TransportImplicitTLS}, Passive: "PASV", NoResume: true, Range: true, Pwd: true, Stat: true, Help: true},
				{PathID: PathID{Family: IPv6, Address: v6, Transport: TransportImplicitTLS}, Passive: "EPSV", Range: true},
			}},
		{"-4 on an IPv6-only name: nothing to do",
			Options{TLS: TLSAuto, Families: []Family{IPv4}}, []netip.Addr{v6}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PlanRun(tt.o, tt.addrs); !slices.Equal(got, tt.want) {
				t.Errorf("plan:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestPickAddressesBound(t *testing.T) {
	var addrs []netip.Addr
	for i := range 20 {
		addrs = append(addrs, netip.AddrFrom4([4]byte{203, 0, 113, byte(i)}))
	}
	if got := pickAddresses(addrs, nil, true); len(got) != MaxAddresses {
		t.Errorf("%d addresses, want at most %d", len(got), MaxAddresses)
	}
}
