// Package rollup sums up what a status page's parts say: the status its components make, and
// the order its incidents are listed in. Instatus and incident.io pages share both rules.
package rollup

import (
	"sort"
	"time"

	"statusfeed.dev/statusfeed"
)

// Rank orders component statuses from healthy to worst; unknown ranks lowest.
func Rank(s statusfeed.ComponentStatus) int {
	switch s {
	case statusfeed.ComponentOperational:
		return 1
	case statusfeed.ComponentUnderMaintenance:
		return 2
	case statusfeed.ComponentDegradedPerformance:
		return 3
	case statusfeed.ComponentPartialOutage:
		return 4
	case statusfeed.ComponentMajorOutage:
		return 5
	}
	return 0
}

// Worst is the status components make, groups' own entries aside: the worst of theirs. It is
// unknown when there are none, or when one is unknown and none is known to be worse than
// operational, since the unknown one might be the worst.
func Worst(cs []statusfeed.Component) statusfeed.ComponentStatus {
	w, unknown := statusfeed.ComponentUnknown, false
	for _, c := range cs {
		switch {
		case c.IsGroup:
		case c.Status == statusfeed.ComponentUnknown:
			unknown = true
		case Rank(c.Status) > Rank(w):
			w = c.Status
		}
	}
	if unknown && Rank(w) <= Rank(statusfeed.ComponentOperational) {
		return statusfeed.ComponentUnknown
	}
	return w
}

// SortNewestFirst orders incidents newest first by start (a maintenance's scheduled start when
// it has not started), then by ID, so that the order never depends on how a page happened to
// list them, nor on map order.
func SortNewestFirst(incs []statusfeed.Incident) {
	key := func(i *statusfeed.Incident) time.Time {
		if !i.StartedAt.IsZero() {
			return i.StartedAt
		}
		return i.ScheduledFor
	}
	sort.SliceStable(incs, func(i, j int) bool {
		a, b := key(&incs[i]), key(&incs[j])
		if !a.Equal(b) {
			return a.After(b)
		}
		return incs[i].ID < incs[j].ID
	})
}
