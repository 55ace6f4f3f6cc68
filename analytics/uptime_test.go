package analytics_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/analytics"
	"statusfeed.dev/statusfeed"
)

// at is 2026-07-DD HH:MM UTC.
func at(dd, hh, mm int) time.Time { return time.Date(2026, 7, dd, hh, mm, 0, 0, time.UTC) }

// July1 is the window most cases use: one day, 86 400 s.
var July1 = analytics.Between(at(1, 0, 0), at(2, 0, 0))

var api = []statusfeed.ComponentRef{{ID: "api", Name: "API"}}

// inc is a resolved incident on the API; kind and impact as given.
func inc(id string, impact statusfeed.Impact, from, to time.Time) statusfeed.Incident {
	return statusfeed.Incident{ID: id, Kind: statusfeed.KindIncident, Status: statusfeed.StatusResolved,
		Impact: impact, Components: api, StartedAt: from, ResolvedAt: to}
}

func maint(id string, from, to time.Time) statusfeed.Incident {
	return statusfeed.Incident{ID: id, Kind: statusfeed.KindMaintenance, Status: statusfeed.StatusCompleted,
		Components: api, StartedAt: from, ResolvedAt: to}
}

// history is an old, harmless incident: the page lists incidents since June 1, so it speaks
// for the whole of July 1 (see incidentCoverage).
var history = inc("old", statusfeed.ImpactNone, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
	time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC))

// page is a capture rendered at gen with one component, "API", and the given incidents.
func page(gen time.Time, incs ...statusfeed.Incident) *statusfeed.Page {
	return &statusfeed.Page{Provider: "statuspage", Name: "Acme", URL: "https://status.acme.example",
		GeneratedAt: gen, Status: statusfeed.ComponentOperational,
		Components: []statusfeed.Component{{ID: "api", Name: "API"}}, Incidents: incs}
}

func day(dd int, partial, major int64) statusfeed.UptimeDay {
	return statusfeed.UptimeDay{Date: at(dd, 0, 0), PartialOutageSeconds: partial, MajorOutageSeconds: major}
}

func withDays(p *statusfeed.Page, days ...statusfeed.UptimeDay) *statusfeed.Page {
	p.Components[0].Uptime = days
	return p
}

func TestComponentUptime(t *testing.T) {
	type want struct {
		uptime                               *float64 // nil: no data
		source                               analytics.Source
		coverage                             float64
		major, partial, degr, maint, unknown time.Duration
	}
	pct := func(f float64) *float64 { return &f }
	cases := []struct {
		name      string
		in        analytics.Input
		period    analytics.Period
		unknownAs statusfeed.ComponentStatus
		want      want
	}{
		{
			// A critical 10:00–11:00 and a major 10:30–12:00: 10:00–11:00 is major outage
			// (the worse level wins over 10:30–11:00, which is counted once), 11:00–12:00
			// partial. Downtime 3600 + 0.3 × 3600 = 4680 s of 86 400:
			// 100 × (1 − 4680/86400) = 94.583333…
			name: "overlapping incidents",
			in: analytics.Input{Pages: []*statusfeed.Page{page(at(2, 6, 0), history,
				inc("a", statusfeed.ImpactCritical, at(1, 10, 0), at(1, 11, 0)),
				inc("b", statusfeed.ImpactMajor, at(1, 10, 30), at(1, 12, 0)))}},
			period: July1,
			want:   want{uptime: pct(94.58333333333333), source: analytics.SourceIncidents, coverage: 1, major: time.Hour, partial: time.Hour},
		},
		{
			// A critical from June 30 23:00 to July 1 01:00 counts its 3600 s inside; a major
			// from 23:30 to 00:30 the next day its 1800 s. 3600 + 0.3 × 1800 = 4140:
			// 100 × (1 − 4140/86400) = 95.208333…
			name: "incidents crossing the window's edges",
			in: analytics.Input{Pages: []*statusfeed.Page{page(at(3, 0, 0), history,
				inc("a", statusfeed.ImpactCritical, time.Date(2026, 6, 30, 23, 0, 0, 0, time.UTC), at(1, 1, 0)),
				inc("b", statusfeed.ImpactMajor, at(1, 23, 30), at(2, 0, 30)))}},
			period: July1,
			want:   want{uptime: pct(95.20833333333333), source: analytics.SourceIncidents, coverage: 1, major: time.Hour, partial: 30 * time.Minute},
		},
		{
			// A critical 10:00–12:00 with a maintenance 10:30–11:00 inside it, and another
			// maintenance 14:00–15:00. The outage is counted whole (7200 s); the maintenance
			// inside it is not maintenance time, the later one is (3600 s) and is no downtime:
			// 100 × (1 − 7200/86400) = 91.666666…
			name: "maintenance inside an outage",
			in: analytics.Input{Pages: []*statusfeed.Page{page(at(2, 6, 0), history,
				inc("a", statusfeed.ImpactCritical, at(1, 10, 0), at(1, 12, 0)),
				maint("m1", at(1, 10, 30), at(1, 11, 0)),
				maint("m2", at(1, 14, 0), at(1, 15, 0)))}},
			period: July1,
			want:   want{uptime: pct(91.66666666666667), source: analytics.SourceIncidents, coverage: 1, major: 2 * time.Hour, maint: time.Hour},
		},
		{
			// The component's record starts on July 1 (Statuspage's startDate; the parser
			// drops the days before it) in a window of June 30 and July 1. Only July 1 is
			// covered (coverage 0.5); its 8640 s of partial outage weigh 2592 s:
			// 100 × (1 − 2592/86400) = 97.
			name:   "component created mid-window",
			in:     analytics.Input{Pages: []*statusfeed.Page{withDays(page(at(1, 20, 0)), day(1, 8640, 0))}},
			period: analytics.Between(time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), at(2, 0, 0)),
			want:   want{uptime: pct(97), source: analytics.SourceDaily, coverage: 0.5, partial: 8640 * time.Second},
		},
		{
			// A critical incident opened at 18:00, still investigating when the page was
			// rendered at 20:00. It counts until then (7200 s of major outage), and the data
			// ends then too: covered is 00:00–20:00, 72 000 s (coverage 72000/86400 = 0.8333…):
			// 100 × (1 − 7200/72000) = 90.
			name: "open incident counts until the data ends",
			in: analytics.Input{Pages: []*statusfeed.Page{page(at(1, 20, 0), history,
				statusfeed.Incident{ID: "o", Kind: statusfeed.KindIncident, Status: statusfeed.StatusInvestigating,
					Impact: statusfeed.ImpactCritical, Components: api, StartedAt: at(1, 18, 0)})}},
			period: July1,
			want:   want{uptime: pct(90), source: analytics.SourceIncidents, coverage: 72000.0 / 86400, major: 2 * time.Hour},
		},
		{
			// A component, no record, no incident, no interval: no data, and never "100 %".
			name:   "no data at all",
			in:     analytics.Input{Pages: []*statusfeed.Page{page(at(2, 0, 0))}},
			period: July1,
			want:   want{},
		},
		{
			// An incident whose impact the source does not give (a feed), 10:00–11:00: that
			// hour is no data (Unknown), not uptime, and the day's uptime is unknown, as that
			// hour is the one that would lower it. Covered 82 800 s (82800/86400 = 0.958333…).
			name: "unknown impact is no data",
			in: analytics.Input{Pages: []*statusfeed.Page{page(at(2, 0, 0), history,
				inc("u", statusfeed.ImpactUnknown, at(1, 10, 0), at(1, 11, 0)))}},
			period: July1,
			want:   want{source: analytics.SourceIncidents, coverage: 82800.0 / 86400, unknown: time.Hour},
		},
		{
			// A critical incident whose state the source does not give (no status word, no
			// resolution), posted once at 10:00 on a page rendered at 20:00: whether it was
			// over at 10:01 or at 20:00 nobody knows. 10:00–20:00 is Unknown (36 000 s),
			// 20:00–24:00 lies past the data; covered is 00:00–10:00 (36 000 s, 0.416666…),
			// and the uptime is unknown.
			name: "incident of unknown state",
			in: analytics.Input{Pages: []*statusfeed.Page{page(at(1, 20, 0), history,
				statusfeed.Incident{ID: "s", Kind: statusfeed.KindIncident, Impact: statusfeed.ImpactCritical,
					Components: api, StartedAt: at(1, 10, 0), Updates: []statusfeed.Update{{At: at(1, 10, 0), Body: "Investigating."}}})}},
			period: July1,
			want:   want{source: analytics.SourceIncidents, coverage: 36000.0 / 86400, unknown: 10 * time.Hour},
		},
		{
			// The same, with Options.UnknownImpactAs = partial outage: 3600 × 0.3 = 1080 s:
			// 100 × (1 − 1080/86400) = 98.75.
			name: "unknown impact assumed partial",
			in: analytics.Input{Pages: []*statusfeed.Page{page(at(2, 0, 0), history,
				inc("u", statusfeed.ImpactUnknown, at(1, 10, 0), at(1, 11, 0)))}},
			period:    July1,
			unknownAs: statusfeed.ComponentPartialOutage,
			want:      want{uptime: pct(98.75), source: analytics.SourceIncidents, coverage: 1, partial: time.Hour},
		},
		{
			// A poller saw the API operational 00:00–12:00, in partial outage 12:00–13:00,
			// operational 13:00–18:00, and stopped. Covered 64 800 s (0.75), downtime
			// 0.3 × 3600 = 1080: 100 × (1 − 1080/64800) = 98.333333…
			name: "status intervals",
			in: analytics.Input{Pages: []*statusfeed.Page{page(at(2, 0, 0))}, Intervals: []analytics.StatusInterval{
				{Vendor: "status.acme.example", ComponentID: "api", From: at(1, 0, 0), To: at(1, 12, 0), Status: statusfeed.ComponentOperational},
				{Vendor: "status.acme.example", ComponentID: "api", From: at(1, 12, 0), To: at(1, 13, 0), Status: statusfeed.ComponentPartialOutage},
				{Vendor: "status.acme.example", ComponentID: "api", From: at(1, 13, 0), To: at(1, 18, 0), Status: statusfeed.ComponentOperational},
			}},
			period: July1,
			want:   want{uptime: pct(98.33333333333333), source: analytics.SourceIntervals, coverage: 0.75, partial: time.Hour},
		},
		{
			// A window from July 1 12:00 to July 2 12:00 takes half of each day's record, as
			// the record does not say when in the day: 3600/2 s major, 7200/2 s partial.
			// 1800 + 0.3 × 3600 = 2880: 100 × (1 − 2880/86400) = 96.666666…
			name:   "daily record cut by the window",
			in:     analytics.Input{Pages: []*statusfeed.Page{withDays(page(at(2, 20, 0)), day(1, 0, 3600), day(2, 7200, 0))}},
			period: analytics.Between(at(1, 12, 0), at(2, 12, 0)),
			want:   want{uptime: pct(96.66666666666667), source: analytics.SourceDaily, coverage: 1, major: 30 * time.Minute, partial: time.Hour},
		},
		{
			// The daily record is the best source: the incident (a critical hour) is not
			// counted again. The record's 3600 s of partial outage: 1080/86400 → 98.75.
			name: "daily record before incidents",
			in: analytics.Input{Pages: []*statusfeed.Page{withDays(page(at(1, 20, 0), history,
				inc("a", statusfeed.ImpactCritical, at(1, 10, 0), at(1, 11, 0))), day(1, 3600, 0))}},
			period: July1,
			want:   want{uptime: pct(98.75), source: analytics.SourceDaily, coverage: 1, partial: time.Hour},
		},
		{
			// Statuspage counts a 25-hour day (DST's end) in full: 90 000 s of major outage
			// over a day's 86 400 s is below zero, and uptime stops at 0.
			name:   "a day with more outage than a day has",
			in:     analytics.Input{Pages: []*statusfeed.Page{withDays(page(at(1, 20, 0)), day(1, 0, 90000))}},
			period: July1,
			want:   want{uptime: pct(0), source: analytics.SourceDaily, coverage: 1, major: 90000 * time.Second},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := analytics.Analyze(tc.in, analytics.Options{Period: tc.period, UnknownImpactAs: tc.unknownAs})
			require.NoError(t, err)
			require.Len(t, res.Vendors, 1)
			var c analytics.ComponentUptime
			for _, cu := range res.Vendors[0].Components {
				if cu.ID == "api" {
					c = cu
				}
			}
			require.Equal(t, "API", c.Name)
			if tc.want.uptime == nil {
				assert.Nil(t, c.UptimePercent, "no data must not read as an uptime")
			} else if assert.NotNil(t, c.UptimePercent) {
				assert.InDelta(t, *tc.want.uptime, *c.UptimePercent, 1e-9)
			}
			assert.Equal(t, tc.want.source, c.Source)
			assert.InDelta(t, tc.want.coverage, c.Coverage, 1e-12)
			assert.Equal(t, tc.want.major, c.MajorOutage, "major")
			assert.Equal(t, tc.want.partial, c.PartialOutage, "partial")
			assert.Equal(t, tc.want.degr, c.Degraded, "degraded")
			assert.Equal(t, tc.want.maint, c.Maintenance, "maintenance")
			assert.Equal(t, tc.want.unknown, c.Unknown, "unknown")
		})
	}
}
