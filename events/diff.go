package events

import (
	"sort"
	"strings"
	"time"

	"statusfeed.dev/statusfeed"
)

// Reading is what one source showed of a vendor at one poll.
type Reading struct {
	Vendor     string
	Source     string // the URL polled
	DetectedAt time.Time
	Page       *statusfeed.Page
	// Backfill marks the source's first successful poll: its history is recorded, not announced.
	Backfill bool
	Filter   Filter
}

// State is what the archive knew of a vendor before a reading: its incidents by IncidentKey and
// its components by ComponentKey.
type State struct {
	Incidents  map[string]*statusfeed.Incident
	Components map[string]*statusfeed.Component
}

// Change is the outcome of a reading: the incidents and components to store (merged with what
// the archive had) and the events the change caused.
type Change struct {
	Incidents  []statusfeed.Incident // new or changed incidents, merged; unchanged ones are left out
	Components []ComponentChange
	Events     []Event
}

// ComponentChange is a component whose stored state changes.
type ComponentChange struct {
	Key       string
	Component statusfeed.Component
	// StatusChanged says the status moved (from Previous), as opposed to a new name or group.
	StatusChanged bool
	Previous      statusfeed.ComponentStatus
}

// IncidentKey is the identity an incident is archived under: the vendor's ID, else the code in
// its URL, else its title and start. The same incident read from a vendor's feed and its API
// carries the same code, so it is archived once.
func IncidentKey(inc *statusfeed.Incident) string {
	if inc.ID != "" {
		return inc.ID
	}
	if c := statusfeed.IncidentCode(inc.URL); c != "" {
		return c
	}
	return "title:" + strings.ToLower(strings.TrimSpace(inc.Title)) + "@" + stamp(startOf(inc))
}

// ComponentKey is the identity a component is archived under: its ID, else group and name.
func ComponentKey(c *statusfeed.Component) string {
	if c.ID != "" {
		return c.ID
	}
	return "name:" + c.Group + "/" + c.Name
}

// Diff compares a reading with the archived state and returns what to store and announce.
// Incidents absent from the reading are left alone: a feed's window moves on, the archive keeps
// them. An incident the archive has is merged with its new view (MergeIncident), never
// duplicated.
func Diff(prev State, r Reading) Change {
	var ch Change
	if r.Page == nil {
		return ch
	}
	base := Event{Vendor: r.Vendor, Source: r.Source, DetectedAt: r.DetectedAt.UTC(), Backfill: r.Backfill}
	for i := range r.Page.Components {
		c := r.Page.Components[i]
		if c.IsGroup || !r.Filter.Component(&c) {
			continue
		}
		key := ComponentKey(&c)
		old := prev.Components[key]
		switch {
		case old == nil:
			ch.Components = append(ch.Components, ComponentChange{Key: key, Component: c, StatusChanged: true})
			ch.Events = append(ch.Events, componentEvent(base, r.Vendor, key, &c, statusfeed.ComponentUnknown))
		case old.Status != c.Status:
			ch.Components = append(ch.Components, ComponentChange{Key: key, Component: c, StatusChanged: true, Previous: old.Status})
			ch.Events = append(ch.Events, componentEvent(base, r.Vendor, key, &c, old.Status))
		case !sameComponent(old, &c):
			// Not news, but stored: a new name, or a day added to the vendor's uptime record.
			ch.Components = append(ch.Components, ComponentChange{Key: key, Component: c, Previous: old.Status})
		}
	}
	for i := range r.Page.Incidents {
		inc := &r.Page.Incidents[i]
		if !r.Filter.Incident(inc) {
			continue
		}
		key := IncidentKey(inc)
		old := prev.Incidents[key]
		merged := MergeIncident(old, inc)
		evs := incidentEvents(base, r.Vendor, key, old, &merged)
		if old == nil || len(evs) > 0 || !sameIncident(old, &merged) {
			ch.Incidents = append(ch.Incidents, merged)
		}
		ch.Events = append(ch.Events, evs...)
	}
	return ch
}

// sameComponent reports whether a component's stored copy is still current: what it is called,
// its raw word, and the uptime the vendor publishes for it (a daily record grows a day a day).
func sameComponent(a, b *statusfeed.Component) bool {
	if a.Name != b.Name || a.Group != b.Group || a.Description != b.Description || a.RawStatus != b.RawStatus ||
		(a.UptimePercent == nil) != (b.UptimePercent == nil) || a.UptimePercent != nil && *a.UptimePercent != *b.UptimePercent ||
		len(a.Uptime) != len(b.Uptime) {
		return false
	}
	for i := range a.Uptime {
		x, y := a.Uptime[i], b.Uptime[i]
		if !x.Date.Equal(y.Date) || x.PartialOutageSeconds != y.PartialOutageSeconds || x.MajorOutageSeconds != y.MajorOutageSeconds ||
			len(x.Incidents) != len(y.Incidents) {
			return false
		}
	}
	return true
}

func componentEvent(base Event, vendor, key string, c *statusfeed.Component, previous statusfeed.ComponentStatus) Event {
	e := base
	e.Type = ComponentStatusChanged
	// A status change is known only from when it was seen; two sources seeing the same change
	// within one poll interval are told apart by the archive's state, not the ID.
	e.ID = makeID(vendor, string(e.Type), key, string(previous), string(c.Status), stamp(base.DetectedAt))
	e.Component = &ComponentSubject{ID: c.ID, Name: c.Name, Group: c.Group, Status: c.Status, PreviousStatus: previous}
	return e
}

// incidentEvents lists what changed between an incident's archived view (nil when new) and its
// merged view.
func incidentEvents(base Event, vendor, key string, old, cur *statusfeed.Incident) []Event {
	var evs []Event
	add := func(t Type, at time.Time, discriminator string) *Event {
		e := base
		e.Type, e.At = t, at.UTC()
		if at.IsZero() {
			e.At = time.Time{}
		}
		e.ID = makeID(vendor, string(t), key, discriminator)
		e.Incident = subject(cur)
		evs = append(evs, e)
		return &evs[len(evs)-1]
	}
	maint := cur.Kind == statusfeed.KindMaintenance
	if old == nil {
		switch {
		case maint:
			add(MaintenanceScheduled, firstNonZero(cur.ScheduledFor, startOf(cur)), "")
		default:
			add(IncidentOpened, startOf(cur), "")
		}
	}
	// New updates, oldest first.
	known := map[string]bool{}
	if old != nil {
		for _, u := range old.Updates {
			known[updateKey(u)] = true
		}
		for _, u := range cur.Updates {
			if k := updateKey(u); !known[k] {
				u := u
				add(IncidentUpdated, u.At, k).Update = &u
			}
		}
	}
	if maint && started(cur) && (old == nil || !started(old)) {
		add(MaintenanceStarted, firstNonZero(startOf(cur), cur.ScheduledFor), "")
	}
	wasDone := old != nil && old.Status.Terminal()
	if cur.Status.Terminal() && !wasDone {
		t := IncidentResolved
		if maint {
			t = MaintenanceCompleted
		}
		add(t, cur.ResolvedAt, stamp(cur.ResolvedAt))
	}
	if cur.Postmortem != nil && (old == nil || old.Postmortem == nil) {
		add(PostmortemPublished, cur.Postmortem.PublishedAt, "")
	}
	return evs
}

func started(inc *statusfeed.Incident) bool {
	switch inc.Status {
	case statusfeed.StatusInProgress, statusfeed.StatusVerifying, statusfeed.StatusCompleted:
		return true
	}
	return false
}

// updateKey identifies an update on a timeline: its time and the vendor's word. A vendor that
// edits an update's text edits the same update.
func updateKey(u statusfeed.Update) string {
	return stamp(u.At) + "|" + strings.ToLower(u.RawStatus)
}

// MergeIncident merges an incident's new view into its archived one (nil when new). The new
// view's current facts win (status, title, impact, resolution); the timeline is the union of
// both, so that updates a source no longer shows are kept; the postmortem, components, regions
// and sources accumulate.
func MergeIncident(old, cur *statusfeed.Incident) statusfeed.Incident {
	out := *cur
	out.Updates = append([]statusfeed.Update(nil), cur.Updates...)
	if old == nil {
		return out
	}
	seen := map[string]bool{}
	for _, u := range out.Updates {
		seen[updateKey(u)] = true
	}
	for _, u := range old.Updates {
		if !seen[updateKey(u)] {
			out.Updates = append(out.Updates, u)
		}
	}
	sort.SliceStable(out.Updates, func(i, j int) bool { return out.Updates[i].At.Before(out.Updates[j].At) })
	if out.Title == "" {
		out.Title = old.Title
	}
	if out.URL == "" {
		out.URL = old.URL
	}
	if out.Shortlink == "" {
		out.Shortlink = old.Shortlink
	}
	if out.Kind == statusfeed.KindUnknown {
		out.Kind = old.Kind
	}
	if out.Impact == statusfeed.ImpactUnknown {
		out.Impact, out.RawImpact = old.Impact, old.RawImpact
	}
	// An earlier start seen before (a feed that no longer shows the first update) stands.
	if !old.StartedAt.IsZero() && (out.StartedAt.IsZero() || old.StartedAt.Before(out.StartedAt)) {
		out.StartedAt = old.StartedAt
	}
	if out.ScheduledFor.IsZero() {
		out.ScheduledFor, out.ScheduledUntil = old.ScheduledFor, old.ScheduledUntil
	}
	if out.DeclaredDuration == 0 {
		out.DeclaredDuration, out.RawDeclaredDuration = old.DeclaredDuration, old.RawDeclaredDuration
	}
	if out.Postmortem == nil {
		out.Postmortem = old.Postmortem
	}
	if len(out.Components) == 0 {
		out.Components = old.Components
	}
	out.Regions = unionStrings(old.Regions, out.Regions)
	for _, o := range old.Sources {
		if !hasOrigin(out.Sources, o) {
			out.Sources = append(out.Sources, o)
		}
	}
	return out
}

func sameIncident(a, b *statusfeed.Incident) bool {
	if a.Title != b.Title || a.Status != b.Status || a.Impact != b.Impact || a.Kind != b.Kind ||
		!a.StartedAt.Equal(b.StartedAt) || !a.ResolvedAt.Equal(b.ResolvedAt) || len(a.Updates) != len(b.Updates) ||
		(a.Postmortem == nil) != (b.Postmortem == nil) || len(a.Components) != len(b.Components) ||
		len(a.Regions) != len(b.Regions) || len(a.Sources) != len(b.Sources) {
		return false
	}
	for i := range a.Updates {
		if a.Updates[i] != b.Updates[i] {
			return false
		}
	}
	return true
}

func hasOrigin(os []statusfeed.Origin, o statusfeed.Origin) bool {
	for _, x := range os {
		if x == o {
			return true
		}
	}
	return false
}

func unionStrings(a, b []string) []string {
	if len(a) == 0 {
		return b
	}
	seen := map[string]bool{}
	var out []string
	for _, s := range append(append([]string(nil), a...), b...) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

func startOf(inc *statusfeed.Incident) time.Time {
	if !inc.StartedAt.IsZero() {
		return inc.StartedAt
	}
	if len(inc.Updates) > 0 {
		return inc.Updates[0].At
	}
	return time.Time{}
}

func firstNonZero(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}
