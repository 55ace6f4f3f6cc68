package statuspage_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/internal/golden"
	"statusfeed.dev/internal/parsertest"
	"statusfeed.dev/parsers/statuspage"
	"statusfeed.dev/statusfeed"
)

func TestGolden(t *testing.T) {
	parsertest.Golden(t, statuspage.Parser, statuspage.Name, "atom", "rss", "json", "html")
}

func TestCorpus(t *testing.T) {
	parsertest.Corpus(t, statuspage.Parser, statuspage.Name, []string{"statuspage/atom", "statuspage/rss"}, "atom", "rss")
}

func FuzzParse(f *testing.F) {
	parsertest.FuzzSeeds(f, statuspage.Name, []string{"statuspage/atom", "statuspage/rss", "statuspage/json", "statuspage/html"},
		"atom", "rss", "json", "html")
	f.Fuzz(func(t *testing.T, data []byte) { parsertest.FuzzParse(t, statuspage.Parser, data) })
}

func parseFile(t *testing.T, path string) *statusfeed.Page {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	page, err := statuspage.Parser.Parse(bytes.NewReader(data), statusfeed.Source{Name: path})
	require.NoError(t, err)
	return page
}

// sameIncidents compares the incidents of an Atom and an RSS read of one page, apart from
// provenance.
func sameIncidents(t *testing.T, atom, rss *statusfeed.Page) {
	t.Helper()
	require.Equal(t, len(atom.Incidents), len(rss.Incidents))
	for i := range atom.Incidents {
		a, r := atom.Incidents[i], rss.Incidents[i]
		a.Sources, r.Sources = nil, nil
		assert.Equal(t, a, r, "incident %d (%s)", i, a.Title)
	}
	assert.Equal(t, atom.Name, rss.Name)
}

func TestAtomAndRSSAgreeOnFixtures(t *testing.T) {
	dir := filepath.Join(golden.Root(t), "testdata", "statuspage")
	sameIncidents(t, parseFile(t, filepath.Join(dir, "basic.atom")), parseFile(t, filepath.Join(dir, "basic-rss.rss")))
}

func TestAtomAndRSSAgreeOnStreamYard(t *testing.T) {
	dir := corpus.Dir(t)
	atom := parseFile(t, filepath.Join(dir, "statuspage/atom/streamyard-history.atom"))
	rss := parseFile(t, filepath.Join(dir, "statuspage/rss/streamyard-history.rss"))
	require.NotEmpty(t, atom.Incidents)
	sameIncidents(t, atom, rss)
}

func TestLegacySummerPST(t *testing.T) {
	page := parseFile(t, filepath.Join(golden.Root(t), "testdata", "statuspage", "legacy.rss"))
	inc := page.Incidents[0]
	// "Jul 10, 09:00 PST" on an item dated -0700 is 09:00 PDT: 16:00 UTC, not 17:00.
	assert.Equal(t, "2014-07-10T16:00:00Z", inc.Updates[0].At.Format("2006-01-02T15:04:05Z07:00"))
	assert.Contains(t, page.Warnings, `zone label "PST" contradicts the entry's offset -07:00; used the entry's offset`)
	require.NotNil(t, inc.Postmortem, "the Postmortem block is the postmortem")
	assert.Len(t, inc.Updates, 2, "and not an update")
	var headings []string
	for _, s := range inc.Postmortem.Sections {
		headings = append(headings, s.Heading)
	}
	assert.Equal(t, []string{"Summary", "Root Cause", "Next Steps"}, headings)
	// Winter items keep PST.
	assert.Equal(t, "2014-01-02T07:50:00Z", page.Incidents[1].Updates[0].At.Format("2006-01-02T15:04:05Z07:00"))
}

func TestDetectIgnoresFileNames(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(golden.Root(t), "testdata", "statuspage", "basic.atom"))
	require.NoError(t, err)
	name, err := statusfeed.Detect(data, statusfeed.Source{Name: "instatus-history.rss", URL: "https://example.com/feed.json"})
	require.NoError(t, err)
	assert.Equal(t, statuspage.Name, name)
	_, err = statusfeed.Detect([]byte(`{"page":{}}`), statusfeed.Source{Name: "history.atom"})
	assert.ErrorIs(t, err, statusfeed.ErrUnknownFormat)
}

// TestResolutionOnlyStartIsUnknown: nine entries of Statuspage's own 2019 feed hold a single
// "Resolved" update. When they began is not in the feed: no start, and no duration (not 0).
func TestResolutionOnlyStartIsUnknown(t *testing.T) {
	page := parseFile(t, filepath.Join(corpus.Dir(t), "statuspage/atom/metastatuspage-2019-11.atom"))
	n := 0
	for _, inc := range page.Incidents {
		if len(inc.Updates) != 1 || inc.Updates[0].Status != statusfeed.StatusResolved {
			continue
		}
		n++
		assert.True(t, inc.StartedAt.IsZero(), "%s: started at %v", inc.Title, inc.StartedAt)
		assert.Equal(t, inc.Updates[0].At, inc.ResolvedAt, inc.Title)
		_, ok := inc.Duration()
		assert.False(t, ok, "%s: duration unknown", inc.Title)
		assert.Equal(t, statusfeed.KindIncident, inc.Kind, "%s: Statuspage's incident words", inc.Title)
	}
	assert.Equal(t, 9, n)
}

// TestKindsFromStatuspageWords: in Statuspage's feeds every entry links to /incidents/, and
// only the status words tell a maintenance from an incident.
func TestKindsFromStatuspageWords(t *testing.T) {
	page := parseFile(t, filepath.Join(corpus.Dir(t), "statuspage/atom/digitalocean-2020-01-13.atom"))
	kinds := map[statusfeed.Kind]int{}
	for _, inc := range page.Incidents {
		kinds[inc.Kind]++
	}
	assert.Equal(t, map[statusfeed.Kind]int{statusfeed.KindIncident: 20, statusfeed.KindMaintenance: 5}, kinds)
}
