package normalize

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tt, err := time.Parse(time.RFC3339, s)
	require.NoError(t, err)
	return tt
}

func TestResolveStamp(t *testing.T) {
	tests := []struct {
		name     string
		stamp    string
		ref      string // the entry's own time, with its offset
		want     string // RFC 3339 UTC
		wantWarn bool
	}{
		{"space-padded day, UTC", "Feb  8, 09:00 UTC", "2024-02-09T17:35:55Z", "2024-02-08T09:00:00Z", false},
		{"seconds and GMT+0", "Apr 8, 15:37:00 GMT+0", "2026-04-09T10:00:00+00:00", "2026-04-08T15:37:00Z", false},
		{"legacy two spaces", "Jan  1, 09:09 PST", "2014-01-01T09:30:00-08:00", "2014-01-01T17:09:00Z", false},
		{"PDT label", "Oct 24, 10:00 PDT", "2020-10-24T10:59:09-07:00", "2020-10-24T17:00:00Z", false},
		{"explicit year", "May 13, 2017, 06:45 UTC", "2017-10-15T06:45:00Z", "2017-05-13T06:45:00Z", false},
		{"incident-page style with dash", "May 08, 2025 - 14:07 BST", "2025-05-08T14:00:00+01:00", "2025-05-08T13:07:00Z", true},
		{"year roll-over: Dec 30 update of an entry updated Jan 2", "Dec 30, 23:10 UTC", "2025-01-02T08:00:00Z", "2024-12-30T23:10:00Z", false},
		{"year roll-over: Jan 2 update of the same entry", "Jan  2, 07:55 UTC", "2025-01-02T08:00:00Z", "2025-01-02T07:55:00Z", false},
		{"announcement before a maintenance published at its start", "Dec 17, 10:00 UTC", "2020-01-09T14:00:00Z", "2019-12-17T10:00:00Z", false},
		{"postmortem weeks after the entry's time", "Mar  3, 12:00 UTC", "2021-02-10T12:00:00Z", "2021-03-03T12:00:00Z", false},
		{"CEST from the table, not +0000", "Jul  4, 12:00 CEST", "2023-07-04T13:00:00+02:00", "2023-07-04T10:00:00Z", false},
		{"unknown label takes the entry's offset", "Jun  5, 12:00 XYZT", "2023-06-05T13:00:00+05:30", "2023-06-05T06:30:00Z", true},
		{"ambiguous IST takes the entry's offset", "Jun  5, 12:00 IST", "2023-06-05T13:00:00+05:30", "2023-06-05T06:30:00Z", true},
		{"PST printed in summer: trust the entry's -07:00", "Jul 10, 09:00 PST", "2014-07-10T10:00:00-07:00", "2014-07-10T16:00:00Z", true},
		{"PST far from the entry's summer time keeps its label", "Jun 20, 09:00 PST", "2014-07-10T10:00:00-07:00", "2014-06-20T17:00:00Z", false},
		{"12-hour clock", "Mar  1, 12:53 PM PDT", "2022-03-01T13:00:00-07:00", "2022-03-01T19:53:00Z", false},
		{"12-hour clock in lower case", "Mar  1, 12:53 pm PDT", "2022-03-01T13:00:00-07:00", "2022-03-01T19:53:00Z", false},
		{"a label that starts like AM is a label", "Mar  1, 10:00 AMT", "2022-03-01T13:00:00-04:00", "2022-03-01T14:00:00Z", true},
		{"Feb 29 picks a leap year", "Feb 29, 10:00 UTC", "2024-03-01T00:00:00Z", "2024-02-29T10:00:00Z", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, warn, err := ResolveStamp(tt.stamp, mustTime(t, tt.ref))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.Format(time.RFC3339), "time")
			assert.Equal(t, time.UTC, got.Location(), "model times are UTC")
			assert.Equal(t, tt.wantWarn, warn != "", "warning %q", warn)
		})
	}
}

func TestResolveNear(t *testing.T) {
	// An HTML page rendered at a Unix time: the reference picks the year, the label the zone.
	issued := mustTime(t, "2025-11-12T22:38:17Z")
	tests := []struct {
		stamp, want string
		warn        bool
	}{
		{"Nov  7, 09:50 GMT", "2025-11-07T09:50:00Z", false},
		{"May  8, 14:07 BST", "2025-05-08T13:07:00Z", true},  // ambiguous: its likeliest meaning, with a warning
		{"Dec 30, 23:00 PST", "2025-12-31T07:00:00Z", false}, // weeks ahead: an upcoming maintenance
		{"Jan  3, 10:00 XYZT", "2026-01-03T10:00:00Z", true},
	}
	for _, tt := range tests {
		st, err := ParseStamp(tt.stamp)
		require.NoError(t, err)
		got, warn, err := st.ResolveNear(issued)
		require.NoError(t, err, tt.stamp)
		assert.Equal(t, tt.want, got.Format(time.RFC3339), tt.stamp)
		assert.Equal(t, tt.warn, warn != "", "%s: warning %q", tt.stamp, warn)
	}
}

func TestResolveBefore(t *testing.T) {
	issued := mustTime(t, "2021-01-22T20:53:55Z") // an open incident's updates cannot be later
	for stamp, want := range map[string]string{
		"Mar 16, 04:38 UTC": "2020-03-16T04:38:00Z", // ResolveNear would say 2021: weeks ahead
		"Dec 14, 10:00 UTC": "2020-12-14T10:00:00Z",
		"Jan 22, 21:30 UTC": "2021-01-22T21:30:00Z", // minutes after rendering: a zone's slack
	} {
		st, err := ParseStamp(stamp)
		require.NoError(t, err)
		got, _, err := st.ResolveBefore(issued)
		require.NoError(t, err)
		assert.Equal(t, want, got.Format(time.RFC3339), stamp)
	}
}

func TestResolveStampErrors(t *testing.T) {
	for _, s := range []string{"", "Yesterday", "Feb 8", "Feb 31, 10:00 UTC", "Foo 8, 10:00 UTC", "Feb 8, 25:00 UTC", "Feb 8, 10:61 UTC"} {
		_, _, err := ResolveStamp(s, mustTime(t, "2024-02-09T00:00:00Z"))
		assert.ErrorIs(t, err, ErrStamp, "%q", s)
	}
	_, _, err := ResolveStamp("Feb  8, 09:00 UTC", time.Time{})
	assert.ErrorIs(t, err, ErrStamp, "a year-less stamp needs a reference time")
	got, _, err := ResolveStamp("May 13, 2017, 06:45 UTC", time.Time{})
	require.NoError(t, err, "a stamp with a year does not")
	assert.Equal(t, "2017-05-13T06:45:00Z", got.Format(time.RFC3339))
}

func TestResolveRange(t *testing.T) {
	tests := []struct{ in, ref, from, until string }{
		{"Jan 9, 14:00 - 18:00 UTC", "2019-12-17T10:00:00Z", "2020-01-09T14:00:00Z", "2020-01-09T18:00:00Z"},
		{"Feb 29, 22:00 - 23:00 GMT", "2024-02-20T10:00:00Z", "2024-02-29T22:00:00Z", "2024-02-29T23:00:00Z"},
		{"Mar 5, 22:00 - 02:00 PST", "2020-03-01T10:00:00-08:00", "2020-03-06T06:00:00Z", "2020-03-06T10:00:00Z"},
		{"Mar 5, 22:00 - Mar 6, 04:00 UTC", "2020-03-01T10:00:00Z", "2020-03-05T22:00:00Z", "2020-03-06T04:00:00Z"},
	}
	for _, tt := range tests {
		from, until, _, err := ResolveRange(tt.in, mustTime(t, tt.ref))
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.from, from.Format(time.RFC3339), tt.in)
		assert.Equal(t, tt.until, until.Format(time.RFC3339), tt.in)
	}
	_, _, _, err := ResolveRange("Jan 9, 14:00 UTC", mustTime(t, "2020-01-01T00:00:00Z"))
	assert.ErrorIs(t, err, ErrStamp)
}

func TestZoneOffset(t *testing.T) {
	tests := []struct {
		label            string
		off              int
		known, ambiguous bool
	}{
		{"UTC", 0, true, false}, {"gmt", 0, true, false}, {"GMT+0", 0, true, false},
		{"GMT+5:30", 5*hour + 1800, true, false}, {"UTC-07:00", -7 * hour, true, false},
		{"+0000", 0, true, false}, {"-0700", -7 * hour, true, false},
		{"CEST", 2 * hour, true, false}, {"PDT", -7 * hour, true, false}, {"AEDT", 11 * hour, true, false},
		{"JST", 9 * hour, true, false}, {"IST", hour, true, true}, {"CST", -6 * hour, true, true},
		{"XYZT", 0, false, false}, {"", 0, false, false}, {"GMT+99", 0, false, false},
	}
	for _, tt := range tests {
		off, known, amb := ZoneOffset(tt.label)
		assert.Equal(t, tt.known, known, "%q known", tt.label)
		if tt.known {
			assert.Equal(t, tt.off, off, "%q offset", tt.label)
		}
		assert.Equal(t, tt.ambiguous, amb, "%q ambiguous", tt.label)
	}
}

func TestFeedTime(t *testing.T) {
	tests := []struct{ raw, want, offset string }{
		{"2024-02-08T09:00:14Z", "2024-02-08T09:00:14Z", "+00:00"},
		{"2020-11-14T14:07:38-08:00", "2020-11-14T22:07:38Z", "-08:00"},
		{"2026-06-04T21:10:00.000+00:00", "2026-06-04T21:10:00Z", "+00:00"},
		{"Thu, 08 Feb 2024 09:00:14 +0000", "2024-02-08T09:00:14Z", "+00:00"},
		{"Fri, 4 Sep 2026 18:27:54 +0000", "2026-09-04T18:27:54Z", "+00:00"},
		{"Fri, 23 Aug 2019 04:18:35 PDT", "2019-08-23T11:18:35Z", "-07:00"},
		{"Thu, 03 Sep 2026 20:53:00 Z", "2026-09-03T20:53:00Z", "+00:00"},
		{"Thu, 08 Jan 2026 02:45:00 GMT", "2026-01-08T02:45:00Z", "+00:00"},
		{"Wed, 10 Jul 2014 10:00:00 -0700", "2014-07-10T17:00:00Z", "-07:00"},
	}
	for _, tt := range tests {
		got, _, err := FeedTime(tt.raw)
		require.NoError(t, err, tt.raw)
		assert.Equal(t, tt.want, got.UTC().Format(time.RFC3339), tt.raw)
		assert.Equal(t, tt.offset, got.Format("-07:00"), "%s keeps its offset", tt.raw)
	}
	for _, bad := range []string{"", "yesterday", "Thu, 08 Feb 2024 09:00:14 XYZT"} {
		_, _, err := FeedTime(bad)
		assert.ErrorIs(t, err, ErrStamp, "%q", bad)
	}
}

func TestResolveStampSiblingsOnly(t *testing.T) {
	tests := []struct {
		name, stamp, ref, want string
		warn                   bool
	}{
		{"PST against PDT's offset: its sibling", "Jul 10, 09:00 PST", "2014-07-10T10:00:00-07:00", "2014-07-10T16:00:00Z", true},
		{"CET against CEST's offset", "Jul 10, 09:00 CET", "2020-07-10T10:00:00+02:00", "2020-07-10T07:00:00Z", true},
		{"GMT against BST's offset", "Jul 10, 09:00 GMT", "2020-07-10T10:00:00+01:00", "2020-07-10T08:00:00Z", true},
		{"AEST against AEDT's offset", "Jan 10, 09:00 AEST", "2020-01-10T10:00:00+11:00", "2020-01-09T22:00:00Z", true},
		{"EST one hour off -06:00 is no sibling: the label stands", "Jul 10, 09:00 EST", "2020-07-10T10:00:00-06:00", "2020-07-10T14:00:00Z", false},
		{"PDT one hour off -06:00 is no sibling", "Jul 10, 09:00 PDT", "2020-07-10T10:00:00-06:00", "2020-07-10T16:00:00Z", false},
		{"UTC against +01:00 stands", "Jul 10, 09:00 UTC", "2020-07-10T10:00:00+01:00", "2020-07-10T09:00:00Z", false},
	}
	for _, tt := range tests {
		got, warn, err := ResolveStamp(tt.stamp, mustTime(t, tt.ref))
		require.NoError(t, err, tt.name)
		assert.Equal(t, tt.want, got.Format(time.RFC3339), tt.name)
		assert.Equal(t, tt.warn, warn != "", "%s: warning %q", tt.name, warn)
	}
}

func TestResolveIn(t *testing.T) {
	london, err := LoadZone("London") // the Rails name Statuspage's /history props write
	require.NoError(t, err)
	kolkata, err := LoadZone("Asia/Kolkata")
	require.NoError(t, err)
	ref := mustTime(t, "2024-11-12T22:38:17Z")
	tests := []struct {
		name  string
		loc   *time.Location
		stamp string
		want  string
		warn  bool
	}{
		{"BST is British summer time, exactly", london, "May  8, 14:07 BST", "2024-05-08T13:07:00Z", false},
		{"GMT in winter", london, "Nov  7, 09:50 GMT", "2024-11-07T09:50:00Z", false},
		{"no label: the zone's offset", london, "Jul  1, 12:00", "2024-07-01T11:00:00Z", false},
		{"the hour that occurs twice, first as BST", london, "Oct 27, 01:30 BST", "2024-10-27T00:30:00Z", false},
		{"and then as GMT", london, "Oct 27, 01:30 GMT", "2024-10-27T01:30:00Z", false},
		{"IST is India's on an Indian page", kolkata, "Jun  5, 12:00 IST", "2024-06-05T06:30:00Z", false},
		{"UTC on a London page in winter agrees", london, "Nov  5, 12:00 UTC", "2024-11-05T12:00:00Z", false},
		{"a label of another zone: the page's zone wins, with a warning", london, "Jun  5, 12:00 PST", "2024-06-05T11:00:00Z", true},
		{"a year printed in the stamp", london, "Jul  4, 2019, 12:00 BST", "2019-07-04T11:00:00Z", false},
	}
	for _, tt := range tests {
		st, err := ParseStamp(tt.stamp)
		require.NoError(t, err, tt.name)
		got, warn, err := st.ResolveIn(tt.loc, ref)
		require.NoError(t, err, tt.name)
		assert.Equal(t, tt.want, got.Format(time.RFC3339), tt.name)
		assert.Equal(t, time.UTC, got.Location(), tt.name)
		assert.Equal(t, tt.warn, warn != "", "%s: warning %q", tt.name, warn)
	}
}

func TestLoadZone(t *testing.T) {
	for name, want := range map[string]string{
		"London": "Europe/London", "Pacific Time (US & Canada)": "America/Los_Angeles",
		"America/Chicago": "America/Chicago", "Etc/UTC": "Etc/UTC", "UTC": "Etc/UTC",
	} {
		loc, err := LoadZone(name)
		require.NoError(t, err, name)
		assert.Equal(t, want, loc.String(), name)
	}
	for _, bad := range []string{"", "Local", "Mars/Olympus_Mons", "Middle Earth"} {
		_, err := LoadZone(bad)
		assert.ErrorIs(t, err, ErrStamp, "%q", bad)
		_, err = LoadZone(bad)
		assert.ErrorIs(t, err, ErrStamp, "%q, asked again", bad)
	}
	// A zone is read from the database once: a page names its zone on every poll.
	first, err := LoadZone("Asia/Tokyo")
	require.NoError(t, err)
	again, err := LoadZone(" Asia/Tokyo ")
	require.NoError(t, err)
	assert.Same(t, first, again)
	for rails, iana := range railsZones { // the embedded database knows every one
		_, err := time.LoadLocation(iana)
		assert.NoError(t, err, "%s → %s", rails, iana)
	}
	for label, sib := range dstSiblings {
		_, ok := zones[label]
		_, sibOK := zones[sib]
		assert.True(t, ok && sibOK, "%s/%s in the zone table", label, sib)
	}
}

func TestParseRangeWithDashesInStamps(t *testing.T) {
	start, end, err := ParseRange("May 08, 2025 - 14:07 BST - May 08, 2025 - 15:00 BST")
	require.NoError(t, err)
	assert.Equal(t, Stamp{Month: time.May, Day: 8, Year: 2025, Hour: 14, Minute: 7, Zone: "BST"}, start)
	assert.Equal(t, Stamp{Month: time.May, Day: 8, Year: 2025, Hour: 15, Minute: 0, Zone: "BST"}, end)

	start, end, err = ParseRange("May 08, 2025 - 14:07 - 15:00 BST")
	require.NoError(t, err)
	assert.Equal(t, Stamp{Month: time.May, Day: 8, Year: 2025, Hour: 14, Minute: 7, Zone: "BST"}, start)
	assert.Equal(t, Stamp{Month: time.May, Day: 8, Year: 2025, Hour: 15, Minute: 0, Zone: "BST"}, end)

	for _, bad := range []string{"May 08, 2025 - 14:07 BST", "Jan 9 - Jan 10", "14:00 - 15:00 UTC",
		strings.Repeat("Jan 1, 10:00 UTC - ", 10000)} { // too long to be a window: refused at once
		_, _, err := ParseRange(bad)
		assert.ErrorIs(t, err, ErrStamp, "%q", bad)
	}
}

func TestResolveRangeKeepsBothWarnings(t *testing.T) {
	// The end's ambiguous label deserves its note as much as the start's.
	from, until, warn, err := ResolveRangeNear("May 8, 12:00 GMT - May 8, 15:00 BST", mustTime(t, "2025-05-20T00:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, "2025-05-08T12:00:00Z", from.Format(time.RFC3339))
	assert.Equal(t, "2025-05-08T14:00:00Z", until.Format(time.RFC3339))
	assert.Contains(t, warn, `"BST"`)

	// An end with an unknown label takes the entry's offset, as the start does.
	from, until, _, err = ResolveRange("Jan 9, 14:00 - 18:00 XYZT", mustTime(t, "2020-01-01T10:00:00-05:00"))
	require.NoError(t, err)
	assert.Equal(t, "2020-01-09T19:00:00Z", from.Format(time.RFC3339))
	assert.Equal(t, "2020-01-09T23:00:00Z", until.Format(time.RFC3339))

	// In the page's zone.
	london, err := LoadZone("Europe/London")
	require.NoError(t, err)
	from, until, warn, err = ResolveRangeIn("Jun 1, 22:00 - 23:00 BST", london, mustTime(t, "2024-06-15T00:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, "2024-06-01T21:00:00Z", from.Format(time.RFC3339))
	assert.Equal(t, "2024-06-01T22:00:00Z", until.Format(time.RFC3339))
	assert.Empty(t, warn)
}

// A zone loads under many names (its file is found by path), so the zones kept are capped: a
// page naming a new variant each poll cannot grow a poller's memory forever.
func TestLoadZoneKeepsAtMostMaxLoaded(t *testing.T) {
	saved := loadedCount.Load()
	loadedCount.Store(maxLoaded)
	defer loadedCount.Store(saved)
	loc, err := LoadZone("Antarctica/Troll")
	require.NoError(t, err)
	assert.Equal(t, "Antarctica/Troll", loc.String(), "still loaded")
	_, kept := loaded.Load("Antarctica/Troll")
	assert.False(t, kept, "but not kept once maxLoaded are")
}
