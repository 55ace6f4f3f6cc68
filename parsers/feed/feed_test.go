package feed_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/internal/parsertest"
	"statusfeed.dev/parsers/feed"
	"statusfeed.dev/statusfeed"
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

// TestMicrosoft365Status checks what the admin-center feed says, read off the file by hand: one
// standing notice titled like the page, "<status>Available</status>", "20:53:00 Z".
func TestMicrosoft365Status(t *testing.T) {
	path := filepath.Join(corpus.Dir(t), "microsoft365", "rss", "admin-center-mac-available-2026-09.rss")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	page, err := feed.Parser.Parse(bytes.NewReader(data), statusfeed.Source{Name: path})
	require.NoError(t, err)
	assert.Equal(t, "Microsoft Admin Center", page.Name)
	assert.Equal(t, statusfeed.ComponentOperational, page.Status)
	assert.Equal(t, "Available", page.RawStatus)
	require.Len(t, page.Incidents, 1)
	inc := page.Incidents[0]
	assert.Equal(t, statusfeed.KindUnknown, inc.Kind, "a standing notice is not an incident")
	assert.Equal(t, statusfeed.StatusUnknown, inc.Status)
	require.Len(t, inc.Updates, 1)
	assert.Equal(t, "Available", inc.Updates[0].RawStatus)
	assert.Equal(t, statusfeed.StatusUpdate, inc.Updates[0].Status)
	assert.Equal(t, time.Date(2026, 9, 3, 20, 53, 0, 0, time.UTC), inc.Updates[0].At)
}
