package corpus

import (
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"statusfeed.dev/statusfeed"
)

// The checks below read Instatus and incident.io pages on their own, with nothing of the
// parsers' code: a regexp finds the data, a plain map[string]any decode reads it, and a walk
// in sorted key order finds the objects. They assert what the parsers must get from them.

var (
	nextDataScript = regexp.MustCompile(`(?s)<script id="__NEXT_DATA__" type="application/json">(.*?)</script>`)
	flightChunk    = regexp.MustCompile(`(?s)<script>self\.__next_f\.push\((\[.*?\])\)</script>`)
)

// pageObjects returns the JSON values embedded in a Next.js page: __NEXT_DATA__, or else each
// row of its flight data that decodes as JSON.
func pageObjects(t *testing.T, data []byte) []any {
	t.Helper()
	if m := nextDataScript.FindSubmatch(data); m != nil {
		var v any
		if err := json.Unmarshal(m[1], &v); err != nil {
			t.Fatalf("the test cannot read __NEXT_DATA__: %v", err)
		}
		return []any{v}
	}
	var flight strings.Builder
	for _, m := range flightChunk.FindAllSubmatch(data, -1) {
		var chunk []any
		if err := json.Unmarshal(m[1], &chunk); err != nil {
			t.Fatalf("the test cannot read a flight chunk: %v", err)
		}
		if len(chunk) == 2 && chunk[0] == float64(1) {
			flight.WriteString(chunk[1].(string))
		}
	}
	var out []any
	for _, line := range strings.Split(flight.String(), "\n") {
		_, payload, ok := strings.Cut(line, ":")
		if !ok || payload == "" || !strings.ContainsRune("[{", rune(payload[0])) {
			continue
		}
		var v any
		if json.Unmarshal([]byte(payload), &v) == nil {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		t.Fatal("the test finds no page data")
	}
	return out
}

// findMap returns the first object, walking v depth-first with keys in sorted order, that has
// all of keys.
func findMap(v any, keys ...string) map[string]any {
	switch x := v.(type) {
	case map[string]any:
		all := true
		for _, k := range keys {
			_, ok := x[k]
			all = all && ok
		}
		if all {
			return x
		}
		names := make([]string, 0, len(x))
		for k := range x {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			if m := findMap(x[k], keys...); m != nil {
				return m
			}
		}
	case []any:
		for _, e := range x {
			if m := findMap(e, keys...); m != nil {
				return m
			}
		}
	}
	return nil
}

func findIn(objs []any, keys ...string) map[string]any {
	for _, o := range objs {
		if m := findMap(o, keys...); m != nil {
			return m
		}
	}
	return nil
}

// str reads a string, or a translation object's "default" (else "en") text; "$undefined" is
// no text.
func str(v any) string {
	switch x := v.(type) {
	case string:
		if x == "$undefined" {
			return ""
		}
		return strings.TrimSpace(x)
	case map[string]any:
		for _, k := range []string{"en", "default"} {
			if s, ok := x[k].(string); ok && s != "" {
				return strings.TrimSpace(s)
			}
		}
	}
	return ""
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// mustTime reads an RFC 3339 time as the test expects the parser to keep it, to the
// millisecond.
func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("the test cannot read time %q: %v", s, err)
	}
	return tm.UTC()
}

var instatusComponentWords = map[string]bool{"OPERATIONAL": true, "DEGRADEDPERFORMANCE": true, "PARTIALOUTAGE": true,
	"MINOROUTAGE": true, "MAJOROUTAGE": true, "UNDERMAINTENANCE": true}

// CheckInstatusHTML asserts, against an independent reading of an Instatus page's data:
//
//   - the page's name and raw status (site.status);
//   - one component per component object in the page's component tree, each with its name,
//     group (a group's children belong to it), raw status, a known status for a known word,
//     and its published uptime;
//   - one incident per ID the page lists (active incidents and maintenances, the days' notices,
//     the notices index), each with its title, start and resolution to the millisecond, raw
//     impact, affected components named from their IDs, and its updates;
//   - the shared incident rules.
func CheckInstatusHTML(t *testing.T, path string, page *statusfeed.Page) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	props := findIn(pageObjects(t, data), "site", "activeIncidents")
	if props == nil {
		t.Fatal("the test finds no Instatus site data")
	}
	site := obj(props["site"])
	if page.Name != str(site["name"]) || page.RawStatus != site["status"] {
		t.Errorf("page %q, raw status %q; the site says %q, %q", page.Name, page.RawStatus, str(site["name"]), site["status"])
	}
	if page.Status == statusfeed.ComponentUnknown {
		t.Errorf("page status unknown for site status %v, mainStatus %v", site["status"], site["mainStatus"])
	}
	comps := props["components"]
	if m := obj(comps); m != nil {
		comps = m["components"]
	}
	if len(list(comps)) == 0 {
		comps = site["components"]
	}
	type want struct{ name, group, status string }
	wantComps := map[string]want{}
	names := map[string]string{}
	var walk func(l []any, group string)
	walk = func(l []any, group string) {
		for _, e := range l {
			c := obj(e)
			wantComps[c["id"].(string)] = want{str(c["name"]), group, c["status"].(string)}
			names[c["id"].(string)] = str(c["name"])
			walk(list(c["children"]), str(c["name"]))
			walk(list(c["components"]), str(c["name"]))
		}
	}
	walk(list(comps), "")
	if len(page.Components) != len(wantComps) {
		t.Errorf("%d components, the page has %d", len(page.Components), len(wantComps))
	}
	uptime := obj(props["componentsUptime"])
	for _, c := range page.Components {
		w, ok := wantComps[c.ID]
		switch {
		case !ok:
			t.Errorf("component %s %q is not in the page", c.ID, c.Name)
		case c.Name != w.name || c.Group != w.group || c.RawStatus != w.status:
			t.Errorf("component %s: %q in %q, %q; the page has %q in %q, %q", c.ID, c.Name, c.Group, c.RawStatus, w.name, w.group, w.status)
		case instatusComponentWords[w.status] && c.Status == statusfeed.ComponentUnknown:
			t.Errorf("component %s: known word %q read as unknown", c.ID, w.status)
		}
		if u := obj(uptime[c.ID]); u != nil && u["uptime"] != nil && c.UptimePercent == nil {
			t.Errorf("component %s: published uptime %v not read", c.ID, u["uptime"])
		}
	}
	notices := map[string]map[string]any{}
	note := func(n map[string]any) {
		id := n["id"].(string)
		if notices[id] == nil || len(list(notices[id]["updates"])) < len(list(n["updates"])) {
			notices[id] = n
		}
	}
	for _, k := range []string{"activeIncidents", "activeMaintenances"} {
		for _, n := range list(props[k]) {
			note(obj(n))
		}
	}
	for _, d := range list(props["dailyGroupedNotices"]) {
		for _, n := range list(obj(d)["notices"]) {
			note(obj(n))
		}
	}
	for _, n := range obj(props["notices"]) {
		note(obj(n))
	}
	if len(page.Incidents) != len(notices) {
		t.Errorf("%d incidents, the page lists %d", len(page.Incidents), len(notices))
	}
	for _, inc := range page.Incidents {
		n := notices[inc.ID]
		if n == nil {
			t.Errorf("incident %s is not in the page", inc.ID)
			continue
		}
		if inc.Title != str(n["name"]) || inc.RawImpact != n["impact"] {
			t.Errorf("incident %s: %q, impact %q; the page has %q, %q", inc.ID, inc.Title, inc.RawImpact, str(n["name"]), n["impact"])
		}
		if s, _ := n["started"].(string); s != "" && inc.Kind == statusfeed.KindIncident && !inc.StartedAt.Equal(mustTime(t, s)) {
			t.Errorf("incident %s started %v, the page says %s", inc.ID, inc.StartedAt, s)
		}
		if s, _ := n["resolved"].(string); s != "" && !inc.ResolvedAt.Equal(mustTime(t, s)) {
			t.Errorf("incident %s resolved %v, the page says %s", inc.ID, inc.ResolvedAt, s)
		} else if s == "" && !inc.ResolvedAt.IsZero() && len(list(n["updates"])) == 0 {
			t.Errorf("incident %s resolved %v, the page says it is not", inc.ID, inc.ResolvedAt)
		}
		if w, _ := n["status"].(string); w != "" && w != "POSTMORTEM" && inc.Status == statusfeed.StatusUnknown {
			t.Errorf("incident %s: status %q read as unknown", inc.ID, w)
		}
		if len(inc.Components) != len(list(n["components"])) {
			t.Errorf("incident %s: %d components, the page lists %d", inc.ID, len(inc.Components), len(list(n["components"])))
		}
		for i, c := range list(n["components"]) {
			if i < len(inc.Components) && inc.Components[i].Name != names[obj(c)["id"].(string)] {
				t.Errorf("incident %s: component %d named %q, the page's ID names %q", inc.ID, i, inc.Components[i].Name, names[obj(c)["id"].(string)])
			}
		}
		if len(inc.Updates) != len(list(n["updates"])) {
			t.Errorf("incident %s: %d updates, the page has %d", inc.ID, len(inc.Updates), len(list(n["updates"])))
		}
	}
	checkIncidents(t, page)
}

var incidentioComponentWords = map[string]bool{"operational": true, "degraded_performance": true, "partial_outage": true,
	"full_outage": true}

// CheckIncidentioHTML asserts, against an independent reading of an incident.io page's data:
//
//   - the page's name, and one component per component of the summary's structure, in its
//     group, operational unless the summary lists it as affected (then its current status);
//   - the page's status is the worst of its visible components;
//   - one incident per ongoing incident and per incident the uptime chart links to, each listed
//     incident starting at its first component impact and resolved at its last one's end, to
//     the millisecond, with its components named from their IDs;
//   - each component's published uptime;
//   - the shared incident rules.
func CheckIncidentioHTML(t *testing.T, path string, page *statusfeed.Page) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	objs := pageObjects(t, data)
	summary := findIn(objs, "structure", "ongoing_incidents", "components")
	if summary == nil {
		t.Fatal("the test finds no summary")
	}
	if page.Name != str(summary["name"]) {
		t.Errorf("page %q, the summary says %q", page.Name, str(summary["name"]))
	}
	current := map[string]string{}
	for _, a := range list(summary["affected_components"]) {
		current[obj(a)["component_id"].(string)] = obj(a)["current_status"].(string)
	}
	type want struct {
		name, group, status string
		hidden              bool
	}
	wantComps := map[string]want{}
	for _, it := range list(obj(summary["structure"])["items"]) {
		if g := obj(obj(it)["group"]); g != nil {
			for _, c := range list(g["components"]) {
				cm := obj(c)
				wantComps[cm["component_id"].(string)] = want{str(cm["name"]), str(g["name"]), "operational", g["hidden"] == true || cm["hidden"] == true}
			}
		} else if cm := obj(obj(it)["component"]); cm != nil {
			wantComps[cm["component_id"].(string)] = want{str(cm["name"]), "", "operational", cm["hidden"] == true}
		}
	}
	if len(wantComps) != len(list(summary["components"])) || len(page.Components) != len(wantComps) {
		t.Errorf("%d components; the structure places %d, the summary lists %d", len(page.Components), len(wantComps), len(list(summary["components"])))
	}
	worst := statusfeed.ComponentOperational
	rank := map[statusfeed.ComponentStatus]int{statusfeed.ComponentOperational: 1, statusfeed.ComponentDegradedPerformance: 3,
		statusfeed.ComponentPartialOutage: 4, statusfeed.ComponentMajorOutage: 5}
	for _, c := range page.Components {
		w, ok := wantComps[c.ID]
		if s, affected := current[c.ID]; affected {
			w.status = s
		}
		switch {
		case !ok:
			t.Errorf("component %s %q is not in the structure", c.ID, c.Name)
			continue
		case c.Name != w.name || c.Group != w.group:
			t.Errorf("component %s: %q in %q; the structure has %q in %q", c.ID, c.Name, c.Group, w.name, w.group)
		case incidentioComponentWords[w.status] && c.Status == statusfeed.ComponentUnknown:
			t.Errorf("component %s: known word %q read as unknown", c.ID, w.status)
		case w.status == "operational" && c.Status != statusfeed.ComponentOperational:
			t.Errorf("component %s: %s, the summary does not list it as affected", c.ID, c.Status)
		}
		if !w.hidden && rank[c.Status] > rank[worst] {
			worst = c.Status
		}
	}
	if page.Status != worst {
		t.Errorf("page status %s, its visible components' worst is %s", page.Status, worst)
	}
	chart := findIn(objs, "component_impacts", "incident_links")
	wantIncs := map[string]bool{}
	for _, o := range list(summary["ongoing_incidents"]) {
		wantIncs[obj(o)["id"].(string)] = true
	}
	for _, o := range list(summary["scheduled_maintenances"]) {
		wantIncs[obj(o)["id"].(string)] = true
	}
	type bounds struct {
		start, end time.Time
		open       bool
		comps      map[string]bool
	}
	impacts := map[string]*bounds{}
	if chart != nil {
		for _, l := range list(chart["incident_links"]) {
			wantIncs[obj(l)["id"].(string)] = true
		}
		for _, ci := range list(chart["component_impacts"]) {
			m := obj(ci)
			id := m["status_page_incident_id"].(string)
			b := impacts[id]
			if b == nil {
				b = &bounds{comps: map[string]bool{}}
				impacts[id] = b
			}
			if s := mustTime(t, m["start_at"].(string)); b.start.IsZero() || s.Before(b.start) {
				b.start = s
			}
			if e, _ := m["end_at"].(string); e == "" || e == "$undefined" {
				b.open = true
			} else if et := mustTime(t, e); et.After(b.end) {
				b.end = et
			}
			b.comps[m["component_id"].(string)] = true
		}
		for _, u := range list(chart["component_uptimes"]) {
			id := str(obj(u)["component_id"])
			for _, c := range page.Components {
				if c.ID == id && c.UptimePercent == nil {
					t.Errorf("component %s: published uptime %v not read", id, obj(u)["uptime"])
				}
			}
		}
	}
	if len(page.Incidents) != len(wantIncs) {
		t.Errorf("%d incidents, the page lists %d", len(page.Incidents), len(wantIncs))
	}
	ongoing := map[string]bool{}
	for _, o := range list(summary["ongoing_incidents"]) {
		ongoing[obj(o)["id"].(string)] = true
	}
	for _, inc := range page.Incidents {
		if !wantIncs[inc.ID] {
			t.Errorf("incident %s is not in the page", inc.ID)
			continue
		}
		for _, c := range inc.Components {
			if w, ok := wantComps[c.ID]; !ok || c.Name != w.name || c.Group != w.group {
				t.Errorf("incident %s: component %s named %q in %q, the structure has %q in %q", inc.ID, c.ID, c.Name, c.Group, w.name, w.group)
			}
		}
		b := impacts[inc.ID]
		if b == nil || ongoing[inc.ID] {
			continue
		}
		if !inc.StartedAt.Equal(b.start) {
			t.Errorf("incident %s started %v, its first impact %v", inc.ID, inc.StartedAt, b.start)
		}
		if inc.Status.Terminal() && !b.open && !inc.ResolvedAt.Equal(b.end) {
			t.Errorf("incident %s resolved %v, its last impact ended %v", inc.ID, inc.ResolvedAt, b.end)
		}
		if len(inc.Components) != len(b.comps) {
			t.Errorf("incident %s: %d components, its impacts name %d", inc.ID, len(inc.Components), len(b.comps))
		}
		if inc.RawImpact == "" || inc.Impact == statusfeed.ImpactUnknown {
			t.Errorf("incident %s: impact %s (%q) from known impact words", inc.ID, inc.Impact, inc.RawImpact)
		}
	}
	checkIncidents(t, page)
}

// checkNextPage dispatches a Next.js page to its provider's check.
func checkNextPage(t *testing.T, path string, page *statusfeed.Page) bool {
	t.Helper()
	switch page.Provider {
	case "instatus":
		CheckInstatusHTML(t, path, page)
	case "incidentio":
		CheckIncidentioHTML(t, path, page)
	default:
		return false
	}
	return true
}
