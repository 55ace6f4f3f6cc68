package normalize

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"statusfeed.dev/statusfeed"
)

// A source whose fields contradict each other (resolved before it started) keeps its start; the
// end becomes unknown, and Finish says so for the parser to report.
func TestFinishRefusesAResolutionBeforeTheStart(t *testing.T) {
	start := time.Date(2026, 8, 28, 13, 1, 12, 0, time.UTC)
	tests := []struct {
		name      string
		resolved  time.Time
		wantEnd   time.Time
		wantError bool
	}{
		{"after the start", start.Add(time.Hour), start.Add(time.Hour), false},
		{"at the start", start, start, false},
		{"before the start", start.Add(-8 * 24 * time.Hour), time.Time{}, true},
	}
	for _, tt := range tests {
		inc := statusfeed.Incident{StartedAt: start, ResolvedAt: tt.resolved, Status: statusfeed.StatusResolved,
			Updates: []statusfeed.Update{{At: start, Status: statusfeed.StatusInvestigating}}}
		err := Finish(&inc, OldestFirst)
		assert.Equal(t, tt.wantError, err != nil, tt.name)
		assert.Equal(t, tt.wantEnd, inc.ResolvedAt, tt.name)
		assert.Equal(t, start, inc.StartedAt, tt.name)
		if _, ok := inc.Duration(); ok && tt.wantError {
			t.Errorf("%s: a duration for an incident whose end is unknown", tt.name)
		}
	}
}
