package slack

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"

	"statusfeed.dev/normalize"
	"statusfeed.dev/parsers/internal/apitime"
	"statusfeed.dev/statusfeed"
)

// Name is the name the parser registers under.
const Name = "slack"

// Hosts are the addresses Slack's status site has had: status.slack.com until about 2023, and
// slack-status.com since; both serve the same API.
var Hosts = []string{"slack-status.com", "status.slack.com"}

// Parser reads Slack's status API, and lists where Slack serves it (statusfeed.EndpointLister).
// It is safe for concurrent use.
var Parser statusfeed.Parser = parser{}

type parser struct{}

// Describe says what the parser reads, for listings such as `statusfeed providers`.
func (parser) Describe() string { return "Slack status API v2.0.0 (current, history)" }

func (parser) Parse(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	return parse(r, src)
}

// Endpoints lists the current status and the history for Slack's status hosts, or for a
// document detected as Slack's.
func (parser) Endpoints(site *url.URL, doc []byte, detected bool) []string {
	if !detected && !slackHost(site.Hostname()) {
		return nil
	}
	return []string{site.JoinPath("api", "v2.0.0", "current").String(), site.JoinPath("api", "v2.0.0", "history").String()}
}

func slackHost(h string) bool {
	for _, s := range Hosts {
		if strings.EqualFold(h, s) || strings.EqualFold(h, "www."+s) {
			return true
		}
	}
	return false
}

func init() { statusfeed.Register(Name, Parser, Detect) }

var (
	markActive  = []byte(`"active_incidents"`)
	markCreated = []byte(`"date_created"`)
	markNotes   = []byte(`"notes"`)
	markServ    = []byte(`"services"`)
)

// Detect recognizes the current status, an object with "active_incidents", and the history, an
// array of items with "date_created" and "notes" or "services". No other provider writes these
// snake-case keys (Instatus writes "activeIncidents", Statuspage "created_at").
func Detect(prefix []byte, src statusfeed.Source) statusfeed.Match {
	if src.Format != statusfeed.FormatJSON {
		return statusfeed.NoMatch
	}
	p := bytes.TrimLeft(prefix, " \t\r\n")
	if len(p) == 0 {
		return statusfeed.NoMatch
	}
	switch p[0] {
	case '{':
		if bytes.Contains(p, markActive) {
			return statusfeed.Certain
		}
	case '[':
		if bytes.Contains(p, markCreated) && (bytes.Contains(p, markNotes) || bytes.Contains(p, markServ)) {
			return statusfeed.Certain
		}
	}
	return statusfeed.NoMatch
}

// current is /api/v2.0.0/current. Its own date_created and date_updated say when the overall
// status last changed, not when the document was made, and are not read.
type current struct {
	Status          *string `json:"status"`
	ActiveIncidents []item  `json:"active_incidents"`
}

// item is an incident, notice, outage or maintenance, in either endpoint.
type item struct {
	ID          id       `json:"id"`
	Title       string   `json:"title"`
	Type        string   `json:"type"`
	Status      string   `json:"status"`
	URL         string   `json:"url"`
	DateCreated string   `json:"date_created"`
	DateUpdated string   `json:"date_updated"`
	Services    []string `json:"services"`
	Notes       []note   `json:"notes"`
}

type note struct {
	DateCreated string `json:"date_created"`
	Body        string `json:"body"`
}

// id is Slack's integer ID, read as its decimal text; a string ID is taken as written.
type id string

func (i *id) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		err := json.Unmarshal(b, &s)
		*i = id(s)
		return err
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*i = id(n.String())
	return nil
}

func parse(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	r, src, err := statusfeed.Prepare(r, src)
	if err != nil {
		return nil, err
	}
	if src.Format != statusfeed.FormatJSON {
		return nil, fmt.Errorf("%w: not Slack's status API", statusfeed.ErrUnknownFormat)
	}
	var raw json.RawMessage
	if err := json.NewDecoder(r).Decode(&raw); err != nil {
		return nil, fmt.Errorf("json: %w", err)
	}
	p := &statusfeed.Page{Provider: Name, Format: statusfeed.FormatJSON, Name: "Slack", URL: origin(src.URL)}
	var items []json.RawMessage
	var errs []error
	switch raw[0] {
	case '{':
		var cur current
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(raw, &keys); err != nil {
			return nil, fmt.Errorf("json: %w", err)
		}
		if _, ok := keys["active_incidents"]; !ok {
			return nil, fmt.Errorf("%w: a JSON object without active_incidents", statusfeed.ErrUnknownFormat)
		}
		if err := json.Unmarshal(keys["active_incidents"], &items); err != nil {
			return nil, fmt.Errorf("active_incidents: %w", err)
		}
		if s, ok := keys["status"]; ok {
			if err := json.Unmarshal(s, &cur.Status); err != nil {
				errs = append(errs, fmt.Errorf("status: %w", err))
			}
		}
		if cur.Status != nil {
			p.RawStatus = *cur.Status
		}
	case '[':
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, fmt.Errorf("json: %w", err)
		}
		if len(items) > 0 && !anyItem(items) {
			return nil, fmt.Errorf("%w: a JSON array without Slack incidents", statusfeed.ErrUnknownFormat)
		}
	default:
		return nil, fmt.Errorf("%w: neither Slack's current status nor its history", statusfeed.ErrUnknownFormat)
	}
	var types []string
	for i, m := range items {
		var it item
		if err := json.Unmarshal(m, &it); err != nil {
			errs = append(errs, &statusfeed.EntryError{Entry: fmt.Sprintf("#%d", i), Err: err})
			continue
		}
		inc, err := convert(it, src)
		if err != nil {
			errs = append(errs, &statusfeed.EntryError{Entry: entryName(it), Err: err})
		}
		p.Incidents = append(p.Incidents, inc)
		if !inc.Status.Terminal() {
			types = append(types, it.Type)
		}
	}
	if p.URL == "" && len(p.Incidents) > 0 {
		p.URL = origin(p.Incidents[0].URL)
	}
	if raw[0] == '{' {
		p.Status = pageStatus(p.RawStatus, types)
	}
	return p, errors.Join(errs...)
}

// anyItem reports whether an array holds at least one object with Slack's item keys.
func anyItem(items []json.RawMessage) bool {
	for _, m := range items {
		m = bytes.TrimLeft(m, " \t\r\n")
		if len(m) > 0 && m[0] == '{' && bytes.Contains(m, markCreated) && (bytes.Contains(m, markNotes) || bytes.Contains(m, markServ)) {
			return true
		}
	}
	return false
}

func entryName(it item) string {
	if it.ID != "" {
		return string(it.ID)
	}
	return it.Title
}

// origin is the scheme and host of an http(s) address, "" for anything else.
func origin(addr string) string {
	u, err := url.Parse(addr)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// pageStatus maps the current status. "ok" is operational. Anything else is not: with active
// items it is the worst their types imply (an outage a major outage, an incident a partial
// outage, a notice degraded performance, a maintenance under maintenance), and unknown where
// they imply nothing. No status at all is unknown.
func pageStatus(raw string, activeTypes []string) statusfeed.ComponentStatus {
	switch strings.ToLower(strings.TrimSpace(raw)) {
	case "":
		return statusfeed.ComponentUnknown
	case "ok":
		return statusfeed.ComponentOperational
	}
	worst, rank := statusfeed.ComponentUnknown, 0
	for _, t := range activeTypes {
		s, r := typeStatus(t)
		if r > rank {
			worst, rank = s, r
		}
	}
	return worst
}

func typeStatus(t string) (statusfeed.ComponentStatus, int) {
	switch strings.ToLower(strings.TrimSpace(t)) {
	case "outage":
		return statusfeed.ComponentMajorOutage, 4
	case "incident":
		return statusfeed.ComponentPartialOutage, 3
	case "notice":
		return statusfeed.ComponentDegradedPerformance, 2
	case "maintenance":
		return statusfeed.ComponentUnderMaintenance, 1
	}
	return statusfeed.ComponentUnknown, 0
}

// convert maps one item. Notes carry no status word of their own: each is a note
// (StatusUpdate, RawStatus empty), and the item's own status says where it stands.
func convert(it item, src statusfeed.Source) (statusfeed.Incident, error) {
	inc := statusfeed.Incident{
		ID:      string(it.ID),
		Title:   strings.TrimSpace(it.Title),
		URL:     strings.TrimSpace(it.URL),
		Sources: []statusfeed.Origin{src.Origin(Name, statusfeed.FormatJSON)},
	}
	inc.Kind, inc.Impact = kindAndImpact(it.Type)
	inc.RawImpact = it.Type
	for _, s := range it.Services {
		if s = strings.TrimSpace(s); s != "" {
			inc.Components = append(inc.Components, statusfeed.ComponentRef{Name: s})
		}
	}
	var times apitime.Reader
	for _, n := range it.Notes {
		at := times.Time("note date_created", n.DateCreated)
		if at.IsZero() {
			continue // a note with no time cannot be placed on the timeline; the error says so
		}
		inc.Updates = append(inc.Updates, statusfeed.Update{At: at, Status: statusfeed.StatusUpdate, Body: normalize.Text(n.Body)})
	}
	// current lists notes newest first, the history oldest first: put them oldest first before
	// the stable sort, so that notes posted in the same second keep the order they were posted.
	if n := len(inc.Updates); n > 1 && inc.Updates[0].At.After(inc.Updates[n-1].At) {
		for i, j := 0, n-1; i < j; i, j = i+1, j-1 {
			inc.Updates[i], inc.Updates[j] = inc.Updates[j], inc.Updates[i]
		}
	}
	sort.SliceStable(inc.Updates, func(i, j int) bool { return inc.Updates[i].At.Before(inc.Updates[j].At) })
	if it.DateCreated != "" {
		inc.StartedAt = times.Time("date_created", it.DateCreated)
	}
	inc.Status, inc.RawStatus = itemStatus(it.Status, inc.Kind), it.Status
	if inc.Status.Terminal() {
		// The last note is the one that closed the item; date_updated is no good here, as it
		// moves when an old item is edited (hours after its last note in the history capture).
		if n := len(inc.Updates); n > 0 {
			inc.ResolvedAt = inc.Updates[n-1].At
		} else if it.DateUpdated != "" {
			inc.ResolvedAt = times.Time("date_updated", it.DateUpdated)
		}
	}
	errs := times.Errs
	if err := normalize.Finish(&inc, normalize.OldestFirst); err != nil { // notes were sorted oldest first above
		errs = append(errs, err)
	}
	return inc, errors.Join(errs...)
}

// kindAndImpact maps the item's type. The type is Slack's grading of the item and changes while
// it is open (incident to outage, incident to notice) without its ID changing: a notice is
// informational (no impact), an incident minor, an outage major. A maintenance is planned work,
// with no impact word. Other types are an incident of unknown impact.
func kindAndImpact(t string) (statusfeed.Kind, statusfeed.Impact) {
	switch strings.ToLower(strings.TrimSpace(t)) {
	case "notice":
		return statusfeed.KindIncident, statusfeed.ImpactNone
	case "incident":
		return statusfeed.KindIncident, statusfeed.ImpactMinor
	case "outage":
		return statusfeed.KindIncident, statusfeed.ImpactMajor
	case "maintenance":
		return statusfeed.KindMaintenance, statusfeed.ImpactUnknown
	}
	return statusfeed.KindIncident, statusfeed.ImpactUnknown
}

// itemStatus maps the item's status. The captures say "active" or "resolved"; Slack documents
// planned maintenances too, but no capture shows one, so other words go through normalize's
// table ("scheduled", "completed") and are unknown if it has none. "active" is no lifecycle
// step: it is reported as investigating, the model's first open state, for an incident, and as
// in progress for a maintenance.
func itemStatus(word string, kind statusfeed.Kind) statusfeed.Status {
	if strings.EqualFold(strings.TrimSpace(word), "active") {
		if kind == statusfeed.KindMaintenance {
			return statusfeed.StatusInProgress
		}
		return statusfeed.StatusInvestigating
	}
	s := normalize.Status(word)
	if s == statusfeed.StatusUpdate {
		return statusfeed.StatusUnknown
	}
	return s
}
