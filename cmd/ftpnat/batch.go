package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/ftpnat/ftpnat/monitor"
	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// maxBatchFileBytes bounds what batch reads before it starts.
const maxBatchFileBytes = 64 << 20

type batchFlags struct {
	concurrency int
	timeout     time.Duration
	dataTimeout time.Duration
	tls         string
	samples     int
	noStdClient bool
	maxSessions int
	caFile      string
	format      string
	certDays    int
	ignore      []string
	width       int
	htmlDir     string
}

func newBatchCmd(e *env) *cobra.Command {
	f := &batchFlags{}
	cmd := &cobra.Command{
		Use:   "batch [flags] FILE",
		Short: "Diagnose many targets concurrently; one JSON report per line (a table on a terminal)",
		Long: `batch reads targets from FILE ('-' for standard input), one per line:

  host[:port] [user=NAME] [password-file=PATH] [tls=auto|explicit|implicit|off]
              [active] [expect-range=MIN-MAX] [timeout=D] [data-timeout=D]
              [samples=N] [no-standard-client] [ignore=ID[,ID]]

or one JSON object per line with the same keys in snake case
({"target": "ftp.example.com:2121", "user": "alice", "password_file": "...",
"tls": "explicit"}). Blank lines and '#' comments are skipped. The whole file
is checked before anything runs. Options on a line override the flags.

Passwords come from password-file= or ~/.netrc, never from the file itself;
$FTPNAT_PASSWORD is ignored here (one password for many servers is a leak
waiting to happen).

Each target runs under its own deadline (--timeout or timeout=), at most
--concurrency at a time; a slow or broken target only holds its own slot.
Output: one JSON report per line, as 'diagnose --json' writes it plus a
"batch" object (line, target, state, summary, and the findings --ignore
took out of the state); on a terminal a table. --html-dir also writes each
target's self-contained HTML report into a directory, one file per line of
FILE named after its line and target (0007-ftp.example.com_21.html).
Exit code: the worst state (CRITICAL > WARNING > UNKNOWN > OK).`,
		Example: `  ftpnat batch servers.txt > reports.jsonl
  ftpnat batch --concurrency 64 --tls off servers.txt
  ftpnat batch --html-dir reports/ servers.txt > reports.jsonl`,
		Args: exactArgs(1, "FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBatch(cmd.Context(), e, f, args[0])
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&f.concurrency, "concurrency", monitor.DefaultConcurrency, fmt.Sprintf("most targets diagnosed at once (1-%d; fewer while the CPU cannot keep up)", monitor.MaxConcurrency))
	fl.DurationVar(&f.timeout, "timeout", probe.DefaultTimeout, "deadline for each target")
	fl.DurationVar(&f.dataTimeout, "data-timeout", probe.DefaultDataTimeout, "bound for one data-connection attempt")
	fl.StringVar(&f.tls, "tls", "auto", "TLS for targets without tls=: auto, explicit, implicit, off")
	fl.IntVar(&f.samples, "samples", probe.DefaultSamples, fmt.Sprintf("PASV samples per target (1-%d)", probe.MaxSamples))
	fl.BoolVar(&f.noStdClient, "no-standard-client", false, "skip the standard-client check on every target")
	fl.IntVar(&f.maxSessions, "max-sessions", 4, "most control connections open at once per target")
	fl.StringVar(&f.caFile, "ca-file", "", "trust the certificates in this PEM file instead of the system roots")
	fl.StringVar(&f.format, "format", "auto", "output: json (one report per line), table, or auto (table on a terminal)")
	registerCertDays(fl, &f.certDays)
	registerIgnore(cmd, &f.ignore)
	registerWidth(fl, &f.width)
	fl.StringVar(&f.htmlDir, "html-dir", "", "also write each target's self-contained HTML report into this directory")
	return cmd
}

func (f *batchFlags) base() (probe.Options, error) {
	o := probe.Options{Timeout: f.timeout, DataTimeout: f.dataTimeout, Samples: f.samples,
		SkipStdClient: f.noStdClient, MaxSessions: f.maxSessions}
	var err error
	if o.TLS, err = monitor.ParseTLSMode(f.tls); err != nil {
		return o, usagef("--%v", err)
	}
	switch {
	case f.concurrency < 1 || f.concurrency > monitor.MaxConcurrency:
		return o, usagef("--concurrency must be between 1 and %d", monitor.MaxConcurrency)
	case f.timeout <= 0 || f.dataTimeout <= 0:
		return o, usagef("--timeout and --data-timeout must be positive")
	case f.samples < 1 || f.samples > probe.MaxSamples:
		return o, usagef("--samples must be between 1 and %d", probe.MaxSamples)
	case f.maxSessions < 1:
		return o, usagef("--max-sessions must be at least 1")
	}
	if o.CertDays, err = certDays(f.certDays); err != nil {
		return o, err
	}
	if f.caFile != "" {
		if o.RootCAs, err = monitor.ReadCAFile(f.caFile); err != nil {
			return o, usagef("--ca-file: %v", err)
		}
	}
	return o, nil
}

func runBatch(ctx context.Context, e *env, f *batchFlags, path string) error {
	base, err := f.base()
	if err != nil {
		return err
	}
	table := f.format == "table" || f.format == "auto" && e.isTerminal(e.stdout)
	if f.format != "table" && f.format != "json" && f.format != "auto" {
		return usagef("--format must be json, table or auto, not %q", f.format)
	}
	ignored, err := ignoreList(f.ignore)
	if err != nil {
		return err
	}
	width, err := e.textWidth(f.width)
	if err != nil {
		return err
	}
	if f.htmlDir != "" {
		if err := monitor.CheckHTMLDir(f.htmlDir); err != nil {
			return usagef("--html-dir: %v", err)
		}
	}
	targets, err := readBatchFile(path)
	if err != nil {
		return err
	}
	if err := batchCredentials(e, targets); err != nil {
		return err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var write func(monitor.BatchItem) error
	var tw *monitor.TableWriter
	fw := newFitWriter(e.stdout, width) // the table fits the terminal
	if table {
		tw = monitor.NewTableWriter(fw)
		write = tw.Write
	} else {
		write = monitor.NewJSONLinesWriter(e.stdout, report.Tool{Name: "ftpnat", Version: version()}).Write
	}
	if f.htmlDir != "" {
		write = withHTMLFile(write, f.htmlDir)
	}
	var writeErr error
	defer monitor.BatchGC()()
	sum := monitor.RunBatch(ctx, targets, monitor.BatchOptions{Concurrency: f.concurrency, Base: base, Ignore: ignored}, func(it monitor.BatchItem) {
		if writeErr != nil {
			return
		}
		if writeErr = write(it); writeErr != nil {
			cancel() // nobody reads the output any more
		}
	})
	if writeErr != nil {
		fmt.Fprintf(e.stderr, "ftpnat: %v\n", writeErr)
		return exitError{exitUnknown}
	}
	if tw != nil {
		if err := tw.Close(sum); err != nil || fw.Flush() != nil {
			return exitError{exitUnknown}
		}
	} else {
		fmt.Fprintln(e.stderr, monitor.SummaryLine(sum))
	}
	if sum.Worst != monitor.StateOK {
		return exitError{int(sum.Worst)}
	}
	return nil
}

// withHTMLFile is write that first writes the item's HTML report into dir.
func withHTMLFile(write func(monitor.BatchItem) error, dir string) func(monitor.BatchItem) error {
	tool := report.Tool{Name: "ftpnat", Version: version()}
	return func(it monitor.BatchItem) error {
		if err := monitor.WriteHTMLFile(filepath.Join(dir, monitor.HTMLFileName(it.Target)), it.Result, tool); err != nil {
			return err
		}
		return write(it)
	}
}

func readBatchFile(path string) ([]monitor.Target, error) {
	var r io.Reader = os.Stdin
	if path != "-" {
		fh, err := os.Open(path)
		if err != nil {
			return nil, usagef("read batch file: %v", err)
		}
		defer fh.Close()
		r = fh
	}
	targets, err := monitor.ParseBatch(skipBOM(io.LimitReader(r, maxBatchFileBytes)))
	if err != nil {
		return nil, usagef("%s: %v", path, err)
	}
	return targets, nil
}

// batchCredentials fills in each target's password from its password-file
// or ~/.netrc, as diagnose does, but without $FTPNAT_PASSWORD.
func batchCredentials(e *env, targets []monitor.Target) error {
	if e.getenv("FTPNAT_PASSWORD") != "" {
		fmt.Fprintln(e.stderr, "ftpnat: batch ignores $FTPNAT_PASSWORD; give targets password-file= or use ~/.netrc")
	}
	noEnvPassword := *e
	noEnvPassword.getenv = func(k string) string {
		if k == "FTPNAT_PASSWORD" {
			return ""
		}
		return e.getenv(k)
	}
	for i := range targets {
		t := &targets[i]
		user, pw, err := credentials(&noEnvPassword, t.Host, t.User, t.PasswordFile)
		if err != nil {
			return usagef("line %d: %v", t.Line, err)
		}
		t.User, t.Password = user, pw
	}
	return nil
}
