package instatus_test

import (
	"testing"

	"statusfeed.dev/internal/parsertest"
	"statusfeed.dev/parsers/instatus"
)

// benchPages are the real Instatus pages: the 2023 pages-router page with __NEXT_DATA__ and
// the 2026 app-router page with flight data.
var benchPages = []string{"whereby-home-2023-03-next-data-identified.html", "mastodonsocial-home-2026-03-rsc-major.html"}

// BenchmarkParsePage is statusfeed's whole parse of a page into the model.
func BenchmarkParsePage(b *testing.B) {
	parsertest.BenchPages(b, instatus.Parser, "instatus/html", benchPages...)
}

// BenchmarkHTMLParseBaseline is a bare x/net/html parse of the same bytes.
func BenchmarkHTMLParseBaseline(b *testing.B) {
	parsertest.BenchHTMLBaseline(b, "instatus/html", benchPages...)
}
