package statuspage

import (
	"bytes"
	"errors"
	"regexp"
	"strings"

	"statusfeed.dev/normalize"
	"statusfeed.dev/parsers/internal/feeddoc"
	"statusfeed.dev/parsers/internal/statusapi"
	"statusfeed.dev/parsers/internal/timeline"
	"statusfeed.dev/statusfeed"
)

var (
	// tag:<host>,2005:Incident/<numeric id> is Statuspage's; Instatus uses the same scheme
	// with cuids, which start with a letter.
	entryIDPattern = regexp.MustCompile(`,2005:(Incident|Maintenance)/[0-9]+<`)
	channelMarker  = []byte("<description>Statuspage</description>")
	// An empty Atom feed has no entries to show its IDs, but its own ID and title are still
	// Statuspage's: "tag:<host>,2005:/history" and "<name> Status - Incident History".
	historyID     = []byte(",2005:/history</id>")
	historyTitle  = []byte(" - Incident History</title>")
	stampMarker   = []byte("data-var=")
	incidentsLink = []byte("/incidents/")
)

// detectFeed recognizes a Statuspage history feed: the numeric entry IDs of its Atom feed, its
// feed ID and title, the "Statuspage" channel description of its RSS feed; or, less surely,
// update stamps with <var data-var> tags (or legacy <small> stamps) next to /incidents/ links.
func detectFeed(prefix []byte) statusfeed.Match {
	switch {
	case entryIDPattern.Match(prefix), bytes.Contains(prefix, channelMarker),
		bytes.Contains(prefix, historyID) && bytes.Contains(prefix, historyTitle):
		return statusfeed.Certain
	case bytes.Contains(prefix, incidentsLink) && (bytes.Contains(prefix, stampMarker) || bytes.Contains(prefix, []byte("&lt;small&gt;"))):
		return statusfeed.Possible
	}
	return statusfeed.NoMatch
}

var entryID = regexp.MustCompile(`,2005:(Incident|Maintenance)/[0-9]+$`)

// confirmFeed accepts a whole feed as Statuspage's when it carries one of the markers detection
// looks for, anywhere: ParseAs("statuspage", …) on another vendor's feed must decline.
func confirmFeed(f *feeddoc.Feed) bool {
	if f.Description == "Statuspage" || strings.HasSuffix(f.ID, ",2005:/history") {
		return true
	}
	for i := range f.Entries {
		e := &f.Entries[i]
		if entryID.MatchString(e.ID) || strings.Contains(e.Link, "/incidents/") &&
			(strings.Contains(e.Content, "data-var=") || strings.Contains(e.Content, "<small>")) {
			return true
		}
	}
	return false
}

const scheduledEvent = "THIS IS A SCHEDULED EVENT"

func incident(e *feeddoc.Entry, page *statusfeed.Page, src statusfeed.Source) (statusfeed.Incident, []error) {
	inc := statusfeed.Incident{
		ID:      incidentID(e),
		Title:   strings.TrimSpace(e.Title),
		URL:     e.Link,
		Sources: []statusfeed.Origin{src.Origin(Name, page.Format)},
	}
	if strings.Contains(e.Link, "/maintenance") {
		inc.Kind = statusfeed.KindMaintenance
	}
	published, updated, errs := e.Times(page)
	ref := feeddoc.Later(published, updated)
	preamble, blocks := timeline.Split(e.Content)
	if text := normalize.Text(preamble); strings.Contains(strings.ToUpper(text), scheduledEvent) {
		window := text[strings.Index(strings.ToUpper(text), scheduledEvent)+len(scheduledEvent):]
		window, _, _ = strings.Cut(window, "\n") // the window is the rest of its line
		from, until, warn, err := normalize.ResolveRange(strings.TrimSpace(window), ref)
		if warn != "" {
			page.Warn(warn)
		}
		if err != nil {
			errs = append(errs, err)
		} else {
			inc.ScheduledFor, inc.ScheduledUntil, inc.Kind = from, until, statusfeed.KindMaintenance
		}
	}
	updates, pm, uerrs := timeline.Updates(blocks, ref, page, timeline.Options{})
	inc.Updates, inc.Postmortem = updates, pm
	errs = append(errs, uerrs...)
	if len(blocks) == 0 && strings.TrimSpace(e.Content) != "" {
		errs = append(errs, errors.New("no update blocks in content"))
	}
	if inc.Kind == statusfeed.KindUnknown {
		inc.Kind = statusapi.KindOf("", statusfeed.StatusUnknown, inc.Updates)
	}
	if err := normalize.Finish(&inc, normalize.NewestFirst); err != nil {
		errs = append(errs, err)
	}
	// A maintenance not yet begun is published at its scheduled start, after its last revision.
	if inc.Kind == statusfeed.KindMaintenance && inc.ScheduledFor.IsZero() && inc.Status == statusfeed.StatusScheduled &&
		!updated.IsZero() && published.After(updated) {
		inc.ScheduledFor = published.UTC()
	}
	return inc, errs
}

// incidentID is the public incident code from the link (".../incidents/l4222m9bmd6k"), which
// Atom and RSS share, else the Atom entry ID.
func incidentID(e *feeddoc.Entry) string {
	if id := feeddoc.LastPathSegment(e.Link); id != "" {
		return id
	}
	return e.ID
}
