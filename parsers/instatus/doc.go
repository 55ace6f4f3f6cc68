// Package instatus reads Instatus documents: the history feeds (/history.atom, /history.rss),
// the home pages of both Next.js generations, and the public JSON (/summary.json, /v2 and /v3
// components.json).
//
// Feeds copy Statuspage's update blocks with differences: stamps carry seconds and "GMT+0";
// updates may come oldest or newest first; each entry opens with "Type:", "Duration:" and
// "Affected Components:" paragraphs; entry IDs and links say Incident or Maintenance; every
// message gains an extra period ("resolved.."); in RSS the update HTML is entity-escaped inside
// CDATA and the component names are blank in content:encoded while the plain-text
// <description> still has them; a postmortem is an update titled "Postmortem".
//
// Home pages (FORMATS.md §13; page.go) come in two generations, both read from real captures:
//
//   - the pages router (to 2023): <script id="__NEXT_DATA__"> near the end of the page;
//   - the app router (late 2023 on): the same data as flight data in self.__next_f.push chunks
//     (parsers/internal/flight), with text fields turned into translations ({"en": …,
//     "default": …}; the page's language is read, else the default).
//
// Detection sees only the first 16 KiB, where neither keeps its data: a Next.js page loading
// from an Instatus host (og-image.instatus.com, instatus.com/user-content, <page>.instatus.com)
// is certain, any other Next.js page possible, and the parser declines it (ErrUnknownFormat)
// when it holds no Instatus site data.
//
// From a page statusfeed reads the page (site.name, its ID and address), its components with
// their groups (a component with children is a group, listed with IsGroup), descriptions and
// statuses, the active incidents and maintenances with their updates, and the past incidents
// the page lists (its days' notices and its notices index, which gives components as IDs and no
// updates), with start and resolution to the millisecond and affected components named from
// their IDs. Decisions where the data leaves room:
//
//   - Page.RawStatus is site.status (UP, HASISSUES, UNDERMAINTENANCE). HASISSUES does not say
//     how bad: Page.Status is then read from site.mainStatus ("SOMEDEGRADEDPERFORMANCE",
//     "SOMEMAJOROUTAGE": SOME or ALL and a component status word), or failing that from the
//     worst component, and a page warning says so, keeping mainStatus; else it is unknown.
//   - An incident's impact is its own word (Incident.RawImpact, a component status word such as
//     "OPERATIONAL"); its components keep theirs, even where they are worse off, as on
//     mastodon.social, whose open incident is OPERATIONAL while its components are MAJOROUTAGE.
//     A component's status with an incident is read from active incidents only: a day's notice
//     gives its components' statuses at render time, not during a past incident.
//   - Uptime is the vendor's own: Component.UptimePercent is componentsUptime's "uptime" (a
//     number in 2023, a string in 2026). The daily record exists only in 2023, as the days that
//     had notices with their incident IDs; Instatus gives no outage time for them, so their
//     seconds are zero. The 2026 page gives outage intervals instead ("outages", some without an
//     end even once resolved), which are not turned into days.
//   - Times are RFC 3339 or JavaScript's Date.toString() ("Tue Dec 06 2022 11:27:24 GMT+0000
//     (Coordinated Universal Time)"), read by its numeric offset. A declared "duration" is read
//     as seconds on pages, as the issue specifying them says; every capture has null.
//   - Incident pages (/incident/<id>) have no real capture and are not read.
//
// The public JSON has no real capture either: its reader follows Instatus' documentation and
// the fixtures written from it, sharing the pages' typed structs where the shapes coincide. It
// uses upper-case words, omits empty arrays, and its maintenance "duration" is read as minutes.
//
// Files: parse.go (registration, detection, dispatch), feed.go, page.go, types.go (the typed
// structs and their decoders), notice.go (incidents, statuses, times), json.go.
//
// The package registers itself as "instatus"; Parser can also be used directly, and lists the
// endpoints an Instatus page serves for statusfeed.Discover.
package instatus
