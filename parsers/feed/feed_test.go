package feed_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
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

// TestLambStatusTiesFollowTheFeedsDirection is the LambStatus demo's "Delayed webhook
// deliveries": two Investigating updates stamped 06:40, listed newest first. The later in the
// document is the older, and comes first in the timeline.
func TestLambStatusTiesFollowTheFeedsDirection(t *testing.T) {
	path := filepath.Join(corpus.Dir(t), "lambstatus", "rss", "demo-status-2017-05.rss")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	page, err := feed.Parser.Parse(bytes.NewReader(data), statusfeed.Source{Name: path})
	require.NoError(t, err)
	var inc *statusfeed.Incident
	for i := range page.Incidents {
		if page.Incidents[i].Title == "Delayed webhook deliveries" {
			inc = &page.Incidents[i]
		}
	}
	require.NotNil(t, inc)
	require.Len(t, inc.Updates, 3)
	assert.Equal(t, "We're investigating delayed webhook deliveries.", inc.Updates[0].Body)
	assert.Equal(t, "We're continuing to investigate delayed webhook deliveries.", inc.Updates[1].Body)
	assert.Equal(t, statusfeed.StatusResolved, inc.Updates[2].Status)
}

// TestItemWithoutDate: an item is its one update, and an update needs a time. Without one the
// item is reported, and kept without updates rather than with a zero time.
func TestItemWithoutDate(t *testing.T) {
	doc := `<?xml version="1.0"?><rss version="2.0"><channel><title>Cloud</title>` +
		`<item><title>Resolved: DNS</title><link>https://x.example/e/1</link><description>Fixed.</description></item>` +
		`<item><title>Resolved: CDN</title><link>https://x.example/e/2</link><pubDate>Thu, 08 Feb 2024 09:00:14 +0000</pubDate></item>` +
		`</channel></rss>`
	page, err := feed.Parser.Parse(strings.NewReader(doc), statusfeed.Source{})
	var ee *statusfeed.EntryError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, "https://x.example/e/1", ee.Entry)
	require.Len(t, page.Incidents, 2)
	assert.Empty(t, page.Incidents[0].Updates)
	assert.Len(t, page.Incidents[1].Updates, 1)
}

// TestKindNeedsAMarker: an item says whether it is an incident or a maintenance only by its
// link, a maintenance word, or a title that says so; otherwise its kind is unknown.
func TestKindNeedsAMarker(t *testing.T) {
	item := func(title, link string) string {
		return `<item><title>` + title + `</title><link>` + link + `</link><pubDate>Thu, 08 Feb 2024 09:00:14 +0000</pubDate></item>`
	}
	doc := `<?xml version="1.0"?><rss version="2.0"><channel><title>Cloud</title>` +
		item("Scheduled network work", "https://x.example/e/1") +
		item("Scheduled maintenance: network work", "https://x.example/e/2") +
		item("Network work", "https://x.example/maintenances/3") +
		item("DNS errors", "https://x.example/incidents/4") +
		item("[Completed] Router upgrade", "https://x.example/e/5") +
		`</channel></rss>`
	page, err := feed.Parser.Parse(strings.NewReader(doc), statusfeed.Source{})
	require.NoError(t, err)
	var kinds []statusfeed.Kind
	for _, inc := range page.Incidents {
		kinds = append(kinds, inc.Kind)
	}
	assert.Equal(t, []statusfeed.Kind{statusfeed.KindUnknown, statusfeed.KindMaintenance, statusfeed.KindMaintenance,
		statusfeed.KindIncident, statusfeed.KindMaintenance}, kinds)
}
