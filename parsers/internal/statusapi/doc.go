// Package statusapi decodes the Atlassian Statuspage v2 JSON API (/api/v2/summary.json,
// status.json, components.json, incidents.json, incidents/unresolved.json,
// incidents/<id>.json, scheduled-maintenances*.json), which incident.io pages also serve with
// small differences (ULID IDs, no time_zone, missing keys or null for empty arrays).
//
// Decoding is lenient: each incident is decoded on its own, so one malformed incident is
// reported and the rest are kept; null, missing and empty are all "absent". An unreadable value
// (page.updated_at, an update with no time at all) is reported as an error, never dropped in
// silence. Update times come from display_at, which differs from created_at for back-dated
// updates; the API lists updates newest first. Legacy incidents that Statuspage imported from
// older systems hold their whole timeline as rows of one update's HTML body
// ("<li><strong>2018-10-21 23:09:19</strong> - text</li>"); those rows are expanded into the
// timeline, their zone-less stamps read in the page's time_zone.
//
// Statuspage's statuses and impacts come in two sets that do not overlap, one for incidents
// and one for maintenances; KindOf reads an incident's kind from them, for the HTML pages too.
package statusapi
