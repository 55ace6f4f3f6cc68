package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	_ "statusfeed.dev/parsers/all"
	"statusfeed.dev/statusfeed"
)

// fetchTimeout bounds one URL input; status documents are small and a hung vendor should not
// hang a script.
const fetchTimeout = 30 * time.Second

func parseCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print a JSON array with one page object per input")
	merge := fs.Bool("merge", false, "merge the inputs, pages of one vendor, into one page")
	provider := fs.String("provider", "", "parse with this parser instead of detecting one ("+strings.Join(statusfeed.Parsers(), ", ")+")")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "statusfeed parse: no inputs")
		return 2
	}
	if *provider != "" {
		if _, ok := statusfeed.Lookup(*provider); !ok {
			fmt.Fprintf(stderr, "statusfeed parse: unknown provider %q (have %s)\n", *provider, strings.Join(statusfeed.Parsers(), ", "))
			return 2
		}
	}
	client := &http.Client{Timeout: fetchTimeout}
	status := 0
	pages := []*statusfeed.Page{}
	for _, in := range fs.Args() {
		page, err := parseInput(ctx, client, in, *provider, stdin)
		if err != nil {
			fmt.Fprintln(stderr, oneLine(in, err))
			status = 1
		}
		if page == nil {
			continue
		}
		pages = append(pages, page)
	}
	if *merge && len(pages) > 0 {
		merged, err := statusfeed.Merge(pages...)
		if err != nil {
			fmt.Fprintln(stderr, safe("statusfeed: merge: "+strings.TrimPrefix(err.Error(), "statusfeed: ")))
			return 1
		}
		pages = []*statusfeed.Page{merged}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(pages); err != nil {
			fmt.Fprintf(stderr, "statusfeed: %v\n", err)
			return 1
		}
		return status
	}
	for i, p := range pages {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		printPage(stdout, p)
	}
	return status
}

// parseInput reads one input. A partly readable document yields its page and an error.
func parseInput(ctx context.Context, client *http.Client, in, provider string, stdin io.Reader) (*statusfeed.Page, error) {
	var body io.Reader
	src := statusfeed.Source{Name: in}
	switch {
	case in == "-":
		body, src.Name = stdin, "stdin"
	case strings.HasPrefix(in, "http://") || strings.HasPrefix(in, "https://"):
		doc, err := statusfeed.Fetch(ctx, client, in)
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
