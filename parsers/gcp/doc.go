// Package gcp reads Google Cloud's status dashboard feed, incidents.json
// (https://status.cloud.google.com/incidents.json): a JSON array of incidents, newest first,
// in the same shape from 2021 to 2026, compact or indented.
//
// Each incident maps as follows:
//
//   - id is the ID, external_desc the title, uri ("incidents/<id>", relative) the URL, resolved
//     against the address the document was fetched from, else https://status.cloud.google.com.
//   - begin and end are StartedAt and ResolvedAt: Google states when the impact began and ended,
//     often well before its first update and before a later incident report. An incident with
//     an end is resolved. One without an end is open: ResolvedAt stays zero and, since Google
//     writes no lifecycle word, its Status is investigating, the model's first open state, or
//     monitoring when its latest update already says AVAILABLE.
//   - status_impact and severity give the impact, both kept in RawImpact
//     ("SERVICE_DISRUPTION/medium"). They have always agreed in the captures, and the three
//     grades map onto the model's upper three: SERVICE_INFORMATION/low is minor (real but small
//     issues: latency, delays, a few projects), SERVICE_DISRUPTION/medium major, and
//     SERVICE_OUTAGE/high critical. status_impact decides; severity is read where it is absent.
//   - updates (with most_recent_update as a fallback) are the timeline. Each update's status is
//     its RawStatus: AVAILABLE means the service is available again, StatusResolved; the
//     others (SERVICE_INFORMATION, SERVICE_DISRUPTION, SERVICE_OUTAGE) grade the service's
//     health when the update was posted and are no lifecycle step, so those updates are notes
//     (StatusUpdate). The time is when; created and modified are record times and not read.
//   - affected_products are the components (Name = title, ID = id); the products' current_title
//     (a later rename) is not read. service_key, service_name and number are not read either.
//   - currently_affected_locations, previously_affected_locations and every update's
//     affected_locations together are Regions: location IDs ("europe-west4"), sorted, unique.
//
// Update text is Google's own markdown, rendered to plain text line by line (markdown.go): one
// line per paragraph, "**Summary**" lines and "#" headings, lists, a table, escapes, links,
// and markdown's trailing-backslash line breaks. An update that is an incident report (its
// first line names one: "Incident Report", "Mini Incident Report", "PRELIMINARY INCIDENT
// REPORT"; or it states "**Incident Start:**" and "**Incident End:**") is a postmortem: the
// newest report becomes Incident.Postmortem, split into sections at its headings (the 2026
// reports escape them, "## \# Incident Report"), and leaves the timeline; older reports a later
// one superseded stay on the timeline, so that none of the vendor's text is lost.
//
// The page is named "Google Cloud". The document lists incidents only: the page has no
// components (the products appear on the incidents) and no overall status.
//
// Files: parse.go (registration, detection, the mapping), markdown.go (text and reports).
//
// The package registers itself as "gcp"; Parser can also be used directly, and lists the
// dashboard's /incidents.json for statusfeed.Discover when the address is Google's.
package gcp
