package statusfeed

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2024, 2, 8, 9, 0, 0, 0, time.UTC)

// feedView is one incident as a history feed shows it: the whole timeline, stamped to the
// minute, with the page's components known only by ID.
func feedView() *Page {
	return &Page{Provider: "statuspage", Format: "atom", Name: "Example", URL: "https://status.example.com",
		Warnings: []string{"a feed note"},
		Incidents: []Incident{{
			ID: "abc123", Title: "Errors", URL: "https://status.example.com/incidents/abc123",
			Kind: KindIncident, Status: StatusResolved,
			StartedAt: t0, ResolvedAt: t0.Add(40 * time.Minute),
			Components: []ComponentRef{{ID: "c1"}},
			Regions:    []string{"eu-west"},
			Updates: []Update{
				{At: t0, Status: StatusInvestigating, RawStatus: "Investigating", Body: "Looking."},
				{At: t0.Add(10 * time.Minute), Status: StatusUpdate, RawStatus: "Update", Body: "Still looking."},
				{At: t0.Add(20 * time.Minute), Status: StatusMonitoring, RawStatus: "Monitoring", Body: "Fixed."},
				{At: t0.Add(40 * time.Minute), Status: StatusResolved, RawStatus: "Resolved", Body: "Done."},
			},
			Postmortem: &Postmortem{PublishedAt: t0.Add(24 * time.Hour), Body: "pm", Sections: []Section{{Heading: "What", Body: "pm"}}},
			Sources:    []Origin{{Provider: "statuspage", Format: "atom", URL: "history.atom"}},
		}},
	}
}

// jsonView is the same incident as an API shows it: exact times, but a timeline missing one
// update, and the components the page lists.
func jsonView() *Page {
	pct := 99.5
	return &Page{Provider: "statuspage", Format: "json", ID: "pg1", Name: "Example", URL: "https://status.example.com/",
		Status: ComponentOperational, RawStatus: "none", GeneratedAt: t0.Add(time.Hour),
		Components: []Component{{ID: "c1", Name: "API", Group: "Core", Status: ComponentOperational, RawStatus: "operational",
			UptimePercent: &pct, Uptime: []UptimeDay{{Date: t0.Truncate(24 * time.Hour), MajorOutageSeconds: 60, Incidents: []string{"abc123"}}}}},
		Incidents: []Incident{{
			ID: "abc123", Title: "Errors", Kind: KindIncident, Status: StatusResolved, Impact: ImpactMajor, RawImpact: "major",
			StartedAt: t0.Add(14 * time.Second), ResolvedAt: t0.Add(40*time.Minute + 51*time.Second),
			Updates: []Update{
				{At: t0.Add(14 * time.Second), Status: StatusInvestigating, RawStatus: "investigating", Body: "Looking."},
				{At: t0.Add(20*time.Minute + 3*time.Second), Status: StatusMonitoring, RawStatus: "monitoring", Body: "Fixed."},
				{At: t0.Add(40*time.Minute + 51*time.Second), Status: StatusResolved, RawStatus: "resolved", Body: "Done."},
			},
			Sources: []Origin{{Provider: "statuspage", Format: "json", URL: "incidents.json"}},
		}},
	}
}

// jsonViewWithRefs is jsonView whose incident names its components with their groups, as
// Statuspage's API does.
func jsonViewWithRefs() *Page {
	p := jsonView()
	p.Incidents[0].Components = []ComponentRef{{ID: "c1", Name: "API", Group: "Core"}}
	return p
}

func TestMergeLeavesInputsUntouched(t *testing.T) {
	for _, api := range []func() *Page{jsonView, jsonViewWithRefs} {
		feed, api, apiBefore := feedView(), api(), api()
		merged, err := Merge(feed, api)
		require.NoError(t, err)
		require.Equal(t, "API", merged.Incidents[0].Components[0].Name, "the merge named the component known by ID")
		if d := cmp.Diff(feedView(), feed); d != "" {
			t.Errorf("Merge changed the feed's page (-before +after):\n%s", d)
		}
		if d := cmp.Diff(apiBefore, api); d != "" {
			t.Errorf("Merge changed the API's page (-before +after):\n%s", d)
		}

		// Writing over every field of the result, through every slice and pointer, leaves the
		// inputs as they were: the result shares no memory with them.
		(&filler{t: t}).fill(reflect.ValueOf(merged).Elem(), "Page")
		if d := cmp.Diff(feedView(), feed); d != "" {
			t.Errorf("the merged page shares memory with the feed's (-before +after):\n%s", d)
		}
		if d := cmp.Diff(apiBefore, api); d != "" {
			t.Errorf("the merged page shares memory with the API's (-before +after):\n%s", d)
		}
	}
}

// The feed's timeline is the longer one, but every time the API gives exactly replaces the
// feed's stamp of the same minute: update times, start and end.
func TestMergeExactTimesBeatStamps(t *testing.T) {
	for _, order := range [][]*Page{{feedView(), jsonView()}, {jsonView(), feedView()}} {
		merged, err := Merge(order...)
		require.NoError(t, err)
		require.Len(t, merged.Incidents, 1)
		inc := merged.Incidents[0]
		var times []time.Time
		for _, u := range inc.Updates {
			times = append(times, u.At)
		}
		assert.Equal(t, []time.Time{t0.Add(14 * time.Second), t0.Add(10 * time.Minute),
			t0.Add(20*time.Minute + 3*time.Second), t0.Add(40*time.Minute + 51*time.Second)}, times,
			"the four updates of the feed, at the API's exact times where it has them")
		assert.Equal(t, "Still looking.", inc.Updates[1].Body, "the update only the feed has is kept")
		assert.Equal(t, t0.Add(14*time.Second), inc.StartedAt)
		assert.Equal(t, t0.Add(40*time.Minute+51*time.Second), inc.ResolvedAt)
		assert.Equal(t, ImpactMajor, inc.Impact, "the API's impact fills the feed's unknown one")
		assert.Equal(t, "major", inc.RawImpact)
		require.NotNil(t, inc.Postmortem, "the postmortem wherever it appears")
		assert.Len(t, inc.Sources, 2)

		assert.Equal(t, "pg1", merged.ID)
		assert.Equal(t, ComponentOperational, merged.Status)
		assert.Equal(t, "none", merged.RawStatus, "the vendor's word stays beside the status")
		assert.Equal(t, "merged", merged.Format)
	}
}

// A stamp is refined only by a time within its own minute: an exact time a minute or more
// away is another event.
func TestMergeKeepsStampsWithNoExactMatch(t *testing.T) {
	api := jsonView()
	api.Incidents[0].Updates[1].At = t0.Add(21*time.Minute + 3*time.Second)
	merged, err := Merge(feedView(), api)
	require.NoError(t, err)
	assert.Equal(t, t0.Add(20*time.Minute), merged.Incidents[0].Updates[2].At)
}

func TestMergeRefusesPagesOfDifferentVendors(t *testing.T) {
	other := jsonView()
	other.URL, other.ID, other.Name = "https://status.other.example", "pg2", "Other\x1b]0;pwned\a"
	_, err := Merge(feedView(), other)
	require.ErrorIs(t, err, ErrDifferentVendors)
	assert.Equal(t, `statusfeed: pages of different vendors: "Example" (status.example.com) and "Other\x1b]0;pwned\a" (status.other.example, page ID pg2)`,
		err.Error(), "one line naming both pages, vendor text quoted")

	sameID := jsonView()
	sameID.URL = "https://status.example.org" // the vendor moved its page; its ID says it is the same
	_, err = Merge(jsonView(), sameID)
	assert.NoError(t, err)

	otherID := jsonView()
	otherID.ID = "pg2"
	_, err = Merge(jsonView(), otherID)
	assert.NoError(t, err, "the same host is the same vendor")

	otherID.URL = "https://status.other.example"
	_, err = Merge(jsonView(), otherID)
	assert.ErrorIs(t, err, ErrDifferentVendors, "neither host nor ID agree")

	bare := feedView()
	bare.URL = ""
	_, err = Merge(bare, other)
	assert.NoError(t, err, "a page with no URL and no ID cannot be told apart")
}
