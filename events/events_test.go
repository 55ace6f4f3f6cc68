package events_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/events"
	"statusfeed.dev/statusfeed"
)

var t0 = time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)

func maint(status statusfeed.Status, updates ...statusfeed.Status) statusfeed.Incident {
	inc := statusfeed.Incident{ID: "m1", Title: "DB upgrade", Kind: statusfeed.KindMaintenance, Status: status,
		ScheduledFor: t0.Add(time.Hour), ScheduledUntil: t0.Add(2 * time.Hour)}
	for i, s := range updates {
		inc.Updates = append(inc.Updates, statusfeed.Update{At: t0.Add(time.Duration(i) * 30 * time.Minute), Status: s, RawStatus: string(s)})
	}
	if status.Terminal() {
		inc.ResolvedAt = inc.Updates[len(inc.Updates)-1].At
	}
	return inc
}

func TestMaintenanceEvents(t *testing.T) {
	read := func(prev events.State, inc statusfeed.Incident) (events.State, []events.Type) {
		ch := events.Diff(prev, events.Reading{Vendor: "v", Source: "s", DetectedAt: t0, Page: &statusfeed.Page{Incidents: []statusfeed.Incident{inc}}})
		var ts []events.Type
		for _, e := range ch.Events {
			ts = append(ts, e.Type)
		}
		next := events.State{Incidents: map[string]*statusfeed.Incident{}}
		for i := range ch.Incidents {
			next.Incidents[events.IncidentKey(&ch.Incidents[i])] = &ch.Incidents[i]
		}
		if len(ch.Incidents) == 0 {
			next = prev
		}
		return next, ts
	}
	st, ts := read(events.State{}, maint(statusfeed.StatusScheduled, statusfeed.StatusScheduled))
	assert.Equal(t, []events.Type{events.MaintenanceScheduled}, ts)
	st, ts = read(st, maint(statusfeed.StatusInProgress, statusfeed.StatusScheduled, statusfeed.StatusInProgress))
	assert.Equal(t, []events.Type{events.IncidentUpdated, events.MaintenanceStarted}, ts)
	st, ts = read(st, maint(statusfeed.StatusCompleted, statusfeed.StatusScheduled, statusfeed.StatusInProgress, statusfeed.StatusCompleted))
	assert.Equal(t, []events.Type{events.IncidentUpdated, events.MaintenanceCompleted}, ts)
	_, ts = read(st, maint(statusfeed.StatusCompleted, statusfeed.StatusScheduled, statusfeed.StatusInProgress, statusfeed.StatusCompleted))
	assert.Empty(t, ts)
}

// The same change seen twice, by two pollers or two sources, has one ID.
func TestEventIDsAreStable(t *testing.T) {
	inc := statusfeed.Incident{ID: "a", Title: "Outage", Kind: statusfeed.KindIncident, Status: statusfeed.StatusInvestigating,
		Updates: []statusfeed.Update{{At: t0, Status: statusfeed.StatusInvestigating, RawStatus: "Investigating"}}}
	diff := func(source string, at time.Time) events.Event {
		ch := events.Diff(events.State{}, events.Reading{Vendor: "v", Source: source, DetectedAt: at, Page: &statusfeed.Page{Incidents: []statusfeed.Incident{inc}}})
		require.Len(t, ch.Events, 1)
		return ch.Events[0]
	}
	a, b := diff("https://x/feed", t0), diff("https://x/api", t0.Add(time.Minute))
	assert.Equal(t, a.ID, b.ID)
	other := inc
	other.ID = "b"
	ch := events.Diff(events.State{}, events.Reading{Vendor: "v", Page: &statusfeed.Page{Incidents: []statusfeed.Incident{other}}})
	assert.NotEqual(t, a.ID, ch.Events[0].ID)
}

func TestFilter(t *testing.T) {
	f, err := events.ParseFilter("component:API*, region:europe-west4,Core/Storage")
	require.NoError(t, err)
	assert.Equal(t, "component:api*,component:core/storage,region:europe-west4", f.String())
	tests := []struct {
		name string
		inc  statusfeed.Incident
		want bool
	}{
		{"component by name", statusfeed.Incident{Components: []statusfeed.ComponentRef{{Name: "API Gateway"}}}, true},
		{"component by group/name", statusfeed.Incident{Components: []statusfeed.ComponentRef{{Name: "Storage", Group: "Core"}}}, true},
		{"region", statusfeed.Incident{Regions: []string{"us-east1", "europe-west4"}}, true},
		{"other region", statusfeed.Incident{Regions: []string{"us-east1"}}, false},
		{"other component", statusfeed.Incident{Components: []statusfeed.ComponentRef{{Name: "Web"}}}, false},
		{"no component named", statusfeed.Incident{Title: "API down"}, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, f.Incident(&tt.inc), tt.name)
	}
	assert.True(t, f.Component(&statusfeed.Component{Name: "api"}))
	assert.False(t, f.Component(&statusfeed.Component{Name: "web"}))
	assert.True(t, events.Filter{}.Incident(&statusfeed.Incident{}), "the zero filter lets everything through")
	_, err = events.ParseFilter("[")
	assert.Error(t, err)
}

// An event whose time the vendor does not give says so with null, not year 1, and reads back
// as it was written.
func TestEventJSONAt(t *testing.T) {
	seen := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	comp := events.Event{Seq: 7, ID: "c1", Type: events.ComponentStatusChanged, DetectedAt: seen, Vendor: "Acme",
		Source: "https://status.acme.test/", Component: &events.ComponentSubject{ID: "api", Name: "API",
			Status: statusfeed.ComponentMajorOutage, PreviousStatus: statusfeed.ComponentOperational}}
	b, err := json.Marshal(comp)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"at":null`)
	assert.Contains(t, string(b), `"detected_at":"2026-03-01T12:00:00Z"`)
	var back events.Event
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, comp, back)

	upd := statusfeed.Update{At: seen.Add(-time.Hour), Status: statusfeed.StatusIdentified, RawStatus: "Identified", Body: "Found it."}
	inc := events.Event{ID: "i1", Type: events.IncidentUpdated, At: upd.At, DetectedAt: seen, Vendor: "Acme", Backfill: true,
		Incident: &events.IncidentSubject{ID: "x", Title: "Outage", Status: statusfeed.StatusIdentified}, Update: &upd}
	b, err = json.Marshal(inc)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"at":"2026-03-01T11:00:00Z"`)
	back = events.Event{}
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, inc, back)
}
