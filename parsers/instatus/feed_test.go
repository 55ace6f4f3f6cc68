package instatus_test

import (
	"testing"

	"statusfeed.dev/internal/parsertest"
	"statusfeed.dev/parsers/instatus"
)

var corpusDirs = []string{"instatus/atom", "instatus/rss"}

func TestGolden(t *testing.T) {
	parsertest.Golden(t, instatus.Parser, instatus.Name, "atom", "rss", "json", "html")
}

func TestCorpus(t *testing.T) {
	parsertest.Corpus(t, instatus.Parser, instatus.Name, corpusDirs, "atom", "rss")
}

func FuzzParse(f *testing.F) {
	parsertest.FuzzSeeds(f, instatus.Name, append(corpusDirs, "instatus/html"), "atom", "rss", "json", "html")
	f.Fuzz(func(t *testing.T, data []byte) { parsertest.FuzzParse(t, instatus.Parser, data) })
}
