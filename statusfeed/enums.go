package statusfeed

import "strings"

// The enums below are string types whose zero value means "unknown": a value the parser could
// not read never masquerades as a reassuring default such as "operational" or "resolved".
// They marshal as their name, with "unknown" for the zero value.

// Kind tells an incident from a planned maintenance.
type Kind string

// Kinds.
const (
	KindUnknown     Kind = ""
	KindIncident    Kind = "incident"
	KindMaintenance Kind = "maintenance"
)

// String returns the kind's name, "unknown" for the zero value.
func (k Kind) String() string { return nameOr(string(k)) }

// MarshalText writes the kind's name.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a name written by MarshalText.
func (k *Kind) UnmarshalText(b []byte) error { *k = Kind(unknownToZero(b)); return nil }

// Status is the lifecycle state of an incident or maintenance, and the status an update
// announces.
type Status string

// Statuses. StatusUpdate is not a lifecycle state: Statuspage posts it for a mid-incident note.
const (
	StatusUnknown       Status = ""
	StatusInvestigating Status = "investigating"
	StatusIdentified    Status = "identified"
	StatusMonitoring    Status = "monitoring"
	StatusResolved      Status = "resolved"
	StatusScheduled     Status = "scheduled"
	StatusInProgress    Status = "in_progress"
	StatusVerifying     Status = "verifying"
	StatusCompleted     Status = "completed"
	StatusUpdate        Status = "update"
)

// String returns the status's name, "unknown" for the zero value.
func (s Status) String() string { return nameOr(string(s)) }

// MarshalText writes the status's name.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a name written by MarshalText.
func (s *Status) UnmarshalText(b []byte) error { *s = Status(unknownToZero(b)); return nil }

// Rank orders statuses along their lifecycle so that updates posted in the same minute sort
// the way they happened: investigating < identified < monitoring < resolved, and
// scheduled < in_progress < verifying < completed. Notes and unknown words rank 0 and keep
// their relative order.
func (s Status) Rank() int {
	switch s {
	case StatusInvestigating, StatusScheduled:
		return 1
	case StatusIdentified, StatusInProgress:
		return 2
	case StatusMonitoring, StatusVerifying:
		return 3
	case StatusResolved, StatusCompleted:
		return 4
	}
	return 0
}

// Lifecycle reports whether s is a state an incident can be in, as opposed to a note
// (StatusUpdate) or an unreadable word.
func (s Status) Lifecycle() bool { return s.Rank() > 0 }

// Terminal reports whether s ends an incident or maintenance.
func (s Status) Terminal() bool { return s == StatusResolved || s == StatusCompleted }

// Maintenance reports whether s is a word only maintenances use.
func (s Status) Maintenance() bool {
	return s == StatusScheduled || s == StatusInProgress || s == StatusVerifying || s == StatusCompleted
}

// Impact is how bad the vendor says an incident is.
type Impact string

// Impacts.
const (
	ImpactUnknown  Impact = ""
	ImpactNone     Impact = "none"
	ImpactMinor    Impact = "minor"
	ImpactMajor    Impact = "major"
	ImpactCritical Impact = "critical"
)

// String returns the impact's name, "unknown" for the zero value.
func (i Impact) String() string { return nameOr(string(i)) }

// MarshalText writes the impact's name.
func (i Impact) MarshalText() ([]byte, error) { return []byte(i.String()), nil }

// UnmarshalText reads a name written by MarshalText.
func (i *Impact) UnmarshalText(b []byte) error { *i = Impact(unknownToZero(b)); return nil }

// ComponentStatus is the state of one component, or of a whole page.
type ComponentStatus string

// Component statuses.
const (
	ComponentUnknown             ComponentStatus = ""
	ComponentOperational         ComponentStatus = "operational"
	ComponentDegradedPerformance ComponentStatus = "degraded_performance"
	ComponentPartialOutage       ComponentStatus = "partial_outage"
	ComponentMajorOutage         ComponentStatus = "major_outage"
	ComponentUnderMaintenance    ComponentStatus = "under_maintenance"
)

// String returns the status's name, "unknown" for the zero value.
func (c ComponentStatus) String() string { return nameOr(string(c)) }

// MarshalText writes the status's name.
func (c ComponentStatus) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads a name written by MarshalText.
func (c *ComponentStatus) UnmarshalText(b []byte) error {
	*c = ComponentStatus(unknownToZero(b))
	return nil
}

func nameOr(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

func unknownToZero(b []byte) string {
	s := strings.TrimSpace(string(b))
	if s == "unknown" {
		return ""
	}
	return s
}
