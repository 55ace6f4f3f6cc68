package report_test

import (
	"bytes"
	"encoding/json"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/analytics"
	"statusfeed.dev/internal/reporttest"
	"statusfeed.dev/report"
	"statusfeed.dev/statusfeed"
)

func july(d, h, m int) time.Time { return time.Date(2026, 7, d, h, m, 0, 0, time.UTC) }

// sample analyzes three vendors over July 1–3: one with a daily record, a group, a postmortem,
// a declared duration that lies and an incident left open while the page said operational; a
// feed with no components; and a page with a component and no data at all.
func sample(t testing.TB) *analytics.Result { return sampleWith(t, false) }

// sampleWith is sample, with the daily figures the HTML draws when daily is set.
func sampleWith(t testing.TB, daily bool) *analytics.Result {
	api := []statusfeed.ComponentRef{{ID: "api", Name: "API"}}
	acme := &statusfeed.Page{Provider: "statuspage", Name: "Acme", URL: "https://status.acme.example",
		GeneratedAt: july(3, 12, 0), Status: statusfeed.ComponentOperational, RawStatus: "All Systems Operational",
		Components: []statusfeed.Component{
			{ID: "core", Name: "Core", IsGroup: true},
			{ID: "api", Name: "API", Group: "Core", Uptime: []statusfeed.UptimeDay{
				{Date: july(1, 0, 0)}, {Date: july(2, 0, 0), MajorOutageSeconds: 1800}, {Date: july(3, 0, 0), PartialOutageSeconds: 3601}}},
			{ID: "web", Name: "Web | Dashboard"},
		},
		Incidents: []statusfeed.Incident{
			{ID: "a1", Title: "API errors", Kind: statusfeed.KindIncident, Status: statusfeed.StatusResolved,
				Impact: statusfeed.ImpactCritical, Components: api, StartedAt: july(2, 10, 0), ResolvedAt: july(2, 10, 30),
				DeclaredDuration: 5 * time.Minute, RawDeclaredDuration: "5 minutes",
				Updates:    []statusfeed.Update{{At: july(2, 10, 4), Status: statusfeed.StatusInvestigating}},
				Postmortem: &statusfeed.Postmortem{PublishedAt: july(3, 10, 30)}},
			{ID: "a2", Title: "Slow API", Kind: statusfeed.KindIncident, Status: statusfeed.StatusMonitoring,
				Impact: statusfeed.ImpactMinor, Components: api, StartedAt: july(3, 9, 0),
				Updates: []statusfeed.Update{{At: july(3, 9, 0), Status: statusfeed.StatusMonitoring}}},
			{ID: "m1", Title: "Upgrade", Kind: statusfeed.KindMaintenance, Status: statusfeed.StatusCompleted,
				Components: api, StartedAt: july(1, 2, 0), ResolvedAt: july(1, 4, 0)},
		},
	}
	feed := &statusfeed.Page{Provider: "feed", Format: "rss", Name: "Feedy", Incidents: []statusfeed.Incident{
		{ID: "f1", Title: "Down", Kind: statusfeed.KindIncident, Status: statusfeed.StatusResolved,
			Impact: statusfeed.ImpactMajor, StartedAt: july(2, 0, 0), ResolvedAt: july(2, 6, 0)},
		{ID: "f2", Title: "Slow", Kind: statusfeed.KindIncident, Status: statusfeed.StatusResolved,
			Impact: statusfeed.ImpactMinor, StartedAt: july(2, 8, 0), ResolvedAt: july(2, 9, 0)},
	}}
	quiet := &statusfeed.Page{Provider: "statuspage", Name: "Quiet", URL: "https://status.quiet.example",
		GeneratedAt: july(3, 0, 0), Components: []statusfeed.Component{{ID: "q", Name: "Queue"}}}
	period, err := analytics.ParsePeriod("3d")
	require.NoError(t, err)
	res, err := analytics.Analyze(analytics.Input{Pages: []*statusfeed.Page{acme, feed, quiet}}, analytics.Options{Period: period, Daily: daily})
	require.NoError(t, err)
	return res
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestJSONShape pins the documented keys, and nothing more.
func TestJSONShape(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, report.New(sample(t)).WriteJSON(&buf))
	var doc map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
	assert.Equal(t, []string{"vendors", "window"}, keys(doc))
	assert.Equal(t, map[string]any{"from": "2026-07-01T00:00:00Z", "to": "2026-07-04T00:00:00Z"}, doc["window"])
	vendors := doc["vendors"].([]any)
	require.Len(t, vendors, 3)
	acme := vendors[0].(map[string]any)
	assert.Equal(t, []string{"components", "disclosure", "incidents", "provider", "time_to_resolve", "uptime_percent", "vendor"}, keys(acme))
	comps := acme["components"].([]any)
	require.Len(t, comps, 3)
	assert.Equal(t, []string{"component", "component_id", "coverage", "degraded_seconds", "group", "maintenance_seconds",
		"major_outage_seconds", "partial_outage_seconds", "uptime_percent", "uptime_source"}, keys(comps[1].(map[string]any)))
	assert.Equal(t, []string{"count", "max_seconds", "median_seconds", "p90_seconds"}, keys(acme["time_to_resolve"].(map[string]any)))
	assert.Equal(t, []string{"by_impact", "by_kind", "open", "time_to_first_update", "total", "undated", "unknown_status"},
		keys(acme["incidents"].(map[string]any)))
	assert.Equal(t, []string{"duration_mismatches", "major_or_critical", "never_resolved", "operational_while_open",
		"postmortem_delay", "postmortem_share", "with_postmortem"}, keys(acme["disclosure"].(map[string]any)))

	// No incident named the web component while the page listed incidents, from a1's start
	// (July 2 10:00) to the render (July 3 12:00): 26 h of 72 up.
	web := comps[2].(map[string]any)
	assert.Equal(t, "Web | Dashboard", web["component"])
	assert.Equal(t, 100.0, web["uptime_percent"])
	assert.Equal(t, "incidents", web["uptime_source"])
	assert.InDelta(t, 26.0/72, web["coverage"], 1e-12)
	// The API: 1800 s major, 3601 s partial (0.3 × 3601 = 1080.3) over 259 200 s:
	// 100 × (1 − 2880.3/259200) = 98.88877314814815.
	apiC := comps[1].(map[string]any)
	assert.InDelta(t, 98.88877314814815, apiC["uptime_percent"], 1e-9)
	assert.Equal(t, "daily_record", apiC["uptime_source"])
	assert.Equal(t, 1800.0, apiC["major_outage_seconds"])
	assert.Equal(t, 3601.0, apiC["partial_outage_seconds"])
	assert.Equal(t, 7200.0, apiC["maintenance_seconds"])
	// Open since 09:00, minor: degraded until the page was rendered at 12:00.
	assert.Equal(t, 10800.0, apiC["degraded_seconds"])
	assert.Equal(t, "Core", apiC["group"])

	dis := acme["disclosure"].(map[string]any)
	assert.Equal(t, 1.0, dis["postmortem_share"])
	mm := dis["duration_mismatches"].([]any)
	require.Len(t, mm, 1)
	assert.Equal(t, map[string]any{"id": "a1", "title": "API errors", "url": "", "started_at": "2026-07-02T10:00:00Z",
		"declared_seconds": 300.0, "observed_seconds": 1800.0, "declared": "5 minutes"}, mm[0])
	ow := dis["operational_while_open"].([]any)
	require.Len(t, ow, 1)
	assert.Equal(t, "All Systems Operational", ow[0].(map[string]any)["raw_status"])

	feedy := vendors[1].(map[string]any)
	assert.Equal(t, []any{}, feedy["components"])
	// Covered from July 2 00:00 (its oldest incident) to 09:00 (its newest time), 32 400 s;
	// 6 h of a major incident, i.e. partial outage, 0.3 × 21 600 = 6480 s, and a minor hour
	// (degraded, no downtime): 100 × (1 − 6480/32400) = 80.
	assert.InDelta(t, 80.0, feedy["uptime_percent"], 1e-9)
	assert.Equal(t, 0.0, feedy["disclosure"].(map[string]any)["postmortem_share"], "one major incident, no postmortem")

	// No data at all: null, never 100.
	quiet := vendors[2].(map[string]any)
	assert.Nil(t, quiet["uptime_percent"])
	queue := quiet["components"].([]any)[0].(map[string]any)
	assert.Nil(t, queue["uptime_percent"])
	assert.Equal(t, "", queue["uptime_source"])
	assert.Equal(t, 0.0, queue["coverage"])
	assert.Nil(t, quiet["time_to_resolve"].(map[string]any)["median_seconds"])
	assert.Nil(t, quiet["disclosure"].(map[string]any)["postmortem_share"])
}

// TestCSVAgreesWithJSON reads the CSV back with encoding/csv and requires the very figures the
// JSON holds.
func TestCSVAgreesWithJSON(t *testing.T) {
	r := report.New(sample(t))
	var js, cs bytes.Buffer
	require.NoError(t, r.WriteJSON(&js))
	require.NoError(t, r.WriteCSV(&cs))
	var doc report.Report
	require.NoError(t, json.Unmarshal(js.Bytes(), &doc))

	compared := reporttest.CheckCSV(t, cs.String(), doc)
	assert.Equal(t, 4, compared)
}
