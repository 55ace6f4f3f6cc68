package gcp_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/internal/golden"
	"statusfeed.dev/internal/parsertest"
	"statusfeed.dev/parsers/gcp"
	"statusfeed.dev/statusfeed"
)

var corpusDirs = []string{"gcp/json"}

func TestGolden(t *testing.T) {
	parsertest.Golden(t, gcp.Parser, gcp.Name, "json")
}

func TestCorpus(t *testing.T) {
	parsertest.Corpus(t, gcp.Parser, gcp.Name, corpusDirs, "json")
}

func FuzzParse(f *testing.F) {
	parsertest.FuzzSeeds(f, gcp.Name, corpusDirs, "json")
	f.Add([]byte(`[{"external_desc":"x","updates":[{"when":"2022-01-01T00:00:00+00:00","text":"| a |\n## \\# b","status":"AVAILABLE"}]}]`))
	f.Fuzz(func(t *testing.T, data []byte) { parsertest.FuzzParse(t, gcp.Parser, data) })
}

func parseFile(t testing.TB, path string) *statusfeed.Page {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	page, err := gcp.Parser.Parse(bytes.NewReader(data), statusfeed.Source{Name: filepath.Base(path)})
	require.NoError(t, err)
	return page
}

func fixture(t testing.TB, name string) string {
	return filepath.Join(golden.Root(t), "testdata", "gcp", name)
}

// TestCorpusAgainstRawJSON holds every corpus file to a plain decode of the same bytes: one
// incident per element with its id, products and begin; the timeline holds every update (the
// newest incident report moved to the postmortem); regions are the sorted, unique location IDs
// named anywhere in the incident; and an incident is resolved exactly when it has an "end".
func TestCorpusAgainstRawJSON(t *testing.T) {
	for _, path := range corpus.Files(t, corpusDirs, "json") {
		t.Run(corpus.Name(t, path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			var raw []map[string]any
			require.NoError(t, json.Unmarshal(data, &raw))
			page := parseFile(t, path)
			require.Len(t, page.Incidents, len(raw))
			for i, r := range raw {
				inc := page.Incidents[i]
				assert.Equal(t, r["id"], inc.ID)
				assert.Equal(t, "https://status.cloud.google.com/"+r["uri"].(string), inc.URL)
				assert.Len(t, inc.Components, len(r["affected_products"].([]any)), inc.ID)
				assert.Equal(t, stamp(t, r["begin"]), inc.StartedAt, inc.ID)

				updates := r["updates"].([]any)
				n := len(inc.Updates)
				if inc.Postmortem != nil {
					n++
					assert.NotEmpty(t, inc.Postmortem.Sections, "%s: postmortem sections", inc.ID)
				}
				assert.Equal(t, len(updates), n, "%s: every update on the timeline or in the postmortem", inc.ID)
				assert.Equal(t, hasReport(updates), inc.Postmortem != nil, "%s: postmortem iff an update is a report", inc.ID)

				assert.Equal(t, locations(r), inc.Regions, inc.ID)

				if end, ok := r["end"]; ok {
					assert.Equal(t, statusfeed.StatusResolved, inc.Status, inc.ID)
					assert.Equal(t, stamp(t, end), inc.ResolvedAt, inc.ID)
				} else { // open: no end key
					assert.True(t, inc.ResolvedAt.IsZero(), "%s: an open incident has no resolution time", inc.ID)
					assert.True(t, inc.Status.Lifecycle() && !inc.Status.Terminal(), "%s: open, got %s", inc.ID, inc.Status)
				}
			}
		})
	}
}

func stamp(t *testing.T, v any) time.Time {
	t.Helper()
	ts, err := time.Parse(time.RFC3339, v.(string))
	require.NoError(t, err)
	return ts.UTC()
}

// hasReport is the test's own reading of which updates are incident reports: the first line
// names one, or the text states the incident's start and end.
func hasReport(updates []any) bool {
	for _, u := range updates {
		text := u.(map[string]any)["text"].(string)
		first := strings.ToLower(strings.SplitN(strings.TrimSpace(text), "\n", 2)[0])
		first = strings.TrimLeft(first, `#*\ `)
		for _, p := range []string{"mini ", "preliminary ", "updated ", "final ", "full "} {
			first = strings.TrimPrefix(first, p)
		}
		if strings.HasPrefix(first, "incident report") || strings.HasPrefix(first, "incident-report") ||
			strings.Contains(text, "**Incident Start:**") && strings.Contains(text, "**Incident End:**") {
			return true
		}
	}
	return false
}

func locations(r map[string]any) []string {
	set := map[string]bool{}
	add := func(list any) {
		l, _ := list.([]any)
		for _, x := range l {
			if m, ok := x.(map[string]any); ok {
				set[m["id"].(string)] = true
			}
		}
	}
	add(r["currently_affected_locations"])
	add(r["previously_affected_locations"])
	for _, u := range r["updates"].([]any) {
		add(u.(map[string]any)["affected_locations"])
	}
	var out []string
	for id := range set {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// The 2026 reports escape their headings ("## \# Incident Report", "## \#\# Summary"): the
// postmortem reads as plain text, split at those headings.
func TestEscapedHeadingsCorpus(t *testing.T) {
	path := filepath.Join(corpus.Dir(t), "gcp", "json", "gcp-incidents-2026-07-top2.json")
	page := parseFile(t, path)
	for _, inc := range page.Incidents {
		require.NotNil(t, inc.Postmortem, inc.ID)
		pm := inc.Postmortem
		assert.True(t, strings.HasPrefix(pm.Body, "Incident Report\n\nSummary\n"), "%s: %.60q", inc.ID, pm.Body)
		assert.NotContains(t, pm.Body, `\#`)
		assert.NotContains(t, pm.Body, "##")
		assert.NotContains(t, pm.Body, "**")
		var heads []string
		for _, s := range pm.Sections {
			heads = append(heads, s.Heading)
		}
		assert.Subset(t, heads, []string{"Summary", "Root Cause", "Remediation and Prevention"}, inc.ID)
	}
	assert.Equal(t, time.Date(2026, 7, 25, 13, 16, 55, 0, time.UTC), page.Incidents[0].Postmortem.PublishedAt)
}

func TestOpenIncidents(t *testing.T) {
	page := parseFile(t, fixture(t, "open-2026.json"))
	require.Len(t, page.Incidents, 2)
	open := page.Incidents[0]
	assert.Equal(t, "Op3nIncid3ntNoEnd001", open.ID)
	assert.Equal(t, statusfeed.StatusInvestigating, open.Status, "no end and no AVAILABLE: open")
	assert.True(t, open.ResolvedAt.IsZero())
	_, ok := open.Duration()
	assert.False(t, ok, "an open incident has no duration")
	assert.Equal(t, []string{"us-west1", "us-west1-b"}, open.Regions)
	assert.Equal(t, statusfeed.ImpactCritical, open.Impact)
	assert.Equal(t, "SERVICE_OUTAGE/high", open.RawImpact)

	mitigated := page.Incidents[1]
	assert.Equal(t, statusfeed.StatusMonitoring, mitigated.Status, "AVAILABLE but no end: not closed")
	assert.True(t, mitigated.ResolvedAt.IsZero())
	assert.Equal(t, []string{"europe-west3", "europe-west4"}, mitigated.Regions, "sorted and unique")
}

func TestResolvedByEndWithoutAvailable(t *testing.T) {
	page := parseFile(t, fixture(t, "resolved-2022.json"))
	inc := page.Incidents[1]
	require.Equal(t, "Aa1Bb2Cc3Dd4Ee5Ff6Gg", inc.ID)
	assert.Equal(t, statusfeed.StatusResolved, inc.Status)
	assert.Equal(t, time.Date(2022, 5, 9, 3, 48, 10, 0, time.UTC), inc.ResolvedAt)
	require.Len(t, inc.Updates, 1)
	assert.Equal(t, statusfeed.StatusUpdate, inc.Updates[0].Status)
	assert.Equal(t, "SERVICE_OUTAGE", inc.Updates[0].RawStatus)
}

func TestSourceHostResolvesLinks(t *testing.T) {
	data, err := os.ReadFile(fixture(t, "resolved-2022.json"))
	require.NoError(t, err)
	page, err := gcp.Parser.Parse(bytes.NewReader(data), statusfeed.Source{URL: "http://127.0.0.1:8080/incidents.json"})
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:8080", page.URL)
	assert.Equal(t, "http://127.0.0.1:8080/incidents/Xq7LmN2pR4sT6uV8wY0z", page.Incidents[0].URL)
}

func TestDetect(t *testing.T) {
	src := statusfeed.Source{Format: statusfeed.FormatJSON}
	for _, tc := range []struct {
		doc  string
		want statusfeed.Match
	}{
		{`[{"id":"a","external_desc":"x","updates":[],"most_recent_update":{}}]`, statusfeed.Certain},
		{"[\n  {\n    \"id\": \"a\",\n    \"external_desc\": \"x\",\n    \"updates\": [{\"when\": \"\", \"affected_locations\": []}]", statusfeed.Certain},
		{`[{"id":"a","external_desc":"x","updates":[{"text":"a very long report`, statusfeed.Possible},
		{`{"external_desc":"x","most_recent_update":{}}`, statusfeed.NoMatch},
		{`[{"id":1,"title":"x","date_created":"","notes":[]}]`, statusfeed.NoMatch},
		{`[]`, statusfeed.NoMatch},
	} {
		assert.Equal(t, tc.want, gcp.Detect([]byte(tc.doc), src), tc.doc)
	}
	assert.Equal(t, statusfeed.NoMatch, gcp.Detect([]byte(`[{"external_desc":"x","most_recent_update":{}}]`), statusfeed.Source{Format: statusfeed.FormatHTML}))
}

// No other corpus document may be claimed, by any level, by this parser's detector.
func TestDetectClaimsNoOtherCorpusFile(t *testing.T) {
	parsertest.DetectOwnOnly(t, gcp.Detect, "gcp/")
}

func TestDeclinesOtherDocuments(t *testing.T) {
	for _, doc := range []string{
		`{"page":{"id":"abc"},"incidents":[]}`,
		`[{"id":1576,"title":"x","date_created":"2026-08-13T14:21:41-07:00","notes":[]}]`,
		`[1, 2]`,
		`<feed xmlns="http://www.w3.org/2005/Atom"></feed>`,
	} {
		page, err := gcp.Parser.Parse(strings.NewReader(doc), statusfeed.Source{})
		assert.Nil(t, page, doc)
		assert.ErrorIs(t, err, statusfeed.ErrUnknownFormat, doc)
	}
	page, err := gcp.Parser.Parse(strings.NewReader(" []\n"), statusfeed.Source{})
	require.NoError(t, err, "an empty list is a quiet dashboard")
	assert.Empty(t, page.Incidents)
}

// A broken incident costs only itself: the rest are read, and the error names it.
func TestPartialResult(t *testing.T) {
	doc := `[{"id":"good","external_desc":"ok","begin":"2022-01-01T00:00:00+00:00","end":"2022-01-01T01:00:00+00:00",
	  "updates":[{"when":"2022-01-01T00:10:00+00:00","text":"x","status":"SERVICE_DISRUPTION"}]},
	 {"id":"bad-begin","external_desc":"b","begin":"yesterday","updates":[{"when":"2022-01-02T00:10:00+00:00","text":"y","status":"SERVICE_OUTAGE"}]},
	 {"id":"bad-type","external_desc":"c","updates":"none"}]`
	page, err := gcp.Parser.Parse(strings.NewReader(doc), statusfeed.Source{})
	require.NotNil(t, page)
	require.Error(t, err)
	var ee *statusfeed.EntryError
	require.ErrorAs(t, err, &ee)
	assert.Contains(t, err.Error(), `"bad-begin"`)
	assert.Contains(t, err.Error(), `"#2"`)
	require.Len(t, page.Incidents, 2)
	assert.Equal(t, statusfeed.StatusResolved, page.Incidents[0].Status)
	assert.Equal(t, time.Date(2022, 1, 2, 0, 10, 0, 0, time.UTC), page.Incidents[1].StartedAt, "the first update stands in for an unreadable begin")
}

func TestEndpoints(t *testing.T) {
	l := gcp.Parser.(statusfeed.EndpointLister)
	site, _ := url.Parse("https://status.cloud.google.com")
	assert.Equal(t, []string{"https://status.cloud.google.com/incidents.json"}, l.Endpoints(site, []byte("<html></html>"), false))
	other, _ := url.Parse("https://status.example.com")
	assert.Nil(t, l.Endpoints(other, []byte("<html></html>"), false), "nothing is guessed for another host")
	assert.Equal(t, []string{"https://status.example.com/incidents.json"}, l.Endpoints(other, []byte(`[{"external_desc":""}]`), true))
}

func BenchmarkParse(b *testing.B) {
	path := filepath.Join(corpus.Dir(b), "gcp", "json", "gcp-incidents-2022-07.json")
	data, err := os.ReadFile(path)
	require.NoError(b, err)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := gcp.Parser.Parse(bytes.NewReader(data), statusfeed.Source{}); err != nil {
			b.Fatal(err)
		}
	}
}

// A document of well-formed incidents is decoded in one pass; anything else element by element.
// Both must read an incident alike: each corpus file and fixture, given one foreign element more
// (which sends it down the element-by-element path), reads as the same incidents, and a bare ID
// string among the locations (which only that path reads) names the same region as the object.
func TestOnePassReadsAsElementByElement(t *testing.T) {
	paths := corpus.Files(t, corpusDirs, "json")
	fixtures, _ := filepath.Glob(fixture(t, "*.json"))
	for _, f := range fixtures {
		if !strings.HasSuffix(f, ".golden.json") {
			paths = append(paths, f)
		}
	}
	require.NotEmpty(t, paths)
	for _, path := range paths {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		fast := parseFile(t, path)
		require.NotEmpty(t, fast.Incidents, path)
		i := bytes.LastIndexByte(data, ']')
		slowDoc := append(append(bytes.Clone(data[:i]), `,1`...), data[i:]...)
		slow, err := gcp.Parser.Parse(bytes.NewReader(slowDoc), statusfeed.Source{Name: filepath.Base(path)})
		require.ErrorContains(t, err, "1 array elements are not Google Cloud incidents", path)
		assert.Equal(t, fast.Incidents, slow.Incidents, path)
	}
	obj := `[{"id":"a","external_desc":"x","begin":"2022-01-01T00:00:00+00:00","currently_affected_locations":[{"title":"Iowa","id":"us-central1"}]}]`
	bare := strings.Replace(obj, `{"title":"Iowa","id":"us-central1"}`, `"us-central1"`, 1)
	var pages []*statusfeed.Page
	for _, doc := range []string{obj, bare} {
		page, err := gcp.Parser.Parse(strings.NewReader(doc), statusfeed.Source{})
		require.NoError(t, err, doc)
		require.Len(t, page.Incidents, 1, doc)
		pages = append(pages, page)
	}
	assert.Equal(t, []string{"us-central1"}, pages[0].Incidents[0].Regions)
	assert.Equal(t, pages[0].Incidents, pages[1].Incidents)
}
