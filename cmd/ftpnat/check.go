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
	var verbose int
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
		Use:   "check [flags] HOST[:PORT]",
		Short: "Monitoring-plugin check (Nagios, Icinga, Naemon, Sensu): status line, findings, perfdata",
		Long: `check runs the full diagnosis and prints it as a monitoring plugin does:
a status line naming the worst finding with performance data after '|',
then one line per finding; -v adds their evidence, -vv the steps, -vvv the
transcript. Exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (usage errors).
A diagnosis cut short by --timeout is CRITICAL, with the step it was in.

--warning and --critical are plugin ranges on the total time in seconds:
"5" alerts above 5 s, "@2:5" inside 2-5 s, "10:" below 10 s.`,
		Example: `  ftpnat check ftp.example.com
  ftpnat check -w 5 -c 10 -t 15s ftp.example.com:2121
  FTPNAT_PASSWORD=secret ftpnat check --user monitor --tls explicit ftp.example.com`,
		Args: func(cmd *cobra.Command, args []string) error {
			return unknown(exactArgs(1, "HOST[:PORT]")(cmd, args))
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, popts, err := checkOptions(e, f, args[0], warning, critical)
			if err != nil {
				return unknown(err)
			}
			popts.Verbose = verbose
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
			state, err := monitor.WritePlugin(e.stdout, res, monitor.Evaluate(res, clock), popts)
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
