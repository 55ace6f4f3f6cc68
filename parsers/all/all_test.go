package all_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/internal/golden"
	_ "statusfeed.dev/parsers/all"
	"statusfeed.dev/statusfeed"
)

// TestRegistered holds the registry to the parser packages on disk, so that neither list is
// written by hand: every package under parsers/ (but all and internal) is imported by this
// package and registers a parser under its own directory's name, and nothing else registers.
func TestRegistered(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join(golden.Root(t), "parsers"))
	require.NoError(t, err)
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != "all" && e.Name() != "internal" {
			dirs = append(dirs, e.Name())
		}
	}
	require.NotEmpty(t, dirs)
	assert.Equal(t, dirs, statusfeed.Parsers(), "a parser package per registered name: import new ones in parsers/all")
	for _, name := range statusfeed.Parsers() {
		_, ok := statusfeed.Lookup(name)
		assert.True(t, ok, name)
	}
	t.Logf("registered: %v", statusfeed.Parsers())
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
// and HTML file of the providers statusfeed has a parser for (the corpus directory named like
// a registered parser), and the 400 bulk GitHub incidents.
func TestCorpusProviderDocuments(t *testing.T) {
	providers := []string{"bulk"}
	for _, name := range statusfeed.Parsers() {
		if _, err := os.Stat(filepath.Join(corpus.Dir(t), name)); err == nil {
			providers = append(providers, name)
		}
	}
	parseAll(t, corpus.Files(t, providers, "json", "html"), corpus.Check)
}
