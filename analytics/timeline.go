package analytics

import (
	"sort"
	"time"

	"statusfeed.dev/statusfeed"
)

// level is what a stretch of time was for one component, ordered so that the worse wins where
// stretches overlap. levelUnknown sits below the outages: a known outage during an incident of
// unknown impact is still an outage, but no other level can claim that time was fine.
type level int8

const (
	levelUp level = iota
	levelMaintenance
	levelDegraded
	levelUnknown
	levelPartial
	levelMajor
	numLevels
)

// levelOf maps a component status; ok is false for statuses that say nothing (unknown).
func levelOf(s statusfeed.ComponentStatus) (level, bool) {
	switch s {
	case statusfeed.ComponentOperational:
		return levelUp, true
	case statusfeed.ComponentUnderMaintenance:
		return levelMaintenance, true
	case statusfeed.ComponentDegradedPerformance:
		return levelDegraded, true
	case statusfeed.ComponentPartialOutage:
		return levelPartial, true
	case statusfeed.ComponentMajorOutage:
		return levelMajor, true
	}
	return levelUnknown, false
}

// levelOfImpact is the inverse of normalize.ImpactOf: Statuspage derives an incident's impact
// from the worst component status it set (critical: a major outage, major: a partial one,
// minor: degraded performance).
func levelOfImpact(i statusfeed.Impact) (level, bool) {
	switch i {
	case statusfeed.ImpactNone:
		return levelUp, true
	case statusfeed.ImpactMinor:
		return levelDegraded, true
	case statusfeed.ImpactMajor:
		return levelPartial, true
	case statusfeed.ImpactCritical:
		return levelMajor, true
	}
	return levelUnknown, false
}

// span is a stretch [from, to) at one level.
type span struct {
	from, to time.Time
	lvl      level
}

// tally is how much of a window each level took, and how much of it any data covered.
type tally struct {
	by      [numLevels]time.Duration
	covered time.Duration // time with a known level (everything but levelUnknown and gaps)
}

// sweep merges overlapping spans, the worst level winning, clipped to w: no second is counted
// twice. Time no span covers is no data.
func sweep(spans []span, w Window) tally {
	type edge struct {
		at    time.Time
		lvl   level
		delta int
	}
	edges := make([]edge, 0, 2*len(spans))
	for _, s := range spans {
		if from, to, ok := w.clip(s.from, s.to); ok {
			edges = append(edges, edge{from, s.lvl, +1}, edge{to, s.lvl, -1})
		}
	}
	sort.Slice(edges, func(i, j int) bool { return edges[i].at.Before(edges[j].at) })
	var t tally
	var active [numLevels]int
	for i, e := range edges {
		if i > 0 && e.at.After(edges[i-1].at) {
			if top, ok := worst(&active); ok {
				d := e.at.Sub(edges[i-1].at)
				t.by[top] += d
				if top != levelUnknown {
					t.covered += d
				}
			}
		}
		active[e.lvl] += e.delta
	}
	return t
}

func worst(active *[numLevels]int) (level, bool) {
	for l := numLevels - 1; l >= 0; l-- {
		if active[l] > 0 {
			return l, true
		}
	}
	return 0, false
}

// within clips spans to the union of cover: a source's intervals count only where the source
// speaks for the whole time, or the data would hold nothing but the bad hours.
func within(spans, cover []span) []span {
	cover = append([]span(nil), cover...)
	sort.Slice(cover, func(i, j int) bool { return cover[i].from.Before(cover[j].from) })
	var union []span
	for _, c := range cover {
		if n := len(union); n > 0 && !c.from.After(union[n-1].to) {
			union[n-1].to = later(union[n-1].to, c.to)
			continue
		}
		union = append(union, c)
	}
	var out []span
	for _, s := range spans {
		for _, u := range union {
			if from, to, ok := (Window{u.from, u.to}).clip(s.from, s.to); ok {
				out = append(out, span{from, to, s.lvl})
			}
		}
	}
	return out
}
