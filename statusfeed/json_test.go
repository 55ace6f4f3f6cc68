package statusfeed

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// Every field of every type in the model survives a JSON round trip. The page is built by
// reflection, so a field added to the model without JSON support fails here.
func TestJSONRoundTripsEveryField(t *testing.T) {
	page := filledPage(t)
	data, err := json.Marshal(page)
	require.NoError(t, err)
	var back Page
	require.NoError(t, json.Unmarshal(data, &back))
	if d := cmp.Diff(page, &back); d != "" {
		t.Errorf("lost in the JSON round trip (-before +after):\n%s\n%s", d, data)
	}

	// The observed duration is derived from StartedAt and ResolvedAt, not stored: the JSON
	// writes it for readers, UnmarshalJSON ignores it, and it comes back the same because both
	// ends do.
	inc := page.Incidents[0]
	want, ok := inc.Duration()
	require.True(t, ok, "the filler sets ResolvedAt after StartedAt")
	var raw struct {
		Incidents []struct {
			DurationSeconds int64 `json:"duration_seconds"`
		} `json:"incidents"`
	}
	require.NoError(t, json.Unmarshal(data, &raw))
	require.Equal(t, int64(want/time.Second), raw.Incidents[0].DurationSeconds)
	got, ok := back.Incidents[0].Duration()
	require.True(t, ok)
	require.Equal(t, want, got)
}

// RFC 3339 has four-digit years: a time outside them is refused rather than written in a form
// that cannot be read back.
func TestJSONRefusesYearsRFC3339CannotHold(t *testing.T) {
	for _, at := range []time.Time{
		time.Date(0, 1, 1, 0, 0, 0, 0, time.FixedZone("", 3600)), // year -1 in UTC
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		_, err := json.Marshal(Page{GeneratedAt: at})
		require.Error(t, err, "%v", at)
		require.ErrorContains(t, err, "year outside of range")
	}
	_, err := json.Marshal(Page{GeneratedAt: time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err, "year 0 is four digits")
}
