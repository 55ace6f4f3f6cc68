package instatus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// The objects Instatus pages embed (site, components, notices with their updates, uptime), as
// the 2023 __NEXT_DATA__ and the 2026 flight data write them. The public JSON uses the same
// shapes for its components and active incidents. Fields that changed type between
// generations have their own decoders: text (a string, or per-language translations),
// componentList (a list, or {"components": […]}), a component's children (under "children"
// or "components"), number (a number, or a numeric string).

// pageProps is the page's data: __NEXT_DATA__'s props.pageProps, or the props of the flight
// element that renders the page.
type pageProps struct {
	URL                 string                     `json:"url"` // the host the page is served on
	Site                *site                      `json:"site"`
	ActiveIncidents     []notice                   `json:"activeIncidents"`
	ActiveMaintenances  []notice                   `json:"activeMaintenances"`
	DailyGroupedNotices []dayNotices               `json:"dailyGroupedNotices"`
	Components          componentList              `json:"components"`
	ComponentsUptime    map[string]componentUptime `json:"componentsUptime"` // by component ID
	Notices             map[string]notice          `json:"notices"`          // by incident ID
}

type site struct {
	ID           string        `json:"id"`
	Name         text          `json:"name"`
	Status       string        `json:"status"`     // UP, HASISSUES, UNDERMAINTENANCE
	MainStatus   string        `json:"mainStatus"` // SOMEDEGRADEDPERFORMANCE, SOMEMAJOROUTAGE, …
	Language     string        `json:"language"`
	Subdomain    string        `json:"subdomain"`
	CustomDomain string        `json:"customDomain"`
	Components   componentList `json:"components"`
}

type dayNotices struct {
	Notices []notice `json:"notices"`
}

type component struct {
	ID              string    `json:"id"`
	Name            text      `json:"name"`
	Description     text      `json:"description"`
	DescriptionHTML text      `json:"descriptionHtml"`
	Status          string    `json:"status"`
	Group           *groupRef `json:"group"`
	IsParent        bool      `json:"isParent"`
	// Children are a group's components, which pages write under "children" or "components".
	Children componentList `json:"-"`
}

// UnmarshalJSON reads a component, taking its children from "children" or "components".
func (c *component) UnmarshalJSON(b []byte) error {
	type plain component
	var v struct {
		plain
		Children   componentList `json:"children"`
		Components componentList `json:"components"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*c = component(v.plain)
	c.Children = v.Children
	if len(c.Children) == 0 {
		c.Children = v.Components
	}
	return nil
}

type groupRef struct {
	ID   string `json:"id"`
	Name text   `json:"name"`
}

// componentList is a list of components, written as a list or as {"components": […]}.
type componentList []component

// UnmarshalJSON reads either form.
func (l *componentList) UnmarshalJSON(b []byte) error {
	switch firstByte(b) {
	case 'n':
		*l = nil
		return nil
	case '{':
		var w struct {
			Components []component `json:"components"`
		}
		if err := json.Unmarshal(b, &w); err != nil {
			return err
		}
		*l = w.Components
		return nil
	}
	return json.Unmarshal(b, (*[]component)(l))
}

// notice is an incident or a maintenance: an active one, a day's notice, or an entry of the
// notices index (which gives its components as IDs only).
type notice struct {
	ID         string         `json:"id"`
	Name       text           `json:"name"`
	Status     string         `json:"status"`
	Impact     string         `json:"impact"` // a component status word: the incident's own impact
	Started    string         `json:"started"`
	Resolved   string         `json:"resolved"`
	Start      string         `json:"start"` // a maintenance's scheduled start (summary.json)
	Duration   rawValue       `json:"duration"`
	URL        string         `json:"url"` // summary.json
	Components []componentRef `json:"components"`
	Updates    []update       `json:"updates"`
}

type componentRef struct {
	ID     string    `json:"id"`
	Name   text      `json:"name"`
	Status string    `json:"status"`
	Group  *groupRef `json:"group"`
}

type update struct {
	ID          string `json:"id"`
	Started     string `json:"started"`
	Status      string `json:"status"`
	Message     text   `json:"message"`
	MessageHTML text   `json:"messageHtml"`
}

// componentUptime is a component's published uptime. In 2023 "uptime" is a number and
// "daysDictionary" names, month by month, the days that had notices; in 2026 "uptime" is a
// string and the days give way to "outages" intervals, which are not read (see doc.go).
type componentUptime struct {
	Uptime         number                 `json:"uptime"`
	DaysDictionary map[string]uptimeMonth `json:"daysDictionary"` // "Mar 2023" → days
}

type uptimeMonth struct {
	Days map[string]struct { // "Wed Mar 01 2023 00:00:00 GMT+0000 (…)" → notices
		Notices []string `json:"notices"`
	} `json:"days"`
}

// text is a text field: a string, or (by 2026) translations {"en": …, "default": …}.
type text struct {
	s     string
	langs []translation // sorted by language
}

type translation struct{ lang, s string }

// UnmarshalJSON reads a string, null, or an object of translations.
func (t *text) UnmarshalJSON(b []byte) error {
	*t = text{}
	switch firstByte(b) {
	case 'n':
		return nil
	case '{':
		var m map[string]*string
		if err := json.Unmarshal(b, &m); err != nil {
			return err
		}
		for lang, s := range m {
			if s != nil {
				t.langs = append(t.langs, translation{lang, strings.TrimSpace(*s)})
			}
		}
		sort.Slice(t.langs, func(i, j int) bool { return t.langs[i].lang < t.langs[j].lang })
		return nil
	}
	if err := json.Unmarshal(b, &t.s); err != nil {
		return err
	}
	t.s = strings.TrimSpace(t.s)
	return nil
}

// in returns the text in lang, else the page's default, else English, else the first
// non-empty translation by language name.
func (t text) in(lang string) string {
	if t.s != "" || len(t.langs) == 0 {
		return t.s
	}
	for _, want := range []string{lang, "default", "en"} {
		for _, tr := range t.langs {
			if tr.lang == want && tr.s != "" {
				return tr.s
			}
		}
	}
	for _, tr := range t.langs {
		if tr.s != "" {
			return tr.s
		}
	}
	return ""
}

// number is a number written as a number or as a numeric string ("78.84"); nil when absent.
type number struct{ v *float64 }

// UnmarshalJSON reads a number, a numeric string, or null.
func (n *number) UnmarshalJSON(b []byte) error {
	n.v = nil
	switch firstByte(b) {
	case 'n':
		return nil
	case '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if strings.TrimSpace(s) == "" {
			return nil
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return fmt.Errorf("not a number: %q", s)
		}
		n.v = &f
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	n.v = &f
	return nil
}

// rawValue keeps a scalar as the vendor wrote it: a number's digits or a string's text; "" for
// null.
type rawValue string

// UnmarshalJSON reads a number, a string or null.
func (r *rawValue) UnmarshalJSON(b []byte) error {
	switch firstByte(b) {
	case 'n':
		*r = ""
	case '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*r = rawValue(strings.TrimSpace(s))
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		*r = rawValue(n)
	}
	return nil
}

func firstByte(b []byte) byte {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return 0
	}
	return b[0]
}
