package instatus

import (
	"errors"
	"fmt"
	"html"
	"strconv"
	"strings"
	"time"

	"statusfeed.dev/normalize"
	"statusfeed.dev/parsers/internal/rollup"
	"statusfeed.dev/statusfeed"
)

// noticeOptions is what differs between the formats that carry notices.
type noticeOptions struct {
	format  string
	pageURL string
	lang    string
	// durationUnit is what a bare number in "duration" counts: seconds on pages (per the
	// issue that specified them; every capture has null), minutes in the JSON (see json.go).
	durationUnit time.Duration
	// components resolves a component ID to its name and group.
	components map[string]statusfeed.ComponentRef
}

// incident maps a notice. kind is known for active incidents and maintenances; otherwise the
// status word decides it.
func (n *notice) incident(kind statusfeed.Kind, o *noticeOptions, src statusfeed.Source) (statusfeed.Incident, []error) {
	inc := statusfeed.Incident{ID: n.ID, Title: n.Name.in(o.lang), Kind: kind, Status: status(n.Status),
		RawImpact: n.Impact, Impact: impactOf(n.Impact), URL: n.URL, Sources: []statusfeed.Origin{src.Origin(Name, o.format)}}
	if inc.Kind == statusfeed.KindUnknown {
		switch {
		case inc.Status.Maintenance():
			inc.Kind = statusfeed.KindMaintenance
		case inc.Status.Lifecycle():
			inc.Kind = statusfeed.KindIncident
		}
	}
	if inc.URL == "" && o.pageURL != "" && n.ID != "" {
		switch inc.Kind {
		case statusfeed.KindIncident:
			inc.URL = o.pageURL + "/incident/" + n.ID
		case statusfeed.KindMaintenance:
			inc.URL = o.pageURL + "/maintenance/" + n.ID
		}
	}
	var errs []error
	timeOf := func(field, raw string) time.Time {
		t, err := lenientTime(raw)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", field, err))
		}
		return t
	}
	started, resolved := timeOf("started", n.Started), timeOf("resolved", n.Resolved)
	if inc.Kind == statusfeed.KindMaintenance {
		inc.ScheduledFor = timeOf("start", n.Start)
		if inc.ScheduledFor.IsZero() {
			inc.ScheduledFor = started
		}
		if len(n.Updates) == 0 && (inc.Status == statusfeed.StatusInProgress || inc.Status == statusfeed.StatusCompleted) {
			inc.StartedAt = inc.ScheduledFor // no timeline to say otherwise
		}
	} else {
		inc.StartedAt = started
	}
	inc.ResolvedAt = resolved
	if raw := string(n.Duration); raw != "" {
		inc.RawDeclaredDuration = raw
		if d, ok := durationOf(raw, o.durationUnit); ok {
			inc.DeclaredDuration = d
			if inc.Kind == statusfeed.KindMaintenance && !inc.ScheduledFor.IsZero() {
				inc.ScheduledUntil = inc.ScheduledFor.Add(d)
			}
		} else {
			errs = append(errs, fmt.Errorf("unreadable duration %q", raw))
		}
	}
	for _, c := range n.Components {
		ref, known := o.components[c.ID]
		if !known {
			ref = statusfeed.ComponentRef{ID: c.ID, Name: c.Name.in(o.lang)}
			if c.Group != nil {
				ref.Group = c.Group.Name.in(o.lang)
			}
		}
		// The status the notice gives its component (active incidents do; the notices index
		// gives IDs only, and the component's status today says nothing of a past incident).
		ref.Status = normalize.ComponentStatus(c.Status)
		inc.Components = append(inc.Components, ref)
	}
	for _, u := range n.Updates {
		at := timeOf("update "+u.ID, u.Started)
		if at.IsZero() {
			errs = append(errs, fmt.Errorf("update %s has no time", u.ID))
			continue
		}
		body := normalize.Text(u.MessageHTML.in(o.lang))
		if body == "" {
			body = normalize.Text(html.EscapeString(u.Message.in(o.lang))) // plain text: keep its < and &
		}
		if strings.EqualFold(u.Status, "postmortem") {
			inc.Postmortem = &statusfeed.Postmortem{PublishedAt: at, Body: body, Sections: normalize.Sections(body)}
			continue
		}
		inc.Updates = append(inc.Updates, statusfeed.Update{At: at, Status: status(u.Status), RawStatus: u.Status, Body: body})
	}
	if err := normalize.Finish(&inc, normalize.OrderUnknown); err != nil {
		errs = append(errs, err)
	}
	return inc, errs
}

// durationOf reads a declared duration: a bare number of unit, or words ("1 hour").
func durationOf(raw string, unit time.Duration) (time.Duration, bool) {
	if n, err := strconv.ParseFloat(raw, 64); err == nil {
		return time.Duration(n * float64(unit)), n > 0 && n < 1e9
	}
	return normalize.Duration(raw)
}

// impactOf maps Instatus' impact, which is a component status word ("MAJOROUTAGE",
// "OPERATIONAL"): the vendor's own word for the incident, kept as it is even where the
// incident's components are worse off.
func impactOf(s string) statusfeed.Impact {
	if cs := normalize.ComponentStatus(s); cs != statusfeed.ComponentUnknown {
		return normalize.ImpactOf(cs)
	}
	return normalize.Impact(s)
}

// siteStatus maps the page's status. status says UP, HASISSUES or UNDERMAINTENANCE; where it
// is HASISSUES, how bad is in mainStatus ("SOME" or "ALL" and a component status word), else
// in the components' own statuses. note explains a status not read from status alone.
func siteStatus(status, main string, comps []statusfeed.Component) (cs statusfeed.ComponentStatus, note string) {
	switch strings.ToUpper(status) {
	case "UP":
		return statusfeed.ComponentOperational, ""
	case "UNDERMAINTENANCE":
		return statusfeed.ComponentUnderMaintenance, ""
	case "HASISSUES":
		if w := mainStatusWord(main); w != statusfeed.ComponentUnknown {
			return w, fmt.Sprintf("page status %s read as %s from site.mainStatus %s", status, w, main)
		}
		if w := rollup.Worst(comps); w != statusfeed.ComponentUnknown && w != statusfeed.ComponentOperational {
			return w, fmt.Sprintf("page status %s read as %s, its worst component's status", status, w)
		}
	}
	return statusfeed.ComponentUnknown, ""
}

// mainStatusWord reads "SOMEMAJOROUTAGE", "ALLDEGRADEDPERFORMANCE", ….
func mainStatusWord(main string) statusfeed.ComponentStatus {
	m := strings.ToUpper(strings.TrimSpace(main))
	for _, p := range []string{"SOME", "ALL"} {
		if rest, ok := strings.CutPrefix(m, p); ok {
			return normalize.ComponentStatus(rest)
		}
	}
	return statusfeed.ComponentUnknown
}

// lenientTime reads the times Instatus writes: RFC 3339 with milliseconds, JavaScript's
// Date.toString() ("Tue Dec 06 2022 11:27:24 GMT+0000 (Coordinated Universal Time)"), whose
// offset is the numeric GMT±hhmm and whose parenthesized zone name is ignored, or Unix
// milliseconds. "" is the zero time.
func lenientTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	if t, ok := jsDate(s); ok {
		return t, nil
	}
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.UnixMilli(ms).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("%w: %q", normalize.ErrStamp, s)
}

// jsDate reads Date.toString(): "Tue Dec 06 2022 11:27:24 GMT+0000 (Coordinated Universal
// Time)". Only the numeric offset counts; the zone's name is the browser's wording.
func jsDate(s string) (time.Time, bool) {
	if i := strings.Index(s, " ("); i > 0 && strings.HasSuffix(s, ")") {
		s = s[:i]
	}
	t, err := time.Parse("Mon Jan 02 2006 15:04:05 GMT-0700", s)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// calendarDay reads a JavaScript day ("Wed Mar 01 2023 00:00:00 GMT+0000 (…)") as the date it
// names on the page's clock, at midnight UTC.
func calendarDay(s string) (time.Time, error) {
	if i := strings.Index(s, " ("); i > 0 {
		s = s[:i]
	}
	t, err := time.Parse("Mon Jan 02 2006 15:04:05 GMT-0700", s)
	if err != nil {
		return time.Time{}, errors.New("unreadable day " + strconv.Quote(s))
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
}
