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
	Components  []componentJSON `json:"components"`
	Incidents   []incidentJSON  `json:"incidents"`
	Warnings    []string        `json:"warnings"`
}

// The types below convert to and from their *JSON shapes, and the shapes nest one another
// rather than the model types: encoding/json re-validates and copies the output of every
// nested MarshalJSON, which made an incident's update bodies pass through the encoder three
// times (a third of the time an archive spent recording a cold poll).

// MarshalJSON writes the page in statusfeed's documented JSON shape.
func (p Page) MarshalJSON() ([]byte, error) {
	v := pageJSON{
		Provider:    p.Provider,
		Format:      p.Format,
		ID:          p.ID,
		Name:        p.Name,
		URL:         p.URL,
		Status:      p.Status,
		RawStatus:   p.RawStatus,
		GeneratedAt: jsonTime(p.GeneratedAt),
		Components:  make([]componentJSON, len(p.Components)),
		Incidents:   make([]incidentJSON, len(p.Incidents)),
		Warnings:    nonNil(p.Warnings),
	}
	for k := range p.Components {
		v.Components[k] = p.Components[k].toJSON()
	}
	for k := range p.Incidents {
		v.Incidents[k] = p.Incidents[k].toJSON()
	}
	return json.Marshal(v)
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (p *Page) UnmarshalJSON(b []byte) error {
	var v pageJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*p = Page{Provider: v.Provider, Format: v.Format, ID: v.ID, Name: v.Name, URL: v.URL,
		Status: v.Status, RawStatus: v.RawStatus, GeneratedAt: time.Time(v.GeneratedAt),
		Warnings: v.Warnings}
	if v.Components != nil {
		p.Components = make([]Component, len(v.Components))
	}
	for k := range v.Components {
		if err := p.Components[k].fromJSON(&v.Components[k]); err != nil {
			return err
		}
	}
	if v.Incidents != nil {
		p.Incidents = make([]Incident, len(v.Incidents))
	}
	for k := range v.Incidents {
		p.Incidents[k].fromJSON(&v.Incidents[k])
	}
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
func (c Component) MarshalJSON() ([]byte, error) { return json.Marshal(c.toJSON()) }

func (c *Component) toJSON() componentJSON {
	days := make([]uptimeJSON, len(c.Uptime))
	for i, d := range c.Uptime {
		days[i] = uptimeJSON{Date: d.Date.Format(time.DateOnly), Partial: d.PartialOutageSeconds,
			Major: d.MajorOutageSeconds, Incidents: nonNil(d.Incidents)}
	}
	return componentJSON{ID: c.ID, Name: c.Name, Group: c.Group, IsGroup: c.IsGroup,
		Status: c.Status, RawStatus: c.RawStatus, Description: c.Description,
		UptimePercent: c.UptimePercent, Uptime: days}
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (c *Component) UnmarshalJSON(b []byte) error {
	var v componentJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	return c.fromJSON(&v)
}

func (c *Component) fromJSON(v *componentJSON) error {
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
	ID                      string          `json:"id"`
	Title                   string          `json:"title"`
	URL                     string          `json:"url"`
	Kind                    Kind            `json:"kind"`
	Status                  Status          `json:"status"`
	RawStatus               string          `json:"raw_status"`
	Impact                  Impact          `json:"impact"`
	RawImpact               string          `json:"raw_impact"`
	Shortlink               string          `json:"shortlink"`
	Components              []refJSON       `json:"components"`
	Regions                 []string        `json:"regions"`
	StartedAt               jsonTime        `json:"started_at"`
	ResolvedAt              jsonTime        `json:"resolved_at"`
	ScheduledFor            jsonTime        `json:"scheduled_for"`
	ScheduledUntil          jsonTime        `json:"scheduled_until"`
	DurationSeconds         jsonSeconds     `json:"duration_seconds"`
	DeclaredDurationSeconds jsonSeconds     `json:"declared_duration_seconds"`
	DeclaredDuration        string          `json:"declared_duration"`
	Updates                 []updateJSON    `json:"updates"`
	Postmortem              *postmortemJSON `json:"postmortem"`
	Sources                 []originJSON    `json:"sources"`
}

// MarshalJSON writes the incident in statusfeed's documented JSON shape, with its observed and
// declared durations in whole seconds.
func (i Incident) MarshalJSON() ([]byte, error) { return json.Marshal(i.toJSON()) }

func (i *Incident) toJSON() incidentJSON {
	refs := make([]refJSON, len(i.Components))
	for k, c := range i.Components {
		refs[k] = refJSON(c)
	}
	sources := make([]originJSON, len(i.Sources))
	for k, o := range i.Sources {
		sources[k] = originJSON(o)
	}
	updates := make([]updateJSON, len(i.Updates))
	for k := range i.Updates {
		updates[k] = i.Updates[k].toJSON()
	}
	var pm *postmortemJSON
	if i.Postmortem != nil {
		v := i.Postmortem.toJSON()
		pm = &v
	}
	return incidentJSON{
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
		Updates:                 updates,
		Postmortem:              pm,
		Sources:                 sources,
	}
}

// UnmarshalJSON reads what MarshalJSON wrote. The observed duration is derived, not read.
func (i *Incident) UnmarshalJSON(b []byte) error {
	var v incidentJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	i.fromJSON(&v)
	return nil
}

func (i *Incident) fromJSON(v *incidentJSON) {
	*i = Incident{ID: v.ID, Title: v.Title, URL: v.URL, Kind: v.Kind, Status: v.Status, Impact: v.Impact,
		RawStatus: v.RawStatus, RawImpact: v.RawImpact, Shortlink: v.Shortlink, Regions: v.Regions,
		RawDeclaredDuration: v.DeclaredDuration,
		StartedAt:           time.Time(v.StartedAt), ResolvedAt: time.Time(v.ResolvedAt),
		ScheduledFor: time.Time(v.ScheduledFor), ScheduledUntil: time.Time(v.ScheduledUntil),
	}
	if v.Updates != nil {
		i.Updates = make([]Update, len(v.Updates))
	}
	for k, u := range v.Updates {
		i.Updates[k] = u.fromJSON()
	}
	if v.Postmortem != nil {
		pm := v.Postmortem.fromJSON()
		i.Postmortem = &pm
	}
	if v.DeclaredDurationSeconds != nil {
		i.DeclaredDuration = time.Duration(*v.DeclaredDurationSeconds) * time.Second
	}
	for _, r := range v.Components {
		i.Components = append(i.Components, ComponentRef(r))
	}
	for _, o := range v.Sources {
		i.Sources = append(i.Sources, Origin(o))
	}
}

type updateJSON struct {
	At        jsonTime `json:"at"`
	Status    Status   `json:"status"`
	RawStatus string   `json:"raw_status"`
	Body      string   `json:"body"`
}

// MarshalJSON writes the update in statusfeed's documented JSON shape.
func (u Update) MarshalJSON() ([]byte, error) { return json.Marshal(u.toJSON()) }

func (u *Update) toJSON() updateJSON {
	return updateJSON{At: jsonTime(u.At), Status: u.Status, RawStatus: u.RawStatus, Body: u.Body}
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (u *Update) UnmarshalJSON(b []byte) error {
	var v updateJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*u = v.fromJSON()
	return nil
}

func (v updateJSON) fromJSON() Update {
	return Update{At: time.Time(v.At), Status: v.Status, RawStatus: v.RawStatus, Body: v.Body}
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
func (p Postmortem) MarshalJSON() ([]byte, error) { return json.Marshal(p.toJSON()) }

func (p *Postmortem) toJSON() postmortemJSON {
	secs := make([]sectionJSON, len(p.Sections))
	for k, s := range p.Sections {
		secs[k] = sectionJSON(s)
	}
	return postmortemJSON{PublishedAt: jsonTime(p.PublishedAt), Body: p.Body, Sections: secs}
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (p *Postmortem) UnmarshalJSON(b []byte) error {
	var v postmortemJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*p = v.fromJSON()
	return nil
}

func (v *postmortemJSON) fromJSON() Postmortem {
	p := Postmortem{PublishedAt: time.Time(v.PublishedAt), Body: v.Body}
	for _, s := range v.Sections {
		p.Sections = append(p.Sections, Section(s))
	}
	return p
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
