package pagerduty_test

import (
	"testing"

	"statusfeed.dev/internal/parsertest"
	"statusfeed.dev/parsers/pagerduty"
)

// benchPage is the real PagerDuty page of the corpus (468 KB, nearly all of it the JSON of
// its data script).
const benchPage = "pagerduty/html/pagerduty-status-2023-12-open-incident.html"

// BenchmarkParseHTML is statusfeed's whole parse of the page into the model.
func BenchmarkParseHTML(b *testing.B) { parsertest.BenchParse(b, pagerduty.Parser, benchPage) }

// BenchmarkHTMLParseBaseline is a bare x/net/html parse of the same bytes.
func BenchmarkHTMLParseBaseline(b *testing.B) { parsertest.BenchHTMLBaseline(b, benchPage) }
