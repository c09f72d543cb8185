package main

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ftpnat/ftpnat/monitor"
	"github.com/ftpnat/ftpnat/probe"
)

// diagnoseFlags are the flags shared by `diagnose` and the bare `ftpnat HOST`.
type diagnoseFlags struct {
	output
	user            string
	passwordFile    string
	tls             string
	caFile          string
	samples         int
	timeout         time.Duration
	dataTimeout     time.Duration
	probeAdvertised bool
	noStdClient     bool
	active          bool
	activeAddress   string
	expectRange     string
	maxSessions     int
	certDays        int
	family          familyFlags
	via             viaFlags
}

func newDiagnoseCmd(e *env) *cobra.Command {
	f := &diagnoseFlags{}
	cmd := &cobra.Command{
		Use:   "diagnose [flags] HOST[:PORT]",
		Short: "Run a full diagnosis of one FTP server",
		Example: `  ftpnat diagnose ftp.example.com
  ftpnat diagnose --json ftp.example.com:2121
  ftpnat diagnose --format html ftp.example.com > ftp-report.html
  FTPNAT_PASSWORD=secret ftpnat diagnose --user alice ftp.example.com
  ftpnat diagnose --via https://probe.example.net:9269 --via-token-file ~/.ftpnat-token ftp.example.com
  ftpnat diagnose --via https://probe.example.net:9269 --compare ftp.example.com`,
		Args: exactArgs(1, "HOST[:PORT]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			// --via first: its conflicts explain more than a flag's own error.
			client, err := f.via.client(e, f)
			if err != nil {
				return err
			}
			opts, err := f.options(e, args[0])
			if err != nil {
				return err
			}
			if f.via.compare {
				return runCompare(cmd.Context(), e, &f.output, opts, client)
			}
			present, err := f.presenter(e)
			if err != nil {
				return err
			}
			// The same options for every run: r in the TUI repeats the diagnosis.
			d := diagnosis{target: targetName(opts), options: func() probe.Options { return opts }}
			if client != nil {
				d.run, d.vantage = client.Run, client.Host()
			}
			return present.show(cmd.Context(), e, d)
		},
	}
	fl := cmd.Flags()
	f.output.register(cmd)
	fl.StringVar(&f.user, "user", "", "user name (default anonymous; password from --password-file, $FTPNAT_PASSWORD or ~/.netrc, in that order)")
	fl.StringVar(&f.passwordFile, "password-file", "", "read the password from the first line of this file (beats $FTPNAT_PASSWORD)")
	fl.StringVar(&f.tls, "tls", "auto", "TLS: auto (plaintext and AUTH TLS side by side), explicit (AUTH TLS only), implicit (TLS from the first byte, port 990), off")
	fl.StringVar(&f.caFile, "ca-file", "", "trust the certificates in this PEM file instead of the system roots")
	fl.IntVar(&f.samples, "samples", probe.DefaultSamples, fmt.Sprintf("PASV samples for port-range inference (1-%d)", probe.MaxSamples))
	fl.DurationVar(&f.timeout, "timeout", probe.DefaultTimeout, "overall bound for the diagnosis")
	fl.DurationVar(&f.dataTimeout, "data-timeout", probe.DefaultDataTimeout, "bound for one data-connection attempt")
	fl.BoolVar(&f.probeAdvertised, "probe-advertised", false, "also connect to the address the server advertises in PASV when it differs from the server's own")
	fl.BoolVar(&f.active, "active", false, "also test active mode (PORT/EPRT to a listener of ftpnat's own)")
	fl.StringVar(&f.activeAddress, "active-address", "", "address to name in PORT/EPRT (default: this host's address on the control connection; set it when a router forwards ports to you)")
	fl.StringVar(&f.expectRange, "expect-range", "", "verify that every port MIN-MAX of the passive range is forwarded")
	fl.IntVar(&f.maxSessions, "max-sessions", probe.DefaultMaxSessions, "most control connections open at once per address: more is faster; 1 avoids tripping a server's per-client session limit (server.connection_limit), refused checks run again alone either way")
	fl.BoolVar(&f.noStdClient, "no-standard-client", false, "skip the standard-client check (a second login that lists the directory)")
	registerCertDays(fl, &f.certDays)
	f.family.register(fl)
	f.via.register(fl, true)
	return cmd
}

// exactArgs is cobra.ExactArgs with a usage error naming the argument.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("expected %s, got %d arguments", what, len(args))
		}
		return nil
	}
}

func (f *diagnoseFlags) options(e *env, target string) (probe.Options, error) {
	host, port, err := splitTarget(target)
	if err != nil {
		return probe.Options{}, err
	}
	o := probe.Options{
		Host:            host,
		Port:            port,
		Samples:         f.samples,
		Timeout:         f.timeout,
		DataTimeout:     f.dataTimeout,
		ProbeAdvertised: f.probeAdvertised,
		SkipStdClient:   f.noStdClient,
	}
	switch f.tls {
	case "auto", "off", "explicit", "implicit":
		o.TLS = probe.TLSMode(f.tls)
	default:
		return o, usagef("--tls must be auto, explicit, implicit or off, not %q", f.tls)
	}
	if f.samples < 1 || f.samples > probe.MaxSamples {
		return o, usagef("--samples must be between 1 and %d", probe.MaxSamples)
	}
	if f.timeout <= 0 || f.dataTimeout <= 0 {
		return o, usagef("--timeout and --data-timeout must be positive")
	}
	o.Active = f.active
	if f.activeAddress != "" {
		a, err := netip.ParseAddr(f.activeAddress)
		if err != nil {
			return o, usagef("--active-address %q is not an IP address", f.activeAddress)
		}
		o.ActiveAddress = a.Unmap()
		o.Active = true
	}
	if f.expectRange != "" {
		r, err := parseRange(f.expectRange)
		if err != nil {
			return o, err
		}
		o.ExpectRange = &r
	}
	if o.Families, err = f.family.families(); err != nil {
		return o, err
	}
	o.AllAddresses = f.family.all
	targetPort := port
	if targetPort == 0 {
		targetPort = probe.DefaultPort
		if o.TLS == probe.TLSImplicit {
			targetPort = probe.DefaultImplicitPort
		}
	}
	if o.ServerPort, err = f.family.serverPort(targetPort); err != nil {
		return o, err
	}
	if f.maxSessions < 1 {
		return o, usagef("--max-sessions must be at least 1")
	}
	o.MaxSessions = f.maxSessions
	if o.CertDays, err = certDays(f.certDays); err != nil {
		return o, err
	}
	if f.caFile != "" {
		if o.RootCAs, err = monitor.ReadCAFile(f.caFile); err != nil {
			return o, usagef("--ca-file: %v", err)
		}
	}
	o.User, o.Password, err = credentials(e, host, f.user, f.passwordFile)
	if err != nil {
		return o, err
	}
	return o, nil
}

// targetName is HOST:PORT as the TUI names it until the probe has reached
// the server.
func targetName(o probe.Options) string {
	port := o.Port
	switch {
	case port > 0:
	case o.TLS == probe.TLSImplicit:
		port = probe.DefaultImplicitPort
	default:
		port = probe.DefaultPort
	}
	return net.JoinHostPort(o.Host, strconv.Itoa(port))
}

// splitTarget is monitor.ParseTarget (the one parser for targets, shared
// with batch and serve) with its errors as usage errors.
func splitTarget(t string) (string, int, error) {
	if strings.HasPrefix(t, "-") {
		return "", 0, usagef("%q is not a host name", t)
	}
	host, port, err := monitor.ParseTarget(t)
	if err != nil {
		// Only a target that held credentials needs to hear where they go.
		if strings.Contains(t, "@") {
			return "", 0, usagef("%v (credentials go in --user and $FTPNAT_PASSWORD)", err)
		}
		return "", 0, usagef("%v", err)
	}
	return host, port, nil
}

// parseRange reads --expect-range with the batch file's parser.
func parseRange(s string) (probe.PortSpan, error) {
	r, err := monitor.ParsePortSpan(s)
	if err != nil {
		return probe.PortSpan{}, usagef("--%v", err)
	}
	return r, nil
}
