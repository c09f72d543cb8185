package main

import (
	"context"
	"fmt"
	"sync"

	"github.com/ftpnat/ftpnat/monitor/remote"
	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// runCompare diagnoses from here and on the remote probe at once, prints
// both sides and their differences as text or JSON, and exits with the
// worse verdict's code. The TUI has no comparison view: the default is
// text.
func runCompare(ctx context.Context, e *env, o *output, opts probe.Options, client *remote.Client) error {
	format, err := o.resolve(e, false)
	if err != nil {
		return usagef("--compare: %v (text or json)", err)
	}
	if format == formatHTML {
		return usagef("--compare writes text or json; --format html is for one diagnosis")
	}
	useColor, err := o.useColor(e)
	if err != nil {
		return err
	}
	width, err := e.textWidth(o.width)
	if err != nil {
		return err
	}
	var local, far probe.Result
	var wg sync.WaitGroup
	wg.Go(func() { local = probe.Run(ctx, opts) })
	wg.Go(func() {
		ro := opts
		ro.RootCAs = nil // the remote probe trusts its own roots
		far = client.Run(ctx, ro)
	})
	wg.Wait()
	tool := report.Tool{Name: "ftpnat", Version: version()}
	if format == formatJSON {
		err = report.WriteCompareJSON(e.stdout, local, far, tool)
	} else {
		err = report.WriteCompareText(e.stdout, local, far, report.TextOptions{Color: useColor, Width: width})
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "ftpnat: write comparison: %v\n", err)
		return exitError{exitUnknown}
	}
	return verdictExit(report.WorseVerdict(local.Verdict, far.Verdict))
}
