package incidentio

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"statusfeed.dev/normalize"
	"statusfeed.dev/parsers/internal/rollup"
	"statusfeed.dev/statusfeed"
)

// The widget JSON that incident.io pages load from /proxy/<host>: a "summary" of the page, or one
// "incident". Its pages embed the same summary object in their flight data (page.go). Healthy
// components carry no status: the summary lists only affected ones.

type widgetDoc struct {
	Summary  *widgetSummary  `json:"summary"`
	Incident *widgetIncident `json:"incident"`
}

type widgetSummary struct {
	ID                    string            `json:"id"`
	Name                  string            `json:"name"`
	PublicURL             string            `json:"public_url"`
	Components            []widgetComponent `json:"components"`
	AffectedComponents    []widgetAffected  `json:"affected_components"`
	OngoingIncidents      []widgetIncident  `json:"ongoing_incidents"`
	ScheduledMaintenances []widgetIncident  `json:"scheduled_maintenances"`
	Structure             *widgetStructure  `json:"structure"`
}

type widgetComponent struct {
	ID          string `json:"id"`
	ComponentID string `json:"component_id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Hidden      bool   `json:"hidden"`
}

type widgetStructure struct {
	Items []struct {
		Group *struct {
			ID          string            `json:"id"`
			Name        string            `json:"name"`
			Description string            `json:"description"`
			Hidden      bool              `json:"hidden"`
			Components  []widgetComponent `json:"components"`
		} `json:"group"`
		Component *widgetComponent `json:"component"`
	} `json:"items"`
}

type widgetAffected struct {
	ComponentID   string `json:"component_id"`
	Status        string `json:"status"`         // the worst status the incident gave it
	CurrentStatus string `json:"current_status"` // its status now
}

type widgetIncident struct {
	ID                 string           `json:"id"`
	Name               string           `json:"name"`
	Status             string           `json:"status"`
	Type               string           `json:"type"`
	PublishedAt        string           `json:"published_at"`
	StartsAt           string           `json:"starts_at"`
	EndsAt             string           `json:"ends_at"`
	AffectedComponents []widgetAffected `json:"affected_components"`
	Updates            []widgetUpdate   `json:"updates"`
}

type widgetUpdate struct {
	PublishedAt   string `json:"published_at"`
	ToStatus      string `json:"to_status"`
	MessageString string `json:"message_string"`
	Message       *struct {
		TextNode *richNode `json:"text_node"`
		Markdown string    `json:"markdown"`
	} `json:"message"`
}

func parseWidget(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	var doc widgetDoc
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return nil, fmt.Errorf("json: %w", err)
	}
	p := &statusfeed.Page{Provider: Name, Format: statusfeed.FormatJSON, URL: src.URL}
	var errs []error
	names := map[string]statusfeed.ComponentRef{} // component ID → name and group
	if doc.Summary != nil {
		names, errs = readSummary(p, doc.Summary, src)
	}
	if doc.Incident != nil {
		inc, ierrs := widgetIncidentOf(doc.Incident, names, p, src)
		p.Incidents = append(p.Incidents, inc)
		errs = append(errs, entryErrors(doc.Incident.ID, ierrs)...)
	}
	if doc.Summary == nil && doc.Incident == nil {
		errs = append(errs, errors.New("neither a summary nor an incident"))
	}
	return p, errors.Join(errs...)
}

// readSummary reads a summary into p: the page, its components in the structure's order with
// their groups, the page's status, and the ongoing incidents and scheduled maintenances. It
// returns each component's name and group by ID.
func readSummary(p *statusfeed.Page, s *widgetSummary, src statusfeed.Source) (map[string]statusfeed.ComponentRef, []error) {
	names := map[string]statusfeed.ComponentRef{}
	p.ID, p.Name = s.ID, s.Name
	if s.PublicURL != "" {
		p.URL = strings.TrimSuffix(s.PublicURL, "/")
	}
	current := map[string]widgetAffected{}
	for _, a := range s.AffectedComponents {
		current[a.ComponentID] = a
	}
	var visible []statusfeed.Component // the components the page shows, which make its status
	add := func(c widgetComponent, group string, hidden bool) {
		id := c.ComponentID
		if id == "" {
			id = c.ID
		}
		// incident.io lists a status only for the components an incident affects: by its own
		// convention a component absent from affected_components is operational. The vendor
		// wrote no word for it, so RawStatus stays empty.
		comp := statusfeed.Component{ID: id, Name: c.Name, Group: group, Description: c.Description,
			Status: statusfeed.ComponentOperational}
		if a, ok := current[id]; ok {
			raw := a.CurrentStatus
			if raw == "" {
				raw = a.Status
			}
			comp.RawStatus, comp.Status = raw, normalize.ComponentStatus(raw)
		}
		names[id] = statusfeed.ComponentRef{ID: id, Name: c.Name, Group: group}
		p.Components = append(p.Components, comp)
		if !hidden {
			visible = append(visible, comp)
		}
	}
	listed := map[string]bool{}
	if s.Structure != nil {
		for _, item := range s.Structure.Items {
			switch {
			case item.Group != nil:
				for _, c := range item.Group.Components {
					add(c, item.Group.Name, item.Group.Hidden || c.Hidden)
					listed[c.ComponentID] = true
				}
			case item.Component != nil:
				add(*item.Component, "", item.Component.Hidden)
				listed[item.Component.ComponentID] = true
			}
		}
	}
	for _, c := range s.Components { // components the structure does not place
		if !listed[c.ID] {
			add(c, "", c.Hidden)
		}
	}
	// Hidden components are listed but do not make the page's status: the page does not show them.
	p.Status = rollup.Worst(visible)
	var errs []error
	for _, list := range [][]widgetIncident{s.OngoingIncidents, s.ScheduledMaintenances} {
		for i := range list {
			inc, ierrs := widgetIncidentOf(&list[i], names, p, src)
			p.Incidents = append(p.Incidents, inc)
			errs = append(errs, entryErrors(list[i].ID, ierrs)...)
		}
	}
	return names, errs
}

func entryErrors(id string, errs []error) []error {
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = &statusfeed.EntryError{Entry: id, Err: e}
	}
	return out
}

// timeField reads one of incident.io's RFC 3339 times; "" is the zero time.
func timeField(field, raw string, errs *[]error) time.Time {
	if raw == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, raw)
	if err != nil {
		*errs = append(*errs, fmt.Errorf("%s: %w", field, err))
		return time.Time{}
	}
	return t.UTC()
}

func widgetIncidentOf(w *widgetIncident, names map[string]statusfeed.ComponentRef, p *statusfeed.Page, src statusfeed.Source) (statusfeed.Incident, []error) {
	var errs []error
	inc := statusfeed.Incident{ID: w.ID, Title: strings.TrimSpace(w.Name), Status: normalize.Status(w.Status),
		Sources: []statusfeed.Origin{src.Origin(Name, p.Format)}}
	if p.URL != "" && w.ID != "" {
		inc.URL = p.URL + "/incidents/" + w.ID
	}
	switch strings.ToLower(w.Type) {
	case "incident":
		inc.Kind = statusfeed.KindIncident
	case "maintenance", "scheduled_maintenance":
		inc.Kind = statusfeed.KindMaintenance
		inc.ScheduledFor, inc.ScheduledUntil = timeField("starts_at", w.StartsAt, &errs), timeField("ends_at", w.EndsAt, &errs)
	}
	words := make([]string, 0, len(w.AffectedComponents))
	for _, a := range w.AffectedComponents {
		ref, ok := names[a.ComponentID]
		if !ok {
			ref = statusfeed.ComponentRef{ID: a.ComponentID}
		}
		ref.Status = normalize.ComponentStatus(a.CurrentStatus)
		inc.Components = append(inc.Components, ref)
		words = append(words, a.Status)
	}
	inc.Impact, inc.RawImpact = impactOf(words)
	for _, u := range w.Updates {
		body := u.MessageString
		if u.Message != nil && u.Message.TextNode != nil {
			body = richText(u.Message.TextNode)
		}
		inc.Updates = append(inc.Updates, statusfeed.Update{At: timeField("published_at", u.PublishedAt, &errs),
			Status: normalize.Status(u.ToStatus), RawStatus: u.ToStatus, Body: strings.TrimSpace(body)})
	}
	if err := normalize.Finish(&inc, normalize.OrderUnknown); err != nil {
		errs = append(errs, err)
	}
	return inc, errs
}

// impactOf reads an incident's impact from the worst status it gave its components (words as
// the vendor wrote them), keeping that word as the raw impact. A word it cannot read might be
// the worst, so it makes the impact unknown and is kept as the raw impact; an incident with no
// word at all has an unknown impact and no raw one.
func impactOf(words []string) (statusfeed.Impact, string) {
	worst, raw := statusfeed.ComponentUnknown, ""
	for _, w := range words {
		if strings.TrimSpace(w) == "" {
			continue
		}
		cs := normalize.ComponentStatus(w)
		if cs == statusfeed.ComponentUnknown {
			return statusfeed.ImpactUnknown, w
		}
		if rollup.Rank(cs) > rollup.Rank(worst) {
			worst, raw = cs, w
		}
	}
	return normalize.ImpactOf(worst), raw
}

// richNode is a ProseMirror document node, the rich text incident.io stores messages in.
type richNode struct {
	Type    string     `json:"type"`
	Text    string     `json:"text"`
	Content []richNode `json:"content"`
}

// richText renders a ProseMirror document as Text renders HTML: paragraphs separated by a blank
// line, list items as "- item" lines, hard breaks (pages write "lineBreak") as newlines.
func richText(n *richNode) string {
	var b strings.Builder
	var walk func(n *richNode, inList bool)
	walk = func(n *richNode, inList bool) {
		switch n.Type {
		case "text":
			b.WriteString(n.Text)
			return
		case "hardBreak", "hard_break", "lineBreak":
			b.WriteString("\n")
			return
		case "listItem", "list_item":
			b.WriteString("- ")
			for i := range n.Content {
				walk(&n.Content[i], true)
			}
			b.WriteString("\n")
			return
		}
		for i := range n.Content {
			walk(&n.Content[i], inList || strings.Contains(strings.ToLower(n.Type), "list"))
		}
		if n.Type == "paragraph" && !inList || n.Type == "heading" || strings.HasSuffix(n.Type, "List") || strings.HasSuffix(n.Type, "_list") {
			b.WriteString("\n\n")
		}
	}
	walk(n, false)
	return normalize.Text(strings.ReplaceAll(strings.ReplaceAll(b.String(), "&", "&amp;"), "<", "&lt;"))
}
