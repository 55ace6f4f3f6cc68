package report_test

import (
	"os"
	"time"

	"statusfeed.dev/analytics"
	"statusfeed.dev/report"
	"statusfeed.dev/statusfeed"
)

// result analyzes a tiny page over July 1–3, 2026.
func result() *analytics.Result {
	july := func(d, h int) time.Time { return time.Date(2026, 7, d, h, 0, 0, 0, time.UTC) }
	page := &statusfeed.Page{Provider: "statuspage", Name: "Acme", URL: "https://status.acme.example", GeneratedAt: july(3, 12),
		Components: []statusfeed.Component{{ID: "api", Name: "API", Group: "Core", Uptime: []statusfeed.UptimeDay{
			{Date: july(1, 0)}, {Date: july(2, 0), MajorOutageSeconds: 1800}, {Date: july(3, 0), PartialOutageSeconds: 3600}}}},
		Incidents: []statusfeed.Incident{{ID: "x1", Title: "API errors", Kind: statusfeed.KindIncident,
			Status: statusfeed.StatusResolved, Impact: statusfeed.ImpactCritical, StartedAt: july(2, 10),
			ResolvedAt: july(2, 10).Add(30 * time.Minute), Components: []statusfeed.ComponentRef{{ID: "api"}}}},
	}
	period, _ := analytics.ParsePeriod("3d")
	res, err := analytics.Analyze(analytics.Input{Pages: []*statusfeed.Page{page}}, analytics.Options{Period: period})
	if err != nil {
		panic(err)
	}
	return res
}

func ExampleReport_WriteTable() {
	if err := report.New(result()).WriteTable(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// Window 2026-07-01T00:00:00Z – 2026-07-04T00:00:00Z
	//
	// Acme (statuspage)
	//   uptime: 98.888 %
	//   incidents and maintenances: 1 (critical 1)
	//   time to resolve: median 30m0s, p90 30m0s, max 30m0s (1)
	//   start to first update: -
	//   postmortems: 0 of 1 major or critical
	//   COMPONENT   UPTIME %  SOURCE        COVERAGE  MAJOR  PARTIAL  DEGRADED  MAINTENANCE
	//   Core / API  98.888    daily_record  100.0 %   30m0s  1h0m0s   0         0
}

func ExampleReport_WriteMarkdown() {
	if err := report.New(result()).WriteMarkdown(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// # Vendor scorecard
	//
	// Window: 2026-07-01T00:00:00Z – 2026-07-04T00:00:00Z
	//
	// ## Acme (statuspage)
	//
	// - uptime: 98.888 %
	// - incidents and maintenances: 1 (critical 1)
	// - time to resolve: median 30m0s, p90 30m0s, max 30m0s (1)
	// - start to first update: -
	// - postmortems: 0 of 1 major or critical
	//
	// | Component | Uptime % | Source | Coverage | Major | Partial | Degraded | Maintenance |
	// |---|--:|---|--:|--:|--:|--:|--:|
	// | Core / API | 98.888 | daily_record | 100.0 % | 30m0s | 1h0m0s | 0 | 0 |
}

func ExampleReport_WriteCSV() {
	if err := report.New(result()).WriteCSV(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// vendor,provider,component,component_id,group,uptime_percent,uptime_source,coverage,major_outage_seconds,partial_outage_seconds,degraded_seconds,maintenance_seconds
	// Acme,statuspage,,,,98.88888888888889,,,,,,
	// Acme,statuspage,API,api,Core,98.88888888888889,daily_record,1,1800,3600,0,0
}
