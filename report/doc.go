// Package report renders an analytics.Result: as JSON, as CSV, as a table for a terminal, as
// Markdown, and as one self-contained HTML page. New builds the Report; its Write methods
// render it; WriteHTML renders a result directly, as it draws more than the Report holds.
//
//	res, err := analytics.Analyze(in, opt)
//	...
//	err = report.New(res).WriteJSON(os.Stdout)
//
// # JSON
//
// Times are RFC 3339 in UTC; durations are whole seconds; an absent figure is null, never 0 or
// 100; lists are [] when empty. Impact and kind names are statusfeed's ("unknown" where the
// source gives none).
//
//	window                      the analyzed span
//	  from, to                  its start (included) and end (excluded)
//	vendors[]                   one per vendor (pages grouped by analytics.VendorKey)
//	  vendor                    the vendor's name
//	  provider                  the parser that read it ("statuspage", "instatus", …)
//	  uptime_percent            the vendor's uptime over the window, pooled over its
//	                            components with data (see statusfeed.dev/analytics); null
//	                            without data, or when incidents of unknown impact fall in it
//	  incidents                 incidents and maintenances that started in the window
//	    total                   how many
//	    by_impact               count per impact: none, minor, major, critical, unknown
//	    by_kind                 count per kind: incident, maintenance, unknown
//	    open[]                  incidents still open when the vendor's data ends (see
//	                            incident references below)
//	    unknown_status          incidents whose source gives no state and no resolution
//	    undated                 incidents with no start, which no window can place
//	    time_to_first_update    from an incident's start to its first update (durations)
//	  time_to_resolve           from start to resolution, over the window's resolved
//	                            incidents (durations)
//	  disclosure
//	    major_or_critical       incidents of major or critical impact in the window
//	    with_postmortem         those of them with a postmortem
//	    postmortem_share        with_postmortem / major_or_critical, 0 to 1; null when
//	                            there were none
//	    postmortem_delay        from resolution to the postmortem's publication (durations)
//	    duration_mismatches[]   incidents whose declared duration disagrees with the
//	                            observed one beyond the tolerance: an incident reference
//	                            with declared_seconds, observed_seconds and declared (the
//	                            vendor's words, "Lasted 1 day")
//	    never_resolved[]        incidents open with no update for a week (by default) before
//	                            the vendor's data ends
//	    operational_while_open[] captures whose page said operational while their own
//	                            incidents were open: at (when rendered), url, raw_status
//	                            (the vendor's words) and incidents[]
//	  components[]              one per component, groups included
//	    component               its name
//	    component_id            the vendor's ID, "" where the source gives none
//	    group                   its group's name, "" at the top level
//	    uptime_percent          100 × (1 − weighted downtime / covered time); null when no
//	                            source covered any of the window, or when incidents of
//	                            unknown impact (feeds) fall in it
//	    uptime_source           daily_record, status_changes or incidents; "" without data
//	    coverage                the share of the window the source covered, 0 to 1
//	    major_outage_seconds    time in major outage within the covered time
//	    partial_outage_seconds  time in partial outage
//	    degraded_seconds        time in degraded performance (no downtime by default)
//	    maintenance_seconds     time under maintenance (never downtime)
//
// Durations objects hold count, median_seconds, p90_seconds and max_seconds (nearest rank;
// null when count is 0). Incident references hold id, title, url and started_at.
//
// # CSV
//
// The columns are vendor, provider, then the component keys above: component, component_id,
// group, uptime_percent, uptime_source, coverage, major_outage_seconds,
// partial_outage_seconds, degraded_seconds, maintenance_seconds. Each vendor has a row of its
// own first, with an empty component and its uptime_percent; then a row per component. An
// absent uptime is an empty cell. Numbers are written so that encoding/csv and strconv read
// back the very figures the JSON holds.
//
// # HTML
//
// WriteHTML writes one file with no script and nothing fetched: inline CSS, and per component
// an inline SVG bar of the window's days drawn as Statuspage draws its own (a rect 3 wide
// every 5, 34 high), each day colored by the worst that happened in it (red: major outage,
// yellow: partial outage, grey-blue: unknown, blue: maintenance only, green: none, light grey:
// no data; degraded performance is no downtime and stays green) with the day's figures and
// incidents in its <title> tooltip; then the window's incidents with their timelines and
// postmortems. It needs a result analyzed with analytics.Options.Daily for the bars and the
// incidents. Vendor text goes through html/template, which escapes it for where it stands
// (text, attribute, URL); links are drawn only for http(s) URLs.
//
// Files: report.go (the JSON shape and New), render.go (JSON, CSV, table, Markdown), html.go
// and html.tmpl (HTML).
package report
