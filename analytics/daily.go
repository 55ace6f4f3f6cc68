package analytics

import (
	"sort"
	"time"

	"statusfeed.dev/statusfeed"
)

// DayUptime is one component's time on one day of the window (Options.Daily): a UTC day, cut
// to the window, measured on the source the component's figure for the window used, so that
// the days add up to it.
type DayUptime struct {
	Date time.Time // the day, at midnight UTC
	// Covered and the levels are as in ComponentUptime, for this day.
	Covered                                           time.Duration
	MajorOutage, PartialOutage, Degraded, Maintenance time.Duration
	Unknown                                           time.Duration
	// UptimePercent is nil when no data covered the day or some of it is Unknown.
	UptimePercent *float64
	// Incidents are those behind the day's figures: the incidents and maintenances that put
	// the component in a level that day, and those the vendor's daily record relates to the
	// day. Only IDs are known of related ones not among the vendor's incidents.
	Incidents []IncidentRef
}

// daily measures each day of w on src, the source of the component's figure for w.
func (v *vendorData) daily(c *comp, s *sources, src Source, attributed bool, w Window, opt Options) []DayUptime {
	type touch struct {
		ref   IncidentRef
		spans []span
	}
	var touched []touch // the incidents that put c in some level, with when
	byID := map[string]*statusfeed.Incident{}
	for i := range v.incident {
		inc := &v.incident[i]
		if inc.ID != "" {
			byID[inc.ID] = inc
		}
		if !attributed {
			continue // incidents are no source for components; the figures owe them nothing
		}
		if lvl, hit := incidentLevel(inc, c, opt.UnknownImpactAs); hit {
			if spans := appendExtent(nil, inc, lvl, v.seenUntil(inc)); len(spans) > 0 {
				touched = append(touched, touch{refOf(inc), spans})
			}
		}
	}
	related := map[time.Time][]string{}
	for _, d := range c.days {
		related[d.Date] = d.Incidents
	}
	var out []DayUptime
	for from := w.From.UTC().Truncate(day); from.Before(w.To); from = from.Add(day) {
		dw := Window{From: later(from, w.From), To: from.Add(day)}
		if dw.To.After(w.To) {
			dw.To = w.To
		}
		cu := ComponentUptime{Source: src}
		s.measure(&cu, dw)
		cu.finish(dw, opt.Weights)
		d := DayUptime{Date: from, Covered: cu.Covered, MajorOutage: cu.MajorOutage, PartialOutage: cu.PartialOutage,
			Degraded: cu.Degraded, Maintenance: cu.Maintenance, Unknown: cu.Unknown, UptimePercent: cu.UptimePercent}
		seen := map[IncidentRef]bool{}
		add := func(r IncidentRef) {
			if !seen[r] {
				seen[r] = true
				d.Incidents = append(d.Incidents, r)
			}
		}
		for _, t := range touched {
			for _, sp := range t.spans {
				if _, _, ok := dw.clip(sp.from, sp.to); ok {
					add(t.ref)
					break
				}
			}
		}
		for _, code := range related[from] {
			if inc := byID[code]; inc != nil {
				add(refOf(inc))
			} else {
				add(IncidentRef{ID: code})
			}
		}
		sort.SliceStable(d.Incidents, func(i, j int) bool { return d.Incidents[i].StartedAt.Before(d.Incidents[j].StartedAt) })
		out = append(out, d)
	}
	return out
}

// listed are the incidents and maintenances that started in w, and the incidents open during
// it, the newest first.
func (v *vendorData) listed(w Window) []statusfeed.Incident {
	var out []statusfeed.Incident
	for i := range v.incident {
		inc := &v.incident[i]
		if w.Contains(started(inc)) || inc.Kind != statusfeed.KindMaintenance && v.openIn(inc, w) {
			out = append(out, *inc)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return started(&out[i]).After(started(&out[j])) })
	return out
}
