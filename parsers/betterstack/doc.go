// Package betterstack reads Better Stack (formerly Better Uptime) status pages: the
// server-rendered HTML home page of the "v2" design, as the corpus capture
// (betterstack/html/eyloo-home-2023-08-downtime.html) shows it. The page carries no JSON.
//
// What the page gives, and how it is read:
//
//   - Page.Name is the <title> without " status" ("Eyloo Services status" → "Eyloo Services").
//   - The headline (h1.heading-large) is kept in Page.RawStatus. "All services are online" is
//     operational; "Some services are down" is a partial outage, because it says some, not
//     all, are down. Any other sentence leaves Page.Status unknown, with a warning.
//   - "Last updated on Aug 06 at 09:41am CEST" has no year, and the page prints no other date
//     (no copyright year, and the 90-day bars carry no dates) from which to choose one. Without
//     a reference time the year is unknown, so Page.GeneratedAt stays zero and a warning quotes
//     the stamp; a stamp that carries a year is read through normalize's zone table.
//   - Each section (div.section) becomes a group entry (IsGroup) whose status is its badge's
//     word: Better Stack's "Downtime" (a resource that is down) is a major outage; the worst of
//     its services, as Statuspage groups show it. "Operational", "Degraded" and "Maintenance"
//     go through normalize. A badge word statusfeed does not know falls back to the badge
//     icon's colour class.
//   - Each row of a section's .section-content with a .text-large title is a service, a
//     component with Group set. Its status is its icon's colour class (text-statuspage-green,
//     -yellow, -red, -blue), kept as RawStatus. Rows loaded by script (data-url, reloaded every
//     30 s) show a grey placeholder icon (text-statuspage-neutral-…) in the static page: their
//     status is unknown, never operational, and the page says so in a warning. Only red (beside
//     "Downtime") and grey are seen in a capture; the other colours are read by their names.
//   - A service's ID is the path of its data-url ("/r/20rz/efptn"): the page's own key for the
//     resource, whose parts' meaning is not documented. Services without one have no ID.
//   - The 90-day bars (.tick) are grey placeholders too, with no date or duration: no
//     Component.Uptime is read.
//   - The capture shows no incident; none is read.
//
// Detection is Certain on Better Stack's asset paths in the prefix (uptime.betterstack.com
// /assets/status_pages…, /packs/css|js/status_page…) or its script configuration
// ("base_host":"uptime.betterstack.com"). Parse confirms the same markers on the whole page
// and declines any other page with statusfeed.ErrUnknownFormat. The older Better Uptime design
// (betteruptime.com assets, .status-page__overview) has no capture and is not read.
//
// Files: parse.go (registration, detection, reading), nodes.go (x/net/html helpers). The page
// is walked once to find what the parser reads: goquery's selectors, run over the whole page,
// walked its thousands of SVG and tick nodes again for each query.
//
// The package registers itself as "betterstack"; Parser can also be used directly.
package betterstack
