package feed_test

import (
	"testing"

	"statusfeed.dev/internal/parsertest"
	"statusfeed.dev/parsers/feed"
)

var corpusDirs = []string{"microsoft365/rss", "lambstatus/rss"}

func TestGolden(t *testing.T) {
	parsertest.Golden(t, feed.Parser, feed.Name, "atom", "rss")
}

func TestCorpus(t *testing.T) {
	parsertest.Corpus(t, feed.Parser, feed.Name, corpusDirs, "atom", "rss")
}

func FuzzParse(f *testing.F) {
	parsertest.FuzzSeeds(f, feed.Name, corpusDirs, "atom", "rss")
	f.Fuzz(func(t *testing.T, data []byte) { parsertest.FuzzParse(t, feed.Parser, data) })
}
