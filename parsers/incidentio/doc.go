// Package incidentio reads incident.io status pages' documents: the history feeds
// (/history.atom, /history.rss).
//
// An incident.io feed entry carries only the incident's latest state: a "<b>Status: …</b>" line,
// the latest message, and an "Affected components" list of "Name (Status)" items. It has no
// update history and often no <published>, so an incident read from it has exactly one update
// and no start time: statusfeed never invents a history the feed does not hold. Component names
// may repeat (two components called "Login" in different groups), so they are kept as listed.
//
// The package registers itself as "incidentio"; Parser can also be used directly.
package incidentio
