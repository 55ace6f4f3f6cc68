package analytics_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/analytics"
	"statusfeed.dev/statusfeed"
)

func TestParsePeriod(t *testing.T) {
	end := time.Date(2026, 8, 15, 13, 30, 0, 0, time.UTC) // the data's newest moment
	utc := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }
	cases := []struct {
		in, str  string
		from, to time.Time
	}{
		{"24h", "24h", utc(2026, 8, 14, 13).Add(30 * time.Minute), end},
		{"7d", "7d", utc(2026, 8, 9, 0), utc(2026, 8, 16, 0)}, // Aug 9..15, the data's day included
		{"90d", "90d", utc(2026, 5, 18, 0), utc(2026, 8, 16, 0)},
		{"2026Q3", "2026Q3", utc(2026, 7, 1, 0), utc(2026, 10, 1, 0)},
		{"2025q4", "2025Q4", utc(2025, 10, 1, 0), utc(2026, 1, 1, 0)},
		{"2026-01-01..2026-03-31", "2026-01-01..2026-03-31", utc(2026, 1, 1, 0), utc(2026, 4, 1, 0)},
		{"2026-01-01T06:00:00Z..2026-01-02T06:00:00+01:00", "2026-01-01T06:00:00Z..2026-01-02T06:00:00+01:00",
			utc(2026, 1, 1, 6), utc(2026, 1, 2, 5)},
	}
	for _, tc := range cases {
		p, err := analytics.ParsePeriod(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.str, p.String(), tc.in)
		w := p.Window(end)
		assert.Equal(t, tc.from, w.From, tc.in)
		assert.Equal(t, tc.to, w.To, tc.in)
	}
	for _, bad := range []string{"", "0d", "-7d", "7w", "9999999999h", "d", "2026Q5", "2026-03-31..2026-01-01", "yesterday..today"} {
		_, err := analytics.ParsePeriod(bad)
		assert.True(t, errors.Is(err, analytics.ErrPeriod), "%q: %v", bad, err)
	}
	assert.Equal(t, "90d", analytics.Period{}.String(), "the zero Period is the last 90 days")
}

// TestWindowFollowsTheData: a relative window counts back from the data, never from the
// clock; in days, from the record's last day, which is the vendor's day even when the page
// was rendered after midnight UTC (a Pacific page rendered at 18:00 local time).
func TestWindowFollowsTheData(t *testing.T) {
	p := withDays(page(at(2, 2, 0)), day(1, 0, 0))
	res, err := analytics.Analyze(analytics.Input{Pages: []*statusfeed.Page{p}}, analytics.Options{Period: analytics.Last90Days})
	require.NoError(t, err)
	assert.Equal(t, at(2, 0, 0), res.Window.To, "ends with the record's last day, July 1")
	assert.Equal(t, at(2, 0, 0).AddDate(0, 0, -90), res.Window.From)

	h24, _ := analytics.ParsePeriod("24h")
	res, err = analytics.Analyze(analytics.Input{Pages: []*statusfeed.Page{p}}, analytics.Options{Period: h24})
	require.NoError(t, err)
	assert.Equal(t, analytics.Window{From: at(1, 2, 0), To: at(2, 2, 0)}, res.Window, "hours end when the page was rendered")

	_, err = analytics.Analyze(analytics.Input{Pages: []*statusfeed.Page{{Name: "Empty"}}}, analytics.Options{})
	assert.ErrorIs(t, err, analytics.ErrNoData)
	res, err = analytics.Analyze(analytics.Input{Pages: []*statusfeed.Page{{Name: "Empty"}}}, analytics.Options{Period: July1})
	require.NoError(t, err, "a fixed window needs no data to be placed")
	require.Len(t, res.Vendors, 1)
	assert.Nil(t, res.Vendors[0].UptimePercent)
}

func TestQuarter(t *testing.T) {
	for in, want := range map[time.Time]string{
		time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC):                      "2026Q1",
		time.Date(2026, 3, 31, 23, 59, 0, 0, time.UTC):                   "2026Q1",
		time.Date(2026, 9, 30, 12, 0, 0, 0, time.UTC):                    "2026Q3",
		time.Date(2026, 10, 1, 1, 0, 0, 0, time.FixedZone("CEST", 7200)): "2026Q3", // Sep 30 23:00 UTC
		time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC):                   "2026Q4",
	} {
		assert.Equal(t, want, analytics.Quarter(in).String(), "%v", in)
	}
}

// FuzzParsePeriod: any string either fails with ErrPeriod or gives a period whose windows are
// non-empty and which reads back as itself.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"24h", "90d", "2026Q3", "2026-01-01..2026-03-31", "2026-01-01T00:00:00Z..2026-01-02T00:00:00Z", "7w", ".."} {
		f.Add(s)
	}
	end := time.Date(2026, 8, 15, 13, 30, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := analytics.ParsePeriod(s)
		if err != nil {
			if !errors.Is(err, analytics.ErrPeriod) {
				t.Fatalf("%q: %v does not wrap ErrPeriod", s, err)
			}
			return
		}
		if w := p.Window(end); !w.From.Before(w.To) {
			t.Fatalf("%q: empty window %v", s, w)
		}
		again, err := analytics.ParsePeriod(p.String())
		if err != nil || again.Window(end) != p.Window(end) {
			t.Fatalf("%q reads back as %q: %v", s, p.String(), err)
		}
	})
}
