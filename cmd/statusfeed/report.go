package main

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"statusfeed.dev/analytics"
	"statusfeed.dev/archive"
	"statusfeed.dev/events"
	"statusfeed.dev/report"
	"statusfeed.dev/statusfeed"
)

// sampleFS holds copies of fixtures from testdata/ (go:embed cannot reach outside the
// package), so that `statusfeed report` with no input shows what a report looks like, offline
// and from any directory. TestSampleMatchesTestdata keeps them byte for byte the same.
//
//go:embed sample
var sampleFS embed.FS

const sampleNote = "Sample report: built-in example data from statusfeed's test fixtures (ExampleVideo and Example Co are not real vendors). Pass files or URLs, or --archive, for a report on real data."

var reportFormats = []string{"table", "json", "csv", "markdown", "html"}

func reportCommand(e *env) *cobra.Command {
	var af archiveFlags
	var since, from, to, format, output string
	var filter analytics.Filter
	c := &cobra.Command{
		Use:   "report [--archive PATH|--db URL] [--since 90d | --from DATE --to DATE] [--vendor NAME] [--component FILTER] [--format table|json|csv|markdown|html] [-o FILE] [INPUT...]",
		Short: "Report vendors' uptime, incidents and disclosure over a window",
		Long: `report computes each vendor's uptime (overall and per component), incidents by impact and
kind, time to resolve, and how openly it disclosed (postmortems, declared durations, pages that
said operational during an incident) over a window, and prints them as a table, JSON, CSV,
Markdown, or one self-contained HTML page with a bar of daily uptime per component.

The data is each INPUT (a file, "-" for standard input, or an http(s) URL, read as 'statusfeed
parse' reads it; documents of one vendor, such as its home page and its feed, are analyzed
together) and, with --archive or --db, everything the archive holds: each vendor's pages and
incidents, and the component status changes its pollers recorded. The archive is read only
when named. With no INPUT and no archive, report runs on a small sample built into the binary.

The window is --since (24h, 7d, 90d: counted back from the newest data, not from the clock;
2026Q3; or FROM..TO), or --from DATE --to DATE (both days included). Uptime weighs a partial
outage 0.3 and degraded performance 0, as Statuspage does; a component without data has no
figure, never 100.`,
		RunE: func(c *cobra.Command, args []string) error {
			if !slices.Contains(reportFormats, format) {
				return usageError(c, "unknown format %q (have %s)", format, strings.Join(reportFormats, ", "))
			}
			period, err := reportPeriod(c, since, from, to)
			if err != nil {
				return usageError(c, "%v", strings.TrimPrefix(err.Error(), "analytics: "))
			}
			useArchive := c.Flags().Changed("archive") || c.Flags().Changed("db")
			in, status, err := e.reportInput(c.Context(), args, useArchive, &af)
			if err != nil {
				fmt.Fprintln(e.stderr, safe("statusfeed report: "+err.Error()))
				return exitError{1}
			}
			sample := len(args) == 0 && !useArchive
			if filter.Vendor != "" && !hasVendor(in, filter.Vendor) {
				printf(e.stderr, "statusfeed report: no vendor %q; the data holds %s\n", filter.Vendor, vendorNames(in))
				return exitError{1}
			}
			res, err := analytics.Analyze(in, analytics.Options{Period: period, Filter: filter, Daily: format == "html"})
			if errors.Is(err, analytics.ErrNoData) {
				fmt.Fprintln(e.stderr, "statusfeed report: no dated data to count the window back from; name one with --from and --to")
				return exitError{1}
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "statusfeed report: %v\n", err)
				return exitError{1}
			}
			if len(res.Vendors) == 0 && (filter.Vendor != "" || filter.Component != "") {
				printf(e.stderr, "statusfeed report: nothing matches --vendor %q --component %q in %s\n", filter.Vendor, filter.Component, vendorNames(in))
				return exitError{1}
			}
			var buf bytes.Buffer
			if err := render(&buf, res, format, sample); err != nil {
				fmt.Fprintf(e.stderr, "statusfeed report: %v\n", err)
				return exitError{1}
			}
			if sample && (format == "json" || format == "csv") {
				// Their shape has no room for a note: say it beside them.
				fmt.Fprintln(e.stderr, "statusfeed report: "+sampleNote)
			}
			if output != "" && output != "-" {
				if err := writeFile(output, buf.Bytes()); err != nil {
					fmt.Fprintf(e.stderr, "statusfeed report: %v\n", err)
					return exitError{1}
				}
			} else if _, err := e.stdout.Write(buf.Bytes()); err != nil {
				fmt.Fprintf(e.stderr, "statusfeed report: %v\n", err)
				return exitError{1}
			}
			if status != 0 {
				return exitError{status}
			}
			return nil
		},
	}
	af.add(c)
	// poll's default archive is not read unless named: with nothing named, the report is the sample.
	c.Flags().Lookup("archive").Usage = "the SQLite archive file to read; read only when named (poll keeps it at " + defaultArchiveDoc + ")"
	c.Flags().StringVar(&since, "since", "90d", "the window: 24h, 7d, 90d (back from the newest data), 2026Q3, or FROM..TO")
	c.Flags().StringVar(&from, "from", "", "the window's first day (2006-01-02) or RFC 3339 time; with --to")
	c.Flags().StringVar(&to, "to", "", "the window's last day (included) or RFC 3339 time (excluded); with --from")
	c.Flags().StringVar(&filter.Vendor, "vendor", "", "only this vendor (its name, or its status page's host)")
	c.Flags().StringVar(&filter.Component, "component", "", `only this component: its ID, name, "Group/Name", or a group's name`)
	c.Flags().StringVar(&filter.Region, "region", "", `only incidents and components of this region ("europe-west4", "IAD")`)
	c.Flags().StringVar(&format, "format", "table", "table, json, csv, markdown or html")
	c.Flags().StringVarP(&output, "output", "o", "", "write the report to this file instead of standard output")
	return c
}

func reportPeriod(c *cobra.Command, since, from, to string) (analytics.Period, error) {
	if from == "" && to == "" {
		return analytics.ParsePeriod(since)
	}
	if c.Flags().Changed("since") {
		return analytics.Period{}, errors.New("--since and --from/--to both name the window; give one")
	}
	if from == "" || to == "" {
		return analytics.Period{}, errors.New("--from and --to go together")
	}
	return analytics.ParseDates(from, to)
}

// reportInput gathers the pages and status intervals to analyze: the inputs, the archive, or
// the sample. status is 1 when an input could not be read (it is reported and left out).
func (e *env) reportInput(ctx context.Context, args []string, useArchive bool, af *archiveFlags) (analytics.Input, int, error) {
	var in analytics.Input
	status := 0
	if len(args) == 0 && !useArchive {
		pages, err := samplePages()
		return analytics.Input{Pages: pages}, 0, err
	}
	f := e.fetcher()
	for _, arg := range args {
		page, err := parseInput(ctx, f, arg, "", e.stdin)
		if err != nil {
			fmt.Fprintln(e.stderr, oneLine(arg, err))
			status = 1
		}
		if page != nil {
			in.Pages = append(in.Pages, page)
		}
	}
	if useArchive {
		if af.db == "" {
			// Opening a SQLite path creates the file: a mistyped one would report on nothing.
			if _, err := os.Stat(af.path); err != nil {
				return in, status, fmt.Errorf("archive: %w", err)
			}
		}
		db, err := af.open(ctx)
		if err != nil {
			return in, status, err
		}
		defer db.Close()
		arch, err := archiveInput(ctx, db)
		if err != nil {
			return in, status, fmt.Errorf("archive: %w", err)
		}
		in.Pages = append(in.Pages, arch.Pages...)
		in.Intervals = append(in.Intervals, arch.Intervals...)
	}
	return in, status, nil
}

// archiveInput reads what the archive holds of every vendor: its page (latest components,
// every incident seen) and its components' recorded status changes as intervals. A change
// holds until the next change of that component; the last one until the vendor's sources
// were last read successfully, which is as far as the archive looked. The archive keeps no
// record of failed polls in between, so a gap in polling reads as the last status seen.
func archiveInput(ctx context.Context, db *archive.DB) (analytics.Input, error) {
	var in analytics.Input
	vendors, err := db.Vendors(ctx)
	if err != nil {
		return in, err
	}
	srcs, err := db.Sources(ctx)
	if err != nil {
		return in, err
	}
	lastRead := map[string]time.Time{}
	for _, s := range srcs {
		if s.LastSuccess.After(lastRead[s.Vendor]) {
			lastRead[s.Vendor] = s.LastSuccess
		}
	}
	for _, vendor := range vendors {
		page, err := db.Page(ctx, vendor)
		if err != nil {
			return in, fmt.Errorf("%s: %w", vendor, err)
		}
		if page.Name == "" {
			page.Name = vendor // the name the user gave, or the archive's
		}
		changes, err := db.ComponentChanges(ctx, vendor)
		if err != nil {
			return in, fmt.Errorf("%s: %w", vendor, err)
		}
		in.Pages = append(in.Pages, page)
		in.Intervals = append(in.Intervals, intervals(analytics.VendorKey(page), page, changes, lastRead[vendor])...)
	}
	return in, nil
}

// intervals turns a vendor's status changes (oldest first) into the stretches each component
// held each status, the last one ending at end (none when end is not after it).
func intervals(vendorKey string, page *statusfeed.Page, changes []archive.ComponentChange, end time.Time) []analytics.StatusInterval {
	byKey := map[string]statusfeed.Component{}
	for _, c := range page.Components {
		byKey[events.ComponentKey(&c)] = c
	}
	perKey := map[string][]archive.ComponentChange{}
	var keys []string
	for _, ch := range changes {
		if _, ok := perKey[ch.Key]; !ok {
			keys = append(keys, ch.Key)
		}
		perKey[ch.Key] = append(perKey[ch.Key], ch)
	}
	var out []analytics.StatusInterval
	for _, key := range keys {
		comp, ok := byKey[key]
		if !ok { // a component the page no longer lists: its key says what it was
			comp = statusfeed.Component{ID: key}
			if rest, named := strings.CutPrefix(key, "name:"); named {
				comp.ID = ""
				comp.Group, comp.Name, _ = strings.Cut(rest, "/")
			}
		}
		chs := perKey[key]
		for i, ch := range chs {
			until := end
			if i+1 < len(chs) {
				until = chs[i+1].At
			}
			if !ch.At.Before(until) {
				continue
			}
			out = append(out, analytics.StatusInterval{Vendor: vendorKey, ComponentID: comp.ID, Component: comp.Name,
				Group: comp.Group, From: ch.At, To: until, Status: ch.Status})
		}
	}
	return out
}

// samplePages parses the embedded sample, in name order.
func samplePages() ([]*statusfeed.Page, error) {
	var pages []*statusfeed.Page
	err := fs.WalkDir(sampleFS, "sample", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := sampleFS.ReadFile(name)
		if err != nil {
			return err
		}
		page, err := statusfeed.Parse(bytes.NewReader(data), statusfeed.Source{Name: path.Base(name)})
		if err != nil {
			return fmt.Errorf("sample %s: %w", name, err) // the sample's own test keeps this from happening
		}
		pages = append(pages, page)
		return nil
	})
	return pages, err
}

func render(w io.Writer, res *analytics.Result, format string, sample bool) error {
	switch format {
	case "json":
		return report.New(res).WriteJSON(w)
	case "csv":
		return report.New(res).WriteCSV(w)
	case "html":
		opt := report.HTMLOptions{Title: "Vendor scorecard"}
		if sample {
			opt.Note = sampleNote
		}
		return report.WriteHTML(w, res, opt)
	case "markdown":
		if sample {
			fmt.Fprintf(w, "> %s\n\n", sampleNote)
		}
		return terminalSafe(report.New(res)).WriteMarkdown(w)
	}
	if sample {
		fmt.Fprintf(w, "%s\n\n", sampleNote)
	}
	return terminalSafe(report.New(res)).WriteTable(w)
}

// terminalSafe passes the vendor text that the table and Markdown show through safe: they are
// read on terminals. JSON and CSV are data and keep the vendor's text as it is.
func terminalSafe(r report.Report) report.Report {
	for i := range r.Vendors {
		v := &r.Vendors[i]
		v.Vendor, v.Provider = safe(v.Vendor), safe(v.Provider)
		for j := range v.Components {
			c := &v.Components[j]
			c.Component, c.Group, c.ComponentID = safe(c.Component), safe(c.Group), safe(c.ComponentID)
		}
	}
	return r
}

// writeFile writes the report whole to a temporary file beside path and renames it into
// place, so that a reader never sees half a report.
func writeFile(name string, data []byte) error {
	dir, base := filepath.Split(name)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// hasVendor reports whether some page or interval belongs to the vendor --vendor names, as
// analytics.Filter matches it: by name or by VendorKey.
func hasVendor(in analytics.Input, name string) bool {
	for _, p := range in.Pages {
		if strings.EqualFold(p.Name, name) || strings.EqualFold(analytics.VendorKey(p), name) {
			return true
		}
	}
	for _, iv := range in.Intervals {
		if strings.EqualFold(iv.Vendor, name) {
			return true
		}
	}
	return false
}

// vendorNames lists the vendors in the input by name, for a filter that matched none.
func vendorNames(in analytics.Input) string {
	seen := map[string]bool{}
	var names []string
	for _, p := range in.Pages {
		name := p.Name
		if name == "" {
			name = analytics.VendorKey(p)
		}
		if !seen[name] {
			seen[name] = true
			names = append(names, fmt.Sprintf("%q", name))
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return "no vendor"
	}
	return strings.Join(names, ", ")
}
