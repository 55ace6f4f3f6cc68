package normalize

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"statusfeed.dev/statusfeed"
)

// Order is the direction in which a document lists an incident's updates. It only decides
// between updates that tie on time and lifecycle rank: whatever the direction, updates are
// sorted by time.
type Order int8

// Orders.
const (
	// OrderUnknown leaves the direction to the updates' own times (see ListedOrder), and keeps
	// the document's order where they do not tell.
	OrderUnknown Order = iota
	// NewestFirst is Statuspage's order, in its feeds, pages and API: the later of two updates
	// in the document is the older.
	NewestFirst
	// OldestFirst is a timeline read top to bottom.
	OldestFirst
)

// ListedOrder tells the direction of updates listed in document order from their times: newest
// first when every change of time between neighbours goes back, oldest first when every change
// goes forward, and OrderUnknown when the times never change or go both ways (shuffled).
func ListedOrder(us []statusfeed.Update) Order {
	back, forward := false, false
	for i := 1; i < len(us); i++ {
		switch {
		case us[i].At.Before(us[i-1].At):
			back = true
		case us[i].At.After(us[i-1].At):
			forward = true
		}
	}
	switch {
	case back && !forward:
		return NewestFirst
	case forward && !back:
		return OldestFirst
	}
	return OrderUnknown
}

// SortUpdates orders updates oldest first, updates posted at the same time by their place in
// the lifecycle (investigating before resolved), and updates that tie on both by the
// document's own direction: in a document that lists the newest first, the later of two is the
// older. listed is that direction as the parser knows it for its format; OrderUnknown takes it
// from the updates' times, and keeps the document's order where those do not tell either.
func SortUpdates(us []statusfeed.Update, listed Order) {
	if listed == OrderUnknown {
		listed = ListedOrder(us)
	}
	if listed == NewestFirst {
		for i, j := 0, len(us)-1; i < j; i, j = i+1, j-1 {
			us[i], us[j] = us[j], us[i]
		}
	}
	sort.SliceStable(us, func(i, j int) bool {
		if !us[i].At.Equal(us[j].At) {
			return us[i].At.Before(us[j].At)
		}
		return us[i].Status.Rank() < us[j].Status.Rank()
	})
}

// Finish derives what an incident's timeline implies once its updates, in document order, and
// the parser's facts (kind, schedule) are in: it sorts the updates (see SortUpdates; listed is
// the document's direction), and fills Kind, Status, StartedAt and ResolvedAt where they are
// still zero.
//
//   - Status is the lifecycle state of the latest update; an "update" note keeps the state
//     before it, and a timeline with no lifecycle word stays unknown.
//   - Kind is maintenance when any update uses a maintenance-only word (scheduled, in progress,
//     verifying, completed) or the title says so (MaintenanceTitle). Otherwise it stays what the
//     parser found, unknown when the source has no marker: statusfeed does not guess.
//   - StartedAt is the oldest update; for a maintenance, the first update once work began
//     (in progress, or the first one at or after ScheduledFor), since the announcement may come
//     weeks ahead. A timeline that opens with its resolution does not say when the incident
//     began: StartedAt stays zero, and the observed duration unknown.
//   - ResolvedAt is the first resolved/completed update after the last update of any other
//     lifecycle state; it stays zero while the incident is open.
//
// A resolution before the start (a source whose fields contradict each other) is not kept: the
// start stands, the end becomes unknown, and the returned error says so, for the parser to
// report with the entry. Callers that have nothing to report it with may ignore it.
func Finish(inc *statusfeed.Incident, listed Order) error {
	SortUpdates(inc.Updates, listed)
	if inc.Kind == statusfeed.KindUnknown {
		for _, u := range inc.Updates {
			if u.Status.Maintenance() {
				inc.Kind = statusfeed.KindMaintenance
				break
			}
		}
	}
	if inc.Kind == statusfeed.KindUnknown && MaintenanceTitle(inc.Title) {
		inc.Kind = statusfeed.KindMaintenance
	}
	last := -1 // index of the latest lifecycle update
	for i, u := range inc.Updates {
		if u.Status.Lifecycle() {
			last = i
		}
	}
	if inc.Status == statusfeed.StatusUnknown && last >= 0 {
		inc.Status = inc.Updates[last].Status
	}
	if inc.StartedAt.IsZero() && len(inc.Updates) > 0 {
		inc.StartedAt = startOf(inc)
	}
	if inc.ResolvedAt.IsZero() && last >= 0 && inc.Updates[last].Status.Terminal() {
		first := last
		for i := last - 1; i >= 0; i-- {
			s := inc.Updates[i].Status
			if s.Terminal() {
				first = i
			} else if s.Lifecycle() {
				break
			}
		}
		inc.ResolvedAt = inc.Updates[first].At
	}
	if !inc.ResolvedAt.IsZero() && inc.ResolvedAt.Before(inc.StartedAt) {
		err := fmt.Errorf("resolved at %s, before it started at %s: the end is unknown",
			inc.ResolvedAt.UTC().Format(time.RFC3339), inc.StartedAt.UTC().Format(time.RFC3339))
		inc.ResolvedAt = time.Time{}
		return err
	}
	return nil
}

// maintenanceTitles open the titles that name a planned maintenance. Only a title's start
// counts: "Issue affecting small number of scheduled maintenances" is an incident, and
// "Network Maintenance" alone names the work, not the kind of event ("Droplet Connectivity
// Impacted During LON1 Network Maintenance" is an incident).
var maintenanceTitles = []string{"scheduled maintenance", "planned maintenance", "maintenance:", "maintenance -",
	"maintenance –", "[maintenance]", "[scheduled maintenance]", "[planned maintenance]"}

// MaintenanceTitle reports whether a title says it is a maintenance: "Scheduled maintenance",
// "Planned Maintenance of the EU database", "Maintenance: network upgrade", "[Maintenance] …".
func MaintenanceTitle(title string) bool {
	t := strings.ToLower(strings.TrimSpace(title))
	for _, p := range maintenanceTitles {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

func startOf(inc *statusfeed.Incident) time.Time {
	us := inc.Updates
	if inc.Kind != statusfeed.KindMaintenance {
		if us[0].Status.Terminal() {
			return time.Time{} // only the resolution is known
		}
		return us[0].At
	}
	for _, u := range us {
		if u.Status == statusfeed.StatusInProgress || u.Status == statusfeed.StatusVerifying {
			return u.At
		}
	}
	if !inc.ScheduledFor.IsZero() {
		for _, u := range us {
			if u.Status.Terminal() {
				break
			}
			if u.Status != statusfeed.StatusScheduled && !u.At.Before(inc.ScheduledFor.Add(-time.Minute)) {
				return u.At
			}
		}
	}
	for _, u := range us {
		if u.Status != statusfeed.StatusScheduled && u.Status.Lifecycle() {
			if u.Status.Terminal() {
				if !inc.ScheduledFor.IsZero() && inc.ScheduledFor.Before(u.At) {
					return inc.ScheduledFor // went straight from scheduled to completed
				}
				return time.Time{} // completed, with no word of when work began
			}
			return u.At
		}
	}
	return time.Time{} // announced, not started
}
