package pagerduty_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/internal/parsertest"
	"statusfeed.dev/parsers/pagerduty"
)

// benchDir and benchName name the real PagerDuty page of the corpus (468 KB, nearly all of it the JSON of
// its data script).
const benchDir, benchName = "pagerduty/html", "pagerduty-status-2023-12-open-incident.html"

// BenchmarkParseHTML is statusfeed's whole parse of the page into the model.
func BenchmarkParseHTML(b *testing.B) {
	parsertest.BenchPages(b, pagerduty.Parser, benchDir, benchName)
}

// BenchmarkHTMLParseBaseline is a bare x/net/html parse of the same bytes.
func BenchmarkHTMLParseBaseline(b *testing.B) { parsertest.BenchHTMLBaseline(b, benchDir, benchName) }

// BenchmarkDataJSONBaseline is a generic decode (into map[string]any) of the page's data
// script alone, found outside the loop: the work the baseline HTML parse leaves undone, since
// it keeps the half-megabyte script as one text node.
func BenchmarkDataJSONBaseline(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(corpus.Dir(b), benchDir, benchName))
	if err != nil {
		b.Skip(err)
	}
	m := reData.FindSubmatch(data)
	if m == nil {
		b.Fatal("no data script")
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var doc any
		if err := json.Unmarshal(m[1], &doc); err != nil {
			b.Fatal(err)
		}
	}
}
