package instatus

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/statusfeed"
)

func TestLenientTime(t *testing.T) {
	for in, want := range map[string]string{
		"Tue Dec 06 2022 11:27:24 GMT+0000 (Coordinated Universal Time)": "2022-12-06T11:27:24Z",
		"Wed Jan 07 2026 14:27:24 GMT+0530 (India Standard Time)":        "2026-01-07T08:57:24Z",
		"Mon Mar 09 2026 23:30:00 GMT-0800 (Pacific Standard Time)":      "2026-03-10T07:30:00Z",
		"Tue Dec 06 2022 11:27:24 GMT+0100":                              "2022-12-06T10:27:24Z",
		"2023-03-01T13:41:06.588Z":                                       "2023-03-01T13:41:06.588Z",
		"2026-02-25T21:08:32.24Z":                                        "2026-02-25T21:08:32.24Z",
		"2026-04-08T15:37:00+02:00":                                      "2026-04-08T13:37:00Z",
		"1677628800000":                                                  "2023-03-01T00:00:00Z",
	} {
		got, err := lenientTime(in)
		require.NoError(t, err, in)
		w, _ := time.Parse(time.RFC3339Nano, want)
		assert.True(t, got.Equal(w), "%s: %v, want %v", in, got, w)
		assert.Equal(t, time.UTC, got.Location(), in)
	}
	for _, bad := range []string{"Tue Dec 06 2022 11:27:24 (Coordinated Universal Time)", "Dec 06 2022", "yesterday"} {
		_, err := lenientTime(bad)
		assert.Error(t, err, bad)
	}
	got, err := lenientTime("")
	assert.NoError(t, err)
	assert.True(t, got.IsZero())
}

func TestCalendarDay(t *testing.T) {
	// The day a page names, on its own clock: midnight in GMT+0200 is still that day.
	d, err := calendarDay("Mon Apr 06 2026 00:00:00 GMT+0200 (Central European Summer Time)")
	require.NoError(t, err)
	assert.Equal(t, time.Date(2026, 4, 6, 0, 0, 0, 0, time.UTC), d)
}

func TestSiteStatus(t *testing.T) {
	ops := []statusfeed.Component{{Status: statusfeed.ComponentOperational}, {Status: statusfeed.ComponentPartialOutage}}
	for _, c := range []struct {
		status, main string
		comps        []statusfeed.Component
		want         statusfeed.ComponentStatus
		noted        bool
	}{
		{"UP", "", nil, statusfeed.ComponentOperational, false},
		{"UNDERMAINTENANCE", "", nil, statusfeed.ComponentUnderMaintenance, false},
		{"HASISSUES", "SOMEDEGRADEDPERFORMANCE", nil, statusfeed.ComponentDegradedPerformance, true},
		{"HASISSUES", "ALLMAJOROUTAGE", nil, statusfeed.ComponentMajorOutage, true},
		{"HASISSUES", "SOMEMINOROUTAGE", nil, statusfeed.ComponentPartialOutage, true},
		{"HASISSUES", "", ops, statusfeed.ComponentPartialOutage, true},
		{"HASISSUES", "SOMETHINGNEW", nil, statusfeed.ComponentUnknown, false}, // how bad is not said
		{"HASISSUES", "", []statusfeed.Component{{Status: statusfeed.ComponentOperational}, {}}, statusfeed.ComponentUnknown, false},
		{"DOWN", "", ops, statusfeed.ComponentUnknown, false},
	} {
		got, note := siteStatus(c.status, c.main, c.comps)
		assert.Equal(t, c.want, got, "%s %s", c.status, c.main)
		assert.Equal(t, c.noted, note != "", "%s %s: %q", c.status, c.main, note)
	}
}
