// Package statuspage reads Atlassian Statuspage documents: the history feeds (/history.atom,
// /history.rss), the v2 JSON API (/api/v2/*.json), and the HTML home page, incident pages,
// /history and /uptime.
//
// In a Statuspage feed one entry is one incident or maintenance, revised in place; its content
// is the whole timeline as <small>stamp</small><strong>Status</strong> blocks, newest first,
// with year-less stamps in the page's zone. <published> is the newest update's time, not the
// start (and for a maintenance not yet begun, its scheduled start). Nothing but status words
// marks a maintenance, and nothing but them an incident: every entry links to /incidents/;
// Statuspage's two sets of words do not overlap (statusapi.KindOf), and an entry with none of
// them is of unknown kind. The JSON API is read by parsers/internal/statusapi. HTML pages are
// matched by class, never by tag, as templates changed tags over the years; incident pages give
// exact times (data-datetime-unix), home pages year-less stamps and the uptimeData record.
// /history names the page's zone (a Rails name, "London"), in which its stamps are read.
//
// Files: parse.go (registration, detection, dispatch), feed.go, html.go, htmlindex.go.
//
// The package registers itself as "statuspage"; Parser can also be used directly, and lists
// the endpoints a Statuspage site serves for statusfeed.Discover.
package statuspage
