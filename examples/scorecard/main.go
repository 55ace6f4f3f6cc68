// Command scorecard is a runnable example of statusfeed's analytics: it reads status pages,
// feeds and API documents of any number of vendors, and prints each vendor's scorecard for a
// quarter: uptime per component, incidents, time to resolve and disclosure.
//
//	go run ./examples/scorecard testdata/statuspage/*.json testdata/instatus/*.rss
//	go run ./examples/scorecard -quarter 2026Q3 -format markdown FILE...
//
// Without -quarter it reports on the quarter of the newest data it was given, so that an old
// capture gets its own quarter's scorecard.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"statusfeed.dev/analytics"
	_ "statusfeed.dev/parsers/all" // register every parser
	"statusfeed.dev/report"
	"statusfeed.dev/statusfeed"
)

func main() {
	quarter := flag.String("quarter", "", "quarter to report on, such as 2026Q3 (default: the newest data's)")
	format := flag.String("format", "table", "table, markdown, json or csv")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: scorecard [-quarter 2026Q3] [-format table|markdown|json|csv] FILE...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	var pages []*statusfeed.Page
	for _, name := range flag.Args() {
		page, err := load(name)
		if err != nil { // a partly read document still counts; say what was not read
			fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		}
		if page != nil {
			pages = append(pages, page)
		}
	}
	in := analytics.Input{Pages: pages}
	period, err := pickQuarter(*quarter, in)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	res, err := analytics.Analyze(in, analytics.Options{Period: period})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	r := report.New(res)
	switch *format {
	case "table":
		err = r.WriteTable(os.Stdout)
	case "markdown":
		err = r.WriteMarkdown(os.Stdout)
	case "json":
		err = r.WriteJSON(os.Stdout)
	case "csv":
		err = r.WriteCSV(os.Stdout)
	default:
		err = fmt.Errorf("unknown format %q", *format)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// pickQuarter reads -quarter, or finds the quarter of the newest data: the end of the day
// window the analytics place over it.
func pickQuarter(flagValue string, in analytics.Input) (analytics.Period, error) {
	if flagValue != "" {
		return analytics.ParsePeriod(flagValue)
	}
	newest, err := analytics.ParsePeriod("1d")
	if err != nil {
		return analytics.Period{}, err
	}
	res, err := analytics.Analyze(in, analytics.Options{Period: newest})
	if err != nil {
		return analytics.Period{}, err
	}
	return analytics.Quarter(res.Window.To.Add(-time.Nanosecond)), nil
}

func load(name string) (*statusfeed.Page, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return statusfeed.Parse(f, statusfeed.Source{Name: name})
}
