package main

import (
	"strings"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/probe"
)

// demoNeeds is what a scenario's failure needs from the diagnosis to
// show at all: the implicit-FTPS server says nothing to a client that
// waits for a plaintext greeting, and the active-* servers only differ
// from healthy ones in PORT and EPRT. The demo applies these itself.
type demoNeeds struct {
	active bool
	tls    probe.TLSMode // "" keeps the default
}

func needsOf(sc fixtures.Scenario) demoNeeds {
	var n demoNeeds
	if sc.Server.ImplicitTLS {
		n.tls = probe.TLSImplicit
	}
	n.active = strings.HasPrefix(sc.Name, "active-")
	return n
}

// flags is how the needs read on a command line, for demo --list.
func (n demoNeeds) flags() string {
	var fs []string
	if n.active {
		fs = append(fs, "--active")
	}
	if n.tls != "" {
		fs = append(fs, "--tls "+string(n.tls))
	}
	return strings.Join(fs, " ")
}
