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

// summaryDoc is summary.json or components.json. No real capture of either exists (FORMATS.md,
// "Still NOT found"): the shapes are those of Instatus' documentation, and they coincide with
// the pages' components and active incidents, whose typed structs they share.
type summaryDoc struct {
	Page *struct {
		Name   text   `json:"name"`
		URL    string `json:"url"`
		Status string `json:"status"`
	} `json:"page"`
	ActiveIncidents    []notice      `json:"activeIncidents"`
	ActiveMaintenances []notice      `json:"activeMaintenances"`
	Components         componentList `json:"components"`
}

// sniffJSON recognizes Instatus' JSON by its camel-case keys and upper-case status words.
// hasPageStatusWord reports whether p has Instatus' page status; the words are looked for
// before the pattern, which Statuspage's JSON, with a "status" in every object, made slow.
func hasPageStatusWord(p []byte) bool {
	return (bytes.Contains(p, []byte(`"UP"`)) || bytes.Contains(p, []byte(`"HASISSUES"`)) ||
		bytes.Contains(p, []byte(`"UNDERMAINTENANCE"`))) && pageStatusWord.Match(p)
}

func sniffJSON(prefix []byte) bool {
	p := bytes.TrimLeft(prefix, " \t\r\n")
	if len(p) == 0 || p[0] != '{' {
		return false
	}
	if bytes.Contains(p, []byte(`"activeIncidents"`)) || bytes.Contains(p, []byte(`"activeMaintenances"`)) ||
		bytes.Contains(p, []byte(`"page"`)) && hasPageStatusWord(p) {
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
	refs := map[string]statusfeed.ComponentRef{}
	for _, c := range doc.Components {
		comp := statusfeed.Component{ID: c.ID, Name: c.Name.in(""), Status: normalize.ComponentStatus(c.Status), RawStatus: c.Status,
			Description: c.Description.in("")}
		if c.Group != nil {
			comp.Group = c.Group.Name.in("")
		}
		refs[c.ID] = statusfeed.ComponentRef{ID: c.ID, Name: comp.Name, Group: comp.Group}
		p.Components = append(p.Components, comp)
	}
	if doc.Page != nil {
		p.Name, p.RawStatus = doc.Page.Name.in(""), doc.Page.Status
		var note string
		if p.Status, note = siteStatus(doc.Page.Status, "", p.Components); note != "" {
			p.Warn(note)
		}
		if doc.Page.URL != "" {
			p.URL = strings.TrimSuffix(doc.Page.URL, "/")
		}
	}
	// The summary has no timeline: an incident carries its state, impact and start, no update.
	// A bare number in a maintenance's "duration" is read as minutes, as the documentation and
	// the fixtures written from it have it.
	o := &noticeOptions{format: "json", pageURL: p.URL, durationUnit: time.Minute, components: refs}
	for _, list := range []struct {
		events []notice
		kind   statusfeed.Kind
	}{{doc.ActiveIncidents, statusfeed.KindIncident}, {doc.ActiveMaintenances, statusfeed.KindMaintenance}} {
		for i := range list.events {
			inc, ierrs := list.events[i].incident(list.kind, o, src)
			for _, err := range ierrs {
				errs = append(errs, &statusfeed.EntryError{Entry: list.events[i].ID, Err: err})
			}
			p.Incidents = append(p.Incidents, inc)
		}
	}
	if doc.Page == nil && doc.Components == nil {
		errs = append(errs, errors.New("neither a page summary nor components"))
	}
	return p, errors.Join(errs...)
}
