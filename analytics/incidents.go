package analytics

import (
	"math"
	"sort"
	"time"

	"statusfeed.dev/statusfeed"
)

// IncidentRef names one incident in a finding.
type IncidentRef struct {
	ID, Title, URL string
	StartedAt      time.Time
}

func refOf(inc *statusfeed.Incident) IncidentRef {
	return IncidentRef{ID: inc.ID, Title: inc.Title, URL: inc.URL, StartedAt: inc.StartedAt}
}

// Durations summarizes a set of durations. Median and P90 are nearest-rank: each is one of the
// durations (the lower middle one for an even count), never an average of two.
type Durations struct {
	Count            int
	Median, P90, Max time.Duration
}

func summarize(ds []time.Duration) Durations {
	if len(ds) == 0 {
		return Durations{}
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	rank := func(p float64) time.Duration { return ds[int(math.Ceil(p*float64(len(ds))))-1] }
	return Durations{Count: len(ds), Median: rank(0.5), P90: rank(0.9), Max: ds[len(ds)-1]}
}

// IncidentStats counts the incidents and maintenances that started in the window.
type IncidentStats struct {
	Total    int
	ByImpact map[statusfeed.Impact]int // ImpactUnknown where the source gives none
	ByKind   map[statusfeed.Kind]int
	// Open lists incidents (not maintenances) still open when the vendor's data ends, whenever
	// they started, if the data shows them open during the window.
	Open []IncidentRef
	// UnknownStatus counts incidents whose source gives no lifecycle state and no resolution
	// (a feed entry with no status word): neither open nor resolved.
	UnknownStatus int
	// TimeToFirstUpdate is from the start to the first update, over the incidents whose source
	// states a start of its own (an API's or a page's start field). Incidents read only from
	// feeds are left out: a feed's start is its first update, so they would count 0 by
	// construction.
	TimeToFirstUpdate Durations
	// Undated counts incidents with no start, which no window can place.
	Undated int
}

// Disclosure is how openly the vendor reported.
type Disclosure struct {
	// MajorOrCritical counts the incidents of major or critical impact that started in the
	// window; WithPostmortem those of them with a postmortem. Incidents of unknown impact are in
	// neither.
	MajorOrCritical, WithPostmortem int
	// PostmortemShare is WithPostmortem / MajorOrCritical; nil when there were none.
	PostmortemShare *float64
	// PostmortemDelay is from resolution to the postmortem's publication, over every incident
	// of the window with both.
	PostmortemDelay Durations
	// DurationMismatches are incidents whose declared duration strays from the observed one
	// beyond Options.DurationTolerance.
	DurationMismatches []DurationMismatch
	// NeverResolved are open incidents with no update for Options.StaleAfter before the
	// vendor's data ends.
	NeverResolved []IncidentRef
	// OperationalWhileOpen are captures whose page said "operational" while one of its own
	// incidents of some impact was open.
	OperationalWhileOpen []StatusContradiction
}

// DurationMismatch is an incident whose declared duration disagrees with its timeline.
type DurationMismatch struct {
	Incident           IncidentRef
	Declared, Observed time.Duration
	RawDeclared        string
}

// StatusContradiction is a capture whose overall status said operational while incidents on
// the same page were open.
type StatusContradiction struct {
	At        time.Time // when the page was rendered
	URL       string
	RawStatus string
	Incidents []IncidentRef
}

// started is when an incident or maintenance began, for placing it in a window: its start, else
// a maintenance's scheduled start.
func started(inc *statusfeed.Incident) time.Time {
	if inc.StartedAt.IsZero() && inc.Kind == statusfeed.KindMaintenance {
		return inc.ScheduledFor
	}
	return inc.StartedAt
}

// isOpen reports whether an incident was open at the end of the data: a lifecycle state that is
// not terminal, and no resolution.
func isOpen(inc *statusfeed.Incident) bool {
	return inc.ResolvedAt.IsZero() && inc.Status.Lifecycle() && !inc.Status.Terminal()
}

// openIn reports whether an incident is still open in the last data, and that data shows it
// open at some moment of the window: a capture from 2019 says nothing of 2026.
func (v *vendorData) openIn(inc *statusfeed.Incident, w Window) bool {
	return isOpen(inc) && started(inc).Before(w.To) && !v.seenUntil(inc).Before(w.From)
}

func (v *vendorData) incidentStats(w Window, opt Options) (IncidentStats, Durations) {
	s := IncidentStats{ByImpact: map[statusfeed.Impact]int{}, ByKind: map[statusfeed.Kind]int{}}
	var ttr, first []time.Duration
	for i := range v.incident {
		inc := &v.incident[i]
		at := started(inc)
		if at.IsZero() {
			s.Undated++
			continue
		}
		isIncident := inc.Kind != statusfeed.KindMaintenance
		if isIncident && v.openIn(inc, w) {
			s.Open = append(s.Open, refOf(inc))
		}
		if !w.Contains(at) {
			continue
		}
		s.Total++
		s.ByImpact[inc.Impact]++
		s.ByKind[inc.Kind]++
		if !isIncident {
			continue
		}
		if inc.ResolvedAt.IsZero() && !inc.Status.Lifecycle() {
			s.UnknownStatus++
		}
		if d, ok := inc.Duration(); ok {
			ttr = append(ttr, d)
		}
		if len(inc.Updates) > 0 && ownStart(inc) && !inc.Updates[0].At.Before(inc.StartedAt) {
			first = append(first, inc.Updates[0].At.Sub(inc.StartedAt))
		}
	}
	s.TimeToFirstUpdate = summarize(first)
	return s, summarize(ttr)
}

func (v *vendorData) disclosure(w Window, opt Options) Disclosure {
	var d Disclosure
	var delays []time.Duration
	for i := range v.incident {
		inc := &v.incident[i]
		if inc.Kind != statusfeed.KindMaintenance && v.openIn(inc, w) && v.seenUntil(inc).Sub(latest(inc)) > opt.StaleAfter {
			d.NeverResolved = append(d.NeverResolved, refOf(inc))
		}
		if !w.Contains(started(inc)) {
			continue
		}
		if m, ok := mismatch(inc, opt.DurationTolerance); ok {
			d.DurationMismatches = append(d.DurationMismatches, m)
		}
		if inc.Postmortem != nil && !inc.Postmortem.PublishedAt.IsZero() && !inc.ResolvedAt.IsZero() &&
			!inc.Postmortem.PublishedAt.Before(inc.ResolvedAt) {
			delays = append(delays, inc.Postmortem.PublishedAt.Sub(inc.ResolvedAt))
		}
		if inc.Kind != statusfeed.KindMaintenance && (inc.Impact == statusfeed.ImpactMajor || inc.Impact == statusfeed.ImpactCritical) {
			d.MajorOrCritical++
			if inc.Postmortem != nil {
				d.WithPostmortem++
			}
		}
	}
	if d.MajorOrCritical > 0 {
		share := float64(d.WithPostmortem) / float64(d.MajorOrCritical)
		d.PostmortemShare = &share
	}
	d.PostmortemDelay = summarize(delays)
	d.OperationalWhileOpen = v.contradictions(w)
	return d
}

// mismatch compares an incident's declared duration with its observed one (start to
// resolution; for a maintenance, from when work began, not from the announcement).
func mismatch(inc *statusfeed.Incident, tol Tolerance) (DurationMismatch, bool) {
	observed, ok := inc.Duration()
	if !ok || inc.DeclaredDuration <= 0 {
		return DurationMismatch{}, false
	}
	diff := (inc.DeclaredDuration - observed).Abs()
	allowed := max(tol.Abs, time.Duration(tol.Rel*float64(max(observed, inc.DeclaredDuration))))
	if diff <= allowed {
		return DurationMismatch{}, false
	}
	return DurationMismatch{Incident: refOf(inc), Declared: inc.DeclaredDuration, Observed: observed,
		RawDeclared: inc.RawDeclaredDuration}, true
}

// contradictions looks at each capture on its own: a page rendered in the window that says
// operational while one of its incidents of some impact (or of impact not given) was open.
func (v *vendorData) contradictions(w Window) []StatusContradiction {
	var out []StatusContradiction
	for _, p := range v.pages {
		if p.Status != statusfeed.ComponentOperational || !w.Contains(p.GeneratedAt) {
			continue
		}
		c := StatusContradiction{At: p.GeneratedAt, URL: p.URL, RawStatus: p.RawStatus}
		for i := range p.Incidents {
			inc := &p.Incidents[i]
			if inc.Kind == statusfeed.KindMaintenance || inc.Impact == statusfeed.ImpactNone || !v.kept(inc) {
				continue
			}
			if inc.StartedAt.IsZero() || inc.StartedAt.After(p.GeneratedAt) {
				continue
			}
			if isOpen(inc) || inc.ResolvedAt.After(p.GeneratedAt) {
				c.Incidents = append(c.Incidents, refOf(inc))
			}
		}
		if len(c.Incidents) > 0 {
			out = append(out, c)
		}
	}
	return out
}

// kept reports whether an incident of one capture survived the filters (is among the
// vendor's merged incidents).
func (v *vendorData) kept(inc *statusfeed.Incident) bool {
	k := identity(inc)
	for i := range v.incident {
		if identity(&v.incident[i]) == k {
			return true
		}
	}
	return false
}

// ownStart reports whether an incident's start may be a fact of its own rather than its first
// update's time: it differs from the first update, or the incident was read from some document
// other than a feed (an API's started_at, a page's start field). An incident read only from
// feeds, whose start equals its first update, took its start from that update.
func ownStart(inc *statusfeed.Incident) bool {
	if inc.StartedAt.IsZero() {
		return false
	}
	if len(inc.Updates) > 0 && !inc.Updates[0].At.Equal(inc.StartedAt) || len(inc.Sources) == 0 {
		return true
	}
	for _, o := range inc.Sources {
		if o.Format != statusfeed.FormatAtom && o.Format != statusfeed.FormatRSS {
			return true
		}
	}
	return false
}
