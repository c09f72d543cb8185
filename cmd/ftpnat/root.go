package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/tui"
)

// Exit codes of the CLI contract, for every command.
const (
	exitOK       = 0
	exitWarning  = 1
	exitCritical = 2
	exitUnknown  = 3
)

// exitError carries a command's exit code out of cobra.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// usageError is a mistake on the command line: exit 3 with a message.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// env is what the commands need from the process, injectable in tests.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	isTerminal     func(io.Writer) bool
	// termWidth is the column count of a terminal, 0 when unknown; nil
	// knows none.
	termWidth func(io.Writer) int
	// keyboard reports whether keys can be read from a terminal; nil
	// assumes so whenever stdout is one.
	keyboard func() bool
	// runTUI shows a diagnosis in the terminal; nil is tui.Run.
	runTUI func(context.Context, tui.RunOptions) (probe.Result, error)
}

// execute runs the CLI and returns the process exit code.
func execute(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	e := &env{stdout: stdout, stderr: stderr, getenv: getenv, isTerminal: isTerminal,
		termWidth: terminalWidth, keyboard: controllingTerminal}
	root := newRootCmd(e)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	var ee exitError
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "ftpnat: %s\nRun 'ftpnat --help' for usage.\n", ue.msg)
		return exitUnknown
	default:
		// cobra's own argument and flag errors are usage errors too.
		msg := err.Error()
		fmt.Fprintf(stderr, "ftpnat: %s\n", msg)
		if strings.Contains(msg, "flag") || strings.Contains(msg, "arg") || strings.Contains(msg, "command") {
			fmt.Fprintln(stderr, "Run 'ftpnat --help' for usage.")
		}
		return exitUnknown
	}
}

func newRootCmd(e *env) *cobra.Command {
	d := newDiagnoseCmd(e)
	root := &cobra.Command{
		Use:   "ftpnat [flags] HOST[:PORT]",
		Short: "Find out why FTP and FTPS break through NAT and firewalls, and how to fix it",
		Long: `ftpnat connects to an FTP server the way a client on the internet would,
drives the control channel itself, tries every data connection the server
offers, and reports what is wrong with evidence and a fix filled in for the
server software it detected.

Exit codes: 0 ok, 1 warning, 2 critical, 3 unknown (could not diagnose, usage error).`,
		Args:          cobra.ArbitraryArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			if err := bareTargetError(cmd, args[0]); err != nil {
				return err
			}
			if err := d.Args(cmd, args); err != nil {
				return err
			}
			return d.RunE(cmd, args)
		},
	}
	// `ftpnat HOST` is `ftpnat diagnose HOST`: the root takes the same flags.
	root.Flags().AddFlagSet(d.Flags())
	root.AddCommand(d, newDemoCmd(e), newExplainCmd(e), newCheckCmd(e), newBatchCmd(e), newServeCmd(e), newWatchCmd(e), newPcapCmd(e))
	fitHelp(root, e)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err.Error()} })
	document(root, e.stdout)
	return root
}
