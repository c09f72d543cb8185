package main

import (
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/ftpnat/ftpnat/probe"
)

// familyFlags choose the address families and addresses diagnosed.
type familyFlags struct {
	only4, only6 bool
	family       string
	all          bool
	nat          string
}

func (f *familyFlags) register(fl *pflag.FlagSet) {
	fl.BoolVarP(&f.only4, "ipv4", "4", false, "diagnose IPv4 only (as curl -4)")
	fl.BoolVarP(&f.only6, "ipv6", "6", false, "diagnose IPv6 only (as curl -6)")
	fl.StringVar(&f.family, "family", "auto", "address families: auto (one address of each), 4 or 6")
	fl.BoolVar(&f.all, "all-addresses", false, "diagnose every address the name resolves to (at most 8), not one per family")
	fl.StringVar(&f.nat, "nat", "", "PUBLIC:SERVER: the control port is published as PUBLIC and the server listens on SERVER (Docker -p 2121:21)")
}

// serverPort reads --nat against the target's port: the port the server
// itself listens on, or 0 when not said.
func (f *familyFlags) serverPort(targetPort int) (int, error) {
	if f.nat == "" {
		return 0, nil
	}
	pub, srv, ok := strings.Cut(f.nat, ":")
	p, errP := strconv.Atoi(pub)
	s, errS := strconv.Atoi(srv)
	if !ok || errP != nil || errS != nil || p < 1 || p > 65535 || s < 1 || s > 65535 {
		return 0, usagef("--nat takes PUBLIC:SERVER ports, such as 2121:21, not %q", f.nat)
	}
	if targetPort != 0 && p != targetPort {
		return 0, usagef("--nat %s: the target's port is %d, not %d", f.nat, targetPort, p)
	}
	return s, nil
}

// families turns the flags into the probe's family list (nil: both).
func (f *familyFlags) families() ([]probe.Family, error) {
	fam := f.family
	switch {
	case f.only4 && f.only6:
		return nil, usagef("-4 and -6 exclude each other; leave both out to diagnose both families")
	case f.only4:
		if fam != "auto" && fam != "4" {
			return nil, usagef("-4 contradicts --family %s", fam)
		}
		fam = "4"
	case f.only6:
		if fam != "auto" && fam != "6" {
			return nil, usagef("-6 contradicts --family %s", fam)
		}
		fam = "6"
	}
	switch fam {
	case "auto":
		return nil, nil
	case "4":
		return []probe.Family{probe.IPv4}, nil
	case "6":
		return []probe.Family{probe.IPv6}, nil
	}
	return nil, usagef("--family must be auto, 4 or 6, not %q", f.family)
}
