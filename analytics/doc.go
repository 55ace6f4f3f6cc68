// Package analytics computes vendor-risk figures from parsed status pages: uptime per vendor
// and per component, incidents by impact and kind, time to resolve, and how openly the vendor
// disclosed (postmortems, declared durations, incidents left open, a page that said
// "operational" during an incident).
//
// Analyze reads an Input, the pages of one capture or of many (an archive feeds the same
// type), of one vendor or many, with optional StatusIntervals a poller recorded, and returns a
// Result per vendor over one Window. It never looks at the clock: a relative Period ("90d")
// counts back from the newest data, so that a report on an old capture covers that capture's
// period. Pages are grouped into vendors by VendorKey; the incidents of one vendor's pages are
// merged with statusfeed.Merge, so an incident seen in its feed and its JSON counts once.
//
// # Windows
//
// ParsePeriod reads "24h" (the hours before the data's newest moment), "7d", "30d", "90d"
// (whole UTC days ending with the newest day the data covers: a daily record's last day, else
// the day the page was rendered), "2026Q3" (a calendar quarter) and "2026-01-01..2026-03-31"
// (dates, both included; RFC 3339 times are taken as they are). Every window is [From, To).
//
// # Uptime
//
// Each component's time in the window is put in levels: major outage, partial outage,
// degraded performance, maintenance, up, or unknown. Where stretches overlap the worse level
// wins, so no second is counted twice (an outage during a maintenance is an outage); everything
// is clipped to the window. Then
//
//	downtime = major × Weights.Major + partial × Weights.Partial + degraded × Weights.Degraded
//	uptime % = 100 × (1 − downtime / covered)
//
// with Statuspage's weights by default (1, 0.3, 0; Instatus publishes the same, while
// incident.io counts a partial outage as fully down: Weights{Major: 1, Partial: 1}).
// Maintenance never counts as downtime and is reported beside it. covered is the time some source gave data for; Coverage is covered
// over the window's length. A component no source covers has no uptime (nil), never 100 %.
//
// Sources, best first; a component uses the best one that covers any of the window, and says
// which in Source:
//
//   - daily_record: the vendor's own daily record (statusfeed.Component.Uptime: Statuspage's
//     uptimeData). A day counts as covered whole; a day the window cuts counts in proportion.
//     The days before a component's start date are not in the record (parsers/statuspage
//     drops them), so a component created mid-window has a coverage below 1. The record has no
//     degraded or maintenance time; those come from the vendor's incidents on the record's
//     days.
//   - status_changes: StatusIntervals, as a poller's archive records them. Time no interval
//     covers is time without data.
//   - incidents: the vendor's incidents and maintenances that name the component (or its
//     group's children), each at the status it gave the component (ComponentRef.Status) or
//     else at the level its impact implies (critical: major outage, major: partial outage,
//     minor: degraded, none: up). A page that keeps a history (a feed, incidents.json, a
//     home page's past incidents) speaks for the time from its oldest resolved incident's
//     start to its end (when it was rendered, else its newest time): none but those listed
//     happened then. Before that it says nothing; nor does a page that lists only open
//     incidents (a summary, which resolved ones drop off), nor an incident's own page (one
//     incident, no components). Incidents count only inside the time some page speaks for,
//     or the data would hold nothing but the bad hours. An
//     incident still open counts until the end of the newest page that lists it: the data
//     shows it open until then and says nothing after, which is also where coverage stops. An
//     incident whose state the source does not give (a feed entry with no status word)
//     counts as far as its updates go, and after them, until the data ends, nobody knows:
//     that time is Unknown unless the incident was harmless. Time in an
//     incident of unknown impact (feeds give none) is neither up nor down: it is Unknown, left
//     out of covered, and the uptime over a stretch that holds any is unknown too (nil), since
//     those are the very hours that would lower it; Options.UnknownImpactAs states a level to
//     assume instead. An incident that names no component is unknown time for every component,
//     and where none of a vendor's incidents names components (feeds, home pages) incidents
//     are no source for components at all.
//
// A vendor's uptime pools its components that have data and are not groups (groups when only
// they have data): 100 × (1 − Σ downtime / Σ covered); it is unknown when one of them has
// Unknown time. A vendor none of whose components has
// data (a feed lists none) is measured on its own incidents, each counting against the vendor
// as a whole.
//
// # Statuspage's own figure
//
// Statuspage prints each showcased component's 90-day uptime beside its bar
// (<span id="uptime-percent-ID">, read into statusfeed.Component.UptimePercent and kept in
// ComponentUptime.Shown). The corpus shows how it is computed from the page's uptimeData:
//
//	uptime = 100 × (1 − (Σ m + 0.3 × Σ p) / (90 × 86 400)), truncated to two decimals
//
// over the 90 days the record holds, which end with the day the page was rendered. The
// evidence, from acmeapico-home-2021-01.html (rendered 2021-01-22 20:53:55 UTC), whose
// component Acme.js Server shows 70.14 and has partial outage only, 7 739 635 s of it:
//
//   - Weight 0.3: 100 × (1 − w × 7739635/7776000) truncates to 70.14 only for w in
//     (0.29990, 0.30000].
//   - The days are the page's own days (America/Los_Angeles here): 2020-11-01, the day US
//     clocks went back, holds 90 000 s of partial outage, and the render day holds 46 435 s,
//     which is exactly 00:00 to 12:53:55 Pacific time, the render time.
//   - The denominator is 90 whole days of 86 400 s, the render day whole and the 25-hour day
//     as 24: elapsed time instead (89 days + 46 435 s) gives 69.98; capping the 25-hour
//     day's outage at 86 400 s gives 70.15; 89 or 91 days give 69.98 or 70.46.
//   - Every other figure in the corpus (13 of them, acmeapico's and streamyard-home.html's)
//     is 100.0 over a record without outages, the group "Test Group" included (its own record
//     is empty). TestReproducesStatuspageFigure checks all 14.
//
// Analyze with Last90Days computes exactly this for a single home page: the window is the
// record's 90 days, the daily record is the source, and TruncatePercent truncates. What the
// corpus cannot tell: truncation from rounding (70.1403 reads 70.14 either way; statusfeed
// truncates, as Statuspage is reported to), the weight of major outage (no record in the
// corpus has any; 1.0 is the weight Statuspage and Instatus publish), and whether the figure of a
// component whose startDate falls inside the 90 days leaves out the days before it (statusfeed
// leaves them out; the only start dates in the corpus lie before the record). The model stores
// a record's days at midnight UTC although they are the vendor's local days; a window cut
// inside a day is therefore placed up to a day off, which a 90-day window ending with the
// record's last day does not notice.
//
// # Incidents and disclosure
//
// An incident belongs to the window when it started in it (a maintenance not yet started:
// when it was scheduled to). IncidentStats counts them by impact and kind and lists those
// still open; TimeToResolve is over the incidents (not maintenances) with both a start and a
// resolution. Disclosure gives the share of major and critical incidents with a postmortem,
// the time from resolution to postmortem, declared durations that disagree with the observed
// ones beyond Options.DurationTolerance (the observed duration of a maintenance runs from when
// work began, not from its announcement), incidents open with no update for
// Options.StaleAfter, and captures whose overall status said operational while one of their
// own incidents was open.
//
// Filter narrows to a vendor, a component (or group) or a region.
//
// With Options.Daily each component also gets its days (ComponentUptime.Days: UTC days cut to
// the window, measured on the source of the window's figure so that they add up to it, each
// with the incidents behind it) and each vendor the window's incidents themselves
// (Vendor.Listed): what a report that draws a bar of days, as status pages do, needs.
//
// Files: window.go (Period, Window), analyze.go (Analyze, grouping, filters), timeline.go
// (levels and the merge of overlapping stretches), uptime.go (sources and uptime),
// incidents.go (counts, durations, disclosure), daily.go (Options.Daily).
package analytics
