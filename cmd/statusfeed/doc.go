// Command statusfeed reads vendors' status pages, feeds and APIs and prints their incident
// history.
//
//	statusfeed parse [--json] [--merge] [--provider NAME] INPUT...
//	statusfeed discover [--json] URL
//	statusfeed report [--archive PATH|--db URL] [--since 90d | --from DATE --to DATE] [--vendor NAME]
//		[--component FILTER] [--format table|json|csv|markdown|html] [-o FILE] [INPUT...]
//
// An INPUT is a file, "-" for standard input, or an http(s) URL, in any format a parser reads.
// Without --json parse prints a table per page; with --json, a JSON array with one page object
// per input; with --merge, the inputs (pages of one vendor) become one page, and pages of
// different vendors are refused with the reason. A bad input is
// reported on standard error in one line naming it, the other inputs are still processed, and
// the exit status is non-zero. discover finds which provider serves a status page, its
// endpoints and the one to poll. report computes uptime, incidents and disclosure per vendor
// and component over a window (statusfeed.dev/analytics) from INPUTs or an archive and renders
// them (statusfeed.dev/report); with neither it runs on a sample embedded from testdata/
// (sample/, kept identical to the fixtures by TestSampleMatchesTestdata).
//
// Files: main.go (commands), parse.go (the parse command), discover.go (the discover command),
// report.go (the report command, the archive's status changes as intervals, the sample),
// table.go (the readable output), safe.go (stripping control characters from vendor text, so
// that a page name cannot set the terminal's title or clear its screen).
package main
