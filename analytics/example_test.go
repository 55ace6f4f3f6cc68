package analytics_test

import (
	"fmt"
	"time"

	"statusfeed.dev/analytics"
	"statusfeed.dev/statusfeed"
)

func Example() {
	july := func(d, h int) time.Time { return time.Date(2026, 7, d, h, 0, 0, 0, time.UTC) }
	// A page as parsers/statuspage reads it: a component with its daily record, one incident.
	page := &statusfeed.Page{
		Name: "Acme", URL: "https://status.acme.example", GeneratedAt: july(3, 12),
		Components: []statusfeed.Component{{ID: "api", Name: "API", Uptime: []statusfeed.UptimeDay{
			{Date: july(1, 0)},
			{Date: july(2, 0), MajorOutageSeconds: 1800},
			{Date: july(3, 0), PartialOutageSeconds: 3600},
		}}},
		Incidents: []statusfeed.Incident{{
			ID: "x1", Title: "API errors", Kind: statusfeed.KindIncident, Status: statusfeed.StatusResolved,
			Impact: statusfeed.ImpactCritical, Components: []statusfeed.ComponentRef{{ID: "api"}},
			StartedAt: july(2, 10), ResolvedAt: july(2, 10).Add(30 * time.Minute),
		}},
	}
	period, err := analytics.ParsePeriod("3d") // the 3 days ending with the newest day of data
	if err != nil {
		panic(err)
	}
	res, err := analytics.Analyze(analytics.Input{Pages: []*statusfeed.Page{page}}, analytics.Options{Period: period})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Window)
	for _, v := range res.Vendors {
		// 1800 s major + 0.3 × 3600 s partial = 2880 s of 259 200.
		fmt.Printf("%s: %.3f %% uptime, Statuspage would show %.2f\n", v.Name, *v.UptimePercent,
			analytics.TruncatePercent(*v.UptimePercent))
		for _, c := range v.Components {
			fmt.Printf("  %s: %s, coverage %.0f %%, %s major, %s partial\n", c.Name, c.Source, 100*c.Coverage,
				c.MajorOutage, c.PartialOutage)
		}
		fmt.Printf("  %d incident, time to resolve %s\n", v.Incidents.Total, v.TimeToResolve.Median)
	}
	// Output:
	// 2026-07-01T00:00:00Z/2026-07-04T00:00:00Z
	// Acme: 98.889 % uptime, Statuspage would show 98.88
	//   API: daily_record, coverage 100 %, 30m0s major, 1h0m0s partial
	//   1 incident, time to resolve 30m0s
}
