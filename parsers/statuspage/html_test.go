package statuspage_test

import (
	"testing"

	"statusfeed.dev/internal/parsertest"
	"statusfeed.dev/parsers/statuspage"
)

func TestCorpusHTML(t *testing.T) {
	parsertest.Corpus(t, statuspage.Parser, statuspage.Name, []string{"statuspage/html"}, "html")
}
