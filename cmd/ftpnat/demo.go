package main

import (
	"fmt"
	"net"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/probe"
)

// Short timeouts: the simulated firewall drops packets and silent servers
// say nothing, and the demo should not keep a new user waiting.
const (
	demoDataTimeout = 1500 * time.Millisecond
	demoStepTimeout = 2 * time.Second
)

func newDemoCmd(e *env) *cobra.Command {
	var out output
	var list, active bool
	cmd := &cobra.Command{
		Use:   "demo [SCENARIO]",
		Short: "Diagnose a simulated server (no network needed); --list shows the scenarios",
		Long: `demo runs the real diagnosis engine against an in-process fake FTP server
on a simulated network, reproducing a named failure. The default scenario is
a server behind NAT that advertises its private address while the router
forwards only port 21. The report is marked as a simulation.

Scenarios that only show with a flag apply it themselves: the implicit-FTPS
one diagnoses with --tls implicit, the active-* ones with --active; --list
says which.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if list {
				width, err := e.textWidth(out.width)
				if err != nil {
					return err
				}
				return listScenarios(e, width)
			}
			name := fixtures.DefaultScenario
			if len(args) == 1 {
				name = args[0]
			}
			sc, ok := fixtures.Lookup(name)
			if !ok {
				return usagef("unknown scenario %q; 'ftpnat demo --list' shows them", name)
			}
			present, err := out.presenter(e)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			envr, err := fixtures.Start(ctx, sc)
			if err != nil {
				return fmt.Errorf("start simulated server: %w", err)
			}
			// The simulated server lives until the command returns, so r
			// in the TUI diagnoses the same scenario again.
			defer envr.Close()
			needs := needsOf(sc)
			return present.show(ctx, e, diagnosis{
				target: net.JoinHostPort(envr.Host, strconv.Itoa(envr.Port)),
				options: func() probe.Options {
					return probe.Options{
						Host:        envr.Host,
						Port:        envr.Port,
						Dialer:      envr.Dialer,
						Resolver:    envr.Resolver,
						RootCAs:     envr.RootCAs,
						Listen:      envr.Listen,
						Active:      active || needs.active,
						TLS:         needs.tls,
						DataTimeout: demoDataTimeout,
						StepTimeout: demoStepTimeout,
					}
				},
				simulated: true,
			})
		},
	}
	out.register(cmd)
	cmd.Flags().BoolVar(&list, "list", false, "list the scenarios")
	cmd.Flags().BoolVar(&active, "active", false, "also test active mode (try the active-* scenarios)")
	return cmd
}

func listScenarios(e *env, width int) error {
	fw := newFitWriter(e.stdout, width)
	tw := tabwriter.NewWriter(fw, 0, 8, 2, ' ', 0)
	for _, sc := range fixtures.Scenarios() {
		def := ""
		if sc.Name == fixtures.DefaultScenario {
			def = " (default)"
		}
		title := sc.Title
		if f := needsOf(sc).flags(); f != "" {
			title += " (applies " + f + ")"
		}
		fmt.Fprintf(tw, "%s%s\t%s\n", sc.Name, def, title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return fw.Flush()
}
