// Command incidents is a runnable example of statusfeed as a library: it parses a status feed
// (a file, or a URL) and prints each incident with its timeline.
//
//	go run ./examples/incidents testdata/statuspage/basic.atom
//	go run ./examples/incidents https://www.githubstatus.com/history.atom
package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	_ "statusfeed.dev/parsers/all" // register every parser
	"statusfeed.dev/statusfeed"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: incidents FILE|URL")
		os.Exit(2)
	}
	page, err := load(os.Args[1])
	if page == nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err != nil { // partly read: show what was read, and say what was not
		fmt.Fprintln(os.Stderr, "warning:", err)
	}
	fmt.Printf("%s (%s, %s)\n", page.Name, page.Provider, page.Format)
	for _, inc := range page.Incidents {
		fmt.Printf("\n%s [%s, %s]\n", inc.Title, inc.Kind, inc.Status)
		if d, ok := inc.Duration(); ok {
			fmt.Printf("  %s for %s\n", inc.StartedAt.Format(time.RFC3339), d)
		}
		for _, u := range inc.Updates {
			fmt.Printf("  %s  %-13s %s\n", u.At.Format("2006-01-02 15:04"), u.Status, firstLine(u.Body))
		}
	}
}

func load(arg string) (*statusfeed.Page, error) {
	if strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://") {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		return statusfeed.ParseURL(ctx, http.DefaultClient, arg)
	}
	f, err := os.Open(arg)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return statusfeed.Parse(f, statusfeed.Source{Name: arg})
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
