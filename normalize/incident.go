package normalize

import (
	"sort"
	"time"

	"statusfeed.dev/statusfeed"
)

// SortUpdates orders updates oldest first, and updates posted at the same time by their place in
// the lifecycle (investigating before resolved). Document order is never trusted: feeds list
// updates newest first, oldest first, or shuffled. Updates that tie on both keep their order.
func SortUpdates(us []statusfeed.Update) {
	sort.SliceStable(us, func(i, j int) bool {
		if !us[i].At.Equal(us[j].At) {
			return us[i].At.Before(us[j].At)
		}
		return us[i].Status.Rank() < us[j].Status.Rank()
	})
}

// Finish derives what an incident's timeline implies once its updates and the parser's facts
// (kind, schedule) are in: it sorts the updates, and fills Kind (when the source had no marker),
// Status, StartedAt and ResolvedAt where they are still zero.
//
//   - Status is the lifecycle state of the latest update; an "update" note keeps the state
//     before it, and a timeline with no lifecycle word stays unknown.
//   - Kind, failing a marker, is maintenance when any update uses a maintenance-only word.
//   - StartedAt is the oldest update; for a maintenance, the first update once work began
//     (in progress, or the first one at or after ScheduledFor), since the announcement may come
//     weeks ahead.
//   - ResolvedAt is the first resolved/completed update after the last update of any other
//     lifecycle state; it stays zero while the incident is open.
func Finish(inc *statusfeed.Incident) {
	SortUpdates(inc.Updates)
	if inc.Kind == statusfeed.KindUnknown {
		inc.Kind = statusfeed.KindIncident
		for _, u := range inc.Updates {
			if u.Status.Maintenance() {
				inc.Kind = statusfeed.KindMaintenance
				break
			}
		}
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
}

func startOf(inc *statusfeed.Incident) time.Time {
	us := inc.Updates
	if inc.Kind != statusfeed.KindMaintenance {
		return us[0].At
	}
	for _, u := range us {
		if u.Status == statusfeed.StatusInProgress || u.Status == statusfeed.StatusVerifying {
			return u.At
		}
	}
	if !inc.ScheduledFor.IsZero() {
		for _, u := range us {
			if u.Status != statusfeed.StatusScheduled && !u.At.Before(inc.ScheduledFor.Add(-time.Minute)) {
				return u.At
			}
		}
	}
	for _, u := range us {
		if u.Status != statusfeed.StatusScheduled && u.Status.Lifecycle() {
			if u.Status.Terminal() && !inc.ScheduledFor.IsZero() && inc.ScheduledFor.Before(u.At) {
				return inc.ScheduledFor // went straight from scheduled to completed
			}
			return u.At
		}
	}
	return time.Time{} // announced, not started
}
