package gcp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
	"time"

	"statusfeed.dev/normalize"
	"statusfeed.dev/parsers/internal/apitime"
	"statusfeed.dev/statusfeed"
)

// Name is the name the parser registers under.
const Name = "gcp"

// Host is the Google Cloud status dashboard's host; relative incident links resolve against it
// when the document was not fetched from a web address.
const Host = "status.cloud.google.com"

// Parser reads Google Cloud's incidents.json, and lists where the dashboard serves it
// (statusfeed.EndpointLister). It is safe for concurrent use.
var Parser statusfeed.Parser = parser{}

type parser struct{}

// Describe says what the parser reads, for listings such as `statusfeed providers`.
func (parser) Describe() string { return "Google Cloud incidents.json" }

func (parser) Parse(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	return parse(r, src)
}

// Endpoints lists /incidents.json for the dashboard's own host, or for a document detected as
// Google Cloud's. Any other page says nothing of Google Cloud, so nothing is guessed for it.
func (parser) Endpoints(site *url.URL, doc []byte, detected bool) []string {
	if !detected && !strings.EqualFold(site.Hostname(), Host) {
		return nil
	}
	return []string{site.JoinPath("incidents.json").String()}
}

func init() { statusfeed.Register(Name, Parser, Detect) }

// Field names only Google's dashboard writes. "external_desc" opens every incident; the others
// may lie beyond the prefix when the first update is a long incident report.
var (
	markDesc     = []byte(`"external_desc"`)
	markOthers   = [][]byte{[]byte(`"most_recent_update"`), []byte(`"affected_products"`), []byte(`"status_impact"`)}
	markUpdates  = []byte(`"updates"`)
	markLocation = []byte(`"affected_locations"`)
)

// Detect recognizes incidents.json: a JSON array whose incidents carry "external_desc" with
// another of the dashboard's own keys. An array with "external_desc" alone is Possible: the
// parser confirms on the whole document.
func Detect(prefix []byte, src statusfeed.Source) statusfeed.Match {
	if src.Format != statusfeed.FormatJSON {
		return statusfeed.NoMatch
	}
	p := bytes.TrimLeft(prefix, " \t\r\n")
	if len(p) == 0 || p[0] != '[' || !bytes.Contains(p, markDesc) {
		return statusfeed.NoMatch
	}
	for _, m := range markOthers {
		if bytes.Contains(p, m) {
			return statusfeed.Certain
		}
	}
	if bytes.Contains(p, markUpdates) && bytes.Contains(p, markLocation) {
		return statusfeed.Certain
	}
	return statusfeed.Possible
}

// incidentOf is one element of incidents.json, its location lists read as L. Keys seen in the
// captures but not read: number (a second, numeric ID), created and modified (record times, not
// incident times), service_key and service_name (the first product, or "Multiple Products"), and
// the products' current_title.
type incidentOf[L any] struct {
	ID                 string        `json:"id"`
	Begin              string        `json:"begin"`
	End                *string       `json:"end"` // absent while the incident is open
	ExternalDesc       *string       `json:"external_desc"`
	Updates            []updateOf[L] `json:"updates"`
	MostRecentUpdate   *updateOf[L]  `json:"most_recent_update"`
	StatusImpact       string        `json:"status_impact"`
	Severity           string        `json:"severity"`
	AffectedProducts   []titled      `json:"affected_products"`
	URI                string        `json:"uri"`
	CurrentlyAffected  []L           `json:"currently_affected_locations"`
	PreviouslyAffected []L           `json:"previously_affected_locations"`
}

type updateOf[L any] struct {
	When              string `json:"when"`
	Text              string `json:"text"`
	Status            string `json:"status"`
	AffectedLocations []L    `json:"affected_locations"`
}

// incident and update are what convert reads: locations as the objects every capture has.
type (
	incident = incidentOf[titled]
	update   = updateOf[titled]
)

type titled struct {
	Title string `json:"title"`
	ID    string `json:"id"`
}

// location is a {title, id} pair that may also be a bare ID string. The lists have only ever
// held objects in the captures; a string is read too rather than failing the incident, on the
// slow path (see parse), since a custom decoder for every location costs a third more.
type location titled

func (l *location) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &l.ID)
	}
	return json.Unmarshal(b, (*titled)(l))
}

// strict is in with its locations as objects.
func strict(in incidentOf[location]) incident {
	out := incident{ID: in.ID, Begin: in.Begin, End: in.End, ExternalDesc: in.ExternalDesc,
		StatusImpact: in.StatusImpact, Severity: in.Severity, AffectedProducts: in.AffectedProducts, URI: in.URI,
		CurrentlyAffected: titles(in.CurrentlyAffected), PreviouslyAffected: titles(in.PreviouslyAffected)}
	up := func(u updateOf[location]) update {
		return update{When: u.When, Text: u.Text, Status: u.Status, AffectedLocations: titles(u.AffectedLocations)}
	}
	for _, u := range in.Updates {
		out.Updates = append(out.Updates, up(u))
	}
	if in.MostRecentUpdate != nil {
		u := up(*in.MostRecentUpdate)
		out.MostRecentUpdate = &u
	}
	return out
}

func titles(ls []location) []titled {
	if ls == nil {
		return nil
	}
	out := make([]titled, len(ls))
	for i, l := range ls {
		out[i] = titled(l)
	}
	return out
}

func parse(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	r, src, err := statusfeed.Prepare(r, src)
	if err != nil {
		return nil, err
	}
	if src.Format != statusfeed.FormatJSON {
		return nil, fmt.Errorf("%w: not Google Cloud's incidents.json", statusfeed.ErrUnknownFormat)
	}
	data, err := statusfeed.ReadAll(r)
	if err != nil {
		return nil, err
	}
	base := baseURL(src)
	p := &statusfeed.Page{Provider: Name, Format: statusfeed.FormatJSON, Name: "Google Cloud", URL: base}
	// The dashboard's document is the largest any vendor serves (1.3 MB in a capture) and is
	// polled every cycle: it is decoded in one pass when every element is a well-formed
	// incident, which they all have been. Anything else takes the element-by-element path, which
	// keeps what it can read and says what it could not.
	var all []incident
	if json.Unmarshal(data, &all) == nil && allOurs(all) {
		var errs []error
		for _, in := range all {
			inc, err := convert(in, base, src)
			if err != nil {
				errs = append(errs, &statusfeed.EntryError{Entry: in.ID, Err: err})
			}
			p.Incidents = append(p.Incidents, inc)
		}
		return p, errors.Join(errs...)
	}
	var raw []json.RawMessage
	// A decoder, which reads the first value and leaves what follows it, as the one pass does not.
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&raw); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf("%w: incidents.json is an array, this is a JSON %s", statusfeed.ErrUnknownFormat, te.Value)
		}
		return nil, fmt.Errorf("json: %w", err)
	}
	var errs []error
	foreign := 0 // elements that are not dashboard incidents
	for i, m := range raw {
		if !ours(m) {
			foreign++
			continue
		}
		var in incidentOf[location]
		if err := json.Unmarshal(m, &in); err != nil {
			errs = append(errs, &statusfeed.EntryError{Entry: fmt.Sprintf("#%d", i), Err: err})
			continue
		}
		inc, err := convert(strict(in), base, src)
		if err != nil {
			errs = append(errs, &statusfeed.EntryError{Entry: in.ID, Err: err})
		}
		p.Incidents = append(p.Incidents, inc)
	}
	// An empty list is a quiet dashboard; a list of something else is someone else's document.
	if foreign == len(raw) && foreign > 0 {
		return nil, fmt.Errorf("%w: a JSON array without Google Cloud incidents", statusfeed.ErrUnknownFormat)
	}
	if foreign > 0 {
		errs = append(errs, fmt.Errorf("%d array elements are not Google Cloud incidents", foreign))
	}
	return p, errors.Join(errs...)
}

// allOurs reports whether every decoded element carries a key only the dashboard's incidents
// have, as ours reports of an element's raw text. (encoding/json matches keys regardless of
// case and escapes, so an element keyed "External_Desc" counts here and not there; no capture
// writes one.)
func allOurs(all []incident) bool {
	for i := range all {
		if all[i].ExternalDesc == nil && all[i].MostRecentUpdate == nil {
			return false
		}
	}
	return true
}

// ours reports whether an array element is a dashboard incident: an object with its keys.
func ours(m json.RawMessage) bool {
	m = bytes.TrimLeft(m, " \t\r\n")
	return len(m) > 0 && m[0] == '{' && (bytes.Contains(m, markDesc) || bytes.Contains(m, markOthers[0]))
}

// baseURL is the dashboard address links resolve against: the origin the document was fetched
// from, else Google's own.
func baseURL(src statusfeed.Source) string {
	if u, err := url.Parse(src.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return u.Scheme + "://" + u.Host
	}
	return "https://" + Host
}

// convert maps one incident. The dashboard states the incident's own begin and end, which are
// when the impact began and ended, often well before the first update was posted and before a
// later incident report: they, not the update times, are StartedAt and ResolvedAt.
func convert(in incident, base string, src statusfeed.Source) (statusfeed.Incident, error) {
	inc := statusfeed.Incident{
		ID:      in.ID,
		Title:   strings.TrimSpace(deref(in.ExternalDesc)),
		Kind:    statusfeed.KindIncident,
		Sources: []statusfeed.Origin{src.Origin(Name, statusfeed.FormatJSON)},
	}
	inc.Impact, inc.RawImpact = impact(in.StatusImpact, in.Severity)
	if in.URI != "" {
		if u, err := url.Parse(base + "/"); err == nil {
			if ref, err := url.Parse(in.URI); err == nil {
				inc.URL = u.ResolveReference(ref).String()
			}
		}
	}
	for _, pr := range in.AffectedProducts {
		inc.Components = append(inc.Components, statusfeed.ComponentRef{ID: pr.ID, Name: strings.TrimSpace(pr.Title)})
	}
	var times apitime.Reader
	if in.Begin != "" {
		inc.StartedAt = times.Time("begin", in.Begin)
	}
	updates := in.Updates
	if len(updates) == 0 && in.MostRecentUpdate != nil {
		updates = []update{*in.MostRecentUpdate}
	}
	regions := map[string]bool{}
	for _, l := range append(in.CurrentlyAffected, in.PreviouslyAffected...) {
		regions[l.ID] = true
	}
	var reports []report
	for _, u := range updates {
		for _, l := range u.AffectedLocations {
			regions[l.ID] = true
		}
		up := statusfeed.Update{At: times.Time("update when", u.When), RawStatus: u.Status, Status: updateStatus(u.Status)}
		if up.At.IsZero() {
			continue // an update with no time cannot be placed on the timeline; the error says so
		}
		r := render(u.Text)
		up.Body = r.plain
		if isReport(u.Text) {
			reports = append(reports, report{up, r})
			continue
		}
		inc.Updates = append(inc.Updates, up)
	}
	delete(regions, "")
	for r := range regions {
		inc.Regions = append(inc.Regions, r)
	}
	sort.Strings(inc.Regions)
	var older []statusfeed.Update
	inc.Postmortem, older = postmortem(reports)
	inc.Updates = append(inc.Updates, older...)

	open := in.End == nil
	if open {
		inc.Status = openStatus(inc.Updates)
	} else if inc.ResolvedAt = times.Time("end", *in.End); !inc.ResolvedAt.IsZero() {
		inc.Status = statusfeed.StatusResolved
	}
	errs := times.Errs
	// An end before the begin contradicts itself: the incident ended, but not when the record
	// says. Finish keeps the start, leaves the end unknown, and says so.
	if err := normalize.Finish(&inc, normalize.OrderUnknown); err != nil {
		errs = append(errs, err)
	}
	if open {
		inc.ResolvedAt = time.Time{} // an AVAILABLE update does not close what the dashboard keeps open
	}
	return inc, errors.Join(errs...)
}

// updateStatus maps an update's word. AVAILABLE says the service is available again: the
// incident is resolved. SERVICE_INFORMATION, SERVICE_DISRUPTION and SERVICE_OUTAGE grade how
// the service was doing when the update was posted; they are no step of an incident's
// lifecycle, so such an update is a note (StatusUpdate), with the word kept as RawStatus.
func updateStatus(word string) statusfeed.Status {
	switch strings.ToUpper(strings.TrimSpace(word)) {
	case "AVAILABLE":
		return statusfeed.StatusResolved
	case "SERVICE_INFORMATION", "SERVICE_DISRUPTION", "SERVICE_OUTAGE":
		return statusfeed.StatusUpdate
	}
	return statusfeed.StatusUnknown
}

// openStatus is the state of an incident the dashboard has not ended (it has no "end"). Google
// writes no lifecycle word, so an open incident is investigating, the model's first open state,
// unless its latest update already says AVAILABLE: the service is back but the incident is not
// closed, which is monitoring.
func openStatus(us []statusfeed.Update) statusfeed.Status {
	var latest *statusfeed.Update
	for i := range us {
		if latest == nil || !us[i].At.Before(latest.At) {
			latest = &us[i]
		}
	}
	if latest != nil && latest.Status == statusfeed.StatusResolved {
		return statusfeed.StatusMonitoring
	}
	return statusfeed.StatusInvestigating
}

// impact maps status_impact, and severity where status_impact is missing or unknown. The two
// have always agreed in the captures (INFORMATION/low, DISRUPTION/medium, OUTAGE/high). The
// dashboard's three grades map onto the model's upper three: an "information" incident is a real
// but small issue (latency, a few projects), so minor; a disruption is major; an outage is
// critical. RawImpact keeps both words, "SERVICE_OUTAGE/high".
func impact(statusImpact, severity string) (statusfeed.Impact, string) {
	raw := strings.Trim(strings.TrimSpace(statusImpact)+"/"+strings.TrimSpace(severity), "/")
	switch strings.ToUpper(strings.TrimSpace(statusImpact)) {
	case "SERVICE_INFORMATION":
		return statusfeed.ImpactMinor, raw
	case "SERVICE_DISRUPTION":
		return statusfeed.ImpactMajor, raw
	case "SERVICE_OUTAGE":
		return statusfeed.ImpactCritical, raw
	}
	switch strings.ToLower(strings.TrimSpace(severity)) {
	case "low":
		return statusfeed.ImpactMinor, raw
	case "medium":
		return statusfeed.ImpactMajor, raw
	case "high":
		return statusfeed.ImpactCritical, raw
	}
	return statusfeed.ImpactUnknown, raw
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
