// Command watch is a runnable example of statusfeed's aggregator as a library: it polls a few
// status sources into an in-memory archive and prints each change as it is seen, until
// interrupted.
//
//	go run ./examples/watch https://www.githubstatus.com/history.atom https://status.openai.com
//
// A source is a status page's address (its endpoint is discovered) or an endpoint itself. The
// first poll records each source's history without printing it; -backfill prints it too.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"statusfeed.dev/archive"
	"statusfeed.dev/events"
	_ "statusfeed.dev/parsers/all" // register every parser
	"statusfeed.dev/poll"
)

func main() {
	interval := flag.Duration("interval", time.Minute, "poll each source this often (at least 30s)")
	backfill := flag.Bool("backfill", false, "also print the history found on the first poll")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: watch [-interval D] [-backfill] URL...")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := watch(ctx, flag.Args(), *interval, *backfill); err != nil {
		fmt.Fprintln(os.Stderr, "watch:", err)
		os.Exit(1)
	}
}

func watch(ctx context.Context, urls []string, interval time.Duration, backfill bool) error {
	// An archive that lives as long as the process; give a file path to keep it.
	db, err := archive.Open(ctx, ":memory:")
	if err != nil {
		return err
	}
	defer db.Close()
	for _, u := range urls {
		if err := db.AddSource(ctx, archive.Source{URL: u, Interval: interval}); err != nil {
			return err
		}
	}
	sink := events.Lines{W: os.Stdout, Backfill: backfill}
	// Each event is printed once: the sink's cursor in the archive remembers where it is. With
	// an archive file that another watch shares, whichever holds the cursor prints
	// (ErrConsumerBusy here means the other does, or another source's result here).
	deliver := func() {
		if _, err := events.Deliver(ctx, db, sink); err != nil && ctx.Err() == nil && !errors.Is(err, events.ErrConsumerBusy) {
			fmt.Fprintln(os.Stderr, "deliver:", err)
		}
	}
	p := &poll.Poller{Archive: db, Interval: interval,
		// Print a source's changes as soon as they are stored, not when the slowest source of
		// the cycle is done.
		Recorded: func(_ poll.Result, evs []events.Event) {
			if len(evs) > 0 {
				deliver()
			}
		}}
	err = p.Run(ctx, 5*time.Second, func(rs []poll.Result) {
		for _, r := range rs {
			if r.Err != nil {
				fmt.Fprintf(os.Stderr, "%s: %s: %v\n", r.Source, r.State, r.Err)
			}
		}
		deliver()
	})
	if ctx.Err() != nil {
		return nil // interrupted: a normal end
	}
	return err
}
