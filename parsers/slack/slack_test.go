package slack_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/internal/golden"
	"statusfeed.dev/internal/parsertest"
	"statusfeed.dev/parsers/slack"
	"statusfeed.dev/statusfeed"
)

var corpusDirs = []string{"slack/json"}

func TestGolden(t *testing.T) {
	parsertest.Golden(t, slack.Parser, slack.Name, "json")
}

func TestCorpus(t *testing.T) {
	parsertest.Corpus(t, slack.Parser, slack.Name, corpusDirs, "json")
}

func FuzzParse(f *testing.F) {
	parsertest.FuzzSeeds(f, slack.Name, corpusDirs, "json")
	f.Fuzz(func(t *testing.T, data []byte) { parsertest.FuzzParse(t, slack.Parser, data) })
}

func parseFile(t testing.TB, path string) *statusfeed.Page {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	page, err := slack.Parser.Parse(bytes.NewReader(data), statusfeed.Source{Name: filepath.Base(path)})
	require.NoError(t, err)
	return page
}

func fixture(t testing.TB, name string) string {
	return filepath.Join(golden.Root(t), "testdata", "slack", name)
}

// TestCorpusAgainstRawJSON holds every corpus file to a plain decode of the same bytes: the
// page's raw status, one incident per item with its ID, type and services, one update per note
// in time order with no markup or carriage return left, the start at date_created, and a
// resolved item resolved at its newest note.
func TestCorpusAgainstRawJSON(t *testing.T) {
	for _, path := range corpus.Files(t, corpusDirs, "json") {
		t.Run(corpus.Name(t, path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			var doc any
			require.NoError(t, json.Unmarshal(data, &doc))
			page := parseFile(t, path)
			var items []any
			switch d := doc.(type) {
			case map[string]any:
				items = d["active_incidents"].([]any)
				assert.Equal(t, d["status"], page.RawStatus)
				assert.Equal(t, d["status"] == "ok", page.Status == statusfeed.ComponentOperational)
				assert.NotEqual(t, statusfeed.ComponentUnknown, page.Status)
			case []any:
				items = d
				assert.Equal(t, statusfeed.ComponentUnknown, page.Status, "the history states no overall status")
			}
			require.Len(t, page.Incidents, len(items))
			for i, x := range items {
				it := x.(map[string]any)
				inc := page.Incidents[i]
				assert.Equal(t, fmt.Sprint(it["id"]), inc.ID)
				assert.Equal(t, it["type"], inc.RawImpact)
				assert.Len(t, inc.Components, len(it["services"].([]any)))
				assert.Equal(t, stamp(t, it["date_created"]), inc.StartedAt)
				notes := it["notes"].([]any)
				require.Len(t, inc.Updates, len(notes), inc.ID)
				newest := time.Time{}
				for _, n := range notes {
					if at := stamp(t, n.(map[string]any)["date_created"]); at.After(newest) {
						newest = at
					}
				}
				for _, u := range inc.Updates {
					assert.Equal(t, statusfeed.StatusUpdate, u.Status)
					assert.NotContains(t, u.Body, "\r")
					assert.NotContains(t, u.Body, "<p>")
					assert.NotContains(t, u.Body, "&nbsp;")
				}
				assert.Equal(t, newest, inc.Updates[len(inc.Updates)-1].At, "%s: oldest first", inc.ID)
				switch it["status"] {
				case "resolved":
					assert.Equal(t, statusfeed.StatusResolved, inc.Status)
					assert.Equal(t, newest, inc.ResolvedAt, inc.ID)
				case "active":
					assert.Equal(t, statusfeed.StatusInvestigating, inc.Status)
					assert.True(t, inc.ResolvedAt.IsZero())
				default:
					t.Errorf("%s: status %v not seen before", inc.ID, it["status"])
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

// Slack re-typed item 1054 from incident to notice between two polls, keeping its ID: merged,
// the two captures are one incident, with the later capture's type and full timeline.
func TestMergeTypeFlipCorpus(t *testing.T) {
	dir := filepath.Join(corpus.Dir(t), "slack", "json")
	a := parseFile(t, filepath.Join(dir, "current-2022-01-14a-published-as-incident.json"))
	b := parseFile(t, filepath.Join(dir, "current-2022-01-14b-type-flipped-to-notice.json"))
	require.Equal(t, "1054", a.Incidents[0].ID)
	require.Equal(t, a.Incidents[0].ID, b.Incidents[0].ID, "the ID is the identity, whatever the type")
	assert.Equal(t, "incident", a.Incidents[0].RawImpact)
	assert.Equal(t, "notice", b.Incidents[0].RawImpact)
	checkMergedOnce(t, a, b, "1054", 3, "notice")
}

func TestMergeTypeFlipFixtures(t *testing.T) {
	a := parseFile(t, fixture(t, "current-published.json"))
	b := parseFile(t, fixture(t, "current-notice.json"))
	checkMergedOnce(t, a, b, "1066", 2, "notice")
}

func checkMergedOnce(t *testing.T, a, b *statusfeed.Page, id string, updates int, rawImpact string) {
	t.Helper()
	for _, pages := range [][]*statusfeed.Page{{a, b}, {b, a}} {
		m, err := statusfeed.Merge(pages...)
		require.NoError(t, err)
		var found []statusfeed.Incident
		for _, inc := range m.Incidents {
			if inc.ID == id {
				found = append(found, inc)
			}
		}
		require.Len(t, found, 1, "one incident after merging")
		assert.Len(t, found[0].Sources, 2)
		assert.Len(t, found[0].Updates, updates, "the fuller timeline")
		assert.Equal(t, rawImpact, found[0].RawImpact, "the type from the fuller, later capture")
	}
}

func TestNotesOldestFirst(t *testing.T) {
	page := parseFile(t, fixture(t, "current-outage.json"))
	inc := page.Incidents[0]
	require.Len(t, inc.Updates, 4)
	assert.True(t, strings.HasPrefix(inc.Updates[0].Body, "Some customers may be unable"))
	assert.True(t, strings.HasPrefix(inc.Updates[1].Body, "We've upgraded"), "same-second notes keep the order they were posted")
	assert.True(t, strings.HasPrefix(inc.Updates[2].Body, "Note: we've edited"))
	assert.Equal(t, "Error rates are dropping, and most customers can send messages again.\n\nWe'll keep working until everyone is back to normal.", inc.Updates[3].Body)
	assert.Equal(t, time.Date(2021, 2, 22, 14, 52, 10, 0, time.UTC), inc.StartedAt, "-08:00 made UTC")
	assert.Equal(t, statusfeed.ImpactMajor, inc.Impact)
	assert.Equal(t, statusfeed.ComponentMajorOutage, page.Status)
}

func TestPageStatus(t *testing.T) {
	ok := parseFile(t, fixture(t, "current-ok.json"))
	assert.Equal(t, statusfeed.ComponentOperational, ok.Status)
	assert.Equal(t, "ok", ok.RawStatus)
	assert.Empty(t, ok.Incidents)

	two := parseFile(t, fixture(t, "current-notice.json"))
	assert.Equal(t, statusfeed.ComponentPartialOutage, two.Status, "the worst of a notice and an incident")

	page, err := slack.Parser.Parse(strings.NewReader(`{"status":"degraded","active_incidents":[]}`), statusfeed.Source{})
	require.NoError(t, err)
	assert.Equal(t, statusfeed.ComponentUnknown, page.Status, "not ok, and nothing says how bad")
	assert.Equal(t, "degraded", page.RawStatus)
}

func TestHistoryResolvedAtNewestNote(t *testing.T) {
	page := parseFile(t, fixture(t, "history.json"))
	inc := page.Incidents[1]
	require.Equal(t, "1580", inc.ID)
	assert.Equal(t, time.Date(2026, 8, 28, 3, 43, 47, 0, time.UTC), inc.ResolvedAt, "not date_updated, 19 hours later")
	assert.Equal(t, "The fix is deployed and file uploads work again for everyone.\nWe apologize for any disruption to your day.", inc.Updates[1].Body)
}

func TestIDs(t *testing.T) {
	for doc, want := range map[string]string{
		`[{"id":1576,"date_created":"2026-08-13T14:21:41-07:00","notes":[]}]`:   "1576",
		`[{"id":"546","date_created":"2018-09-07T14:35:00-07:00","notes":[]}]`:  "546",
		`[{"id":1e3,"date_created":"2018-09-07T14:35:00-07:00","services":[]}]`: "1e3",
	} {
		page, err := slack.Parser.Parse(strings.NewReader(doc), statusfeed.Source{})
		require.NoError(t, err, doc)
		assert.Equal(t, want, page.Incidents[0].ID)
	}
}

func TestDetect(t *testing.T) {
	src := statusfeed.Source{Format: statusfeed.FormatJSON}
	for doc, want := range map[string]statusfeed.Match{
		`{"status":"ok","active_incidents":[]}`:                        statusfeed.Certain,
		`[{"id":1,"title":"x","date_created":"","notes":[]}]`:          statusfeed.Certain,
		`[{"id":1,"title":"x","date_created":"","services":[]}]`:       statusfeed.Certain,
		`{"activeIncidents":[],"page":{}}`:                             statusfeed.NoMatch,
		`[{"id":"a","external_desc":"x","most_recent_update":{}}]`:     statusfeed.NoMatch,
		`{"page":{"id":"abc"},"incidents":[{"created_at":"","notes"}]`: statusfeed.NoMatch,
		`[]`: statusfeed.NoMatch,
	} {
		assert.Equal(t, want, slack.Detect([]byte(doc), src), doc)
	}
}

// No other corpus document may be claimed, by any level, by this parser's detector.
func TestDetectClaimsNoOtherCorpusFile(t *testing.T) {
	parsertest.DetectOwnOnly(t, slack.Detect, "slack/")
}

func TestDeclinesOtherDocuments(t *testing.T) {
	for _, doc := range []string{
		`{"page":{"id":"abc"},"incidents":[]}`,
		`[{"id":"a","external_desc":"x","updates":[]}]`,
		`"ok"`,
		`<feed xmlns="http://www.w3.org/2005/Atom"></feed>`,
	} {
		page, err := slack.Parser.Parse(strings.NewReader(doc), statusfeed.Source{})
		assert.Nil(t, page, doc)
		assert.ErrorIs(t, err, statusfeed.ErrUnknownFormat, doc)
	}
}

// A broken item costs only itself: the rest are read, and the error names it.
func TestPartialResult(t *testing.T) {
	doc := `{"status":"active","active_incidents":[
	  {"id":1,"title":"good","type":"incident","status":"active","date_created":"2022-01-14T08:06:36-08:00",
	   "notes":[{"date_created":"2022-01-14T08:06:36-08:00","body":"a"}]},
	  {"id":2,"title":"bad time","type":"incident","status":"active","date_created":"2022-01-14 08:06",
	   "notes":[{"date_created":"soon","body":"b"},{"date_created":"2022-01-14T09:00:00-08:00","body":"c"}]},
	  {"id":{"no":1},"title":"bad id"}]}`
	page, err := slack.Parser.Parse(strings.NewReader(doc), statusfeed.Source{})
	require.NotNil(t, page)
	var ee *statusfeed.EntryError
	require.ErrorAs(t, err, &ee)
	assert.Contains(t, err.Error(), `entry "2"`)
	assert.Contains(t, err.Error(), `entry "#2"`)
	require.Len(t, page.Incidents, 2)
	assert.Len(t, page.Incidents[1].Updates, 1, "the readable note is kept")
	assert.Equal(t, time.Date(2022, 1, 14, 17, 0, 0, 0, time.UTC), page.Incidents[1].StartedAt, "the first note stands in for the start")
}

func TestEndpoints(t *testing.T) {
	l := slack.Parser.(statusfeed.EndpointLister)
	for _, host := range []string{"https://slack-status.com", "https://status.slack.com"} {
		site, _ := url.Parse(host)
		assert.Equal(t, []string{host + "/api/v2.0.0/current", host + "/api/v2.0.0/history"}, l.Endpoints(site, []byte("<html></html>"), false))
	}
	other, _ := url.Parse("https://status.example.com")
	assert.Nil(t, l.Endpoints(other, []byte("<html></html>"), false), "nothing is guessed for another host")
	assert.Len(t, l.Endpoints(other, []byte(`{"active_incidents":[]}`), true), 2)
}

func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile(fixture(b, "history.json"))
	require.NoError(b, err)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := slack.Parser.Parse(bytes.NewReader(data), statusfeed.Source{}); err != nil {
			b.Fatal(err)
		}
	}
}
