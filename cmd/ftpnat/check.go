package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ftpnat/ftpnat/monitor"
	"github.com/ftpnat/ftpnat/probe"
)

func newCheckCmd(e *env) *cobra.Command {
	f := &diagnoseFlags{}
	var warning, critical string
	var verbose, port int
	var host string
	var showVersion bool
	var ignore []string
	// unknown prints usage errors where a monitoring system reads them
	// (stdout, plugin form) as well as on stderr.
	unknown := func(err error) error {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(e.stdout, "FTPNAT UNKNOWN - %s\n", ue.msg)
		}
		return err
	}
	cmd := &cobra.Command{
		Use:   "check [flags] HOST[:PORT] | -H HOST [-p PORT]",
		Short: "Monitoring-plugin check (Nagios, Icinga, Naemon, Sensu): status line, findings, perfdata",
		Long: `check runs the full diagnosis and prints it as a monitoring plugin does:
a status line naming the worst finding with performance data after '|',
then one line per finding; -v adds their evidence, -vv the steps, -vvv the
transcript. Exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (usage errors).
A diagnosis cut short by --timeout is CRITICAL, with the step it was in.

--warning and --critical are plugin ranges on the total time in seconds:
"5" alerts above 5 s, "@2:5" inside 2-5 s, "10:" below 10 s.

--ignore ID takes a finding out of the state (an internal server that is
plaintext on purpose: --ignore tls.not_offered); it is still listed, as
[IGNORED]. The perfdata carries the same labels on every run, U when a
step or data-channel mode did not run. -H and -p take the target as
check_ftp does; -V prints the version (exit 3, as plugins do).`,
		Example: `  ftpnat check ftp.example.com
  ftpnat check -w 5 -c 10 -t 15s ftp.example.com:2121
  FTPNAT_PASSWORD=secret ftpnat check --user monitor --tls explicit ftp.example.com
  ftpnat check -H 192.0.2.10 -p 2121 --tls off --ignore tls.not_offered`,
		Args: func(_ *cobra.Command, args []string) error {
			if showVersion {
				return nil
			}
			_, err := checkTarget(args, host, port)
			return unknown(err)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if showVersion {
				fmt.Fprintln(e.stdout, checkVersion())
				return exitError{exitUnknown}
			}
			target, err := checkTarget(args, host, port)
			if err != nil {
				return unknown(err)
			}
			ignored, err := ignoreList(ignore)
			if err != nil {
				return unknown(err)
			}
			opts, popts, err := checkOptions(e, f, target, warning, critical)
			if err != nil {
				return unknown(err)
			}
			popts.Verbose = verbose
			popts.Active = opts.Active
			client, err := f.via.client(e, f)
			if err != nil {
				return unknown(err)
			}
			run := probe.Run
			if client != nil {
				run = client.Run
			}
			clock := &monitor.StepClock{}
			opts.Events = clock.Observe(nil)
			res := run(cmd.Context(), opts)
			out := monitor.EvaluateIgnoring(&res, clock, ignored)
			state, err := monitor.WritePlugin(e.stdout, res, out, popts)
			if err != nil {
				fmt.Fprintf(e.stderr, "ftpnat: %v\n", err)
				return exitError{exitUnknown}
			}
			if state != monitor.StateOK {
				return exitError{int(state)}
			}
			return nil
		},
	}
	registerProbeFlags(cmd, f, "t")
	fl := cmd.Flags()
	f.via.register(fl, false)
	fl.StringVarP(&warning, "warning", "w", "", "WARNING when the total time in seconds is outside this plugin range")
	fl.StringVarP(&critical, "critical", "c", "", "CRITICAL when the total time in seconds is outside this plugin range")
	fl.CountVarP(&verbose, "verbose", "v", "more detail after the findings (-v evidence, -vv steps, -vvv transcript)")
	fl.StringVarP(&host, "hostname", "H", "", "the server to check, as check_ftp takes it (instead of the HOST argument)")
	fl.IntVarP(&port, "port", "p", 0, "the control port, as check_ftp takes it (default 21, or 990 with --tls implicit)")
	fl.BoolVarP(&showVersion, "version", "V", false, "print the version and exit (UNKNOWN, as plugins do)")
	registerIgnore(cmd, &ignore)
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return unknown(usageError{err.Error()}) })
	return cmd
}

func checkOptions(e *env, f *diagnoseFlags, target, warning, critical string) (probe.Options, monitor.PluginOptions, error) {
	var popts monitor.PluginOptions
	for _, t := range []struct {
		flag, val string
		dst       **monitor.Range
	}{{"--warning", warning, &popts.Warning}, {"--critical", critical, &popts.Critical}} {
		if t.val == "" {
			continue
		}
		r, err := monitor.ParseRange(t.val)
		if err != nil {
			return probe.Options{}, popts, usagef("%s: %v", t.flag, err)
		}
		*t.dst = &r
	}
	opts, err := f.options(e, target)
	if err != nil {
		return opts, popts, err
	}
	popts.Timeout = opts.Timeout
	return opts, popts, nil
}
