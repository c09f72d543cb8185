package main

import (
	"github.com/spf13/pflag"

	"github.com/ftpnat/ftpnat/monitor"
	"github.com/ftpnat/ftpnat/monitor/remote"
)

// viaTokenEnv holds the remote probe's token when --via-token-file is not given.
const viaTokenEnv = "FTPNAT_VIA_TOKEN"

// viaFlags choose a remote ftpnat serve to run the diagnosis on.
type viaFlags struct {
	url       string
	tokenFile string
	caFile    string
	compare   bool
}

func (v *viaFlags) register(fl *pflag.FlagSet, withCompare bool) {
	fl.StringVar(&v.url, "via", "", "run the diagnosis on a remote `ftpnat serve` you own (https://HOST:PORT): the view from outside")
	fl.StringVar(&v.tokenFile, "via-token-file", "", "the remote probe's bearer token (first line; default $"+viaTokenEnv+")")
	fl.StringVar(&v.caFile, "via-ca-file", "", "trust this PEM CA for the remote probe's certificate instead of the system roots")
	if withCompare {
		fl.BoolVar(&v.compare, "compare", false, "with --via: diagnose from here and from the remote probe at once, and list the differences")
	}
}

// client is the remote probe's client, nil without --via. Options that
// only mean something on this machine are usage errors with --via alone.
func (v *viaFlags) client(e *env, f *diagnoseFlags) (*remote.Client, error) {
	if v.url == "" {
		if v.compare || v.tokenFile != "" || v.caFile != "" {
			return nil, usagef("--compare, --via-token-file and --via-ca-file need --via URL")
		}
		return nil, nil
	}
	switch {
	case f.probeAdvertised:
		return nil, usagef("--probe-advertised does not apply with --via: a remote probe never dials an advertised address")
	case f.activeAddress != "":
		return nil, usagef("--active-address does not apply with --via: the remote probe names its own address in PORT")
	case f.caFile != "" && !v.compare:
		return nil, usagef("--ca-file does not apply with --via: the remote probe verifies the server with its own roots")
	}
	token := e.getenv(viaTokenEnv)
	if v.tokenFile != "" {
		tok, _, err := monitor.ReadTokenFile(v.tokenFile)
		if err != nil {
			return nil, usagef("--via-token-file: %v", err)
		}
		token = string(tok)
	}
	if token == "" {
		return nil, usagef("--via needs the remote probe's token: --via-token-file FILE or $%s", viaTokenEnv)
	}
	o := remote.ClientOptions{URL: v.url, Token: token}
	if v.caFile != "" {
		pool, err := monitor.ReadCAFile(v.caFile)
		if err != nil {
			return nil, usagef("--via-ca-file: %v", err)
		}
		o.RootCAs = pool
	}
	c, err := remote.NewClient(o)
	if err != nil {
		return nil, usagef("--via: %v", err)
	}
	return c, nil
}
