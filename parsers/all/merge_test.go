package all_test

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
	"statusfeed.dev/statusfeed"
)

func parseFile(t *testing.T, path string) *statusfeed.Page {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	page, err := statusfeed.Parse(f, statusfeed.Source{Name: filepath.Base(path)})
	require.NoError(t, err)
	return page
}

func incidentByID(t *testing.T, p *statusfeed.Page, id string) *statusfeed.Incident {
	t.Helper()
	for i := range p.Incidents {
		if p.Incidents[i].ID == id {
			return &p.Incidents[i]
		}
	}
	t.Fatalf("no incident %s in %s %s page", id, p.Provider, p.Format)
	return nil
}

// checkFeedAgainstPage holds an incident read from a feed (year-less stamps) to the same
// incident read from its incident page (exact data-datetime-unix times), then merges them.
func checkFeedAgainstPage(t *testing.T, feed, page *statusfeed.Page, id string) {
	t.Helper()
	fi, pi := incidentByID(t, feed, id), incidentByID(t, page, id)
	require.Equal(t, len(pi.Updates), len(fi.Updates), "same timeline length")
	for i := range pi.Updates {
		assert.Equal(t, pi.Updates[i].Status, fi.Updates[i].Status, "update %d status", i)
		assert.Equal(t, pi.Updates[i].At.Truncate(time.Minute), fi.Updates[i].At.Truncate(time.Minute),
			"update %d: the feed's stamp and the page's exact time agree to the minute", i)
	}

	merged, err := statusfeed.Merge(feed, page)
	require.NoError(t, err)
	var found []*statusfeed.Incident
	for i := range merged.Incidents {
		if merged.Incidents[i].ID == id {
			found = append(found, &merged.Incidents[i])
		}
	}
	require.Len(t, found, 1, "one incident after merging")
	m := found[0]
	require.Len(t, m.Sources, 2, "with both sources")
	assert.ElementsMatch(t, []string{"html", feed.Format}, []string{m.Sources[0].Format, m.Sources[1].Format})
	assert.Equal(t, pi.Updates[0].At, m.Updates[0].At, "exact times win over stamps")
	assert.Equal(t, pi.Impact, m.Impact, "the page's impact fills the feed's unknown one")
	assert.Equal(t, len(feed.Incidents), len(merged.Incidents), "the feed's other incidents are kept")
}

func TestMergeFeedAndIncidentPageFixtures(t *testing.T) {
	dir := filepath.Join(golden.Root(t), "testdata", "statuspage")
	feed := parseFile(t, filepath.Join(dir, "basic.atom"))
	page := parseFile(t, filepath.Join(dir, "incident-page.html"))
	checkFeedAgainstPage(t, feed, page, "l4222m9bmd6k")
	merged, err := statusfeed.Merge(page, feed)
	require.NoError(t, err)
	m := incidentByID(t, merged, "l4222m9bmd6k")
	require.NotNil(t, m.Postmortem, "the postmortem from the page")
	assert.Equal(t, "What happened", m.Postmortem.Sections[0].Heading)
	assert.Equal(t, "Streaming", m.Components[1].Group, "components with groups from the page")
}

func TestMergeFeedAndIncidentPageCorpus(t *testing.T) {
	dir := corpus.Dir(t)
	feed := parseFile(t, filepath.Join(dir, "statuspage/atom/digitalocean-2020-01-13.atom"))
	page := parseFile(t, filepath.Join(dir, "statuspage/html/digitalocean-incident-d0glfj89j57y.decoded.html"))
	checkFeedAgainstPage(t, feed, page, "d0glfj89j57y")
}

func TestMergeMatchesByTitleAndTime(t *testing.T) {
	at := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	a := &statusfeed.Page{Provider: "feed", Format: "rss", Incidents: []statusfeed.Incident{{ID: "guid-1", Title: "API errors", StartedAt: at,
		Sources: []statusfeed.Origin{{Provider: "feed", Format: "rss", URL: "a"}}}}}
	b := &statusfeed.Page{Provider: "feed", Format: "json", Incidents: []statusfeed.Incident{{ID: "x9", Title: "api errors ", StartedAt: at.Add(20 * time.Minute),
		Impact: statusfeed.ImpactMajor, Sources: []statusfeed.Origin{{Provider: "feed", Format: "json", URL: "b"}}},
		{ID: "x10", Title: "API errors", StartedAt: at.Add(48 * time.Hour)}}}
	m, err := statusfeed.Merge(a, b)
	require.NoError(t, err)
	require.Len(t, m.Incidents, 2, "a recurrence two days later is another incident")
	assert.Len(t, m.Incidents[1].Sources, 2)
	assert.Equal(t, statusfeed.ImpactMajor, m.Incidents[1].Impact)

	_, err = statusfeed.Merge()
	assert.ErrorIs(t, err, statusfeed.ErrNothingToMerge)
}

// BenchmarkMergeBulk merges 400 real single-incident pages of one vendor (the bulk GitHub set):
// grouping is indexed by key and title, so the cost grows with the incidents, not their square.
func BenchmarkMergeBulk(b *testing.B) {
	files := corpus.Files(b, []string{"bulk/github-incidents"}, "json")
	if len(files) == 0 {
		b.Skip("no bulk incidents in the corpus")
	}
	var pages []*statusfeed.Page
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		page, _ := statusfeed.Parse(bytes.NewReader(data), statusfeed.Source{Name: path})
		if page != nil {
			pages = append(pages, page)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := statusfeed.Merge(pages...); err != nil {
			b.Fatal(err)
		}
	}
}
