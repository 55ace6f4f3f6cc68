package incidentio_test

import (
	"testing"

	"statusfeed.dev/internal/parsertest"
	"statusfeed.dev/parsers/incidentio"
)

var corpusDirs = []string{"incidentio/atom", "incidentio/rss", "incidentio/json", "incidentio/html"}

func TestGolden(t *testing.T) {
	parsertest.Golden(t, incidentio.Parser, incidentio.Name, "atom", "rss", "json", "html")
}

func TestCorpus(t *testing.T) {
	parsertest.Corpus(t, incidentio.Parser, incidentio.Name, []string{"incidentio/atom", "incidentio/rss"}, "atom", "rss")
}

func FuzzParse(f *testing.F) {
	parsertest.FuzzSeeds(f, incidentio.Name, corpusDirs, "atom", "rss", "json", "html")
	f.Fuzz(func(t *testing.T, data []byte) { parsertest.FuzzParse(t, incidentio.Parser, data) })
}

func TestCorpusJSON(t *testing.T) {
	parsertest.CorpusAllWays(t, incidentio.Parser, incidentio.Name, []string{"incidentio/json"}, "json")
}
