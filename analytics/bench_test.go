package analytics_test

import (
	"os"
	"path/filepath"
	"testing"

	"statusfeed.dev/analytics"
	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/parsers/statuspage"
	"statusfeed.dev/statusfeed"
)

// BenchmarkAnalyze analyzes GitHub's 400 incidents (2010–2023, each its own JSON document, as
// an archive would hold them) over the whole span, and the acmeapico home page with its daily
// records over 90 days. Parsing is outside the loop. Most of the first is statusfeed.Merge,
// which compares every incident with every group it has built.
func BenchmarkAnalyze(b *testing.B) {
	load := func(b *testing.B, paths []string) []*statusfeed.Page {
		var pages []*statusfeed.Page
		for _, path := range paths {
			f, err := os.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			p, err := statuspage.Parser.Parse(f, statusfeed.Source{Name: path})
			f.Close()
			if err != nil {
				b.Fatal(path, err)
			}
			pages = append(pages, p)
		}
		return pages
	}
	cases := []struct {
		name   string
		paths  func(b *testing.B) []string
		period string
	}{
		{"github-400-incidents", func(b *testing.B) []string { return corpus.Files(b, []string{"bulk/github-incidents"}, "json") }, "2010-01-01..2023-12-31"},
		{"acmeapico-home", func(b *testing.B) []string {
			return []string{filepath.Join(corpus.Dir(b), "statuspage", "html", "acmeapico-home-2021-01.html")}
		}, "90d"},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			pages := load(b, tc.paths(b))
			if len(pages) == 0 {
				b.Skip("no corpus files")
			}
			period, err := analytics.ParsePeriod(tc.period)
			if err != nil {
				b.Fatal(err)
			}
			in := analytics.Input{Pages: pages}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := analytics.Analyze(in, analytics.Options{Period: period}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
