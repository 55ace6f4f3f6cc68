package analytics

import (
	"math"
	"time"

	"statusfeed.dev/statusfeed"
)

// Source names where a component's outage time came from.
type Source string

// Sources, best first. SourceNone means no source covered any of the window.
const (
	SourceNone      Source = ""
	SourceDaily     Source = "daily_record"   // the vendor's own daily record (Component.Uptime)
	SourceIntervals Source = "status_changes" // component status intervals (Input.Intervals)
	SourceIncidents Source = "incidents"      // incident intervals weighted by impact
	// SourceMixed is a vendor's when its components' sources differ.
	SourceMixed Source = "mixed"
)

// ComponentUptime is one component's time over the window, by level.
type ComponentUptime struct {
	ID, Name, Group string
	IsGroup         bool
	// UptimePercent is 100 × (1 − downtime / covered), downtime weighted by Options.Weights;
	// nil when no source covered any of the window, or when some of it is Unknown.
	UptimePercent *float64
	Source        Source
	// Coverage is the share of the window the source covered, 0 to 1.
	Coverage float64
	Covered  time.Duration
	// Time in each level inside the covered time. From a daily record, Degraded and
	// Maintenance come from the vendor's incidents, as the record has neither.
	MajorOutage, PartialOutage, Degraded, Maintenance time.Duration
	// Unknown is time during incidents whose impact or components the source does not give:
	// it is left out of Covered rather than guessed, and leaves UptimePercent nil.
	Unknown time.Duration
	// Shown is the figure the vendor itself shows for the component, where it does.
	Shown *float64
	// Days are the window's days one by one, with Options.Daily; nil otherwise.
	Days []DayUptime
}

// TruncatePercent cuts a percentage to two decimals the way Statuspage does (70.1402… → 70.14,
// 99.999 → 99.99), never rounding up. The tiny allowance keeps 99.87 from becoming 99.86
// through binary floating point.
func TruncatePercent(p float64) float64 {
	return math.Floor(p*100+1e-7) / 100
}

// uptimes measures each component on the best source that covers any of the window, and with
// Options.Daily each day of it on the same source.
func (v *vendorData) uptimes(comps []*comp, w Window, opt Options) []ComponentUptime {
	cover, attributed := v.incidentCoverage(), v.attributed()
	out := make([]ComponentUptime, 0, len(comps))
	for _, c := range comps {
		cu := ComponentUptime{ID: c.ID, Name: c.Name, Group: c.Group, IsGroup: c.IsGroup, Shown: c.shown}
		var incs []span
		if attributed {
			incs = v.incidentSpans(c, opt)
		}
		s := &sources{days: c.days, intervals: c.intervals, inDays: within(incs, daySpans(c.days)),
			incidents: append(within(incs, cover), cover...)}
		cu.Source = s.best(w)
		s.measure(&cu, w)
		cu.finish(w, opt.Weights)
		if opt.Daily {
			cu.Days = v.daily(c, s, cu.Source, attributed, w, opt)
		}
		out = append(out, cu)
	}
	return out
}

// sources are the data one component has: its daily record, its status intervals, and the
// spans its incidents put it in (inDays: within the record's days, which they add degraded and
// maintenance time to; incidents: within the time the vendor's histories speak for).
type sources struct {
	days                         []statusfeed.UptimeDay
	intervals, inDays, incidents []span
}

// best is the best source that covers any of w.
func (s *sources) best(w Window) Source {
	switch {
	case dailyCovers(s.days, w):
		return SourceDaily
	case sweep(s.intervals, w).covered > 0:
		return SourceIntervals
	case sweep(s.incidents, w).covered > 0:
		return SourceIncidents
	}
	return SourceNone
}

// measure puts the time of w in levels on the source cu.Source.
func (s *sources) measure(cu *ComponentUptime, w Window) {
	switch cu.Source {
	case SourceDaily:
		cu.daily(s.days, w)
		t := sweep(s.inDays, w)
		cu.Degraded, cu.Maintenance = t.by[levelDegraded], t.by[levelMaintenance]
	case SourceIntervals:
		cu.fill(sweep(s.intervals, w))
	case SourceIncidents:
		cu.fill(sweep(s.incidents, w))
	}
}

func dailyCovers(days []statusfeed.UptimeDay, w Window) bool {
	for _, d := range days {
		if _, _, ok := w.clip(d.Date, d.Date.Add(day)); ok {
			return true
		}
	}
	return false
}

// daySpans are the days a record covers.
func daySpans(days []statusfeed.UptimeDay) []span {
	out := make([]span, len(days))
	for i, d := range days {
		out[i] = span{d.Date, d.Date.Add(day), levelUp}
	}
	return out
}

// daily adds up a daily record's days in the window. A day the window cuts counts in
// proportion, as the record does not say when in the day its outages were.
func (cu *ComponentUptime) daily(days []statusfeed.UptimeDay, w Window) {
	for _, d := range days {
		from, to, ok := w.clip(d.Date, d.Date.Add(day))
		if !ok {
			continue
		}
		in := to.Sub(from)
		share := float64(in) / float64(day)
		cu.Covered += in
		cu.MajorOutage += time.Duration(float64(d.MajorOutageSeconds) * share * float64(time.Second))
		cu.PartialOutage += time.Duration(float64(d.PartialOutageSeconds) * share * float64(time.Second))
	}
}

func (cu *ComponentUptime) fill(t tally) {
	cu.Covered = t.covered
	cu.MajorOutage, cu.PartialOutage = t.by[levelMajor], t.by[levelPartial]
	cu.Degraded, cu.Maintenance, cu.Unknown = t.by[levelDegraded], t.by[levelMaintenance], t.by[levelUnknown]
}

func (cu *ComponentUptime) finish(w Window, wt Weights) {
	if cu.Covered <= 0 {
		cu.Source = SourceNone
		return
	}
	cu.Coverage = cu.Covered.Seconds() / w.seconds()
	if cu.Unknown > 0 {
		return // how bad those hours were is unknown, and so is the figure
	}
	p := percent(cu.Covered, downtime(cu.MajorOutage, cu.PartialOutage, cu.Degraded, wt))
	cu.UptimePercent = &p
}

func downtime(major, partial, degraded time.Duration, wt Weights) float64 {
	return wt.Major*major.Seconds() + wt.Partial*partial.Seconds() + wt.Degraded*degraded.Seconds()
}

// percent is 100 × (1 − down/covered), never below 0: a record may hold more outage than a
// day has (Statuspage counts a 25-hour day's outage in full).
func percent(covered time.Duration, down float64) float64 {
	return math.Max(0, 100*(1-down/covered.Seconds()))
}

// incidentCoverage is the time the vendor's incidents speak for: on each page that keeps a
// history, from the start of its oldest resolved incident to the page's end. A history says
// by omission that nothing else happened in between; before that it says nothing. Nor does a
// page that lists only open incidents (a summary: resolved ones drop off it), or an incident's
// own page (one incident, no components), speak of other incidents.
func (v *vendorData) incidentCoverage() []span {
	var out []span
	for _, p := range v.pages {
		if len(p.Incidents) < 2 && len(p.Components) == 0 {
			continue
		}
		end, _ := pageEnd(p)
		var from time.Time
		for _, inc := range p.Incidents {
			if inc.Kind != statusfeed.KindMaintenance && !inc.StartedAt.IsZero() && !inc.ResolvedAt.IsZero() &&
				(from.IsZero() || inc.StartedAt.Before(from)) {
				from = inc.StartedAt
			}
		}
		if !from.IsZero() && from.Before(end) {
			out = append(out, span{from, end, levelUp})
		}
	}
	return out
}

// attributed reports whether the vendor's sources say which components incidents affected:
// where none does (feeds, home pages), incidents say nothing of any one component.
func (v *vendorData) attributed() bool {
	for _, inc := range v.incident {
		if inc.Kind != statusfeed.KindMaintenance && len(inc.Components) > 0 {
			return true
		}
	}
	return false
}

// incidentSpans are the stretches the vendor's incidents put component c in (c == nil: the
// vendor as a whole): the level the incident gave c (its ComponentRef.Status), else the level
// its impact implies. An incident that names no component may have hit any: its time is unknown
// for every component.
func (v *vendorData) incidentSpans(c *comp, opt Options) []span {
	var out []span
	for i := range v.incident {
		inc := &v.incident[i]
		if lvl, hit := incidentLevel(inc, c, opt.UnknownImpactAs); hit {
			out = appendExtent(out, inc, lvl, v.seenUntil(inc))
		}
	}
	return out
}

// incidentLevel is the level inc put c in, and whether it touched c at all. c == nil asks for
// the vendor as a whole.
func incidentLevel(inc *statusfeed.Incident, c *comp, unknownAs statusfeed.ComponentStatus) (level, bool) {
	byImpact, known := levelOfImpact(inc.Impact)
	if !known {
		byImpact, known = levelOf(unknownAs)
	}
	if inc.Kind == statusfeed.KindMaintenance {
		byImpact, known = levelMaintenance, true
	}
	if len(inc.Components) == 0 {
		if c == nil || inc.Kind == statusfeed.KindMaintenance {
			return byImpact, c == nil
		}
		if known && byImpact <= levelMaintenance {
			return levelUp, false // harmless to every component
		}
		return levelUnknown, true
	}
	hit, worst := false, level(-1)
	for _, r := range inc.Components {
		if c != nil && !refersTo(r, c) {
			continue
		}
		hit = true
		// The status shown with the incident, unless it is the recovered "operational".
		if l, ok := levelOf(r.Status); ok && l != levelUp && inc.Kind != statusfeed.KindMaintenance {
			worst = max(worst, l)
		}
	}
	if !hit {
		return levelUp, false
	}
	if worst >= 0 {
		return worst, true
	}
	if !known {
		return levelUnknown, true
	}
	return byImpact, true
}

// appendExtent adds the stretch an incident or maintenance lasted at lvl. One still open lasts
// until end, where the vendor's data ends (it was open then; nothing is known after). One whose
// state the source does not give (a feed entry with no status word) lasted as far as its
// updates go, and after that until end nobody knows: that is unknown time, unless the incident
// was harmless.
func appendExtent(out []span, inc *statusfeed.Incident, lvl level, end time.Time) []span {
	from := inc.StartedAt
	if from.IsZero() {
		return out
	}
	var to time.Time
	switch {
	case !inc.ResolvedAt.IsZero():
		to = inc.ResolvedAt
	case inc.Kind == statusfeed.KindMaintenance && !inc.ScheduledUntil.IsZero() && inc.ScheduledUntil.Before(end):
		to = inc.ScheduledUntil
	case inc.Status.Lifecycle() && !inc.Status.Terminal():
		to = end
	default:
		to = latest(inc)
		if lvl >= levelDegraded && inc.Kind != statusfeed.KindMaintenance && to.Before(end) {
			out = append(out, span{later(from, to), end, levelUnknown})
		}
	}
	if from.Before(to) {
		out = append(out, span{from, to, lvl})
	}
	return out
}

// vendorUptime pools the components with data: 100 × (1 − Σ downtime / Σ covered) over the
// components that are not groups (the groups when only they have data); coverage is Σ covered
// over as many windows. A vendor none of whose
// components has data (a feed lists none) is measured on its own incidents, each counting
// against the vendor as a whole.
func (v *vendorData) vendorUptime(cs []ComponentUptime, w Window, opt Options) (pct *float64, src Source, coverage float64) {
	for _, groups := range []bool{false, true} {
		var covered time.Duration
		var down float64
		n, unknown := 0, false
		src = SourceNone
		for _, c := range cs {
			if c.IsGroup != groups {
				continue
			}
			unknown = unknown || c.Unknown > 0
			if c.UptimePercent == nil {
				continue
			}
			n++
			covered += c.Covered
			down += downtime(c.MajorOutage, c.PartialOutage, c.Degraded, opt.Weights)
			if src == SourceNone || src == c.Source {
				src = c.Source
			} else {
				src = SourceMixed
			}
		}
		if unknown { // a component's bad hours of unknown weight would be missing from the pool
			return nil, SourceNone, 0
		}
		if covered > 0 {
			p := percent(covered, down)
			return &p, src, covered.Seconds() / (float64(n) * w.seconds())
		}
	}
	if len(cs) > 0 && (opt.Filter.Component != "" || opt.Filter.Region != "") {
		return nil, SourceNone, 0 // the filtered components have no data; the vendor's would mislead
	}
	cover := v.incidentCoverage()
	t := sweep(append(within(v.incidentSpans(nil, opt), cover), cover...), w)
	if t.covered == 0 || t.by[levelUnknown] > 0 {
		return nil, SourceNone, 0
	}
	p := percent(t.covered, downtime(t.by[levelMajor], t.by[levelPartial], t.by[levelDegraded], opt.Weights))
	return &p, SourceIncidents, t.covered.Seconds() / w.seconds()
}
