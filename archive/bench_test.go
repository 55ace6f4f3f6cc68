package archive_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"statusfeed.dev/archive"
	_ "statusfeed.dev/parsers/all"
	"statusfeed.dev/statusfeed"
)

// BenchmarkRecordCold records the first reading of a new source, one page per operation,
// drawing in turn on every fixture under testdata/ that parses: the work a poller's first
// cycle does for each source, all of it inside the one transaction that serializes an
// archive's writers.
func BenchmarkRecordCold(b *testing.B) {
	pages := fixturePages(b)
	ctx := context.Background()
	db, err := archive.Open(ctx, filepath.Join(b.TempDir(), "a.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for i := range b.N {
		if err := db.AddSource(ctx, archive.Source{URL: fmt.Sprintf("https://s%d.example/feed", i), Vendor: fmt.Sprintf("v%d", i)}); err != nil {
			b.Fatal(err)
		}
	}
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	b.ResetTimer()
	var stored int
	for i := range b.N {
		evs, err := db.Record(ctx, archive.Result{URL: fmt.Sprintf("https://s%d.example/feed", i), DetectedAt: now, Page: pages[i%len(pages)]})
		if err != nil {
			b.Fatal(err)
		}
		stored += len(evs)
	}
	b.ReportMetric(float64(stored)/float64(b.N), "events/op")
}

// fixturePages parses every fixture under testdata/ that holds at least one incident or
// component.
func fixturePages(b *testing.B) []*statusfeed.Page {
	paths, _ := filepath.Glob("../testdata/*/*")
	var pages []*statusfeed.Page
	for _, p := range paths {
		if strings.HasSuffix(p, ".golden.json") {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		page, _ := statusfeed.Parse(bytes.NewReader(data), statusfeed.Source{Name: filepath.Base(p)})
		if page != nil && len(page.Incidents)+len(page.Components) > 0 {
			pages = append(pages, page)
		}
	}
	if len(pages) == 0 {
		b.Fatal("no fixture parses")
	}
	return pages
}
