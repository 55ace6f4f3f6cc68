package analytics

import (
	"errors"
	"net/url"
	"sort"
	"strings"
	"time"

	"statusfeed.dev/statusfeed"
)

// Input is what the analytics read: parsed pages (one capture or many, of one vendor or many)
// and, optionally, the component status intervals a poller recorded.
type Input struct {
	Pages     []*statusfeed.Page
	Intervals []StatusInterval
}

// StatusInterval says that a component was seen in Status over [From, To), as a poller that
// samples a page's components records it. Time no interval covers is time without data, so an
// archive reports operational stretches too, and ends an interval where it stopped looking.
type StatusInterval struct {
	Vendor      string // VendorKey of the vendor's pages
	ComponentID string // the vendor's component ID, where it has one
	Component   string // the component's name
	Group       string // its group's name, "" for top-level components
	From, To    time.Time
	Status      statusfeed.ComponentStatus
}

// Weights are how much of a second each level counts as downtime.
type Weights struct {
	Major, Partial, Degraded float64
}

// StatuspageWeights are Statuspage's own (see the package doc for the evidence): a second of
// major outage is a second down, a second of partial outage 0.3 of one, degraded performance
// none. They are the default.
var StatuspageWeights = Weights{Major: 1, Partial: 0.3}

// Tolerance is how far a declared duration may stray from the observed one: the larger of Abs
// and Rel times the longer of the two.
type Tolerance struct {
	Abs time.Duration
	Rel float64
}

// DefaultTolerance allows for the rounding of "Lasted 1 day" and of minute-precision stamps.
var DefaultTolerance = Tolerance{Abs: 10 * time.Minute, Rel: 0.1}

// Filter narrows the analysis; empty fields match everything, and matching ignores case.
type Filter struct {
	// Vendor matches a vendor's name or VendorKey.
	Vendor string
	// Component matches a component's ID, name, "Group/Name", or its group's name (selecting the
	// group and its children). Incidents are those that name a matching component.
	Component string
	// Region matches an incident's Regions, or a word of a component's or affected component's
	// name or group ("IAD" in "Ashburn (IAD)", "SGP1" in "Regions (SGP1)").
	Region string
}

// Options configure Analyze. The zero value reads the last 90 days with Statuspage's weights.
type Options struct {
	Period Period
	// Weights of each level; the zero value means StatuspageWeights.
	Weights Weights
	Filter  Filter
	// DurationTolerance for declared durations; the zero value means DefaultTolerance.
	DurationTolerance Tolerance
	// StaleAfter is how long an open incident may go without an update before it counts as
	// never resolved; zero means 7 days.
	StaleAfter time.Duration
	// UnknownImpactAs is the level assumed for an incident whose impact the source does not
	// give (feeds). The zero value assumes nothing: that time counts as time without data.
	UnknownImpactAs statusfeed.ComponentStatus
	// Daily asks for each component's figures day by day (ComponentUptime.Days) and for the
	// window's incidents themselves (Vendor.Listed), as a report that draws a bar of days
	// needs. It costs a sweep per component and day.
	Daily bool
}

func (o Options) withDefaults() Options {
	if o.Weights == (Weights{}) {
		o.Weights = StatuspageWeights
	}
	if o.DurationTolerance == (Tolerance{}) {
		o.DurationTolerance = DefaultTolerance
	}
	if o.StaleAfter <= 0 {
		o.StaleAfter = 7 * day
	}
	return o
}

// ErrNoData is returned when a relative period has no data to count back from.
var ErrNoData = errors.New("analytics: no dated data to place the window")

// Result is the analysis of every vendor over one window.
type Result struct {
	Period  Period
	Window  Window
	Vendors []Vendor
}

// Vendor is one vendor's figures over the window.
type Vendor struct {
	Name     string
	Key      string // VendorKey
	Provider string
	Pages    int       // documents read
	DataEnd  time.Time // the newest moment the vendor's data covers
	// UptimePercent pools the components that have data (see the package doc); nil without
	// data.
	UptimePercent *float64
	UptimeSource  Source
	Coverage      float64 // share of the window the pooled data covered, 0 to 1
	Incidents     IncidentStats
	TimeToResolve Durations
	Disclosure    Disclosure
	Components    []ComponentUptime
	// Listed are the incidents and maintenances behind Incidents, with Options.Daily: those
	// that started in the window and those open during it, merged across the vendor's
	// documents and filtered, the newest first. Undated ones no window can place are not here.
	Listed []statusfeed.Incident
}

// Analyze computes the figures of every vendor in the input over the window opt.Period names.
// A relative period ends with the newest data in the whole input.
func Analyze(in Input, opt Options) (*Result, error) {
	opt = opt.withDefaults()
	vendors := groupVendors(in, opt.Filter)
	var end, lastDay time.Time
	for _, v := range vendors {
		end, lastDay = later(end, v.end), later(lastDay, v.lastDay)
	}
	if opt.Period.Relative() && end.IsZero() {
		return nil, ErrNoData
	}
	res := &Result{Period: opt.Period, Window: opt.Period.resolve(end, lastDay)}
	for _, v := range vendors {
		if out, ok := v.analyze(res.Window, opt); ok {
			res.Vendors = append(res.Vendors, out)
		}
	}
	return res, nil
}

// resolve places a period: hours end at end, days with lastDay.
func (p Period) resolve(end, lastDay time.Time) Window {
	if p.hours > 0 {
		return p.Window(end)
	}
	return p.Window(lastDay)
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// VendorKey identifies a vendor across documents: its status page's host, else its name, else
// its provider and page ID.
func VendorKey(p *statusfeed.Page) string {
	if u, err := url.Parse(p.URL); err == nil && u.Host != "" {
		return strings.ToLower(strings.TrimPrefix(u.Host, "www."))
	}
	if p.Name != "" {
		return strings.ToLower(p.Name)
	}
	if p.ID != "" {
		return p.Provider + ":" + p.ID
	}
	return p.Provider + ": unnamed page"
}

type vendorData struct {
	key      string
	pages    []*statusfeed.Page
	inters   []StatusInterval
	end      time.Time // newest moment covered
	lastDay  time.Time // newest day covered: a daily record's, else end's
	incident []statusfeed.Incident
	seen     map[string]time.Time // incident identity → end of the newest page that lists it
}

func groupVendors(in Input, f Filter) []*vendorData {
	var out []*vendorData
	byKey := map[string]*vendorData{}
	get := func(key string) *vendorData {
		v := byKey[key]
		if v == nil {
			v = &vendorData{key: key, seen: map[string]time.Time{}}
			byKey[key] = v
			out = append(out, v)
		}
		return v
	}
	for _, p := range in.Pages {
		if p == nil {
			continue
		}
		v := get(VendorKey(p))
		v.pages = append(v.pages, p)
		end, lastDay := pageEnd(p)
		v.end, v.lastDay = later(v.end, end), later(v.lastDay, lastDay)
		for i := range p.Incidents {
			k := identity(&p.Incidents[i])
			v.seen[k] = later(v.seen[k], end)
		}
	}
	for _, iv := range in.Intervals {
		v := get(iv.Vendor)
		v.inters = append(v.inters, iv)
		v.end = later(v.end, iv.To)
		v.lastDay = later(v.lastDay, iv.To.Add(-time.Nanosecond).UTC().Truncate(day))
	}
	kept := out[:0]
	for _, v := range out {
		if f.Vendor == "" || strings.EqualFold(v.key, f.Vendor) || strings.EqualFold(v.name(), f.Vendor) {
			kept = append(kept, v)
		}
	}
	return kept
}

// pageEnd is the newest moment a page covers (when it was rendered, else its newest time) and
// its newest day (a daily record's last day, which is the vendor's own day, else end's).
func pageEnd(p *statusfeed.Page) (end, lastDay time.Time) {
	end = p.GeneratedAt
	if end.IsZero() {
		for i := range p.Incidents {
			end = later(end, latest(&p.Incidents[i]))
		}
	}
	for _, c := range p.Components {
		if n := len(c.Uptime); n > 0 {
			lastDay = later(lastDay, c.Uptime[n-1].Date)
		}
	}
	if lastDay.IsZero() && !end.IsZero() {
		lastDay = end.UTC().Truncate(day)
	}
	return end.UTC(), lastDay
}

// latest is the newest time an incident mentions.
func latest(inc *statusfeed.Incident) time.Time {
	t := later(inc.StartedAt, inc.ResolvedAt)
	for _, u := range inc.Updates {
		t = later(t, u.At)
	}
	if inc.Postmortem != nil {
		t = later(t, inc.Postmortem.PublishedAt)
	}
	return t
}

// identity names an incident across captures: its ID, else its title and start.
func identity(inc *statusfeed.Incident) string {
	if inc.ID != "" {
		return "id:" + inc.ID
	}
	return inc.Title + "@" + inc.StartedAt.Format(time.RFC3339)
}

// seenUntil is the end of the newest page that lists inc: an open incident is known to be open
// until then, and no further (a home page stops listing it when it is resolved).
func (v *vendorData) seenUntil(inc *statusfeed.Incident) time.Time {
	if t, ok := v.seen[identity(inc)]; ok {
		return t
	}
	return v.end
}

func (v *vendorData) name() string {
	for _, p := range v.pages {
		if p.Name != "" {
			return p.Name
		}
	}
	return v.key
}

func (v *vendorData) provider() string {
	for _, p := range v.pages {
		if p.Provider != "" {
			return p.Provider
		}
	}
	return ""
}

// analyze computes one vendor's figures; ok is false when a component filter matches nothing.
func (v *vendorData) analyze(w Window, opt Options) (Vendor, bool) {
	out := Vendor{Name: v.name(), Key: v.key, Provider: v.provider(), Pages: len(v.pages), DataEnd: v.end}
	if len(v.pages) > 0 {
		if merged, err := statusfeed.Merge(v.pages...); err == nil {
			v.incident = merged.Incidents // one incident seen in several documents counts once
		}
	}
	comps := v.components()
	comps, incs := applyFilter(comps, v.incident, opt.Filter)
	if opt.Filter.Component != "" && len(comps) == 0 {
		return out, false
	}
	v.incident = incs
	out.Components = v.uptimes(comps, w, opt)
	out.UptimePercent, out.UptimeSource, out.Coverage = v.vendorUptime(out.Components, w, opt)
	out.Incidents, out.TimeToResolve = v.incidentStats(w, opt)
	out.Disclosure = v.disclosure(w, opt)
	if opt.Daily {
		out.Listed = v.listed(w)
	}
	return out, true
}

// comp is one component with the data every page and interval gave for it.
type comp struct {
	ID, Name, Group string
	IsGroup         bool
	days            []statusfeed.UptimeDay // by date, the newest capture's day winning
	shown           *float64               // the vendor's own figure, from the newest capture
	intervals       []span
}

func (c *comp) is(id, name, group string) bool {
	if id != "" && c.ID != "" {
		return id == c.ID
	}
	return strings.EqualFold(c.Name, name) && (group == "" || strings.EqualFold(c.Group, group))
}

// components lists the vendor's components in the order the pages show them, then those only
// incidents or intervals name.
func (v *vendorData) components() []*comp {
	pages := append([]*statusfeed.Page(nil), v.pages...)
	sort.SliceStable(pages, func(i, j int) bool { return pages[i].GeneratedAt.Before(pages[j].GeneratedAt) })
	var out []*comp
	find := func(id, name, group string) *comp {
		for _, c := range out {
			if c.is(id, name, group) {
				return c
			}
		}
		c := &comp{ID: id, Name: name, Group: group}
		out = append(out, c)
		return c
	}
	for _, p := range pages { // oldest first: a newer capture's days and figure win
		for _, pc := range p.Components {
			c := find(pc.ID, pc.Name, pc.Group)
			c.IsGroup = c.IsGroup || pc.IsGroup
			if c.ID == "" {
				c.ID = pc.ID
			}
			if pc.UptimePercent != nil {
				c.shown = pc.UptimePercent
			}
			c.days = mergeDays(c.days, pc.Uptime)
		}
	}
	for _, inc := range v.incident {
		for _, r := range inc.Components {
			if r.Name != "" || r.ID != "" {
				find(r.ID, r.Name, r.Group)
			}
		}
	}
	for _, iv := range v.inters {
		c := find(iv.ComponentID, iv.Component, iv.Group)
		lvl, _ := levelOf(iv.Status)
		c.intervals = append(c.intervals, span{iv.From.UTC(), iv.To.UTC(), lvl})
	}
	return out
}

// mergeDays adds days to a record; a day already there is replaced by the newer capture's.
func mergeDays(have, add []statusfeed.UptimeDay) []statusfeed.UptimeDay {
	if len(have) == 0 {
		return add
	}
	byDate := map[time.Time]int{}
	for i, d := range have {
		byDate[d.Date] = i
	}
	out := append([]statusfeed.UptimeDay(nil), have...)
	for _, d := range add {
		if i, ok := byDate[d.Date]; ok {
			out[i] = d
		} else {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// refersTo reports whether an incident's affected component r is c, or one of c's children
// when c is a group.
func refersTo(r statusfeed.ComponentRef, c *comp) bool {
	if c.IsGroup && r.Group != "" && strings.EqualFold(r.Group, c.Name) {
		return true
	}
	return c.is(r.ID, r.Name, r.Group)
}

func applyFilter(comps []*comp, incs []statusfeed.Incident, f Filter) ([]*comp, []statusfeed.Incident) {
	if f.Component == "" && f.Region == "" {
		return comps, incs
	}
	var keptComps []*comp
	for _, c := range comps {
		if matchComponent(c, f.Component) && (f.Region == "" || hasWord(c.Name, f.Region) || hasWord(c.Group, f.Region)) {
			keptComps = append(keptComps, c)
		}
	}
	var keptIncs []statusfeed.Incident
	for _, inc := range incs {
		if incidentMatches(&inc, keptComps, f) {
			keptIncs = append(keptIncs, inc)
		}
	}
	return keptComps, keptIncs
}

func matchComponent(c *comp, f string) bool {
	if f == "" {
		return true
	}
	return strings.EqualFold(c.ID, f) || strings.EqualFold(c.Name, f) || strings.EqualFold(c.Group, f) ||
		strings.EqualFold(c.Group+"/"+c.Name, f)
}

func incidentMatches(inc *statusfeed.Incident, comps []*comp, f Filter) bool {
	if f.Region != "" {
		in := false
		for _, r := range inc.Regions {
			in = in || strings.EqualFold(r, f.Region)
		}
		for _, r := range inc.Components {
			in = in || hasWord(r.Name, f.Region) || hasWord(r.Group, f.Region)
		}
		if !in {
			return false
		}
	}
	if f.Component == "" {
		return true
	}
	for _, r := range inc.Components {
		for _, c := range comps {
			if refersTo(r, c) {
				return true
			}
		}
	}
	return false
}

// hasWord reports whether s is w or has w as a word; words are split on anything but letters,
// digits and dashes, so that "europe-west4" stays whole.
func hasWord(s, w string) bool {
	if strings.EqualFold(s, w) {
		return true
	}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127)
	}) {
		if strings.EqualFold(f, w) {
			return true
		}
	}
	return false
}
