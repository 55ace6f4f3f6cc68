// Command statusfeed reads vendors' status pages and feeds and prints their incident history.
//
//	statusfeed parse [--json] [--provider NAME] INPUT...
//
// An INPUT is a file, "-" for standard input, or an http(s) URL. Without --json it prints a
// table per page; with --json, a JSON array with one page object per input. A bad input is
// reported on standard error in one line naming it, the other inputs are still processed, and
// the exit status is non-zero.
//
// Files: main.go (commands), parse.go (the parse command), table.go (the readable output).
package main
