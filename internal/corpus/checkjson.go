package corpus

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"statusfeed.dev/statusfeed"
)

// CheckJSON asserts what must hold for a page parsed from a status API's JSON, against a
// generic decode of the same file:
//
//   - the page has exactly as many components as the JSON lists (Statuspage "components",
//     incident.io widget "summary.components");
//   - a document that is a JSON array (Google Cloud's incidents.json, Slack's history) lists
//     one incident per element;
//   - an incident's status is known when the vendor gave one: any object in the JSON with the
//     incident's "id" and a non-empty "status" string;
//   - the shared incident rules: every update whose vendor wrote a status word has a known
//     status, and a UTC time; updates are in time order; no duration is negative.
func CheckJSON(t *testing.T, path string, page *statusfeed.Page) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var list []json.RawMessage
	if json.Unmarshal(data, &list) == nil {
		if len(page.Incidents) != len(list) {
			t.Errorf("%d incidents, the JSON array has %d elements", len(page.Incidents), len(list))
		}
		checkIncidents(t, page)
		return
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatalf("not a JSON object or array: %v", err)
	}
	want := countList(t, raw["components"])
	if s, ok := raw["summary"]; ok {
		var summary map[string]json.RawMessage
		if err := json.Unmarshal(s, &summary); err == nil {
			want = countList(t, summary["components"])
		}
	}
	if want >= 0 && len(page.Components) != want {
		t.Errorf("%d components, the JSON lists %d", len(page.Components), want)
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	statuses := map[string]string{}
	idStatuses(doc, statuses)
	for _, inc := range page.Incidents {
		if raw := statuses[inc.ID]; raw != "" && inc.Status == statusfeed.StatusUnknown {
			t.Errorf("%s (%s): the vendor's status %q read as unknown", inc.Title, inc.ID, raw)
		}
	}
	checkIncidents(t, page)
}

// idStatuses records the "status" of every object in v that has a string "id" and a string
// "status", wherever it is nested.
func idStatuses(v any, into map[string]string) {
	switch v := v.(type) {
	case map[string]any:
		id, _ := v["id"].(string)
		st, _ := v["status"].(string)
		if id != "" && st != "" {
			into[id] = st
		}
		for _, e := range v {
			idStatuses(e, into)
		}
	case []any:
		for _, e := range v {
			idStatuses(e, into)
		}
	}
}

func countList(t *testing.T, raw json.RawMessage) int {
	if raw == nil {
		return -1
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		return -1
	}
	return len(list)
}

// checkIncidents holds every incident to the rules shared by all formats.
func checkIncidents(t *testing.T, page *statusfeed.Page) {
	t.Helper()
	for _, inc := range page.Incidents {
		for j, u := range inc.Updates {
			if u.RawStatus != "" && u.Status == statusfeed.StatusUnknown {
				t.Errorf("%s: update %d: vendor word %q read as unknown", inc.Title, j, u.RawStatus)
			}
			if u.At.IsZero() || u.At.Location() != time.UTC {
				t.Errorf("%s: update %d time %v is not a UTC time", inc.Title, j, u.At)
			}
			if j > 0 && u.At.Before(inc.Updates[j-1].At) {
				t.Errorf("%s: update %d before update %d", inc.Title, j, j-1)
			}
		}
		if d, ok := inc.Duration(); ok && d < 0 {
			t.Errorf("%s: negative duration %v", inc.Title, d)
		}
	}
}

// Check dispatches on the file's extension to CheckFeed, CheckJSON or the HTML check of the
// page's provider (CheckHTML for Statuspage's pages). HTML pages of providers whose own
// package holds them to an independent reading (Better Stack, PagerDuty) get the shared
// incident rules here.
func Check(t *testing.T, path string, page *statusfeed.Page) {
	t.Helper()
	switch ext := path[len(path)-4:]; {
	case ext == "atom" || ext == ".rss":
		CheckFeed(t, path, page)
	case ext == "json":
		CheckJSON(t, path, page)
	case page.Provider == "betterstack" || page.Provider == "pagerduty":
		checkIncidents(t, page)
	default:
		if !checkNextPage(t, path, page) {
			CheckHTML(t, path, page)
		}
	}
}

// CheckIncidents holds a page's incidents to the rules shared by all formats, for corpus tests
// whose format has its own independent reading of the document.
func CheckIncidents(t *testing.T, page *statusfeed.Page) {
	t.Helper()
	checkIncidents(t, page)
}
