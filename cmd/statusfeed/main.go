package main

import (
	"context"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func usage(w io.Writer) {
	fmt.Fprintln(w, `usage: statusfeed parse [--json] [--merge] [--provider NAME] INPUT...
       statusfeed discover [--json] URL

Commands:
  parse      read status pages, feeds and APIs and print their incidents
  discover   find which provider serves a status page and which endpoints it has

An INPUT is a file, "-" for standard input, or an http(s) URL.`)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "parse":
		return parseCmd(ctx, args[1:], stdin, stdout, stderr)
	case "discover":
		return discoverCmd(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		usage(stdout)
		return 0
	}
	fmt.Fprintf(stderr, "statusfeed: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}
