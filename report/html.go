package report

import (
	"bytes"
	_ "embed"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"

	"statusfeed.dev/analytics"
	"statusfeed.dev/statusfeed"
)

// HTMLOptions are the words around an HTML report.
type HTMLOptions struct {
	Title string // the document's title; "Vendor scorecard" when empty
	Note  string // a line under the title, such as that the data is a sample
}

//go:embed html.tmpl
var htmlText string

var htmlTmpl = template.Must(template.New("report").Funcs(template.FuncMap{"shown": formatShown}).Parse(htmlText))

// Day levels, worst first: the class and color of a day's rect and the legend's order.
var dayLevels = []dayLevel{
	{"major", "#e74c3c", "major outage", "major outage"},
	{"partial", "#f1c40f", "partial outage", "partial outage"},
	{"unknown", "#8c96a6", "unknown", "unknown (incidents of unknown impact)"},
	{"maintenance", "#3498db", "maintenance", "maintenance"},
	{"up", "#2fcc66", "no outage", "no outage (degraded performance is no downtime)"},
	{"nodata", "#d8dde6", "no data", "no data"},
}

// dayLevel is how a day is drawn: Name in its tooltip, Label in the legend.
type dayLevel struct{ Class, Color, Name, Label string }

// WriteHTML writes one self-contained HTML document (inline CSS and SVG, no script, nothing
// fetched): per vendor its summary, per component a bar of the window's days colored by the
// worst level of each day, each day's figures and incidents in its tooltip, and the window's
// incidents with their timelines and postmortems. The bars and the incidents need a result
// analyzed with analytics.Options.Daily; without it they are left out. Every vendor string
// is escaped by html/template.
func WriteHTML(w io.Writer, res *analytics.Result, opt HTMLOptions) error {
	if opt.Title == "" {
		opt.Title = "Vendor scorecard"
	}
	r := New(res)
	doc := htmlDoc{Options: opt, From: stamp(r.Window.From), To: stamp(r.Window.To), Days: windowDays(res.Window),
		Legend: dayLevels}
	for i, v := range res.Vendors {
		rv := r.Vendors[i]
		hv := htmlVendor{Name: v.Name, Provider: v.Provider, Uptime: percent(rv.UptimePercent), Summary: summary(rv),
			Source: orDash(string(v.UptimeSource))}
		for j, c := range v.Components {
			rc := rv.Components[j]
			hc := htmlComponent{Name: c.Name, Group: c.Group, IsGroup: c.IsGroup, Uptime: percent(rc.UptimePercent),
				Source: orDash(rc.UptimeSource), Coverage: share(rc.Coverage), Shown: c.Shown}
			if c.Days != nil {
				hc.Bar = bar(c.Days)
			}
			hv.Components = append(hv.Components, hc)
		}
		for k := range v.Listed {
			hv.Incidents = append(hv.Incidents, htmlIncidentOf(&v.Listed[k]))
		}
		doc.Vendors = append(doc.Vendors, hv)
	}
	var buf bytes.Buffer // written whole, so that a template error leaves no half document
	if err := htmlTmpl.Execute(&buf, doc); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

type htmlDoc struct {
	Options  HTMLOptions
	From, To string
	Days     int
	Legend   []dayLevel
	Vendors  []htmlVendor
}

type htmlVendor struct {
	Name, Provider, Uptime, Source string
	Summary                        []string
	Components                     []htmlComponent
	Incidents                      []htmlIncident
}

type htmlComponent struct {
	Name, Group, Uptime, Source, Coverage string
	IsGroup                               bool
	Shown                                 *float64
	Bar                                   *htmlBar
}

// htmlBar is an SVG bar drawn as Statuspage draws its own: rects 3 wide every 5, 34 high.
type htmlBar struct {
	Width       int
	Days        []htmlDay
	First, Last string // the first and last day's dates
}

type htmlDay struct {
	X            int
	Class, Color string
	Date         string
	Tip          string
}

type htmlIncident struct {
	Title, URL, Kind, Impact, Status, Started, Resolved, Duration, Declared, Components string
	Updates                                                                             []htmlUpdate
	Postmortem                                                                          *htmlPostmortem
}

type htmlUpdate struct {
	At, Status, Body string
}

type htmlPostmortem struct {
	Published string
	Body      string
	Sections  []statusfeed.Section
}

func windowDays(w analytics.Window) int {
	n := 0
	for d := w.From.UTC().Truncate(24 * time.Hour); d.Before(w.To); d = d.Add(24 * time.Hour) {
		n++
	}
	return n
}

func bar(days []analytics.DayUptime) *htmlBar {
	b := &htmlBar{Width: max(5*len(days)-2, 1)}
	for i, d := range days {
		lvl := levelOf(d)
		b.Days = append(b.Days, htmlDay{X: 5 * i, Class: lvl.Class, Color: lvl.Color, Date: d.Date.Format(time.DateOnly), Tip: dayTip(d, lvl.Name)})
	}
	if len(b.Days) > 0 {
		b.First, b.Last = b.Days[0].Date, b.Days[len(b.Days)-1].Date
	}
	return b
}

// levelOf is the worst thing that happened on a day. Degraded performance is no downtime
// (it weighs 0 by default) and is drawn as up, as Statuspage's bars do; the tooltip says it.
func levelOf(d analytics.DayUptime) dayLevel {
	switch {
	case d.MajorOutage > 0:
		return dayLevels[0]
	case d.PartialOutage > 0:
		return dayLevels[1]
	case d.Unknown > 0:
		return dayLevels[2]
	case d.Covered == 0:
		return dayLevels[5]
	case d.Maintenance > 0:
		return dayLevels[3]
	}
	return dayLevels[4]
}

func dayTip(d analytics.DayUptime, label string) string {
	lines := []string{d.Date.Format("Mon 2 Jan 2006") + ": " + label}
	if d.Covered > 0 || d.Unknown > 0 {
		up := "uptime: no figure"
		if d.UptimePercent != nil {
			up = "uptime: " + percent(d.UptimePercent) + " %"
		}
		lines = append(lines, up)
		for _, l := range []struct {
			name string
			d    time.Duration
		}{{"major outage", d.MajorOutage}, {"partial outage", d.PartialOutage}, {"degraded (no downtime)", d.Degraded},
			{"maintenance", d.Maintenance}, {"unknown", d.Unknown}} {
			if l.d > 0 {
				lines = append(lines, l.name+": "+human(int64(l.d.Round(time.Second)/time.Second)))
			}
		}
		if d.Covered < 24*time.Hour {
			lines = append(lines, "data for "+human(int64(d.Covered.Round(time.Second)/time.Second))+" of the day")
		}
	}
	for _, r := range d.Incidents {
		switch {
		case r.Title != "" && !r.StartedAt.IsZero():
			lines = append(lines, "• "+r.Title+" (from "+r.StartedAt.UTC().Format("Jan 2 15:04")+" UTC)")
		case r.Title != "":
			lines = append(lines, "• "+r.Title)
		default:
			lines = append(lines, "• incident "+r.ID+" (related by the vendor's record; not in the data read)")
		}
	}
	return strings.Join(lines, "\n")
}

func htmlIncidentOf(inc *statusfeed.Incident) htmlIncident {
	h := htmlIncident{Title: inc.Title, URL: inc.URL, Kind: string(inc.Kind), Status: withRaw(string(inc.Status), ""),
		Impact: withRaw(string(inc.Impact), inc.RawImpact), Started: stamp(inc.StartedAt), Resolved: stamp(inc.ResolvedAt)}
	if h.Title == "" {
		h.Title = "(untitled)"
	}
	if !strings.HasPrefix(h.URL, "https://") && !strings.HasPrefix(h.URL, "http://") {
		h.URL = "" // a file name from a local capture links nowhere
	}
	if d, ok := inc.Duration(); ok {
		h.Duration = human(int64(d.Round(time.Second) / time.Second))
	}
	if inc.DeclaredDuration > 0 || inc.RawDeclaredDuration != "" {
		h.Declared = inc.RawDeclaredDuration
	}
	var comps []string
	for _, c := range inc.Components {
		name := c.Name
		if name == "" {
			name = c.ID
		}
		if c.Group != "" {
			name = c.Group + " / " + name
		}
		if c.Status != statusfeed.ComponentUnknown {
			name += " (" + string(c.Status) + ")"
		}
		comps = append(comps, name)
	}
	h.Components = strings.Join(comps, ", ")
	for _, u := range inc.Updates {
		h.Updates = append(h.Updates, htmlUpdate{At: stamp(u.At), Status: withRaw(string(u.Status), u.RawStatus), Body: u.Body})
	}
	if pm := inc.Postmortem; pm != nil {
		h.Postmortem = &htmlPostmortem{Published: stamp(pm.PublishedAt), Body: pm.Body, Sections: pm.Sections}
	}
	return h
}

// withRaw shows a normalized value with the vendor's own word where it differs.
func withRaw(norm, raw string) string {
	if norm == "" {
		norm = "unknown"
	}
	if raw == "" || strings.EqualFold(strings.ReplaceAll(raw, " ", "_"), norm) {
		return norm
	}
	return norm + " (“" + raw + "”)"
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// formatShown writes the figure a vendor shows beside its own bar as the vendor wrote it.
func formatShown(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}
