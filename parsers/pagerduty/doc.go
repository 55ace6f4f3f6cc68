// Package pagerduty reads PagerDuty-hosted status pages (the Status Pages product), as the corpus
// capture (pagerduty/html/pagerduty-status-2023-12-open-incident.html, status.pagerduty.com)
// shows them: a small HTML shell (placeholder <title>Status Page</title>, a React mount point
// <div id='layout-1'>, assets under /static/1/<commit>/) and all data in one
// <script id="data" type="application/json"> block, with "<" in strings escaped as \u003c.
//
// What is read from the JSON:
//
//   - summary.open_incidents and summary.resolved_incidents: {id, title, updates, postmortem}.
//     Each update {created_at, status, severity, message (HTML), impacted_business_services
//     [{business_service_id, name, severity}]} becomes an Update at created_at, its message
//     through normalize.Text. The page lists updates newest first by reported_at; created_at
//     orders them as their messages read (back-filled updates have a reported_at hours after
//     their created_at), so it is the update's time. reported_at mostly equals created_at; where
//     it differs it is later by seconds to a week (a resolution "reported" seven days after it
//     was written, after an edit?) and once earlier by two minutes. Its meaning is unclear and it
//     is not kept; nor are next_update_in_ms (the promised wait for the next update),
//     updated_at (a bulk migration date on older posts) or the author ids.
//   - Status words: "investigating", "resolved", and "detected", which the page's vocabulary
//     (summary.post_enums) ranks between them but which updates use both for the first
//     templated message ("We are investigating a potential issue…") and for later ones ("We
//     identified a fix and are monitoring"). It is read as investigating, the raw word kept.
//   - Severity words: the vocabulary says all_good < minor < major; updates up to mid-2023 say
//     "outage" where later ones say "major" (post_enums also has "outage" as the top "impacts"
//     word). Incident.Impact is the worst update-level severity of the timeline, the word kept
//     in RawImpact: all_good none, minor minor, major and outage both major (PagerDuty has no
//     level above them). Component statuses follow the words: all_good operational, minor
//     degraded performance, major partial outage, outage major outage; "maintenance" (a
//     maintenance severity in the vocabulary, unseen in updates) under maintenance.
//   - Incident.Components are the services any update names, each with the status the latest
//     update naming it gives; the name is as that update wrote it (services were renamed since:
//     "Other (US)" is now "Other Integrations (US)"), the group from the layout.
//   - postmortem {created_at, message} becomes the Postmortem, with sections.
//   - layout.layout_settings.business_services: groups (grouping_element, a client-made id such
//     as "0.0405915506525818" kept as the group's ID, child_business_services) and services
//     (PagerDuty ids, Head_ID naming the group, -1 or absent at the top level). Components list
//     each top-level entry in order, a group followed by its children in the order it lists
//     them (ids listed twice are read once; an id the layout lacks gives a warning). Names
//     have their spaces folded (" Incident Timeline and Alert Logs (US)").
//   - layout.status_page_id is Page.ID; layout_settings.name without " Status Page" is
//     Page.Name. The page's own address is not in the data (sub_domain is not a URL): Page.URL
//     is the source's.
//
// Component and page status: PagerDuty publishes no per-service state. Its page shows a service
// as affected while an open incident's latest update names it; so does statusfeed, with the
// severity word as RawStatus. A service no open incident names is operational with an empty
// RawStatus, but only when the summary is there and summary.posts is empty: posts
// (maintenances and announcements) have no capture, so a page with any returns an error saying
// it could not read them, and leaves those services unknown. A group takes its worst service's
// status. Page.Status is the worst an open incident says, RawStatus its latest update's
// severity word; operational with no open incident and no post.
//
// Not read, meaning unclear or not status: layout_settings.statusPage.globalStatusHeadline
// (it says "Everything is running smoothly" in the capture while an incident is open, so it is
// configuration, not state; its *HasError and *Dirty siblings look like editor form state),
// post_status_page_services (a second list of the services with external_business_service_id
// and is_active, one inactive and absent from the layout; its role is unclear),
// status_page_type ("public").
//
// Detection: the data script with PagerDuty's field names after it in the prefix is Certain;
// the data script or the shell alone is Possible, and Parse confirms on the whole page (a
// summary with open or resolved incidents, or a layout with a status page id), declining other
// pages with statusfeed.ErrUnknownFormat.
//
// Files: parse.go. The tokenizer only finds the data script's start tag and the end tag is
// found by search: scanning the half-megabyte script byte by byte costs as much as decoding it.
//
// The package registers itself as "pagerduty"; Parser can also be used directly.
package pagerduty
