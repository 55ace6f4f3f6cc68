package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"statusfeed.dev/archive"
	"statusfeed.dev/events"
	"statusfeed.dev/poll"
)

// faultEnv names the environment variable that injects faults for tests; see poll.
const faultEnv = "STATUSFEED_FAULT"

// archiveFlags are the flags naming the archive, shared by the commands that use one.
type archiveFlags struct {
	path, db string
}

func (a *archiveFlags) add(c *cobra.Command) {
	c.Flags().StringVar(&a.path, "archive", "", "the SQLite archive file (default: "+defaultArchiveDoc+")")
	c.Flags().StringVar(&a.db, "db", "", "a PostgreSQL URL (postgres://…) to use instead of a SQLite file")
}

const defaultArchiveDoc = "$STATUSFEED_ARCHIVE, else $XDG_DATA_HOME/statusfeed/archive.db, else ~/.local/share/statusfeed/archive.db"

// defaultArchive is where the archive lives when no flag names one.
func defaultArchive() (string, error) {
	if p := os.Getenv("STATUSFEED_ARCHIVE"); p != "" {
		return p, nil
	}
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("no archive named and no home directory: %w", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	dir = filepath.Join(dir, "statusfeed")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return filepath.Join(dir, "archive.db"), nil
}

func (a *archiveFlags) open(ctx context.Context) (*archive.DB, error) {
	addr := a.db
	if addr == "" {
		addr = a.path
	}
	if addr == "" {
		var err error
		if addr, err = defaultArchive(); err != nil {
			return nil, err
		}
	}
	return archive.Open(ctx, addr)
}

func pollCommand(e *env) *cobra.Command {
	var af archiveFlags
	var once, asJSON, backfill bool
	var interval time.Duration
	var concurrency int
	var webhook, listen string
	c := &cobra.Command{
		Use:   "poll [--archive PATH|--db URL] [--once] [--interval D] [--concurrency N] [--json] [--webhook URL] [--listen ADDR] SOURCE...",
		Short: "Poll vendors' status sources into the archive and print each change once",
		Long: `poll adds each SOURCE to the archive and polls every source the archive holds: politely
(conditional requests, backoff, a few requests per host at most), recording incidents, updates,
postmortems and component status changes, and printing each change once. A SOURCE is a status
page or endpoint URL, or a sources file: one source per line, "[NAME] URL [FILTER]", # for
comments; a FILTER such as "component:API*,region:europe-west4" scopes the source's events.

The first poll of a source records its history as backfill events, which are stored but not
printed as news. --once runs one cycle (for cron); otherwise poll runs until interrupted.`,
		RunE: func(c *cobra.Command, args []string) error {
			ctx := c.Context()
			db, err := af.open(ctx)
			if err != nil {
				fmt.Fprintf(e.stderr, "statusfeed poll: %v\n", err)
				return exitError{1}
			}
			defer db.Close()
			for _, arg := range args {
				srcs, err := readSources(arg, interval)
				if err != nil {
					return usageError(c, "%v", err)
				}
				for _, s := range srcs {
					if err := db.AddSource(ctx, s); err != nil {
						fmt.Fprintf(e.stderr, "statusfeed poll: %v\n", err)
						return exitError{1}
					}
				}
			}
			p := &poll.Poller{Archive: db, Fetcher: e.fetcher(), Concurrency: concurrency, Interval: interval}
			if f, ok := e.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
				p.Progress = func(done, total int) {
					if total >= 20 {
						fmt.Fprintf(e.stderr, "\rpolled %d/%d sources", done, total)
						if done == total {
							fmt.Fprintln(e.stderr)
						}
					}
				}
			}
			var sinks []events.Sink
			if asJSON {
				sinks = append(sinks, events.JSONLines{W: e.stdout})
			} else {
				sinks = append(sinks, events.Lines{W: e.stdout, Backfill: backfill})
			}
			if webhook != "" {
				sinks = append(sinks, &events.Webhook{URL: webhook, Client: &http.Client{Timeout: e.timeout}})
			}
			if listen != "" {
				stop, err := serveMetrics(ctx, listen, db, e.stderr)
				if err != nil {
					fmt.Fprintf(e.stderr, "statusfeed poll: --listen: %v\n", err)
					return exitError{1}
				}
				defer stop()
			}
			// deliver hands each sink what it has not taken yet; failures are printed and
			// remembered for --once's exit status (the events stay stored, pending or refused).
			// A sink whose cursor another process holds (pollers sharing the archive) is not a
			// failure: that process delivers these events. --once says so once per sink, for
			// whoever wonders why a cron run printed nothing; a long run stays quiet.
			deliveryFailed := false
			toldBusy := map[events.Sink]bool{}
			var deliverMu sync.Mutex // a cycle's end and its results (below) both deliver
			deliver := func() {
				deliverMu.Lock()
				defer deliverMu.Unlock()
				for _, s := range sinks {
					_, err := events.Deliver(ctx, db, s)
					if errors.Is(err, events.ErrConsumerBusy) {
						if once && !toldBusy[s] {
							toldBusy[s] = true
							fmt.Fprintf(e.stderr, "statusfeed poll: %s: another process is delivering these events\n", sinkLabel(s))
						}
						continue
					}
					if err != nil {
						deliveryFailed = true
						for _, line := range strings.Split(err.Error(), "\n") {
							fmt.Fprintf(e.stderr, "statusfeed poll: %s\n", safe(line))
						}
					}
				}
			}
			// Events stored by an earlier run that died before delivering go out first.
			deliver()
			cycle := func(rs []poll.Result) {
				if os.Getenv(faultEnv) == "exit-before-delivery" {
					// Fault injection for the exactly-once test: die as a kill would, after
					// the cycle's events are stored and before any is delivered.
					os.Exit(3)
				}
				for _, r := range rs {
					if r.Err != nil {
						fmt.Fprintln(e.stderr, oneLine(r.Source, r.Err))
					}
				}
				deliver()
			}
			if once {
				rs, err := p.Poll(ctx)
				if err != nil {
					fmt.Fprintf(e.stderr, "statusfeed poll: %v\n", err)
					return exitError{1}
				}
				cycle(rs)
				for _, r := range rs {
					if r.Err != nil {
						return exitError{1}
					}
				}
				if deliveryFailed {
					return exitError{1}
				}
				return nil
			}
			defer deliverAsStored(ctx, p, deliver)()
			if err := p.Run(ctx, 5*time.Second, cycle); err != nil && ctx.Err() == nil {
				fmt.Fprintf(e.stderr, "statusfeed poll: %v\n", err)
				return exitError{1}
			}
			return nil
		},
	}
	af.add(c)
	c.Flags().BoolVar(&once, "once", false, "run one cycle and exit (for cron)")
	c.Flags().DurationVar(&interval, "interval", poll.DefaultInterval, "poll each source this often (at least "+poll.MinInterval.String()+")")
	c.Flags().IntVar(&concurrency, "concurrency", poll.DefaultConcurrency, "sources fetched at once")
	c.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per event per line")
	c.Flags().BoolVar(&backfill, "backfill", false, "also print the history recorded on a source's first poll")
	c.Flags().StringVar(&webhook, "webhook", "", "also POST each event to this URL")
	c.Flags().StringVar(&listen, "listen", "", "serve Prometheus metrics at http://ADDR/metrics")
	return c
}

// deliverAsStored has p's results with events wake deliver, at most once a second, until the
// returned stop is called. A long run so delivers events as soon as they are stored, not when
// the cycle's slowest source is done: a vendor that hangs until its timeouts and retries run
// out would hold every other vendor's news back that long. The second's wait keeps deliveries
// from taking SQLite's one connection from the cycle's recordings at every result.
func deliverAsStored(ctx context.Context, p *poll.Poller, deliver func()) (stop func()) {
	wake := make(chan struct{}, 1)
	p.Recorded = func(_ poll.Result, evs []events.Event) {
		if len(evs) > 0 {
			select {
			case wake <- struct{}{}:
			default: // a delivery is due already, and takes these too
			}
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-wake:
				deliver()
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
			}
		}
	}()
	return func() { cancel(); <-done }
}

// sinkLabel names a sink for a message: a webhook's URL may carry a secret token, so it is
// left out.
func sinkLabel(s events.Sink) string {
	if _, ok := s.(*events.Webhook); ok {
		return "webhook"
	}
	return safe(s.Name())
}

// readSources reads a SOURCE argument: a URL, or a sources file.
func readSources(arg string, interval time.Duration) ([]archive.Source, error) {
	if strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://") {
		return []archive.Source{{URL: arg, Interval: interval}}, nil
	}
	f, err := os.Open(arg)
	if err != nil {
		return nil, fmt.Errorf("source %q is neither a URL nor a readable sources file: %w", arg, err)
	}
	defer f.Close()
	return parseSources(f, arg, interval)
}

// parseSources reads a sources file: "[NAME] URL [FILTER]" per line, # comments.
func parseSources(r io.Reader, name string, interval time.Duration) ([]archive.Source, error) {
	var out []archive.Source
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.Index(line, "#"); i >= 0 && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t') {
			line = line[:i]
		}
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		at := -1
		for i, f := range fields {
			if strings.HasPrefix(f, "http://") || strings.HasPrefix(f, "https://") {
				at = i
				break
			}
		}
		if at < 0 {
			return nil, fmt.Errorf("%s:%d: no http(s) URL", name, n)
		}
		filter, err := events.ParseFilter(strings.Join(fields[at+1:], " "))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: filter: %w", name, n, err)
		}
		out = append(out, archive.Source{URL: fields[at], Vendor: strings.Join(fields[:at], " "), Interval: interval, Filter: filter})
	}
	return out, sc.Err()
}

func eventsCommand(e *env) *cobra.Command {
	var af archiveFlags
	var since int64
	var asJSON bool
	c := &cobra.Command{
		Use:   "events [--archive PATH|--db URL] [--since CURSOR] [--json]",
		Short: "Replay the archive's stored events in order",
		Long: `events prints the events stored in the archive in the order they were stored, each once,
starting after --since (an event's seq; 0 for the beginning). Backfill events are included and
marked. It keeps no cursor, so it takes nothing from poll's deliveries and may run beside them.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			ctx := c.Context()
			db, err := af.open(ctx)
			if err != nil {
				fmt.Fprintf(e.stderr, "statusfeed events: %v\n", err)
				return exitError{1}
			}
			defer db.Close()
			for cur := since; ; {
				batch, err := db.Events(ctx, cur, 500)
				if err != nil {
					fmt.Fprintf(e.stderr, "statusfeed events: %v\n", err)
					return exitError{1}
				}
				if len(batch) == 0 {
					return nil
				}
				for _, ev := range batch {
					if asJSON {
						b, _ := json.Marshal(ev)
						fmt.Fprintln(e.stdout, string(b))
					} else {
						fmt.Fprintf(e.stdout, "%6d  %s\n", ev.Seq, events.Line(ev))
					}
					cur = ev.Seq
				}
			}
		},
	}
	af.add(c)
	c.Flags().Int64Var(&since, "since", 0, "start after this event's seq")
	c.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per event per line")
	return c
}

type sourceJSON struct {
	URL                 string  `json:"url"`
	Endpoint            string  `json:"endpoint"`
	Vendor              string  `json:"vendor"`
	Provider            string  `json:"provider"`
	State               string  `json:"state"`
	LastSuccess         *string `json:"last_success"`
	LastError           string  `json:"last_error"`
	ConsecutiveFailures int     `json:"consecutive_failures"`
	Attempts            int     `json:"attempts"`
	Failures            int     `json:"failures"`
}

func sourcesCommand(e *env) *cobra.Command {
	var af archiveFlags
	var asJSON bool
	c := &cobra.Command{
		Use:   "sources [--archive PATH|--db URL] [--json]",
		Short: "List the archive's sources with their health",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			ctx := c.Context()
			db, err := af.open(ctx)
			if err != nil {
				fmt.Fprintf(e.stderr, "statusfeed sources: %v\n", err)
				return exitError{1}
			}
			defer db.Close()
			srcs, err := db.Sources(ctx)
			if err != nil {
				fmt.Fprintf(e.stderr, "statusfeed sources: %v\n", err)
				return exitError{1}
			}
			if asJSON {
				enc := json.NewEncoder(e.stdout)
				for _, s := range srcs {
					j := sourceJSON{URL: s.URL, Endpoint: s.Endpoint, Vendor: s.Vendor, Provider: s.Provider, State: s.State,
						LastError: s.LastError, ConsecutiveFailures: s.ConsecutiveFailures, Attempts: s.Attempts, Failures: s.Failures}
					if !s.LastSuccess.IsZero() {
						ts := s.LastSuccess.Format(time.RFC3339)
						j.LastSuccess = &ts
					}
					if err := enc.Encode(j); err != nil {
						return err
					}
				}
				return nil
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "STATE\tVENDOR\tPROVIDER\tLAST SUCCESS\tFAILURES\tURL\tLAST ERROR")
			for _, s := range srcs {
				last := "-"
				if !s.LastSuccess.IsZero() {
					last = s.LastSuccess.Format("2006-01-02 15:04")
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d/%d\t%s\t%s\n", s.State, safe(s.Vendor), s.Provider, last,
					s.Failures, s.Attempts, safe(s.URL), safe(s.LastError))
			}
			return tw.Flush()
		},
	}
	af.add(c)
	c.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per source per line")
	return c
}
