package main

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ftpnat/ftpnat/probe"
)

// registerProbeFlags adds the diagnosis flags of `diagnose`, without its
// output flags, for the commands that run the same diagnosis on a schedule
// (check, watch); f.options builds the probe options from them as for
// diagnose. timeoutShort is the --timeout shorthand ("t" for the plugin
// convention, "" for none).
func registerProbeFlags(cmd *cobra.Command, f *diagnoseFlags, timeoutShort string) {
	fl := cmd.Flags()
	fl.StringVar(&f.user, "user", "", "user name (default anonymous; password from --password-file, $FTPNAT_PASSWORD or ~/.netrc, in that order)")
	fl.StringVar(&f.passwordFile, "password-file", "", "read the password from the first line of this file (beats $FTPNAT_PASSWORD)")
	fl.StringVar(&f.tls, "tls", "auto", "TLS: auto (plaintext and AUTH TLS side by side), explicit, implicit, off")
	fl.StringVar(&f.caFile, "ca-file", "", "trust the certificates in this PEM file instead of the system roots")
	fl.IntVar(&f.samples, "samples", probe.DefaultSamples, fmt.Sprintf("PASV samples for port-range inference (1-%d)", probe.MaxSamples))
	fl.DurationVarP(&f.timeout, "timeout", timeoutShort, probe.DefaultTimeout, "overall bound for one diagnosis")
	fl.DurationVar(&f.dataTimeout, "data-timeout", probe.DefaultDataTimeout, "bound for one data-connection attempt")
	fl.BoolVar(&f.active, "active", false, "also test active mode (PORT/EPRT to a listener of ftpnat's own)")
	fl.StringVar(&f.activeAddress, "active-address", "", "address to name in PORT/EPRT (when a router forwards ports to you)")
	fl.StringVar(&f.expectRange, "expect-range", "", "verify that every port MIN-MAX of the passive range is forwarded")
	fl.IntVar(&f.maxSessions, "max-sessions", probe.DefaultMaxSessions, "most control connections open at once per address: more is faster; 1 avoids tripping a server's per-client session limit (server.connection_limit), refused checks run again alone either way")
	fl.BoolVar(&f.noStdClient, "no-standard-client", false, "skip the standard-client check (a second login that lists the directory)")
	registerCertDays(fl, &f.certDays)
	f.family.register(fl)
}

// registerCertDays adds --cert-days, the warning period before a
// certificate expires.
func registerCertDays(fl *pflag.FlagSet, days *int) {
	fl.IntVar(days, "cert-days", probe.DefaultCertWarnDays,
		"warn when the server's TLS certificate expires within this many days (0: never)")
}

// certDays turns --cert-days into probe.Options.CertDays, where 0 means
// the default and a negative number never.
func certDays(days int) (int, error) {
	switch {
	case days < 0:
		return 0, usagef("--cert-days must be 0 (never) or more, not %d", days)
	case days == 0:
		return -1, nil
	}
	return days, nil
}
