package statuspage_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/internal/golden"
	"statusfeed.dev/internal/parsertest"
	"statusfeed.dev/parsers/statuspage"
	"statusfeed.dev/statusfeed"
)

func TestCorpusHTML(t *testing.T) {
	parsertest.Corpus(t, statuspage.Parser, statuspage.Name, []string{"statuspage/html"}, "html")
}

// TestHistoryInThePageZone: GOV.UK Notify's /history names its zone ("London", a Rails name);
// its stamps are read in Europe/London exactly, so no label is left ambiguous.
func TestHistoryInThePageZone(t *testing.T) {
	path := filepath.Join(corpus.Dir(t), "statuspage/html/govuk-notify-history.html")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	page, err := statuspage.Parser.Parse(bytes.NewReader(data), statusfeed.Source{Name: path})
	require.NoError(t, err)
	require.NotEmpty(t, page.Incidents)
	assert.Empty(t, page.Warnings)
	inc := page.Incidents[0]
	assert.Equal(t, statusfeed.KindMaintenance, inc.Kind)
	assert.Equal(t, "2024-02-29T22:00:00Z", inc.ScheduledFor.Format(time.RFC3339))
	assert.Equal(t, "2024-02-29T23:00:00Z", inc.ScheduledUntil.Format(time.RFC3339))
}

// TestHistorySummerInThePageZone: "BST" alone is ambiguous (British Summer or Bangladesh
// Standard Time); on a page that names Europe/London it is not, and no warning is due. A range
// across the clock change takes each end's own offset.
func TestHistorySummerInThePageZone(t *testing.T) {
	page := parseFile(t, filepath.Join(golden.Root(t), "testdata", "statuspage", "history-summer.html"))
	assert.Empty(t, page.Warnings)
	require.Len(t, page.Incidents, 3)
	assert.Equal(t, "2024-06-12T22:40:00Z", page.Incidents[0].StartedAt.Format(time.RFC3339))
	assert.Equal(t, "2024-06-12T23:25:00Z", page.Incidents[0].ResolvedAt.Format(time.RFC3339))
	assert.Equal(t, "2024-06-04T05:00:00Z", page.Incidents[1].ScheduledFor.Format(time.RFC3339))
	assert.Equal(t, "2024-03-31T00:30:00Z", page.Incidents[2].StartedAt.Format(time.RFC3339))
	assert.Equal(t, "2024-03-31T01:15:00Z", page.Incidents[2].ResolvedAt.Format(time.RFC3339))
}
