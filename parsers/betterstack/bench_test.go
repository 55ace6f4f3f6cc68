package betterstack_test

import (
	"testing"

	"statusfeed.dev/internal/parsertest"
	"statusfeed.dev/parsers/betterstack"
)

// benchDir and benchName name the real Better Stack page of the corpus (99 KB, mostly inline SVG and empty
// uptime ticks).
const benchDir, benchName = "betterstack/html", "eyloo-home-2023-08-downtime.html"

// BenchmarkParseHTML is statusfeed's whole parse of the page into the model.
func BenchmarkParseHTML(b *testing.B) {
	parsertest.BenchPages(b, betterstack.Parser, benchDir, benchName)
}

// BenchmarkHTMLParseBaseline is a bare x/net/html parse of the same bytes.
func BenchmarkHTMLParseBaseline(b *testing.B) { parsertest.BenchHTMLBaseline(b, benchDir, benchName) }
