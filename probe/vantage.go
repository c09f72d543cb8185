package probe

import (
	"net"
	"net/netip"
)

// localPrefixes are the addresses of this machine's network interfaces
// with their prefixes, loopback left out; none when they cannot be read.
func localPrefixes() []netip.Prefix {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil
	}
	var out []netip.Prefix
	for _, ifc := range ifs {
		if ifc.Flags&net.FlagLoopback != 0 || ifc.Flags&net.FlagUp == 0 {
			continue
		}
		addrs, err := ifc.Addrs()
		if err != nil {
			continue
		}
		for _, a := range addrs {
			ipn, ok := a.(*net.IPNet)
			if !ok {
				continue
			}
			ip, ok := netip.AddrFromSlice(ipn.IP)
			if !ok {
				continue
			}
			ones, size := ipn.Mask.Size()
			ip = ip.Unmap()
			if size == 128 && ip.Is4() {
				ones -= 96 // an IPv4 address with a 16-byte mask
			}
			if p := netip.PrefixFrom(ip, ones); p.IsValid() {
				out = append(out, p)
			}
		}
	}
	return out
}

// LocalPrefixes is what Options.Interfaces defaults to: this machine's
// interface addresses with their prefixes, loopback left out. Reading them
// costs a netlink dump per interface; a caller running many diagnoses
// reads them once and passes them on.
func LocalPrefixes() []netip.Prefix { return localPrefixes() }
