package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	_ "statusfeed.dev/parsers/all"
	"statusfeed.dev/statusfeed"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// exitError carries a command's exit status: 1 for a failed input or source, 2 for a usage
// error. Its message, if any, has already been printed.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// env is what every command shares: the streams and the global flags.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	timeout        time.Duration
}

func (e *env) fetcher() *statusfeed.Fetcher {
	return &statusfeed.Fetcher{Timeout: e.timeout}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "statusfeed",
		Short: "Read vendors' status pages into one incident history",
		Long: `statusfeed reads the status pages of third-party vendors (Atlassian Statuspage, Instatus,
incident.io, the clouds' own pages, ...) and normalizes them into one model: components, and
incidents and maintenances with their timelines, durations and postmortems.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		CompletionOptions: cobra.CompletionOptions{
			DisableDefaultCmd: true,
		},
		// With no command, the usage goes to standard error with status 2, as a mistake.
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return fmt.Errorf("unknown command %q", args[0])
			}
			fmt.Fprint(e.stderr, c.UsageString())
			return exitError{2}
		},
	}
	root.PersistentFlags().DurationVar(&e.timeout, "timeout", statusfeed.DefaultTimeout, "bound each HTTP request (per attempt)")
	root.AddCommand(parseCommand(e), discoverCommand(e), pollCommand(e), eventsCommand(e), sourcesCommand(e), reportCommand(e),
		providersCommand(e), versionCommand(e))
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		fmt.Fprintf(stderr, "statusfeed %s: %v\n", c.Name(), err)
		fmt.Fprintf(stderr, "Run 'statusfeed %s --help' for usage.\n", c.Name())
		return exitError{2}
	})
	err := root.ExecuteContext(ctx)
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	default:
		// cobra's own errors: an unknown command or a wrong number of arguments.
		fmt.Fprintf(stderr, "statusfeed: %v\n", err)
		return 2
	}
}

// usageError prints msg and the command's usage line and returns the status for it.
func usageError(c *cobra.Command, format string, args ...any) error {
	fmt.Fprintf(c.ErrOrStderr(), "statusfeed %s: %s\n", c.Name(), fmt.Sprintf(format, args...))
	fmt.Fprintf(c.ErrOrStderr(), "usage: %s\n", c.UseLine())
	return exitError{2}
}

func versionCommand(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print statusfeed's version",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			fmt.Fprintf(e.stdout, "statusfeed %s\n", statusfeed.Version)
			return nil
		},
	}
}
