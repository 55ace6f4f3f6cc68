// Package slack reads Slack's status API, version 2.0.0: /api/v2.0.0/current (an object with the
// overall status and the active items) and /api/v2.0.0/history (a JSON array of past and
// active items), served at slack-status.com and formerly at status.slack.com.
//
// Each item (Slack says incident, notice, outage or maintenance) maps as follows:
//
//   - id, an integer, is the ID as its decimal text ("931"). It is the item's only identity:
//     the type changes while an item is open (incident to outage, incident to notice), even
//     without date_updated changing, so two polls of one item are one incident.
//   - type is kept in RawImpact and graded as the impact: a notice is informational (none),
//     an incident minor, an outage major; a maintenance is KindMaintenance with no impact
//     word. Every other type is an incident.
//   - status: "resolved" is resolved, at the time of the newest note (date_updated moves when
//     an old item is edited, hours later). "active" is no lifecycle step: it is reported as
//     investigating, the model's first open state (in progress for a maintenance). Other words
//     go through normalize's table. The word itself has no field of its own in the model.
//   - date_created is StartedAt. Times carry Pacific offsets (-08:00, -07:00) and are made UTC.
//   - services are the components, by name (Slack gives no IDs).
//   - notes are the timeline, oldest first whichever way the endpoint lists them (current
//     newest first, history oldest first). Notes have no status word: each is a note
//     (StatusUpdate) with an empty RawStatus. Bodies are plain text with "\r\n" breaks in the
//     older captures and HTML ("<p>", "&nbsp;", "<br>") in the newer; both become plain text.
//
// The page is named "Slack". The current status "ok" is operational; any other word is not:
// the page takes the worst state its active items' types imply (outage a major outage, incident
// a partial outage, notice degraded performance, maintenance under maintenance), unknown when
// they imply none, and RawStatus keeps the word. The history states no overall status. Neither
// endpoint lists Slack's services with their states, so the page has no components.
//
// Files: parse.go (registration, detection, the mapping).
//
// The package registers itself as "slack"; Parser can also be used directly, and lists both
// endpoints for statusfeed.Discover when the address is Slack's.
package slack
