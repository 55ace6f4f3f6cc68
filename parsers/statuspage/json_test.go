package statuspage_test

import (
	"testing"

	"statusfeed.dev/internal/parsertest"
	"statusfeed.dev/parsers/statuspage"
)

func TestCorpusJSON(t *testing.T) {
	parsertest.Corpus(t, statuspage.Parser, statuspage.Name, []string{"statuspage/json", "bulk/github-incidents"}, "json")
}
