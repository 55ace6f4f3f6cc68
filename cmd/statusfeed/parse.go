package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	_ "statusfeed.dev/parsers/all"
	"statusfeed.dev/statusfeed"
)

func parseCommand(e *env) *cobra.Command {
	var asJSON, merge bool
	var provider string
	c := &cobra.Command{
		Use:   "parse [--json] [--merge] [--provider NAME] INPUT...",
		Short: "Read status pages, feeds and APIs and print their incidents",
		Long: `parse reads each INPUT (a file, "-" for standard input, or an http(s) URL), detects its
provider and format, and prints its components and incidents: a table, or with --json a JSON
array with one page object per input. A bad input is reported on standard error, the others
are still read, and the exit status is 1.`,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError(c, "no inputs")
			}
			if provider != "" {
				if _, ok := statusfeed.Lookup(provider); !ok {
					return usageError(c, "unknown provider %q (have %s)", provider, strings.Join(statusfeed.Parsers(), ", "))
				}
			}
			f := e.fetcher()
			status := 0
			pages := []*statusfeed.Page{}
			for _, in := range args {
				page, err := parseInput(c.Context(), f, in, provider, e.stdin)
				if err != nil {
					fmt.Fprintln(e.stderr, oneLine(in, err))
					status = 1
				}
				if page == nil {
					continue
				}
				pages = append(pages, page)
			}
			if merge && len(pages) > 0 {
				merged, err := statusfeed.Merge(pages...)
				if err != nil {
					fmt.Fprintln(e.stderr, safe("statusfeed: merge: "+strings.TrimPrefix(err.Error(), "statusfeed: ")))
					return exitError{1}
				}
				pages = []*statusfeed.Page{merged}
			}
			if asJSON {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(pages); err != nil {
					fmt.Fprintf(e.stderr, "statusfeed: %v\n", err)
					return exitError{1}
				}
			} else {
				for i, p := range pages {
					if i > 0 {
						fmt.Fprintln(e.stdout)
					}
					printPage(e.stdout, p)
				}
			}
			if status != 0 {
				return exitError{status}
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print a JSON array with one page object per input")
	c.Flags().BoolVar(&merge, "merge", false, "merge the inputs, pages of one vendor, into one page")
	c.Flags().StringVar(&provider, "provider", "", "parse with this parser instead of detecting one (see 'statusfeed providers')")
	return c
}

// parseInput reads one input. A partly readable document yields its page and an error.
func parseInput(ctx context.Context, f *statusfeed.Fetcher, in, provider string, stdin io.Reader) (*statusfeed.Page, error) {
	var body io.Reader
	src := statusfeed.Source{Name: in}
	switch {
	case in == "-":
		body, src.Name = stdin, "stdin"
	case strings.HasPrefix(in, "http://") || strings.HasPrefix(in, "https://"):
		doc, err := f.Fetch(ctx, in, statusfeed.Validators{})
		if err != nil {
			return nil, err
		}
		body, src = bytes.NewReader(doc.Body), doc.Source
	default:
		f, err := os.Open(in)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		body = f
	}
	if provider != "" {
		return statusfeed.ParseAs(provider, body, src)
	}
	return statusfeed.Parse(body, src)
}

// oneLine renders an input's error as one line that names the input, however many problems
// the error joins.
func oneLine(in string, err error) string {
	msg := err.Error()
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		if errs := joined.Unwrap(); len(errs) > 1 {
			msg = fmt.Sprintf("%s (and %d more problems)", errs[0], len(errs)-1)
			var pe *statusfeed.ParseError
			if errors.As(err, &pe) {
				msg = fmt.Sprintf("statusfeed: %s (%s): %s", in, pe.Provider, msg)
			}
		}
	}
	if !strings.Contains(msg, in) || !strings.HasPrefix(msg, "statusfeed: ") {
		msg = fmt.Sprintf("statusfeed: %s: %s", in, strings.TrimPrefix(msg, "statusfeed: "))
	}
	return safe(strings.Join(strings.Fields(msg), " "))
}
