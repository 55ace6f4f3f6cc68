// Package incidentio reads incident.io status pages' documents: the history feeds
// (/history.atom, /history.rss), the Statuspage-compatible API (/api/v2/*.json, told apart
// from Statuspage's by its ULID IDs), the widget JSON pages load from /proxy/<host>, and the
// status page itself.
//
// An incident.io feed entry carries only the incident's latest state: a "<b>Status: …</b>" line,
// the latest message, and an "Affected components" list of "Name (Status)" items. It has no
// update history and often no <published>, so an incident read from it has exactly one update
// and no start time: statusfeed never invents a history the feed does not hold. Component names
// may repeat (two components called "Login" in different groups), so they are kept as listed.
//
// The widget JSON names groups only in its structure, lists only affected components'
// statuses, and writes messages as rich-text documents. By incident.io's own convention a
// component absent from affected_components is operational; it gets no raw status word, since
// the vendor wrote none. Components the structure marks hidden (or that sit in a hidden group)
// are listed but do not make the page's status, which is the worst of the visible components'
// (incident.io writes no page-level word, so Page.RawStatus stays empty). An incident's impact
// is the worst status it gave its components, and the raw impact that word ("full_outage"); a
// word statusfeed cannot read makes the impact unknown, never "none".
//
// Status pages (FORMATS.md §14; page.go) are Next.js app-router pages, read from one real
// capture (status.openai.com, 2026). Their flight data (parsers/internal/flight) embeds the
// widget's summary, read as above, and the uptime chart's data: each component's published
// uptime (Component.UptimePercent; groups' own figures are not kept, groups not being
// components here), and the incidents of the chart's window with their component impacts. Such
// a listed incident has no timeline on the page: its start and resolution are the bounds of its
// component impacts, and its Shortlink the permalink the page gives; its publication time is
// not kept, not being its start. No daily uptime record is derived from the impacts.
// Detection sees only the first 16 KiB: a Next.js page with incident.io's logo bucket
// (incident-io-status-page-logos) is certain, any other Next.js page possible, and the parser
// declines it (ErrUnknownFormat) when it holds no summary. Incident pages (/incidents/<id>) and
// "parent" pages listing sub-pages have no real capture and are not read.
//
// Files: parse.go (registration, detection, dispatch), feed.go, widget.go, page.go.
//
// The package registers itself as "incidentio"; Parser can also be used directly, and lists
// the endpoints an incident.io page serves for statusfeed.Discover.
package incidentio
