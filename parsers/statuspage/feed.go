package statuspage

import (
	"bytes"
	"errors"
	"regexp"
	"strings"

	"statusfeed.dev/normalize"
	"statusfeed.dev/parsers/internal/feeddoc"
	"statusfeed.dev/parsers/internal/timeline"
	"statusfeed.dev/statusfeed"
)

var (
	// tag:<host>,2005:Incident/<numeric id> is Statuspage's; Instatus uses the same scheme
	// with cuids, which start with a letter.
	entryIDPattern = regexp.MustCompile(`,2005:(Incident|Maintenance)/[0-9]+<`)
	channelMarker  = []byte("<description>Statuspage</description>")
	stampMarker    = []byte("data-var=")
	incidentsLink  = []byte("/incidents/")
)

// detectFeed recognizes a Statuspage history feed: the numeric entry IDs of its Atom feed, the
// "Statuspage" channel description of its RSS feed, or update stamps with <var data-var> tags
// (or legacy <small> stamps) next to /incidents/ links.
func detectFeed(prefix []byte) int {
	switch {
	case entryIDPattern.Match(prefix), bytes.Contains(prefix, channelMarker):
		return statusfeed.Likely + 20
	case bytes.Contains(prefix, incidentsLink) && (bytes.Contains(prefix, stampMarker) || bytes.Contains(prefix, []byte("&lt;small&gt;"))):
		return statusfeed.Likely
	}
	return 0
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
	if text := timeline.StripTags(preamble); strings.Contains(strings.ToUpper(text), scheduledEvent) {
		window := text[strings.Index(strings.ToUpper(text), scheduledEvent)+len(scheduledEvent):]
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
	normalize.Finish(&inc)
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
