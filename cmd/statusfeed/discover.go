package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"statusfeed.dev/statusfeed"
)

type discoveryJSON struct {
	URL       string         `json:"url"`
	Provider  string         `json:"provider"`
	Poll      string         `json:"poll"`
	Requests  int            `json:"requests"`
	Endpoints []endpointJSON `json:"endpoints"`
}

type endpointJSON struct {
	URL        string `json:"url"`
	Provider   string `json:"provider"`
	Format     string `json:"format"`
	Components int    `json:"components"`
	Incidents  int    `json:"incidents"`
}

func discoverCommand(e *env) *cobra.Command {
	var asJSON, verbose bool
	c := &cobra.Command{
		Use:   "discover [--json] [--verbose] URL",
		Short: "Find which provider serves a status page and which endpoints it has",
		Long: `discover takes any address of a status page (home page, incident page, feed, API), finds
its provider and machine-readable endpoints with a bounded number of requests, and marks the
one to poll. Endpoints count only if they parse. With --verbose it also says which probes were
rejected and why.`,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError(c, "want one URL, got %d arguments", len(args))
			}
			return discover(c.Context(), e, args[0], asJSON, verbose)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the discovery as JSON")
	c.Flags().BoolVarP(&verbose, "verbose", "v", false, "also list the probes that were rejected, and why")
	return c
}

func discover(ctx context.Context, e *env, url string, asJSON, verbose bool) error {
	stdout, stderr := e.stdout, e.stderr
	dv := &statusfeed.Discoverer{Fetcher: e.fetcher()}
	d, err := dv.Discover(ctx, url)
	if err != nil && !errors.Is(err, statusfeed.ErrNoEndpoints) && len(d.Endpoints) == 0 && !verbose {
		fmt.Fprintln(stderr, oneLine(url, err))
		return exitError{1}
	}
	if asJSON {
		out := discoveryJSON{URL: d.URL, Provider: d.Provider, Poll: d.Poll, Requests: d.Requests, Endpoints: []endpointJSON{}}
		for _, e := range d.Endpoints {
			out.Endpoints = append(out.Endpoints, endpointJSON(e))
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(out)
	} else {
		provider := d.Provider
		if provider == "" {
			provider = "unknown"
		}
		printf(stdout, "%s\nprovider: %s  (%d requests)\n", d.URL, provider, d.Requests)
		if len(d.Endpoints) > 0 {
			tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "POLL\tFORMAT\tPROVIDER\tCOMPONENTS\tINCIDENTS\tURL")
			for _, e := range d.Endpoints {
				mark := ""
				if e.URL == d.Poll {
					mark = "*"
				}
				printf(tw, "%s\t%s\t%s\t%d\t%d\t%s\n", mark, e.Format, e.Provider, e.Components, e.Incidents, e.URL)
			}
			tw.Flush()
		}
	}
	if verbose {
		printProbes(stdout, d)
	}
	if err != nil {
		fmt.Fprintln(stderr, oneLine(url, err))
		return exitError{1}
	}
	return nil
}

// printProbes lists every request discover made and what came of it.
func printProbes(w io.Writer, d *statusfeed.Discovery) {
	fmt.Fprintln(w, "\nprobes:")
	for _, p := range d.Probes {
		fmt.Fprintln(w, "  "+safe(p.String()))
	}
}
