package instatus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"statusfeed.dev/normalize"
	"statusfeed.dev/statusfeed"
)

// Instatus' public JSON: /summary.json (and /v3/summary.json) give the page status and the
// active incidents and maintenances; /v2/components.json and /v3/components.json every
// component with its group. Arrays are absent when empty; statuses are upper-case words
// ("MAJOROUTAGE", "UNDERMAINTENANCE", "HASISSUES").

// pageStatusWord is the page status only Instatus' summary uses (arrays are absent when empty,
// so a quiet page's summary has nothing else to go by).
var pageStatusWord = regexp.MustCompile(`"status"\s*:\s*"(UP|HASISSUES|UNDERMAINTENANCE)"`)

type summaryDoc struct {
	Page *struct {
		Name   string `json:"name"`
		URL    string `json:"url"`
		Status string `json:"status"`
	} `json:"page"`
	ActiveIncidents    []activeEvent `json:"activeIncidents"`
	ActiveMaintenances []activeEvent `json:"activeMaintenances"`
	Components         []struct {
		ID          string  `json:"id"`
		Name        string  `json:"name"`
		Description *string `json:"description"`
		Status      string  `json:"status"`
		Group       *struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"group"`
	} `json:"components"`
}

type activeEvent struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Started   string `json:"started"`
	Start     string `json:"start"`
	Status    string `json:"status"`
	Impact    string `json:"impact"`
	Duration  any    `json:"duration"`
	URL       string `json:"url"`
	UpdatedAt string `json:"updatedAt"`
}

// sniffJSON recognizes Instatus' JSON by its camel-case keys and upper-case status words.
func sniffJSON(prefix []byte) bool {
	p := bytes.TrimLeft(prefix, " \t\r\n")
	if len(p) == 0 || p[0] != '{' {
		return false
	}
	if bytes.Contains(p, []byte(`"activeIncidents"`)) || bytes.Contains(p, []byte(`"activeMaintenances"`)) ||
		bytes.Contains(p, []byte(`"page"`)) && pageStatusWord.Match(p) {
		return true
	}
	return bytes.Contains(p, []byte(`"components"`)) && !bytes.Contains(p, []byte(`"page_id"`)) &&
		(bytes.Contains(p, []byte(`"OPERATIONAL"`)) || bytes.Contains(p, []byte(`"MAJOROUTAGE"`)) ||
			bytes.Contains(p, []byte(`"PARTIALOUTAGE"`)) || bytes.Contains(p, []byte(`"MINOROUTAGE"`)) ||
			bytes.Contains(p, []byte(`"UNDERMAINTENANCE"`)) || bytes.Contains(p, []byte(`"DEGRADEDPERFORMANCE"`)))
}

func parseJSON(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	var doc summaryDoc
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return nil, fmt.Errorf("json: %w", err)
	}
	p := &statusfeed.Page{Provider: Name, Format: "json", URL: src.URL}
	var errs []error
	if doc.Page != nil {
		p.Name, p.Status = doc.Page.Name, pageStatus(doc.Page.Status)
		if doc.Page.URL != "" {
			p.URL = strings.TrimSuffix(doc.Page.URL, "/")
		}
	}
	for _, c := range doc.Components {
		comp := statusfeed.Component{ID: c.ID, Name: c.Name, Status: normalize.ComponentStatus(c.Status), RawStatus: c.Status}
		if c.Description != nil {
			comp.Description = strings.TrimSpace(*c.Description)
		}
		if c.Group != nil {
			comp.Group = c.Group.Name
		}
		p.Components = append(p.Components, comp)
	}
	for _, list := range []struct {
		events []activeEvent
		kind   statusfeed.Kind
	}{{doc.ActiveIncidents, statusfeed.KindIncident}, {doc.ActiveMaintenances, statusfeed.KindMaintenance}} {
		for _, e := range list.events {
			inc, err := activeIncident(e, list.kind, src)
			if err != nil {
				errs = append(errs, &statusfeed.EntryError{Entry: e.ID, Err: err})
			}
			p.Incidents = append(p.Incidents, inc)
		}
	}
	if doc.Page == nil && doc.Components == nil {
		errs = append(errs, errors.New("neither a page summary nor components"))
	}
	return p, errors.Join(errs...)
}

// activeIncident maps a summary's active incident or maintenance. The summary has no timeline:
// the incident carries no update, only its state, impact and start.
func activeIncident(e activeEvent, kind statusfeed.Kind, src statusfeed.Source) (statusfeed.Incident, error) {
	inc := statusfeed.Incident{ID: e.ID, Title: strings.TrimSpace(e.Name), URL: e.URL, Kind: kind,
		Status: status(e.Status), RawImpact: e.Impact, Impact: impactOf(e.Impact),
		Sources: []statusfeed.Origin{src.Origin(Name, "json")}}
	var err error
	if kind == statusfeed.KindMaintenance {
		inc.ScheduledFor, err = lenientTime(e.Start)
		if inc.Status == statusfeed.StatusInProgress || inc.Status == statusfeed.StatusCompleted {
			inc.StartedAt = inc.ScheduledFor
		}
		if d, ok := durationOf(e.Duration); ok && !inc.ScheduledFor.IsZero() {
			inc.DeclaredDuration = d
			inc.ScheduledUntil = inc.ScheduledFor.Add(d)
		}
	} else {
		inc.StartedAt, err = lenientTime(e.Started)
	}
	return inc, err
}

// durationOf reads a maintenance's duration: minutes as a number or a numeric string, or words.
func durationOf(v any) (time.Duration, bool) {
	switch d := v.(type) {
	case float64:
		return time.Duration(d) * time.Minute, d > 0
	case string:
		var n int
		if _, err := fmt.Sscanf(d, "%d", &n); err == nil && fmt.Sprint(n) == strings.TrimSpace(d) {
			return time.Duration(n) * time.Minute, n > 0
		}
		return normalize.Duration(d)
	}
	return 0, false
}

// pageStatus maps Instatus' page status.
func pageStatus(s string) statusfeed.ComponentStatus {
	switch strings.ToUpper(s) {
	case "UP":
		return statusfeed.ComponentOperational
	case "HASISSUES":
		return statusfeed.ComponentPartialOutage
	case "UNDERMAINTENANCE":
		return statusfeed.ComponentUnderMaintenance
	}
	return statusfeed.ComponentUnknown
}

// impactOf maps Instatus' impact, which is a component status word ("MAJOROUTAGE").
func impactOf(s string) statusfeed.Impact {
	if cs := normalize.ComponentStatus(s); cs != statusfeed.ComponentUnknown {
		return normalize.ImpactOf(cs)
	}
	return normalize.Impact(s)
}

// lenientTime reads the times Instatus writes: RFC 3339, Unix milliseconds, or JavaScript's
// Date.toString() ("Mon Jan 08 2024 10:00:00 GMT+0000 (Coordinated Universal Time)").
func lenientTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	var ms int64
	if _, err := fmt.Sscanf(s, "%d", &ms); err == nil && fmt.Sprint(ms) == s {
		return time.UnixMilli(ms).UTC(), nil
	}
	if i := strings.Index(s, " ("); i > 0 {
		s = s[:i]
	}
	if t, err := time.Parse("Mon Jan 02 2006 15:04:05 GMT-0700", s); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("%w: %q", normalize.ErrStamp, s)
}
