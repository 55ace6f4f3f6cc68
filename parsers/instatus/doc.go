// Package instatus reads Instatus documents: the history feeds (/history.atom, /history.rss).
//
// Instatus feeds copy Statuspage's update blocks with differences: stamps carry seconds and
// "GMT+0"; updates may come oldest or newest first; each entry opens with "Type:",
// "Duration:" and "Affected Components:" paragraphs; entry IDs and links say Incident or
// Maintenance; every message gains an extra period ("resolved.."); in RSS the update HTML is
// entity-escaped inside CDATA and the component names are blank in content:encoded while the
// plain-text <description> still has them; a postmortem is an update titled "Postmortem".
//
// The package registers itself as "instatus"; Parser can also be used directly.
package instatus
