package main

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/probe/capture"
)

// captureExts are the file name endings the shell completes for pcap.
var captureExts = []string{"pcap", "pcapng", "cap", "dmp", "gz"}

func newPcapCmd(e *env) *cobra.Command {
	var out output
	var server, htmlDir string
	cmd := &cobra.Command{
		Use:   "pcap [flags] FILE [FILE...]",
		Short: "Diagnose from packet captures (tcpdump, firewall captures) instead of a live test",
		Long: `pcap reads packet captures (pcap or pcapng, gzipped pcap too; Ethernet,
VLAN, Linux cooked v1/v2 and raw IP, IPv4 and IPv6), finds the FTP control
connections in them by their content on any port, follows every data
connection the client tried, and diagnoses what the wire shows with the same
findings and fixes as a live diagnosis: a SYN with no answer is a filtered
port, a reset a refused one, an ICMP unreachable an unreachable one.

A capture shows only what its client tried; the report lists what it cannot
show. Passwords in the capture never appear in any output.

Two captures of one run, taken on both sides of a NAT or firewall (in
either order), are diagnosed together: the NAT mapping of the control
connections, PASV replies or PORT commands rewritten by an FTP ALG (before
and after), connection attempts dropped between the two, and data ports
opened only by inspecting plaintext FTP. Every other file is a vantage point
of its own and is diagnosed alone, for its main server (or --server): one
report per capture, or per pair of sides, in the order given. Several
reports print one after another as text, as JSON Lines (one report per
line) with --json, and as HTML only into --html-dir (one page each); the
exit code is the worst verdict.

A capture taken behind the NAT in front of the server (an internet client
reaching the server's private address) is recognised as the server's side:
the address clients dialled, and the attempts the NAT stopped, are not in
it; the report says so.

Exit codes: 0 ok, 1 warning, 2 critical, 3 unknown (nothing to diagnose,
unreadable file, usage error).`,
		Example: `  tcpdump -i eth0 -w ftp.pcap 'tcp'       # record, reproduce the problem, stop
  ftpnat pcap ftp.pcap
  ftpnat pcap --json server-side.pcapng
  ftpnat pcap --server 198.51.100.10:21 firewall.pcap
  ftpnat pcap client-side.pcap server-side.pcap   # both sides of the NAT
  ftpnat pcap --html-dir reports/ monday.pcap tuesday.pcap`,
		Args: cobra.MinimumNArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return captureExts, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			var pick netip.AddrPort
			if server != "" {
				var err error
				if pick, err = parseServer(server); err != nil {
					return err
				}
			}
			present, err := out.presenter(e)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			capture.LimitMemory()
			caps := make([]*capture.Capture, 0, len(args))
			for _, name := range args {
				c, err := readCapture(ctx, name)
				if err != nil {
					fmt.Fprintf(e.stderr, "ftpnat: %v\n", err)
					return exitError{exitUnknown}
				}
				caps = append(caps, c)
			}
			results, err := captureResults(caps, pick)
			if err != nil {
				fmt.Fprintf(e.stderr, "ftpnat: %v\n", err)
				return exitError{exitUnknown}
			}
			if len(results) > 1 || htmlDir != "" {
				return showCaptureResults(e, present, htmlDir, results)
			}
			res := results[0]
			return present.show(ctx, e, diagnosis{
				target:  res.Facts.Host + ":" + strconv.Itoa(res.Facts.Port),
				options: func() probe.Options { return probe.Options{Host: res.Facts.Host, Port: res.Facts.Port} },
				// The TUI's r shows the same result again: a capture does not change.
				run: func(context.Context, probe.Options) probe.Result { return res },
			})
		},
	}
	out.register(cmd)
	cmd.Flags().StringVar(&htmlDir, "html-dir", "", "also write each report's self-contained HTML page into this directory")
	cmd.Flags().StringVar(&server, "server", "", "the FTP server to diagnose, ADDR[:PORT], when the capture holds several")
	return cmd
}

// parseServer reads --server: an address with or without a port.
func parseServer(s string) (netip.AddrPort, error) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap, nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.AddrPort{}, usagef("--server must be an IP address with or without a port, not %q", s)
	}
	return netip.AddrPortFrom(a, 0), nil
}

// readCapture reads one capture file.
func readCapture(ctx context.Context, name string) (*capture.Capture, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("open capture: %w", err)
	}
	defer f.Close()
	return capture.Read(ctx, f, name, capture.Options{})
}

// serverIn resolves --server within a capture: an address without a port
// picks that address's server with the most connections.
func serverIn(c *capture.Capture, pick netip.AddrPort) (netip.AddrPort, bool) {
	for _, s := range capture.Servers(c) {
		if s == pick || (pick.Port() == 0 && s.Addr() == pick.Addr()) {
			return s, true
		}
	}
	return netip.AddrPort{}, false
}
