package instatus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"statusfeed.dev/normalize"
	"statusfeed.dev/statusfeed"
)

// Instatus pages are Next.js pages: <script id="__NEXT_DATA__" type="application/json"> carries
// the page, its components and its incidents with their updates. No real capture of it was
// available when this was written, so it is read leniently: the props are walked for the
// objects Instatus' API names (page, components with their group, incidents and maintenances
// with updates, impact, started/resolved and duration), accepting the spellings its API uses
// (started, startedAt, createdAt; message as text or as a {"en": …} map).

var nextDataScript = regexp.MustCompile(`(?s)<script[^>]*id=["']__NEXT_DATA__["'][^>]*>(.*?)</script>`)

func sniffHTML(prefix []byte) bool {
	return bytes.Contains(prefix, []byte("__NEXT_DATA__")) &&
		(bytes.Contains(prefix, []byte("instatus")) || bytes.Contains(prefix, []byte("Instatus")))
}

func parseNextData(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	m := nextDataScript.FindSubmatch(data)
	if m == nil {
		return nil, errors.New("no __NEXT_DATA__ script")
	}
	var root any
	if err := json.Unmarshal(m[1], &root); err != nil {
		return nil, fmt.Errorf("__NEXT_DATA__: %w", err)
	}
	props := dig(root, "props", "pageProps")
	if props == nil {
		props = root
	}
	p := &statusfeed.Page{Provider: Name, Format: "html", URL: src.URL}
	w := &walker{page: p, src: src, seen: map[string]bool{}, comps: map[string]bool{}}
	if pg, ok := firstObject(props, "page", "statusPage", "site"); ok {
		p.Name = str(pg, "name", "title")
		p.Status = pageStatus(str(pg, "status"))
		if u := str(pg, "url", "publicUrl", "customDomain"); strings.HasPrefix(u, "http") {
			p.URL = strings.TrimSuffix(u, "/")
		}
	}
	w.walk(props, "")
	sort.SliceStable(p.Incidents, func(i, j int) bool { return p.Incidents[i].StartedAt.After(p.Incidents[j].StartedAt) })
	return p, errors.Join(w.errs...)
}

type walker struct {
	page  *statusfeed.Page
	src   statusfeed.Source
	seen  map[string]bool // incident IDs
	comps map[string]bool // component IDs
	errs  []error
}

func (w *walker) walk(v any, key string) {
	switch x := v.(type) {
	case map[string]any:
		if isIncident(x) {
			w.incident(x, key)
			return
		}
		for k, child := range x {
			if k == "components" {
				w.components(child, "")
				continue
			}
			w.walk(child, k)
		}
	case []any:
		for _, child := range x {
			w.walk(child, key)
		}
	}
}

func isIncident(m map[string]any) bool {
	_, updates := m["updates"]
	_, incUpdates := m["incidentUpdates"]
	return (updates || incUpdates) && str(m, "name", "title") != ""
}

// components reads a list of components; an element with its own children is a group.
func (w *walker) components(v any, group string) {
	list, _ := v.([]any)
	for _, el := range list {
		c, ok := el.(map[string]any)
		if !ok {
			continue
		}
		name := str(c, "name")
		children, hasChildren := c["children"].([]any)
		if !hasChildren {
			children, hasChildren = c["components"].([]any)
		}
		if hasChildren && len(children) > 0 {
			w.components(children, name)
			continue
		}
		id := str(c, "id")
		if name == "" || id != "" && w.comps[id] {
			continue
		}
		w.comps[id] = true
		g := group
		if gm, ok := c["group"].(map[string]any); ok && g == "" {
			g = str(gm, "name")
		}
		raw := str(c, "status")
		w.page.Components = append(w.page.Components, statusfeed.Component{ID: id, Name: name, Group: g,
			Status: normalize.ComponentStatus(raw), RawStatus: raw, Description: text(c["description"])})
	}
}

func (w *walker) incident(m map[string]any, key string) {
	id := str(m, "id")
	if id != "" && w.seen[id] {
		return
	}
	w.seen[id] = true
	inc := statusfeed.Incident{ID: id, Title: str(m, "name", "title"), Status: status(str(m, "status")),
		RawImpact: str(m, "impact"), Impact: impactOf(str(m, "impact")),
		Sources: []statusfeed.Origin{w.src.Origin(Name, "html")}}
	if strings.Contains(strings.ToLower(key), "maintenance") || strings.EqualFold(str(m, "type"), "maintenance") {
		inc.Kind = statusfeed.KindMaintenance
	} else if strings.Contains(strings.ToLower(key), "incident") || strings.EqualFold(str(m, "type"), "incident") {
		inc.Kind = statusfeed.KindIncident
	}
	if w.page.URL != "" && id != "" {
		path := "/incident/"
		if inc.Kind == statusfeed.KindMaintenance {
			path = "/maintenance/"
		}
		inc.URL = w.page.URL + path + id
	}
	timeOf := func(keys ...string) {
		for _, k := range keys {
			if s := str(m, k); s != "" {
				t, err := lenientTime(s)
				if err != nil {
					w.errs = append(w.errs, &statusfeed.EntryError{Entry: id, Err: err})
					return
				}
				switch k {
				case "started", "startedAt", "start", "startDate":
					if inc.Kind == statusfeed.KindMaintenance {
						inc.ScheduledFor = t
					} else {
						inc.StartedAt = t
					}
				case "resolved", "resolvedAt", "end", "endDate":
					if inc.Kind == statusfeed.KindMaintenance {
						inc.ScheduledUntil = t
					} else {
						inc.ResolvedAt = t
					}
				}
				return
			}
		}
	}
	timeOf("started", "startedAt", "start", "startDate")
	timeOf("resolved", "resolvedAt", "end", "endDate")
	if d, ok := durationOf(m["duration"]); ok {
		inc.DeclaredDuration, inc.RawDeclaredDuration = d, fmt.Sprint(m["duration"])
	}
	for _, c := range list(m, "components") {
		if cm, ok := c.(map[string]any); ok && str(cm, "name") != "" {
			ref := statusfeed.ComponentRef{ID: str(cm, "id"), Name: str(cm, "name"), Status: normalize.ComponentStatus(str(cm, "status"))}
			if gm, ok := cm["group"].(map[string]any); ok {
				ref.Group = str(gm, "name")
			}
			inc.Components = append(inc.Components, ref)
		}
	}
	updates := list(m, "updates")
	if len(updates) == 0 {
		updates = list(m, "incidentUpdates")
	}
	for _, u := range updates {
		um, ok := u.(map[string]any)
		if !ok {
			continue
		}
		raw := str(um, "status")
		body := trimDoublePeriod(normalize.Text(text(firstOf(um, "message", "markdown", "text", "body"))))
		var at string
		for _, k := range []string{"started", "startedAt", "createdAt", "created_at", "date"} {
			if at = str(um, k); at != "" {
				break
			}
		}
		t, err := lenientTime(at)
		if err != nil || t.IsZero() {
			w.errs = append(w.errs, &statusfeed.EntryError{Entry: id, Err: fmt.Errorf("update without a readable time %q", at)})
			continue
		}
		if strings.EqualFold(raw, "postmortem") {
			inc.Postmortem = &statusfeed.Postmortem{PublishedAt: t, Body: body, Sections: normalize.Sections(body)}
			continue
		}
		inc.Updates = append(inc.Updates, statusfeed.Update{At: t, Status: status(raw), RawStatus: raw, Body: body})
	}
	normalize.Finish(&inc, normalize.OrderUnknown)
	w.page.Incidents = append(w.page.Incidents, inc)
}

// dig follows keys through nested objects.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// firstObject finds the first object under one of keys, searching breadth-first.
func firstObject(v any, keys ...string) (map[string]any, bool) {
	queue := []any{v}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		m, ok := cur.(map[string]any)
		if !ok {
			if l, ok := cur.([]any); ok {
				queue = append(queue, l...)
			}
			continue
		}
		for _, k := range keys {
			if o, ok := m[k].(map[string]any); ok {
				return o, true
			}
		}
		names := make([]string, 0, len(m))
		for k := range m {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			queue = append(queue, m[k])
		}
	}
	return nil, false
}

func firstOf(m map[string]any, keys ...string) any {
	for _, k := range keys {
		if v, ok := m[k]; ok && v != nil {
			return v
		}
	}
	return nil
}

// str returns the first of keys that holds a non-empty string (or a localized text).
func str(m map[string]any, keys ...string) string {
	for _, k := range keys {
		if s := text(m[k]); s != "" {
			return s
		}
	}
	return ""
}

// text reads a string, or a localized {"en": "…"} map (English, else any language).
func text(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case map[string]any:
		if s, ok := x["en"].(string); ok {
			return strings.TrimSpace(s)
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if s, ok := x[k].(string); ok && s != "" {
				return strings.TrimSpace(s)
			}
		}
	}
	return ""
}

func list(m map[string]any, key string) []any {
	l, _ := m[key].([]any)
	return l
}
