package poll_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Documents the tests serve, modeled on what vendors serve: Statuspage's /api/v2/summary.json
// and a plain Atom feed.

var docT0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

type docComponent struct {
	ID, Name, Status string
}

type docIncident struct {
	ID, Title string
	// Updates are (minutes after docT0, status, body), oldest first.
	Updates []docUpdate
}

type docUpdate struct {
	Min          int
	Status, Body string
}

// summaryJSON is a Statuspage v2 summary: page, components and unresolved incidents.
func summaryJSON(pageID, name string, comps []docComponent, incs []docIncident) []byte {
	type update struct {
		ID        string `json:"id"`
		Status    string `json:"status"`
		Body      string `json:"body"`
		CreatedAt string `json:"created_at"`
		UpdatedAt string `json:"updated_at"`
		DisplayAt string `json:"display_at"`
	}
	type incident struct {
		ID        string   `json:"id"`
		Name      string   `json:"name"`
		Status    string   `json:"status"`
		Impact    string   `json:"impact"`
		CreatedAt string   `json:"created_at"`
		UpdatedAt string   `json:"updated_at"`
		Shortlink string   `json:"shortlink"`
		PageID    string   `json:"page_id"`
		Updates   []update `json:"incident_updates"`
	}
	type component struct {
		ID       string  `json:"id"`
		Name     string  `json:"name"`
		Status   string  `json:"status"`
		Position int     `json:"position"`
		GroupID  *string `json:"group_id"`
		PageID   string  `json:"page_id"`
		Group    bool    `json:"group"`
	}
	stamp := func(min int) string {
		return docT0.Add(time.Duration(min) * time.Minute).Format("2006-01-02T15:04:05.000Z")
	}
	doc := struct {
		Page struct {
			ID        string `json:"id"`
			Name      string `json:"name"`
			URL       string `json:"url"`
			TimeZone  string `json:"time_zone"`
			UpdatedAt string `json:"updated_at"`
		} `json:"page"`
		Components []component `json:"components"`
		Incidents  []incident  `json:"incidents"`
		Scheduled  []incident  `json:"scheduled_maintenances"`
		Status     struct {
			Indicator   string `json:"indicator"`
			Description string `json:"description"`
		} `json:"status"`
	}{Components: []component{}, Incidents: []incident{}, Scheduled: []incident{}}
	doc.Page.ID, doc.Page.Name, doc.Page.URL, doc.Page.TimeZone = pageID, name, "https://status."+pageID+".example", "Etc/UTC"
	doc.Page.UpdatedAt = stamp(0)
	doc.Status.Indicator, doc.Status.Description = "none", "All Systems Operational"
	for i, c := range comps {
		doc.Components = append(doc.Components, component{ID: c.ID, Name: c.Name, Status: c.Status, Position: i + 1, PageID: pageID})
		if c.Status != "operational" {
			doc.Status.Indicator, doc.Status.Description = "minor", "Partially Degraded Service"
		}
	}
	for _, in := range incs {
		inc := incident{ID: in.ID, Name: in.Title, Impact: "minor", PageID: pageID, Shortlink: "https://stspg.io/" + in.ID}
		for j := len(in.Updates) - 1; j >= 0; j-- { // newest first, as Statuspage lists them
			u := in.Updates[j]
			inc.Updates = append(inc.Updates, update{ID: fmt.Sprintf("%s%02d", in.ID[:10], j), Status: u.Status, Body: u.Body,
				CreatedAt: stamp(u.Min), UpdatedAt: stamp(u.Min), DisplayAt: stamp(u.Min)})
		}
		inc.CreatedAt = stamp(in.Updates[0].Min)
		last := in.Updates[len(in.Updates)-1]
		inc.UpdatedAt, inc.Status = stamp(last.Min), last.Status
		doc.Incidents = append(doc.Incidents, inc)
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}

type docEntry struct {
	ID, Title, Body string
	Min             int
}

// atomFeed is a plain Atom feed of no particular provider, read by the generic feed parser.
func atomFeed(title string, entries []docEntry) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>%s</title>
  <id>urn:%s</id>
  <updated>%s</updated>
`, title, strings.ToLower(strings.ReplaceAll(title, " ", "-")), docT0.Format(time.RFC3339))
	for _, e := range entries {
		fmt.Fprintf(&b, `  <entry>
    <title>%s</title>
    <id>urn:entry:%s</id>
    <link href="https://status.example.com/events/%s"/>
    <updated>%s</updated>
    <content type="text">%s</content>
  </entry>
`, e.Title, e.ID, e.ID, docT0.Add(time.Duration(e.Min)*time.Minute).Format(time.RFC3339), e.Body)
	}
	b.WriteString("</feed>\n")
	return []byte(b.String())
}
