package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"text/tabwriter"

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

func discoverCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("discover", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the discovery as JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: statusfeed discover [--json] URL")
		return 2
	}
	url := fs.Arg(0)
	ctx, cancel := context.WithTimeout(ctx, 2*fetchTimeout)
	defer cancel()
	d, err := statusfeed.Discover(ctx, &http.Client{Timeout: fetchTimeout}, url)
	if err != nil && !errors.Is(err, statusfeed.ErrNoEndpoints) {
		fmt.Fprintln(stderr, oneLine(url, err))
		return 1
	}
	if *asJSON {
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
	if err != nil {
		fmt.Fprintln(stderr, oneLine(url, err))
		return 1
	}
	return 0
}
