package rollup

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"statusfeed.dev/statusfeed"
)

func TestWorst(t *testing.T) {
	c := func(ss ...statusfeed.ComponentStatus) []statusfeed.Component {
		var out []statusfeed.Component
		for _, s := range ss {
			out = append(out, statusfeed.Component{Status: s})
		}
		return out
	}
	op, deg, major, unk := statusfeed.ComponentOperational, statusfeed.ComponentDegradedPerformance, statusfeed.ComponentMajorOutage, statusfeed.ComponentUnknown
	assert.Equal(t, unk, Worst(nil))
	assert.Equal(t, op, Worst(c(op, op)))
	assert.Equal(t, major, Worst(c(op, major, deg)))
	assert.Equal(t, unk, Worst(c(op, unk)), "the unknown one might be down")
	assert.Equal(t, deg, Worst(c(unk, deg)), "at least degraded")
	assert.Equal(t, op, Worst(append(c(op), statusfeed.Component{IsGroup: true, Status: major})), "a group's own entry does not count")
}

func TestSortNewestFirst(t *testing.T) {
	d := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	incs := []statusfeed.Incident{
		{ID: "b", StartedAt: d("2026-01-01T00:00:00Z")},
		{ID: "m", ScheduledFor: d("2026-02-01T00:00:00Z")},
		{ID: "a", StartedAt: d("2026-01-01T00:00:00Z")},
		{ID: "z"},
	}
	SortNewestFirst(incs)
	var ids []string
	for _, i := range incs {
		ids = append(ids, i.ID)
	}
	assert.Equal(t, []string{"m", "a", "b", "z"}, ids)
}
