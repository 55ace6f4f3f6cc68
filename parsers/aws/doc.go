// Package aws reads the AWS Health Dashboard: its RSS feeds (status.aws.amazon.com/rss/all.rss
// and the legacy per-service feeds such as rss/ec2-ap-northeast-1.rss) and the legacy
// status.aws.amazon.com/data.json.
//
// # RSS: one item per update
//
// The feeds publish one item per update, newest first, and nothing names the event an item
// belongs to: the GUID is "https://status.aws.amazon.com/#<code>_<unix>", where <code> is the
// dashboard code ("directconnect-eu-central-1": service, then region) and <unix> the item's
// own time (equal to its pubDate in every captured item), not the event's. The title is a
// status phrase and the event's title: "Service impact: Increased Packet loss".
//
// Items are grouped into events by the code and the title folded: the phrase and "[RESOLVED]"
// tags removed, case and spacing ignored (AWS wrote "Increased connectivity issues" in one update
// and "Increased Connectivity Issues" in the next). Taken oldest first, an item joins the open
// event of its key; an item that does not resolve, after the event was resolved, starts a new
// one, the same trouble again. No time gap splits an event: the 2026 ME-CENTRAL-1 and
// ME-SOUTH-1 events got updates on 3 March and again on 30 April ("an update on the ongoing
// service disruption"). An event whose resolving item has left the feed's window stays open, and
// a recurrence of one with the same title is then merged into it: nothing in the feed tells them
// apart. The incident's ID is its first item's "<code>_<unix>"; its title the latest item's,
// without the phrase and the resolved tags; the code gives Components (the service, named where
// a per-service feed's title names it) and Regions.
//
// Each item is one update, its phrase kept as RawStatus:
//
//	Service is operating normally   resolved   (impact: none stated)
//	Informational message           update     impact none
//	Service degradation             update     impact minor
//	Service impact                  update     impact minor
//	Service disruption              update     impact major
//
// Only "operating normally" is a lifecycle word; the others grade the impact and say nothing of
// the phase, so they are notes (StatusUpdate) and an open event's Status stays unknown rather
// than a guessed "investigating". "Service impact" ranks below "Service disruption": the
// ME-SOUTH-1 event went from the one to the other when the region became unavailable. A title
// carrying "[RESOLVED]" resolves whatever its phrase (the 2019 Tokyo feed has an "Informational
// message: … [RESOLVED] …" item that is its event's only one). The incident's Impact is the worst
// phrase of its items, RawImpact that phrase. pubDate's zone names (PDT, PST) are read through
// normalize's table; a missing pubDate falls back on the GUID's time. Bilingual "JA | EN" titles
// and bodies are kept as written, and escaped markup inside CDATA is unescaped once.
//
// Observed quirk kept as is: the 2016 Tokyo event has two items both titled "Service is
// operating normally: [RESOLVED] …", the first of which says "We are investigating"; it is one
// resolved event whose observed duration is zero.
//
// # data.json
//
// {"archive": [...], "current": [...]}: one object per event with service ("ec2-us-east-2";
// global services have no region: "management-console", "route53"; S3's old "us-standard"
// counts as a region, as the vendor names it), service_name ("Amazon Elastic Compute Cloud
// (Ohio)", whose region label is dropped for the component's name), summary (the title,
// "[RESOLVED] …" once resolved; the tag is removed from Title), date (Unix seconds as a string:
// the first update's time) and status, a digit kept as RawImpact. Every archived event in the
// captures is "[RESOLVED]" yet keeps a 1, 2 or 3, so the digit grades the event rather than
// stating its phase; the grades follow the legacy dashboard's legend, which its RSS phrases spell
// (1 informational message: impact none, 2 service degradation: minor, 3 service disruption:
// major; the 2021 "Degraded EBS Volume Performance" event is a 2). "0" (operating normally in
// that legend) does not occur in the captures and is left unknown.
//
// description is HTML, one <div> per update, each opening with <span class="yellowfg"> 2:49
// PM PDT</span>: a time of day and a zone label only, with "Aug 7, " before it once the update
// falls on a later day than the event's start. The first stamp is dated on the day (in its own
// zone) that puts it nearest the event's date, which is to the second while the stamp is rounded
// to the minute (11:59:40 PM prints as 12:00 AM of the next day); each later stamp without a
// month on the day of the one before, or the next day when its time is earlier (past midnight);
// one with a month and day in the year that keeps it from going back in time.
//
// data.json carries no status per update. The summary's "[RESOLVED]" goes to the update that
// announced the resolution, the last one saying "operating normally" (AWS's formula: "The issue
// has been resolved and the service is operating normally"), with those words as its RawStatus,
// so that a summary posted days later (the 2021 Tokyo Direct Connect event, resolved on 1
// September, summed up on 6 September) does not stretch the observed duration; without such an
// update the last update takes it, with "RESOLVED" as its RawStatus. An event without the tag is
// open and its Status unknown.
//
// Files: parse.go (registration, detection, endpoints, codes and titles), rss.go, json.go.
//
// The package registers itself as "aws"; Parser can also be used directly, and lists the
// endpoints the dashboard serves for statusfeed.Discover.
package aws
