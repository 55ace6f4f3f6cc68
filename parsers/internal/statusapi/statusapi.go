package statusapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"statusfeed.dev/normalize"
	"statusfeed.dev/statusfeed"
)

// documentOf is any of the API's responses, its incidents read as T: each endpoint fills some
// of these keys.
type documentOf[T any] struct {
	Page                  *page       `json:"page"`
	Status                *indicator  `json:"status"`
	Components            []component `json:"components"`
	Incidents             []T         `json:"incidents"`
	Incident              *T          `json:"incident"`
	ScheduledMaintenances []T         `json:"scheduled_maintenances"`
}

type page struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	URL       string `json:"url"`
	TimeZone  string `json:"time_zone"`
	UpdatedAt string `json:"updated_at"`
}

type indicator struct {
	Indicator   string `json:"indicator"`
	Description string `json:"description"`
}

type component struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Status      string   `json:"status"`
	Description *string  `json:"description"`
	Group       bool     `json:"group"`
	GroupID     *string  `json:"group_id"`
	Components  []string `json:"components"`
}

type incident struct {
	ID                   string    `json:"id"`
	Name                 string    `json:"name"`
	Status               string    `json:"status"`
	Impact               string    `json:"impact"`
	Shortlink            string    `json:"shortlink"`
	CreatedAt            string    `json:"created_at"`
	StartedAt            string    `json:"started_at"`
	ResolvedAt           string    `json:"resolved_at"`
	ScheduledFor         string    `json:"scheduled_for"`
	ScheduledUntil       string    `json:"scheduled_until"`
	Updates              []update  `json:"incident_updates"`
	Components           []compRef `json:"components"`
	PostmortemBody       string    `json:"postmortem_body"`
	PostmortemPublished  string    `json:"postmortem_published_at"`
	PostmortemBodyUpdate string    `json:"postmortem_body_last_updated_at"`
	URL                  string    `json:"url"`
}

type update struct {
	Status             string    `json:"status"`
	Body               string    `json:"body"`
	CreatedAt          string    `json:"created_at"`
	DisplayAt          string    `json:"display_at"`
	AffectedComponents []compRef `json:"affected_components"`
}

type compRef struct {
	ID        string `json:"id"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	GroupID   string `json:"group_id"`
	OldStatus string `json:"old_status"`
	NewStatus string `json:"new_status"`
}

// Sniff reports whether prefix looks like a Statuspage-shaped API response: a JSON object with
// a "page" object, or one of the endpoints' other top-level keys.
func Sniff(prefix []byte) bool {
	p := bytes.TrimLeft(prefix, " \t\r\n\xef\xbb\xbf")
	if len(p) == 0 || p[0] != '{' {
		return false
	}
	return bytes.Contains(p, []byte(`"page"`)) &&
		(bytes.Contains(p, []byte(`"components"`)) || bytes.Contains(p, []byte(`"incidents"`)) ||
			bytes.Contains(p, []byte(`"incident"`)) || bytes.Contains(p, []byte(`"scheduled_maintenances"`)) ||
			bytes.Contains(p, []byte(`"status"`)))
}

// Parse decodes any of the API's responses into a page for provider.
func Parse(r io.Reader, src statusfeed.Source, provider string) (*statusfeed.Page, error) {
	data, err := statusfeed.ReadAll(r)
	if err != nil {
		return nil, err
	}
	// A document whose incidents all decode is decoded in one pass. Anything else is decoded
	// incident by incident, so that one the parser cannot read costs only itself and is named.
	var typed documentOf[incident]
	if json.Unmarshal(data, &typed) == nil {
		return read(&typed, src, provider, func(in *incident) (*incident, error) { return in, nil })
	}
	var doc documentOf[json.RawMessage]
	// A decoder, which reads the first value and leaves what follows it, as the one pass does not.
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		return nil, fmt.Errorf("json: %w", err)
	}
	return read(&doc, src, provider, func(raw *json.RawMessage) (*incident, error) {
		var in incident
		return &in, json.Unmarshal(*raw, &in)
	})
}

// read makes the page of a decoded document, decode reading each of its incidents.
func read[T any](doc *documentOf[T], src statusfeed.Source, provider string, decode func(*T) (*incident, error)) (*statusfeed.Page, error) {
	p := &statusfeed.Page{Provider: provider, Format: "json", URL: src.URL}
	var errs []error
	loc := time.UTC // the zone of times written without one; incident.io names none
	if doc.Page != nil && doc.Page.TimeZone != "" {
		z, err := normalize.LoadZone(doc.Page.TimeZone)
		if err != nil {
			p.Warn(fmt.Sprintf("page time zone %q is unknown; zone-less times read as UTC", doc.Page.TimeZone))
		} else {
			loc = z
		}
	}
	if doc.Page != nil {
		p.Name = doc.Page.Name
		if doc.Page.URL != "" {
			p.URL = strings.TrimSuffix(doc.Page.URL, "/")
		}
		t, err := apiTime(doc.Page.UpdatedAt)
		if err != nil {
			errs = append(errs, fmt.Errorf("page updated_at: %w", err))
		}
		p.GeneratedAt = t
	}
	if doc.Status != nil {
		p.Status = PageStatus(doc.Status.Indicator)
	}
	groups := map[string]string{} // group ID → name
	for _, c := range doc.Components {
		if c.Group {
			groups[c.ID] = c.Name
		}
	}
	for _, c := range doc.Components {
		comp := statusfeed.Component{ID: c.ID, Name: c.Name, Status: normalize.ComponentStatus(c.Status),
			RawStatus: c.Status, IsGroup: c.Group}
		if c.Description != nil {
			comp.Description = strings.TrimSpace(*c.Description)
		}
		if c.GroupID != nil {
			comp.Group = groups[*c.GroupID]
		}
		p.Components = append(p.Components, comp)
	}
	type entry struct {
		v    *T
		kind statusfeed.Kind
	}
	var list []entry
	for i := range doc.Incidents {
		list = append(list, entry{&doc.Incidents[i], statusfeed.KindUnknown})
	}
	if doc.Incident != nil {
		list = append(list, entry{doc.Incident, statusfeed.KindUnknown})
	}
	for i := range doc.ScheduledMaintenances {
		list = append(list, entry{&doc.ScheduledMaintenances[i], statusfeed.KindMaintenance})
	}
	seen := map[string]bool{}
	for i, e := range list {
		in, err := decode(e.v)
		if err != nil {
			errs = append(errs, &statusfeed.EntryError{Entry: fmt.Sprintf("incident %d", i), Err: err})
			continue
		}
		if in.ID != "" && seen[in.ID] { // summary.json lists an active maintenance twice
			continue
		}
		seen[in.ID] = true
		inc, ierrs := convert(in, e.kind, p, groups, loc, src, provider)
		p.Incidents = append(p.Incidents, inc)
		for _, e := range ierrs {
			errs = append(errs, &statusfeed.EntryError{Entry: in.ID, Err: e})
		}
	}
	if doc.Page == nil && doc.Status == nil && doc.Components == nil && len(list) == 0 {
		errs = append(errs, errors.New("no page, status, components or incidents in the document"))
	}
	return p, errors.Join(errs...)
}

func convert(in *incident, kind statusfeed.Kind, p *statusfeed.Page, groups map[string]string, loc *time.Location, src statusfeed.Source, provider string) (statusfeed.Incident, []error) {
	var errs []error
	timeOf := func(field, raw string) time.Time {
		t, err := apiTime(raw)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", field, err))
		}
		return t
	}
	inc := statusfeed.Incident{
		ID: in.ID, Title: strings.TrimSpace(in.Name), Kind: kind,
		Impact: normalize.Impact(in.Impact), RawImpact: in.Impact, Shortlink: in.Shortlink,
		ScheduledFor:   timeOf("scheduled_for", in.ScheduledFor),
		ScheduledUntil: timeOf("scheduled_until", in.ScheduledUntil),
		Sources:        []statusfeed.Origin{src.Origin(provider, "json")},
	}
	if p.URL != "" && in.ID != "" {
		inc.URL = p.URL + "/incidents/" + in.ID
	}
	if inc.Kind == statusfeed.KindUnknown && (in.Impact == "maintenance" || !inc.ScheduledFor.IsZero()) {
		inc.Kind = statusfeed.KindMaintenance
	}
	for _, c := range in.Components {
		inc.Components = append(inc.Components, statusfeed.ComponentRef{ID: c.ID, Name: c.Name, Group: groups[c.GroupID]})
	}
	legacy := false
	for _, u := range in.Updates {
		at := timeOf("display_at", u.DisplayAt)
		if at.IsZero() {
			at = timeOf("created_at", u.CreatedAt)
		}
		if at.IsZero() {
			errs = append(errs, fmt.Errorf("%q update without a time", u.Status))
			continue
		}
		if rows := legacyRows(u.Body, at, loc); len(in.Updates) == 1 && len(rows) > 0 {
			// The vendor's status word belongs to the imported update as a whole, which the
			// last row concludes.
			rows[len(rows)-1].Status = normalize.Status(u.Status)
			rows[len(rows)-1].RawStatus = u.Status
			inc.Updates = append(inc.Updates, rows...)
			legacy = true
			continue
		}
		inc.Updates = append(inc.Updates, statusfeed.Update{At: at, Status: normalize.Status(u.Status),
			RawStatus: u.Status, Body: normalize.Text(u.Body)})
		if len(in.Components) == 0 {
			inc.Components = appendAffected(inc.Components, u.AffectedComponents, groups)
		}
	}
	if in.PostmortemBody != "" {
		pub := timeOf("postmortem_published_at", in.PostmortemPublished)
		body := normalize.Text(in.PostmortemBody)
		inc.Postmortem = &statusfeed.Postmortem{PublishedAt: pub, Body: body, Sections: normalize.Sections(body)}
	}
	// The vendor's own fields are authoritative where present, except in legacy imports, whose
	// started_at and resolved_at are both the import's first row.
	switch st := strings.ToLower(in.Status); st {
	case "postmortem": // resolved, with a postmortem to come
		inc.Status = statusfeed.StatusResolved
	default:
		inc.Status = normalize.Status(st)
	}
	if inc.Kind == statusfeed.KindUnknown {
		inc.Kind = KindOf(in.Impact, inc.Status, inc.Updates)
	}
	if !legacy {
		inc.StartedAt = timeOf("started_at", in.StartedAt)
		if inc.StartedAt.IsZero() {
			inc.StartedAt = timeOf("created_at", in.CreatedAt)
		}
		if inc.Kind == statusfeed.KindMaintenance {
			inc.StartedAt = time.Time{} // announcement time; Finish takes the start of work
		}
		if inc.Status.Terminal() {
			inc.ResolvedAt = timeOf("resolved_at", in.ResolvedAt)
		}
		// A backfilled incident (GitHub's, in the corpus) is posted after the fact: its
		// resolved_at and its updates' display_at carry the backdated time, its started_at
		// when it was posted. Whose only update is its resolution, it does not say when it
		// began; its start is unknown, as for any timeline that opens with its resolution.
		if !inc.ResolvedAt.IsZero() && inc.ResolvedAt.Before(inc.StartedAt) && onlyResolution(inc.Updates) {
			inc.StartedAt = time.Time{}
		}
	}
	listed := normalize.NewestFirst // the API lists updates newest first; legacy rows oldest first
	if legacy {
		listed = normalize.OldestFirst
	}
	if err := normalize.Finish(&inc, listed); err != nil {
		errs = append(errs, err)
	}
	return inc, errs
}

// onlyResolution reports whether a timeline's lifecycle updates are all resolutions.
func onlyResolution(us []statusfeed.Update) bool {
	seen := false
	for _, u := range us {
		if u.Status.Lifecycle() && !u.Status.Terminal() {
			return false
		}
		seen = seen || u.Status.Terminal()
	}
	return seen
}

// appendAffected adds the components named in an update's affected_components, skipping the
// placeholder "No components were affected by this update." and names already listed.
func appendAffected(refs []statusfeed.ComponentRef, affected []compRef, groups map[string]string) []statusfeed.ComponentRef {
	for _, a := range affected {
		if a.Code == "" && strings.HasPrefix(a.Name, "No components") {
			continue
		}
		dup := false
		for _, r := range refs {
			if (a.Code != "" && r.ID == a.Code) || r.Name == a.Name {
				dup = true
				break
			}
		}
		if !dup && a.Name != "" {
			refs = append(refs, statusfeed.ComponentRef{ID: a.Code, Name: a.Name, Group: groups[a.GroupID]})
		}
	}
	return refs
}

// PageStatus maps Statuspage's overall indicator ("none", "minor", …) to a component status;
// the HTML pages' "status-minor" classes use the same words.
func PageStatus(ind string) statusfeed.ComponentStatus {
	switch strings.ToLower(ind) {
	case "none":
		return statusfeed.ComponentOperational
	case "minor":
		return statusfeed.ComponentDegradedPerformance
	case "major":
		return statusfeed.ComponentPartialOutage
	case "critical":
		return statusfeed.ComponentMajorOutage
	case "maintenance":
		return statusfeed.ComponentUnderMaintenance
	}
	return statusfeed.ComponentUnknown
}

// apiTime reads the API's RFC 3339 times ("2019-02-20T12:00:19.418-06:00", "…Z"); an empty
// string is absent, not an error.
func apiTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, err
	}
	return t.UTC(), nil
}

// KindOf tells an incident from a maintenance by Statuspage's own words, whose two sets do not
// overlap: incidents have the statuses investigating, identified, monitoring and resolved and an
// impact of none, minor, major or critical; maintenances the statuses scheduled, in progress,
// verifying and completed and the impact "maintenance". An "update" note belongs to both. A
// maintenance word wins, as in normalize.Finish; KindUnknown when no word says. status is the
// incident's own status where the source gives one.
func KindOf(rawImpact string, status statusfeed.Status, updates []statusfeed.Update) statusfeed.Kind {
	kind := statusfeed.KindUnknown
	switch normalize.Impact(rawImpact) {
	case statusfeed.ImpactNone, statusfeed.ImpactMinor, statusfeed.ImpactMajor, statusfeed.ImpactCritical:
		kind = statusfeed.KindIncident
	}
	if strings.EqualFold(strings.TrimSpace(rawImpact), "maintenance") {
		return statusfeed.KindMaintenance
	}
	for i := -1; i < len(updates); i++ {
		s := status
		if i >= 0 {
			s = updates[i].Status
		}
		switch {
		case s.Maintenance():
			return statusfeed.KindMaintenance
		case s.Lifecycle():
			kind = statusfeed.KindIncident
		}
	}
	return kind
}
