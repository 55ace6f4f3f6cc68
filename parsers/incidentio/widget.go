package incidentio

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"statusfeed.dev/normalize"
	"statusfeed.dev/statusfeed"
)

// The widget JSON that incident.io pages load from /proxy/<host>: a "summary" of the page, or one
// "incident". Healthy components carry no status: the summary lists only affected ones.

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
			Components  []widgetComponent `json:"components"`
		} `json:"group"`
		Component *widgetComponent `json:"component"`
	} `json:"items"`
}

type widgetAffected struct {
	ComponentID   string `json:"component_id"`
	Status        string `json:"status"`
	CurrentStatus string `json:"current_status"`
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
	p := &statusfeed.Page{Provider: Name, Format: "json", URL: src.URL}
	var errs []error
	names := map[string]statusfeed.ComponentRef{} // component ID → name and group
	if s := doc.Summary; s != nil {
		p.Name = s.Name
		if s.PublicURL != "" {
			p.URL = strings.TrimSuffix(s.PublicURL, "/")
		}
		current := map[string]widgetAffected{}
		for _, a := range s.AffectedComponents {
			current[a.ComponentID] = a
		}
		add := func(c widgetComponent, group string) {
			id := c.ComponentID
			if id == "" {
				id = c.ID
			}
			comp := statusfeed.Component{ID: id, Name: c.Name, Group: group, Description: c.Description,
				Status: statusfeed.ComponentOperational, RawStatus: ""}
			if a, ok := current[id]; ok {
				raw := a.CurrentStatus
				if raw == "" {
					raw = a.Status
				}
				comp.RawStatus, comp.Status = raw, normalize.ComponentStatus(raw)
			}
			names[id] = statusfeed.ComponentRef{ID: id, Name: c.Name, Group: group}
			p.Components = append(p.Components, comp)
		}
		listed := map[string]bool{}
		if s.Structure != nil {
			for _, item := range s.Structure.Items {
				switch {
				case item.Group != nil:
					for _, c := range item.Group.Components {
						add(c, item.Group.Name)
						listed[c.ComponentID] = true
					}
				case item.Component != nil:
					add(*item.Component, "")
					listed[item.Component.ComponentID] = true
				}
			}
		}
		for _, c := range s.Components { // components the structure does not place
			if !listed[c.ID] {
				add(c, "")
			}
		}
		p.Status = worstStatus(p.Components)
		for _, list := range [][]widgetIncident{s.OngoingIncidents, s.ScheduledMaintenances} {
			for i := range list {
				inc, ierrs := widgetIncidentOf(&list[i], names, p, src)
				p.Incidents = append(p.Incidents, inc)
				for _, e := range ierrs {
					errs = append(errs, &statusfeed.EntryError{Entry: list[i].ID, Err: e})
				}
			}
		}
	}
	if doc.Incident != nil {
		inc, ierrs := widgetIncidentOf(doc.Incident, names, p, src)
		p.Incidents = append(p.Incidents, inc)
		for _, e := range ierrs {
			errs = append(errs, &statusfeed.EntryError{Entry: doc.Incident.ID, Err: e})
		}
	}
	if doc.Summary == nil && doc.Incident == nil {
		errs = append(errs, errors.New("neither a summary nor an incident"))
	}
	return p, errors.Join(errs...)
}

func widgetIncidentOf(w *widgetIncident, names map[string]statusfeed.ComponentRef, p *statusfeed.Page, src statusfeed.Source) (statusfeed.Incident, []error) {
	var errs []error
	timeOf := func(field, raw string) time.Time {
		if raw == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.RFC3339Nano, raw)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", field, err))
		}
		return t.UTC()
	}
	inc := statusfeed.Incident{ID: w.ID, Title: strings.TrimSpace(w.Name), Status: normalize.Status(w.Status),
		Sources: []statusfeed.Origin{src.Origin(Name, "json")}}
	if p.URL != "" && w.ID != "" {
		inc.URL = p.URL + "/incidents/" + w.ID
	}
	switch strings.ToLower(w.Type) {
	case "incident":
		inc.Kind = statusfeed.KindIncident
	case "maintenance", "scheduled_maintenance":
		inc.Kind = statusfeed.KindMaintenance
		inc.ScheduledFor, inc.ScheduledUntil = timeOf("starts_at", w.StartsAt), timeOf("ends_at", w.EndsAt)
	}
	worst := statusfeed.ComponentOperational
	for _, a := range w.AffectedComponents {
		ref, ok := names[a.ComponentID]
		if !ok {
			ref = statusfeed.ComponentRef{ID: a.ComponentID}
		}
		ref.Status = normalize.ComponentStatus(a.CurrentStatus)
		inc.Components = append(inc.Components, ref)
		worst = worse(worst, normalize.ComponentStatus(a.Status))
	}
	if len(w.AffectedComponents) > 0 {
		inc.Impact, inc.RawImpact = normalize.ImpactOf(worst), string(worst)
	}
	for _, u := range w.Updates {
		body := u.MessageString
		if u.Message != nil && u.Message.TextNode != nil {
			body = richText(u.Message.TextNode)
		}
		inc.Updates = append(inc.Updates, statusfeed.Update{At: timeOf("published_at", u.PublishedAt),
			Status: normalize.Status(u.ToStatus), RawStatus: u.ToStatus, Body: strings.TrimSpace(body)})
	}
	normalize.Finish(&inc, normalize.OrderUnknown)
	return inc, errs
}

// componentRank orders component statuses from healthy to worst.
func componentRank(s statusfeed.ComponentStatus) int {
	switch s {
	case statusfeed.ComponentOperational:
		return 1
	case statusfeed.ComponentUnderMaintenance:
		return 2
	case statusfeed.ComponentDegradedPerformance:
		return 3
	case statusfeed.ComponentPartialOutage:
		return 4
	case statusfeed.ComponentMajorOutage:
		return 5
	}
	return 0
}

func worse(a, b statusfeed.ComponentStatus) statusfeed.ComponentStatus {
	if componentRank(b) > componentRank(a) {
		return b
	}
	return a
}

func worstStatus(cs []statusfeed.Component) statusfeed.ComponentStatus {
	if len(cs) == 0 {
		return statusfeed.ComponentUnknown
	}
	w := statusfeed.ComponentOperational
	for _, c := range cs {
		w = worse(w, c.Status)
	}
	return w
}

// richNode is a ProseMirror document node, the rich text incident.io stores messages in.
type richNode struct {
	Type    string     `json:"type"`
	Text    string     `json:"text"`
	Content []richNode `json:"content"`
}

// richText renders a ProseMirror document as Text renders HTML: paragraphs separated by a blank
// line, list items as "- item" lines, hard breaks as newlines.
func richText(n *richNode) string {
	var b strings.Builder
	var walk func(n *richNode, inList bool)
	walk = func(n *richNode, inList bool) {
		switch n.Type {
		case "text":
			b.WriteString(n.Text)
			return
		case "hardBreak", "hard_break":
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
