// Package statusapi decodes the Atlassian Statuspage v2 JSON API (/api/v2/summary.json,
// status.json, components.json, incidents.json, incidents/unresolved.json,
// incidents/<id>.json, scheduled-maintenances*.json), which incident.io pages also serve with
// small differences (ULID IDs, no time_zone, missing keys or null for empty arrays).
//
// Decoding is lenient: each incident is decoded on its own, so one malformed incident is
// reported and the rest are kept; null, missing and empty are all "absent". Update times come
// from display_at, which differs from created_at for back-dated updates. Legacy incidents that
// Statuspage imported from older systems hold their whole timeline as rows of one update's HTML
// body ("<li><strong>2018-10-21 23:09:19</strong> - text</li>"); those rows are expanded into
// the timeline.
package statusapi
