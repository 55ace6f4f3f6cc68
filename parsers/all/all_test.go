package all_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/internal/corpus"
	_ "statusfeed.dev/parsers/all"
	"statusfeed.dev/statusfeed"
)

func TestRegistered(t *testing.T) {
	assert.Equal(t, []string{"aws", "betterstack", "feed", "gcp", "incidentio", "instatus", "pagerduty", "slack", "statuspage"}, statusfeed.Parsers())
}

// TestCorpusFeeds runs detection and parsing through the registry over every Atom and RSS file
// in the corpus, whichever provider it came from.
func TestCorpusFeeds(t *testing.T) {
	parseAll(t, corpus.Files(t, nil, "atom", "rss"), corpus.Check)
}

// parseAll detects and parses each file through the registry and checks the page.
func parseAll(t *testing.T, files []string, check func(t *testing.T, path string, page *statusfeed.Page)) {
	require.NotEmpty(t, files)
	for _, path := range files {
		t.Run(corpus.Name(t, path), func(t *testing.T) {
			f, err := os.Open(path)
			require.NoError(t, err)
			defer f.Close()
			page, err := statusfeed.Parse(f, statusfeed.Source{Name: path})
			require.NoError(t, err)
			require.NotNil(t, page)
			check(t, path, page)
		})
	}
}

// TestCorpusProviderDocuments runs detection and parsing through the registry over every JSON
// and HTML file of the providers statusfeed reads (the 400 bulk GitHub incidents included).
func TestCorpusProviderDocuments(t *testing.T) {
	parseAll(t, corpus.Files(t, []string{"statuspage", "incidentio", "instatus", "gcp", "slack", "aws", "bulk"}, "json", "html"), corpus.Check)
}

// TestCorpusBetterStackAndPagerDuty runs detection and parsing through the registry over the
// Better Stack and PagerDuty pages; their own packages hold them to independent readings.
func TestCorpusBetterStackAndPagerDuty(t *testing.T) {
	parseAll(t, corpus.Files(t, []string{"betterstack", "pagerduty"}, "html"), func(t *testing.T, path string, page *statusfeed.Page) {
		provider, _, _ := strings.Cut(corpus.Name(t, path), "/")
		assert.Equal(t, provider, page.Provider)
		assert.NotEmpty(t, page.Components)
		corpus.CheckIncidents(t, page)
	})
}
