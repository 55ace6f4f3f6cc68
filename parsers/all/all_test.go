package all_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/internal/corpus"
	_ "statusfeed.dev/parsers/all"
	"statusfeed.dev/statusfeed"
)

func TestRegistered(t *testing.T) {
	assert.Equal(t, []string{"aws", "feed", "gcp", "incidentio", "instatus", "slack", "statuspage"}, statusfeed.Parsers())
}

// TestCorpusFeeds runs detection and parsing through the registry over every Atom and RSS file
// in the corpus, whichever provider it came from.
func TestCorpusFeeds(t *testing.T) {
	parseAll(t, corpus.Files(t, nil, "atom", "rss"))
}

// parseAll detects and parses each file through the registry and checks the page.
func parseAll(t *testing.T, files []string) {
	require.NotEmpty(t, files)
	for _, path := range files {
		t.Run(corpus.Name(t, path), func(t *testing.T) {
			f, err := os.Open(path)
			require.NoError(t, err)
			defer f.Close()
			page, err := statusfeed.Parse(f, statusfeed.Source{Name: path})
			require.NoError(t, err)
			require.NotNil(t, page)
			corpus.Check(t, path, page)
		})
	}
}

// TestCorpusProviderDocuments runs detection and parsing through the registry over every JSON
// and HTML file of the providers statusfeed reads (the 400 bulk GitHub incidents included).
func TestCorpusProviderDocuments(t *testing.T) {
	parseAll(t, corpus.Files(t, []string{"statuspage", "incidentio", "instatus", "gcp", "slack", "aws", "bulk"}, "json", "html"))
}
