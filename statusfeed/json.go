package statusfeed

import (
	"encoding/json"
	"fmt"
	"time"
)

// The JSON shape is a contract with scripts that outlive any one release: snake_case keys,
// RFC 3339 UTC times, null for absent values and [] for empty lists. The model's Go types stay
// free to carry more than the JSON shows.

// jsonTime writes a zero time as null and any other as RFC 3339 in UTC.
type jsonTime time.Time

func (t jsonTime) MarshalJSON() ([]byte, error) {
	tt := time.Time(t)
	if tt.IsZero() {
		return []byte("null"), nil
	}
	// RFC 3339 has four-digit years: refuse to write what could not be read back.
	if y := tt.UTC().Year(); y < 0 || y > 9999 {
		return nil, fmt.Errorf("statusfeed: time %v: year outside of range [0,9999]", tt)
	}
	// RFC 3339 with the fraction the source gave, so that a round trip loses nothing; whole
	// seconds print without one.
	return []byte(`"` + tt.UTC().Format(time.RFC3339Nano) + `"`), nil
}

func (t *jsonTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = jsonTime{}
		return nil
	}
	var tt time.Time
	if err := json.Unmarshal(b, &tt); err != nil {
		return err
	}
	*t = jsonTime(tt.UTC())
	return nil
}

// jsonSeconds writes a duration as whole seconds, or null when absent.
type jsonSeconds *int64

func seconds(d time.Duration, ok bool) jsonSeconds {
	if !ok {
		return nil
	}
	s := int64(d / time.Second)
	return &s
}

type pageJSON struct {
	Provider    string          `json:"provider"`
	Format      string          `json:"format"`
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	URL         string          `json:"url"`
	Status      ComponentStatus `json:"status"`
	RawStatus   string          `json:"raw_status"`
	GeneratedAt jsonTime        `json:"generated_at"`
	Components  []Component     `json:"components"`
	Incidents   []Incident      `json:"incidents"`
	Warnings    []string        `json:"warnings"`
}

// MarshalJSON writes the page in statusfeed's documented JSON shape.
func (p Page) MarshalJSON() ([]byte, error) {
	return json.Marshal(pageJSON{
		Provider:    p.Provider,
		Format:      p.Format,
		ID:          p.ID,
		Name:        p.Name,
		URL:         p.URL,
		Status:      p.Status,
		RawStatus:   p.RawStatus,
		GeneratedAt: jsonTime(p.GeneratedAt),
		Components:  nonNil(p.Components),
		Incidents:   nonNil(p.Incidents),
		Warnings:    nonNil(p.Warnings),
	})
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (p *Page) UnmarshalJSON(b []byte) error {
	var v pageJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*p = Page{Provider: v.Provider, Format: v.Format, ID: v.ID, Name: v.Name, URL: v.URL,
		Status: v.Status, RawStatus: v.RawStatus, GeneratedAt: time.Time(v.GeneratedAt),
		Components: v.Components, Incidents: v.Incidents, Warnings: v.Warnings}
	return nil
}

type componentJSON struct {
	ID            string          `json:"id"`
	Name          string          `json:"name"`
	Group         string          `json:"group"`
	IsGroup       bool            `json:"is_group"`
	Status        ComponentStatus `json:"status"`
	RawStatus     string          `json:"raw_status"`
	Description   string          `json:"description"`
	UptimePercent *float64        `json:"uptime_percent"`
	Uptime        []uptimeJSON    `json:"uptime"`
}

type uptimeJSON struct {
	Date      string   `json:"date"`
	Partial   int64    `json:"partial_outage_seconds"`
	Major     int64    `json:"major_outage_seconds"`
	Incidents []string `json:"incidents"`
}

// MarshalJSON writes the component in statusfeed's documented JSON shape; uptime is [] where
// the source publishes none.
func (c Component) MarshalJSON() ([]byte, error) {
	days := make([]uptimeJSON, len(c.Uptime))
	for i, d := range c.Uptime {
		days[i] = uptimeJSON{Date: d.Date.Format(time.DateOnly), Partial: d.PartialOutageSeconds,
			Major: d.MajorOutageSeconds, Incidents: nonNil(d.Incidents)}
	}
	return json.Marshal(componentJSON{ID: c.ID, Name: c.Name, Group: c.Group, IsGroup: c.IsGroup,
		Status: c.Status, RawStatus: c.RawStatus, Description: c.Description,
		UptimePercent: c.UptimePercent, Uptime: days})
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (c *Component) UnmarshalJSON(b []byte) error {
	var v componentJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*c = Component{ID: v.ID, Name: v.Name, Group: v.Group, IsGroup: v.IsGroup, Status: v.Status,
		RawStatus: v.RawStatus, Description: v.Description, UptimePercent: v.UptimePercent}
	for _, d := range v.Uptime {
		day, err := time.Parse(time.DateOnly, d.Date)
		if err != nil {
			return err
		}
		c.Uptime = append(c.Uptime, UptimeDay{Date: day, PartialOutageSeconds: d.Partial,
			MajorOutageSeconds: d.Major, Incidents: d.Incidents})
	}
	return nil
}

type originJSON struct {
	Provider string `json:"provider"`
	Format   string `json:"format"`
	URL      string `json:"url"`
}

type refJSON struct {
	ID     string          `json:"id"`
	Name   string          `json:"name"`
	Group  string          `json:"group"`
	Status ComponentStatus `json:"status"`
}

type incidentJSON struct {
	ID                      string       `json:"id"`
	Title                   string       `json:"title"`
	URL                     string       `json:"url"`
	Kind                    Kind         `json:"kind"`
	Status                  Status       `json:"status"`
	RawStatus               string       `json:"raw_status"`
	Impact                  Impact       `json:"impact"`
	RawImpact               string       `json:"raw_impact"`
	Shortlink               string       `json:"shortlink"`
	Components              []refJSON    `json:"components"`
	Regions                 []string     `json:"regions"`
	StartedAt               jsonTime     `json:"started_at"`
	ResolvedAt              jsonTime     `json:"resolved_at"`
	ScheduledFor            jsonTime     `json:"scheduled_for"`
	ScheduledUntil          jsonTime     `json:"scheduled_until"`
	DurationSeconds         jsonSeconds  `json:"duration_seconds"`
	DeclaredDurationSeconds jsonSeconds  `json:"declared_duration_seconds"`
	DeclaredDuration        string       `json:"declared_duration"`
	Updates                 []Update     `json:"updates"`
	Postmortem              *Postmortem  `json:"postmortem"`
	Sources                 []originJSON `json:"sources"`
}

// MarshalJSON writes the incident in statusfeed's documented JSON shape, with its observed and
// declared durations in whole seconds.
func (i Incident) MarshalJSON() ([]byte, error) {
	refs := make([]refJSON, len(i.Components))
	for k, c := range i.Components {
		refs[k] = refJSON(c)
	}
	sources := make([]originJSON, len(i.Sources))
	for k, o := range i.Sources {
		sources[k] = originJSON(o)
	}
	return json.Marshal(incidentJSON{
		ID: i.ID, Title: i.Title, URL: i.URL, Kind: i.Kind, Status: i.Status, Impact: i.Impact,
		RawStatus:               i.RawStatus,
		RawImpact:               i.RawImpact,
		Shortlink:               i.Shortlink,
		Components:              refs,
		Regions:                 nonNil(i.Regions),
		StartedAt:               jsonTime(i.StartedAt),
		ResolvedAt:              jsonTime(i.ResolvedAt),
		ScheduledFor:            jsonTime(i.ScheduledFor),
		ScheduledUntil:          jsonTime(i.ScheduledUntil),
		DurationSeconds:         seconds(i.Duration()),
		DeclaredDurationSeconds: seconds(i.DeclaredDuration, i.DeclaredDuration > 0),
		DeclaredDuration:        i.RawDeclaredDuration,
		Updates:                 nonNil(i.Updates),
		Postmortem:              i.Postmortem,
		Sources:                 sources,
	})
}

// UnmarshalJSON reads what MarshalJSON wrote. The observed duration is derived, not read.
func (i *Incident) UnmarshalJSON(b []byte) error {
	var v incidentJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*i = Incident{ID: v.ID, Title: v.Title, URL: v.URL, Kind: v.Kind, Status: v.Status, Impact: v.Impact,
		RawStatus: v.RawStatus, RawImpact: v.RawImpact, Shortlink: v.Shortlink, Regions: v.Regions,
		RawDeclaredDuration: v.DeclaredDuration,
		StartedAt:           time.Time(v.StartedAt), ResolvedAt: time.Time(v.ResolvedAt),
		ScheduledFor: time.Time(v.ScheduledFor), ScheduledUntil: time.Time(v.ScheduledUntil),
		Updates: v.Updates, Postmortem: v.Postmortem}
	if v.DeclaredDurationSeconds != nil {
		i.DeclaredDuration = time.Duration(*v.DeclaredDurationSeconds) * time.Second
	}
	for _, r := range v.Components {
		i.Components = append(i.Components, ComponentRef(r))
	}
	for _, o := range v.Sources {
		i.Sources = append(i.Sources, Origin(o))
	}
	return nil
}

type updateJSON struct {
	At        jsonTime `json:"at"`
	Status    Status   `json:"status"`
	RawStatus string   `json:"raw_status"`
	Body      string   `json:"body"`
}

// MarshalJSON writes the update in statusfeed's documented JSON shape.
func (u Update) MarshalJSON() ([]byte, error) {
	return json.Marshal(updateJSON{At: jsonTime(u.At), Status: u.Status, RawStatus: u.RawStatus, Body: u.Body})
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (u *Update) UnmarshalJSON(b []byte) error {
	var v updateJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*u = Update{At: time.Time(v.At), Status: v.Status, RawStatus: v.RawStatus, Body: v.Body}
	return nil
}

type sectionJSON struct {
	Heading string `json:"heading"`
	Body    string `json:"body"`
}

type postmortemJSON struct {
	PublishedAt jsonTime      `json:"published_at"`
	Body        string        `json:"body"`
	Sections    []sectionJSON `json:"sections"`
}

// MarshalJSON writes the postmortem in statusfeed's documented JSON shape.
func (p Postmortem) MarshalJSON() ([]byte, error) {
	secs := make([]sectionJSON, len(p.Sections))
	for k, s := range p.Sections {
		secs[k] = sectionJSON(s)
	}
	return json.Marshal(postmortemJSON{PublishedAt: jsonTime(p.PublishedAt), Body: p.Body, Sections: secs})
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (p *Postmortem) UnmarshalJSON(b []byte) error {
	var v postmortemJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*p = Postmortem{PublishedAt: time.Time(v.PublishedAt), Body: v.Body}
	for _, s := range v.Sections {
		p.Sections = append(p.Sections, Section(s))
	}
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
