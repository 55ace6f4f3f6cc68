package feed

import (
	"strings"

	"statusfeed.dev/normalize"
	"statusfeed.dev/parsers/internal/feeddoc"
	"statusfeed.dev/statusfeed"
)

// elementStatus reads an item's <status> element. Microsoft 365 writes "Available" there: the
// state of the service the item names, not a step of an incident, so the update is a note
// (StatusUpdate) whose RawStatus keeps the word. Lifecycle words keep their meaning; anything
// else is unknown.
func elementStatus(word string) statusfeed.Status {
	if s := normalize.Status(word); s != statusfeed.StatusUnknown {
		return s
	}
	if componentStatus(word) != statusfeed.ComponentUnknown {
		return statusfeed.StatusUpdate
	}
	return statusfeed.StatusUnknown
}

// componentStatus maps a service-state word: normalize's words, and "Available", which
// Microsoft 365 writes for a service that is up.
func componentStatus(word string) statusfeed.ComponentStatus {
	if strings.EqualFold(strings.TrimSpace(word), "available") {
		return statusfeed.ComponentOperational
	}
	return normalize.ComponentStatus(word)
}

// pageStatus takes the page's status from the newest item that names the page's own service
// (Microsoft's admin-center feed, "Microsoft Admin Center Status", has an item titled
// "Microsoft Admin Center" with <status>Available</status>). Items about anything else say
// nothing of the whole page.
func pageStatus(e *feeddoc.Entry, page *statusfeed.Page) {
	if page.RawStatus != "" || page.Name == "" || !strings.EqualFold(strings.TrimSpace(e.Title), page.Name) {
		return
	}
	if cs := componentStatus(e.Status); cs != statusfeed.ComponentUnknown {
		page.Status, page.RawStatus = cs, e.Status
	}
}

// kindFromWords tells an incident from a maintenance by the status words of an item that has no
// /incidents/ or /maintenances/ link: Statuspage's incident words (investigating, identified,
// monitoring, resolved) or its maintenance words. An item with neither, such as Microsoft 365's
// standing notice, is of unknown kind: a generic feed's items are not all incidents.
func kindFromWords(us []statusfeed.Update) statusfeed.Kind {
	kind := statusfeed.KindUnknown
	for _, u := range us {
		switch {
		case u.Status.Maintenance():
			return statusfeed.KindMaintenance
		case u.Status.Lifecycle():
			kind = statusfeed.KindIncident
		}
	}
	return kind
}
