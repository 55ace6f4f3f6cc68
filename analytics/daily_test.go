package analytics_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/analytics"
	"statusfeed.dev/statusfeed"
)

// TestDailyAddsUp requires each component's days to add up to its figure for the window, on
// every source, and to name the incidents behind each day.
func TestDailyAddsUp(t *testing.T) {
	threeDays := analytics.Between(at(1, 0, 0), at(4, 0, 0))
	rec := withDays(page(at(3, 12, 0), history, maint("m1", at(1, 2, 0), at(1, 4, 0)),
		inc("a1", statusfeed.ImpactMinor, at(2, 23, 0), at(3, 1, 0))),
		day(1, 0, 0), day(2, 600, 1800), day(3, 3601, 0))
	rec.Components[0].Uptime[1].Incidents = []string{"a1", "gone"}
	feedOnly := page(at(3, 12, 0), history, inc("b1", statusfeed.ImpactCritical, at(2, 10, 0), at(2, 10, 30)))
	feedOnly.URL, feedOnly.Name = "https://status.other.example", "Other"
	ivs := []analytics.StatusInterval{
		{Vendor: "status.third.example", ComponentID: "db", Component: "DB", From: at(1, 12, 0), To: at(2, 12, 0), Status: statusfeed.ComponentOperational},
		{Vendor: "status.third.example", ComponentID: "db", Component: "DB", From: at(2, 12, 0), To: at(2, 13, 0), Status: statusfeed.ComponentPartialOutage},
	}
	res, err := analytics.Analyze(analytics.Input{Pages: []*statusfeed.Page{rec, feedOnly}, Intervals: ivs},
		analytics.Options{Period: threeDays, Daily: true})
	require.NoError(t, err)
	require.Len(t, res.Vendors, 3)
	sources := map[analytics.Source]bool{}
	for _, v := range res.Vendors {
		for _, c := range v.Components {
			sources[c.Source] = true
			require.Len(t, c.Days, 3, "%s/%s", v.Name, c.Name)
			var sum analytics.DayUptime
			for i, d := range c.Days {
				assert.Equal(t, at(1+i, 0, 0), d.Date)
				sum.Covered += d.Covered
				sum.MajorOutage += d.MajorOutage
				sum.PartialOutage += d.PartialOutage
				sum.Degraded += d.Degraded
				sum.Maintenance += d.Maintenance
				sum.Unknown += d.Unknown
			}
			assert.Equal(t, c.Covered, sum.Covered, "%s/%s", v.Name, c.Name)
			assert.Equal(t, [5]time.Duration{c.MajorOutage, c.PartialOutage, c.Degraded, c.Maintenance, c.Unknown},
				[5]time.Duration{sum.MajorOutage, sum.PartialOutage, sum.Degraded, sum.Maintenance, sum.Unknown}, "%s/%s", v.Name, c.Name)
		}
	}
	assert.Equal(t, map[analytics.Source]bool{analytics.SourceDaily: true, analytics.SourceIncidents: true, analytics.SourceIntervals: true}, sources)

	api := res.Vendors[0].Components[0]
	ids := func(d analytics.DayUptime) []string {
		var out []string
		for _, r := range d.Incidents {
			out = append(out, r.ID)
		}
		return out
	}
	assert.Equal(t, []string{"m1"}, ids(api.Days[0]), "the maintenance on its day")
	// The record relates a1 and an incident the pages no longer list to July 2; a1 lasted
	// into July 3.
	assert.Equal(t, []string{"gone", "a1"}, ids(api.Days[1]))
	assert.Equal(t, []string{"a1"}, ids(api.Days[2]))
	assert.Equal(t, time.Hour, api.Days[2].Degraded)
	assert.Equal(t, 1800*time.Second, api.Days[1].MajorOutage)
	require.NotNil(t, api.Days[0].UptimePercent)
	assert.Equal(t, 100.0, *api.Days[0].UptimePercent)

	// Status intervals: July 1 has 12 h covered, July 3 none (no data, no figure).
	db := res.Vendors[2].Components[0]
	assert.Equal(t, 12*time.Hour, db.Days[0].Covered)
	assert.Equal(t, time.Hour, db.Days[1].PartialOutage)
	assert.Nil(t, db.Days[2].UptimePercent)
	assert.Zero(t, db.Days[2].Covered)

	var listed []string
	for _, i := range res.Vendors[0].Listed {
		listed = append(listed, i.ID)
	}
	assert.Equal(t, []string{"a1", "m1"}, listed, "the window's incidents, newest first; the old one is outside")
}

// TestDailyPartialDays cuts the days to a window that does not start at midnight.
func TestDailyPartialDays(t *testing.T) {
	p := page(at(2, 6, 0), history, inc("x", statusfeed.ImpactCritical, at(1, 20, 0), at(2, 2, 0)))
	h24, err := analytics.ParsePeriod("24h")
	require.NoError(t, err)
	res, err := analytics.Analyze(analytics.Input{Pages: []*statusfeed.Page{p}}, analytics.Options{Period: h24, Daily: true})
	require.NoError(t, err)
	c := res.Vendors[0].Components[0]
	require.Len(t, c.Days, 2)
	assert.Equal(t, []time.Duration{18 * time.Hour, 6 * time.Hour}, []time.Duration{c.Days[0].Covered, c.Days[1].Covered})
	assert.Equal(t, []time.Duration{4 * time.Hour, 2 * time.Hour}, []time.Duration{c.Days[0].MajorOutage, c.Days[1].MajorOutage})

	res, err = analytics.Analyze(analytics.Input{Pages: []*statusfeed.Page{p}}, analytics.Options{Period: h24})
	require.NoError(t, err)
	assert.Nil(t, res.Vendors[0].Components[0].Days, "only when asked")
	assert.Nil(t, res.Vendors[0].Listed)
}
