package analytics_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/analytics"
	"statusfeed.dev/statusfeed"
)

// cloud is a vendor with a group "Compute" (VMs, Disks) and a top-level "DNS", and incidents
// naming regions.
func cloud() *statusfeed.Page {
	p := &statusfeed.Page{Provider: "statuspage", Name: "Cloudy", URL: "https://status.cloudy.example", GeneratedAt: at(2, 0, 0),
		Components: []statusfeed.Component{
			{ID: "cmp", Name: "Compute", IsGroup: true},
			{ID: "vm", Name: "VMs", Group: "Compute"},
			{ID: "dsk", Name: "Disks", Group: "Compute"},
			{ID: "dns", Name: "DNS"},
		}}
	add := func(id string, impact statusfeed.Impact, refs []statusfeed.ComponentRef, regions []string, from, to time.Time) {
		i := statusfeed.Incident{ID: id, Kind: statusfeed.KindIncident, Status: statusfeed.StatusResolved, Impact: impact,
			Components: refs, Regions: regions, StartedAt: from, ResolvedAt: to}
		p.Incidents = append(p.Incidents, i)
	}
	add("old", statusfeed.ImpactNone, []statusfeed.ComponentRef{{ID: "dns"}}, nil, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC))
	add("vm-eu", statusfeed.ImpactCritical, []statusfeed.ComponentRef{{Name: "VMs", Group: "Compute"}}, []string{"europe-west4"}, at(1, 10, 0), at(1, 11, 0))
	add("disk-us", statusfeed.ImpactMajor, []statusfeed.ComponentRef{{ID: "dsk", Status: statusfeed.ComponentMajorOutage}}, []string{"us-east1"}, at(1, 12, 0), at(1, 14, 0))
	add("dns", statusfeed.ImpactMinor, []statusfeed.ComponentRef{{Name: "DNS"}}, nil, at(1, 15, 0), at(1, 16, 0))
	return p
}

func names(cs []analytics.ComponentUptime) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

func TestFilters(t *testing.T) {
	all := vendorOf(t, analytics.Options{}, cloud())
	assert.Equal(t, []string{"Compute", "VMs", "Disks", "DNS"}, names(all.Components))
	assert.Equal(t, 3, all.Incidents.Total)
	byName := map[string]analytics.ComponentUptime{}
	for _, c := range all.Components {
		byName[c.Name] = c
	}
	// VMs: the critical hour (3600 s major). Disks: the ref's own status, major outage, wins
	// over the incident's "major" impact (partial): 7200 s major. The group takes its
	// children's incidents: 3600 + 7200 s major. DNS: minor is degraded, no downtime.
	assert.Equal(t, time.Hour, byName["VMs"].MajorOutage)
	assert.Equal(t, 2*time.Hour, byName["Disks"].MajorOutage)
	assert.Zero(t, byName["Disks"].PartialOutage)
	assert.Equal(t, 3*time.Hour, byName["Compute"].MajorOutage)
	assert.Equal(t, time.Hour, byName["DNS"].Degraded)
	assert.InDelta(t, 100.0, *byName["DNS"].UptimePercent, 1e-12)
	// The vendor pools VMs, Disks and DNS (not the group): 10 800 s down of 3 × 86 400:
	// 100 × (1 − 10800/259200) = 95.833333…
	require.NotNil(t, all.UptimePercent)
	assert.InDelta(t, 95.83333333333333, *all.UptimePercent, 1e-9)
	assert.Equal(t, analytics.SourceIncidents, all.UptimeSource)
	assert.InDelta(t, 1.0, all.Coverage, 1e-12)

	v := vendorOf(t, analytics.Options{Filter: analytics.Filter{Component: "vms"}}, cloud())
	assert.Equal(t, []string{"VMs"}, names(v.Components))
	assert.Equal(t, 1, v.Incidents.Total)

	v = vendorOf(t, analytics.Options{Filter: analytics.Filter{Component: "Compute"}}, cloud())
	assert.Equal(t, []string{"Compute", "VMs", "Disks"}, names(v.Components), "a group selects its children")
	assert.Equal(t, 2, v.Incidents.Total)

	v = vendorOf(t, analytics.Options{Filter: analytics.Filter{Region: "europe-west4"}}, cloud())
	assert.Equal(t, 1, v.Incidents.Total)
	assert.Equal(t, map[statusfeed.Impact]int{statusfeed.ImpactCritical: 1}, v.Incidents.ByImpact)

	res, err := analytics.Analyze(analytics.Input{Pages: []*statusfeed.Page{cloud(), page(at(2, 0, 0))}},
		analytics.Options{Period: July1, Filter: analytics.Filter{Vendor: "cloudy"}})
	require.NoError(t, err)
	require.Len(t, res.Vendors, 1)
	assert.Equal(t, "Cloudy", res.Vendors[0].Name)
	assert.Equal(t, "status.cloudy.example", res.Vendors[0].Key)

	res, err = analytics.Analyze(analytics.Input{Pages: []*statusfeed.Page{cloud()}},
		analytics.Options{Period: July1, Filter: analytics.Filter{Component: "Billing"}})
	require.NoError(t, err)
	assert.Empty(t, res.Vendors, "a component filter that matches nothing leaves the vendor out")
}

// TestOneIncidentManyDocuments: an incident a feed and the JSON API both list counts once,
// and two captures' daily records join, the newer capture's day winning.
func TestOneIncidentManyDocuments(t *testing.T) {
	feed := page(time.Time{}, inc("a", statusfeed.ImpactUnknown, at(1, 10, 0), at(1, 11, 0)))
	feed.Format, feed.Components = "atom", nil
	api := page(at(1, 12, 0), history, inc("a", statusfeed.ImpactCritical, at(1, 10, 0), at(1, 11, 0)))
	api.Format = "json"
	v := vendorOf(t, analytics.Options{}, feed, api)
	assert.Equal(t, 1, v.Incidents.Total)
	assert.Equal(t, map[statusfeed.Impact]int{statusfeed.ImpactCritical: 1}, v.Incidents.ByImpact, "the JSON's impact wins")
	assert.Equal(t, 2, v.Pages)

	// Capture 1 on June 30 20:00 saw June 30 partly (600 s so far); capture 2 on July 1
	// saw June 30 whole (1800 s) and July 1 (0 s). Over both days: 1800 × 0.3 = 540 s of
	// 172 800: 100 × (1 − 540/172800) = 99.6875.
	c1 := withDays(page(time.Date(2026, 6, 30, 20, 0, 0, 0, time.UTC)),
		statusfeed.UptimeDay{Date: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), PartialOutageSeconds: 600})
	c2 := withDays(page(at(1, 20, 0)),
		statusfeed.UptimeDay{Date: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), PartialOutageSeconds: 1800}, day(1, 0, 0))
	twoDays, err := analytics.ParsePeriod("2d")
	require.NoError(t, err)
	for _, order := range [][]*statusfeed.Page{{c1, c2}, {c2, c1}} {
		v = vendorOf(t, analytics.Options{Period: twoDays}, order...)
		require.NotNil(t, v.Components[0].UptimePercent)
		assert.InDelta(t, 99.6875, *v.Components[0].UptimePercent, 1e-9)
		assert.Equal(t, 1800*time.Second, v.Components[0].PartialOutage)
	}
}

// TestFeedVendor: a feed lists no components; the vendor is measured on its incidents as a
// whole, from its oldest incident to its newest time.
func TestFeedVendor(t *testing.T) {
	feed := &statusfeed.Page{Provider: "feed", Format: "rss", Name: "Feedy", Incidents: []statusfeed.Incident{
		{ID: "x", Kind: statusfeed.KindIncident, Status: statusfeed.StatusResolved, Impact: statusfeed.ImpactCritical,
			StartedAt: at(1, 0, 0), ResolvedAt: at(1, 6, 0)},
		{ID: "y", Kind: statusfeed.KindIncident, Status: statusfeed.StatusResolved, Impact: statusfeed.ImpactMajor,
			StartedAt: at(1, 12, 0), ResolvedAt: at(2, 0, 0)},
	}}
	v := vendorOf(t, analytics.Options{}, feed)
	assert.Empty(t, v.Components)
	// Covered July 1 whole (the oldest start to the newest time); 6 h major, 12 h partial:
	// 21600 + 0.3 × 43200 = 34560 s: 100 × (1 − 34560/86400) = 60.
	require.NotNil(t, v.UptimePercent)
	assert.InDelta(t, 60, *v.UptimePercent, 1e-9)
	assert.Equal(t, analytics.SourceIncidents, v.UptimeSource)
}

// TestIncidentPageSpeaksOnlyForItself: /incidents/<code> shows one incident; it says nothing
// about the rest of the time, so it gives no uptime, only the incident's own figures.
func TestIncidentPageSpeaksOnlyForItself(t *testing.T) {
	p := &statusfeed.Page{Provider: "statuspage", Format: "html", Name: "Acme", URL: "https://status.acme.example",
		Incidents: []statusfeed.Incident{inc("a", statusfeed.ImpactCritical, at(1, 10, 0), at(1, 11, 0))}}
	v := vendorOf(t, analytics.Options{}, p)
	assert.Nil(t, v.UptimePercent)
	require.Len(t, v.Components, 1)
	assert.Nil(t, v.Components[0].UptimePercent)
	assert.Equal(t, 1, v.TimeToResolve.Count)
}

// TestSummarySpeaksOnlyForNow: a summary lists only open incidents (resolved ones drop off
// it), so the time since the oldest of them is no history: an open critical incident on a
// summary gives no uptime, though it is counted and listed as open.
func TestSummarySpeaksOnlyForNow(t *testing.T) {
	open := statusfeed.Incident{ID: "o", Kind: statusfeed.KindIncident, Status: statusfeed.StatusIdentified,
		Impact: statusfeed.ImpactCritical, Components: api, StartedAt: at(1, 10, 0)}
	other := open
	other.ID, other.StartedAt = "p", at(1, 12, 0)
	v := vendorOf(t, analytics.Options{}, page(at(1, 20, 0), open, other))
	assert.Nil(t, v.UptimePercent)
	assert.Nil(t, v.Components[0].UptimePercent)
	assert.Equal(t, 2, v.Incidents.Total)
	assert.Equal(t, []string{"o", "p"}, ids(v.Incidents.Open))
}
