// Package instatus reads Instatus documents: the history feeds (/history.atom, /history.rss),
// the public JSON (/summary.json, /v2 and /v3 components.json) and its Next.js pages.
//
// Instatus feeds copy Statuspage's update blocks with differences: stamps carry seconds and
// "GMT+0"; updates may come oldest or newest first; each entry opens with "Type:",
// "Duration:" and "Affected Components:" paragraphs; entry IDs and links say Incident or
// Maintenance; every message gains an extra period ("resolved.."); in RSS the update HTML is
// entity-escaped inside CDATA and the component names are blank in content:encoded while the
// plain-text <description> still has them; a postmortem is an update titled "Postmortem".
// The JSON uses upper-case words ("MAJOROUTAGE", "HASISSUES") and omits empty arrays; pages
// carry their data in __NEXT_DATA__, read leniently as no real capture of it exists yet.
//
// Files: parse.go (registration, detection, dispatch), feed.go, json.go, nextdata.go.
//
// The package registers itself as "instatus"; Parser can also be used directly, and lists the
// endpoints an Instatus page serves for statusfeed.Discover.
package instatus
