package events

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"statusfeed.dev/statusfeed"
)

// Type names a kind of change.
type Type string

// Event types.
const (
	IncidentOpened         Type = "incident_opened"
	IncidentUpdated        Type = "incident_updated" // a new update on the timeline
	IncidentResolved       Type = "incident_resolved"
	PostmortemPublished    Type = "postmortem_published"
	MaintenanceScheduled   Type = "maintenance_scheduled"
	MaintenanceStarted     Type = "maintenance_started"
	MaintenanceCompleted   Type = "maintenance_completed"
	ComponentStatusChanged Type = "component_status_changed"
	SourceUnreadable       Type = "source_unreadable"
	SourceRecovered        Type = "source_recovered"
)

// Types lists every event type, in the order the documentation gives them.
var Types = []Type{IncidentOpened, IncidentUpdated, IncidentResolved, PostmortemPublished,
	MaintenanceScheduled, MaintenanceStarted, MaintenanceCompleted, ComponentStatusChanged,
	SourceUnreadable, SourceRecovered}

// Event is one change to a vendor's status, as statusfeed announces it.
type Event struct {
	// Seq orders events as the archive stored them; 0 before they are stored. It is the
	// cursor consumers resume from.
	Seq int64 `json:"seq,omitempty"`
	// ID is stable: the same change gives the same ID however often or by whom it is seen.
	// It hashes the vendor first, so one ID never names events of two vendors (the archive
	// keeps IDs unique per vendor).
	ID   string `json:"id"`
	Type Type   `json:"type"`
	// At is when the change happened according to the vendor (the update's time, the
	// resolution time); DetectedAt is when statusfeed saw it. At is zero when the vendor does
	// not say (a component's status change is known only from when it was seen).
	At         time.Time `json:"at"`
	DetectedAt time.Time `json:"detected_at"`
	Vendor     string    `json:"vendor"`
	Source     string    `json:"source"` // the URL polled
	// Backfill marks history recorded on a source's first poll: true facts, but not news.
	Backfill  bool               `json:"backfill"`
	Incident  *IncidentSubject   `json:"incident,omitempty"`
	Component *ComponentSubject  `json:"component,omitempty"`
	Update    *statusfeed.Update `json:"update,omitempty"` // the new update, for incident_updated
	Error     string             `json:"error,omitempty"`  // for source_unreadable
}

// eventJSON is Event's JSON shape: the same fields, At null when the vendor does not say.
type eventJSON struct {
	Seq        int64              `json:"seq,omitempty"`
	ID         string             `json:"id"`
	Type       Type               `json:"type"`
	At         *time.Time         `json:"at"`
	DetectedAt time.Time          `json:"detected_at"`
	Vendor     string             `json:"vendor"`
	Source     string             `json:"source"`
	Backfill   bool               `json:"backfill"`
	Incident   *IncidentSubject   `json:"incident,omitempty"`
	Component  *ComponentSubject  `json:"component,omitempty"`
	Update     *statusfeed.Update `json:"update,omitempty"`
	Error      string             `json:"error,omitempty"`
}

// MarshalJSON writes the event with "at" null when the vendor does not say when the change
// happened, as the documentation promises (a zero time would print as year 1).
func (e Event) MarshalJSON() ([]byte, error) {
	v := eventJSON{Seq: e.Seq, ID: e.ID, Type: e.Type, DetectedAt: e.DetectedAt, Vendor: e.Vendor, Source: e.Source,
		Backfill: e.Backfill, Incident: e.Incident, Component: e.Component, Update: e.Update, Error: e.Error}
	if !e.At.IsZero() {
		at := e.At
		v.At = &at
	}
	return json.Marshal(v)
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (e *Event) UnmarshalJSON(b []byte) error {
	var v eventJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*e = Event{Seq: v.Seq, ID: v.ID, Type: v.Type, DetectedAt: v.DetectedAt, Vendor: v.Vendor, Source: v.Source,
		Backfill: v.Backfill, Incident: v.Incident, Component: v.Component, Update: v.Update, Error: v.Error}
	if v.At != nil {
		e.At = *v.At
	}
	return nil
}

// IncidentSubject is the incident an event concerns.
type IncidentSubject struct {
	ID     string            `json:"id"`
	Title  string            `json:"title"`
	URL    string            `json:"url"`
	Kind   statusfeed.Kind   `json:"kind"`
	Status statusfeed.Status `json:"status"`
	Impact statusfeed.Impact `json:"impact"`
}

// ComponentSubject is the component an event concerns.
type ComponentSubject struct {
	ID             string                     `json:"id"`
	Name           string                     `json:"name"`
	Group          string                     `json:"group"`
	Status         statusfeed.ComponentStatus `json:"status"`
	PreviousStatus statusfeed.ComponentStatus `json:"previous_status"`
}

// makeID hashes the parts that identify a change.
func makeID(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:16])
}

func subject(inc *statusfeed.Incident) *IncidentSubject {
	return &IncidentSubject{ID: inc.ID, Title: inc.Title, URL: inc.URL, Kind: inc.Kind, Status: inc.Status, Impact: inc.Impact}
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// SourceEvent makes a source_unreadable or source_recovered event. Its ID includes the time it
// was detected: a source may fail and recover many times.
func SourceEvent(base Event, t Type, previousState, errMsg string) Event {
	e := base
	e.Type, e.Error = t, errMsg
	e.ID = makeID(base.Vendor, string(t), base.Source, previousState, stamp(base.DetectedAt))
	return e
}
