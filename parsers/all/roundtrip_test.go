package all_test

import (
	"errors"
	"os"
	"testing"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/internal/parsertest"
	"statusfeed.dev/statusfeed"
)

// TestCorpusJSONRoundTrip parses every capture in the corpus, of every provider and format, the
// bulk files included, through the registry, and checks that the page's JSON loses nothing.
// Files no parser recognizes yet are logged and skipped; any other parse error fails.
func TestCorpusJSONRoundTrip(t *testing.T) {
	files := corpus.All(t)
	if len(files) == 0 {
		t.Fatal("the corpus holds no captures")
	}
	var unknown []string
	for _, path := range files {
		name := corpus.Name(t, path)
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			page, err := statusfeed.Parse(f, statusfeed.Source{Name: path})
			if page == nil && errors.Is(err, statusfeed.ErrUnknownFormat) {
				unknown = append(unknown, name)
				t.Skipf("no parser reads it yet: %v", err)
			}
			if err != nil {
				t.Errorf("parse: %v", err)
			}
			if page == nil {
				return
			}
			parsertest.RoundTrip(t, page)
		})
	}
	t.Logf("%d of %d captures parsed; no parser reads yet: %v", len(files)-len(unknown), len(files), unknown)
}
