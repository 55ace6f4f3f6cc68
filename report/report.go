package report

import (
	"math"
	"time"

	"statusfeed.dev/analytics"
	"statusfeed.dev/statusfeed"
)

// Report is the JSON document: an analytics.Result in the shape the package doc describes.
// Decoding JSON into it gives the figures back.
type Report struct {
	Window  Window   `json:"window"`
	Vendors []Vendor `json:"vendors"`
}

// Window is the analyzed span, [From, To), in RFC 3339 UTC.
type Window struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// Vendor is one vendor's figures.
type Vendor struct {
	Vendor        string      `json:"vendor"`
	Provider      string      `json:"provider"`
	UptimePercent *float64    `json:"uptime_percent"`
	Incidents     Incidents   `json:"incidents"`
	TimeToResolve Durations   `json:"time_to_resolve"`
	Disclosure    Disclosure  `json:"disclosure"`
	Components    []Component `json:"components"`
}

// Incidents counts the incidents and maintenances that started in the window.
type Incidents struct {
	Total             int                       `json:"total"`
	ByImpact          map[statusfeed.Impact]int `json:"by_impact"`
	ByKind            map[statusfeed.Kind]int   `json:"by_kind"`
	Open              []IncidentRef             `json:"open"`
	UnknownStatus     int                       `json:"unknown_status"`
	Undated           int                       `json:"undated"`
	TimeToFirstUpdate Durations                 `json:"time_to_first_update"`
}

// Durations summarizes durations in whole seconds; the figures are null when Count is 0.
type Durations struct {
	Count         int    `json:"count"`
	MedianSeconds *int64 `json:"median_seconds"`
	P90Seconds    *int64 `json:"p90_seconds"`
	MaxSeconds    *int64 `json:"max_seconds"`
}

// IncidentRef names an incident.
type IncidentRef struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	URL       string     `json:"url"`
	StartedAt *time.Time `json:"started_at"`
}

// Disclosure is how openly the vendor reported.
type Disclosure struct {
	MajorOrCritical      int             `json:"major_or_critical"`
	WithPostmortem       int             `json:"with_postmortem"`
	PostmortemShare      *float64        `json:"postmortem_share"`
	PostmortemDelay      Durations       `json:"postmortem_delay"`
	DurationMismatches   []Mismatch      `json:"duration_mismatches"`
	NeverResolved        []IncidentRef   `json:"never_resolved"`
	OperationalWhileOpen []Contradiction `json:"operational_while_open"`
}

// Mismatch is an incident whose declared duration disagrees with the observed one.
type Mismatch struct {
	IncidentRef
	DeclaredSeconds int64  `json:"declared_seconds"`
	ObservedSeconds int64  `json:"observed_seconds"`
	Declared        string `json:"declared"`
}

// Contradiction is a capture that said operational while its incidents were open.
type Contradiction struct {
	At        time.Time     `json:"at"`
	URL       string        `json:"url"`
	RawStatus string        `json:"raw_status"`
	Incidents []IncidentRef `json:"incidents"`
}

// Component is one component's uptime; the seconds are whole seconds.
type Component struct {
	Component            string   `json:"component"`
	ComponentID          string   `json:"component_id"`
	Group                string   `json:"group"`
	UptimePercent        *float64 `json:"uptime_percent"`
	UptimeSource         string   `json:"uptime_source"`
	Coverage             float64  `json:"coverage"`
	MajorOutageSeconds   int64    `json:"major_outage_seconds"`
	PartialOutageSeconds int64    `json:"partial_outage_seconds"`
	DegradedSeconds      int64    `json:"degraded_seconds"`
	MaintenanceSeconds   int64    `json:"maintenance_seconds"`
}

// New builds the report of a result.
func New(res *analytics.Result) Report {
	r := Report{Window: Window{From: res.Window.From.UTC(), To: res.Window.To.UTC()}, Vendors: []Vendor{}}
	for _, v := range res.Vendors {
		out := Vendor{Vendor: v.Name, Provider: v.Provider, UptimePercent: v.UptimePercent,
			TimeToResolve: durations(v.TimeToResolve), Components: []Component{}}
		s := v.Incidents
		out.Incidents = Incidents{Total: s.Total, ByImpact: s.ByImpact, ByKind: s.ByKind, Open: refs(s.Open),
			UnknownStatus: s.UnknownStatus, Undated: s.Undated, TimeToFirstUpdate: durations(s.TimeToFirstUpdate)}
		d := v.Disclosure
		out.Disclosure = Disclosure{MajorOrCritical: d.MajorOrCritical, WithPostmortem: d.WithPostmortem,
			PostmortemShare: d.PostmortemShare, PostmortemDelay: durations(d.PostmortemDelay),
			DurationMismatches: []Mismatch{}, NeverResolved: refs(d.NeverResolved), OperationalWhileOpen: []Contradiction{}}
		for _, m := range d.DurationMismatches {
			out.Disclosure.DurationMismatches = append(out.Disclosure.DurationMismatches, Mismatch{IncidentRef: ref(m.Incident),
				DeclaredSeconds: seconds(m.Declared), ObservedSeconds: seconds(m.Observed), Declared: m.RawDeclared})
		}
		for _, c := range d.OperationalWhileOpen {
			out.Disclosure.OperationalWhileOpen = append(out.Disclosure.OperationalWhileOpen,
				Contradiction{At: c.At.UTC(), URL: c.URL, RawStatus: c.RawStatus, Incidents: refs(c.Incidents)})
		}
		for _, c := range v.Components {
			out.Components = append(out.Components, Component{Component: c.Name, ComponentID: c.ID, Group: c.Group,
				UptimePercent: c.UptimePercent, UptimeSource: string(c.Source), Coverage: c.Coverage,
				MajorOutageSeconds: seconds(c.MajorOutage), PartialOutageSeconds: seconds(c.PartialOutage),
				DegradedSeconds: seconds(c.Degraded), MaintenanceSeconds: seconds(c.Maintenance)})
		}
		r.Vendors = append(r.Vendors, out)
	}
	return r
}

// seconds rounds to whole seconds: a daily record cut by the window gives fractions.
func seconds(d time.Duration) int64 { return int64(math.Round(d.Seconds())) }

func durations(d analytics.Durations) Durations {
	out := Durations{Count: d.Count}
	if d.Count > 0 {
		med, p90, mx := seconds(d.Median), seconds(d.P90), seconds(d.Max)
		out.MedianSeconds, out.P90Seconds, out.MaxSeconds = &med, &p90, &mx
	}
	return out
}

func ref(r analytics.IncidentRef) IncidentRef {
	out := IncidentRef{ID: r.ID, Title: r.Title, URL: r.URL}
	if !r.StartedAt.IsZero() {
		t := r.StartedAt.UTC()
		out.StartedAt = &t
	}
	return out
}

func refs(rs []analytics.IncidentRef) []IncidentRef {
	out := make([]IncidentRef, 0, len(rs))
	for _, r := range rs {
		out = append(out, ref(r))
	}
	return out
}
