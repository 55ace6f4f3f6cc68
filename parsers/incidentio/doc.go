// Package incidentio reads incident.io status pages' documents: the history feeds
// (/history.atom, /history.rss), the Statuspage-compatible API (/api/v2/*.json, told apart
// from Statuspage's by its ULID IDs) and the widget JSON pages load from /proxy/<host>.
//
// An incident.io feed entry carries only the incident's latest state: a "<b>Status: …</b>" line,
// the latest message, and an "Affected components" list of "Name (Status)" items. It has no
// update history and often no <published>, so an incident read from it has exactly one update
// and no start time: statusfeed never invents a history the feed does not hold. Component names
// may repeat (two components called "Login" in different groups), so they are kept as listed.
// The widget JSON names groups only in its structure, lists only affected components' statuses
// (the rest are operational), and writes messages as rich-text documents.
//
// Files: parse.go (registration, detection, dispatch), feed.go, widget.go.
//
// The package registers itself as "incidentio"; Parser can also be used directly, and lists
// the endpoints an incident.io page serves for statusfeed.Discover.
package incidentio
