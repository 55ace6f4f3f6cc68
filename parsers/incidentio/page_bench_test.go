package incidentio_test

import (
	"testing"

	"statusfeed.dev/internal/parsertest"
	"statusfeed.dev/parsers/incidentio"
)

// benchPages are the real incident.io pages: OpenAI's, with 69 incidents in its flight data.
var benchPages = []string{"openai-home-2026-03-monitoring.html"}

// BenchmarkParsePage is statusfeed's whole parse of a page into the model.
func BenchmarkParsePage(b *testing.B) {
	parsertest.BenchPages(b, incidentio.Parser, "incidentio/html", benchPages...)
}

// BenchmarkHTMLParseBaseline is a bare x/net/html parse of the same bytes.
func BenchmarkHTMLParseBaseline(b *testing.B) {
	parsertest.BenchHTMLBaseline(b, "incidentio/html", benchPages...)
}
