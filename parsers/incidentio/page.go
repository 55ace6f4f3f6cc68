package incidentio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"statusfeed.dev/normalize"
	"statusfeed.dev/parsers/internal/flight"
	"statusfeed.dev/parsers/internal/rollup"
	"statusfeed.dev/statusfeed"
)

// incident.io status pages are Next.js app-router pages (FORMATS.md §14). Their flight data
// embeds the widget's summary object (components, structure, affected components, ongoing
// incidents with their updates) and, beside it, the data of the uptime chart: each
// component's published uptime, the component impacts of the incidents in the chart's window,
// and links to those incidents.

var (
	// logoBucket is the storage bucket incident.io serves pages' logos and icons from, in the
	// page's first kilobytes.
	logoBucket = []byte("incident-io-status-page-logos")
	nextAssets = []byte("/_next/")
)

// detectPage says Certain for a Next.js page with incident.io's logo bucket, and Possible for
// any other Next.js page, whose data (beyond the prefix) the parser then confirms.
func detectPage(prefix []byte) statusfeed.Match {
	if !bytes.Contains(prefix, nextAssets) {
		return statusfeed.NoMatch
	}
	if bytes.Contains(prefix, logoBucket) {
		return statusfeed.Certain
	}
	return statusfeed.Possible
}

// pageData is the uptime chart's data.
type pageData struct {
	ComponentImpacts []struct {
		ComponentID string `json:"component_id"`
		IncidentID  string `json:"status_page_incident_id"`
		StartAt     string `json:"start_at"`
		EndAt       string `json:"end_at"` // null while the impact lasts
		Status      string `json:"status"`
	} `json:"component_impacts"`
	ComponentUptimes []struct {
		ComponentID string `json:"component_id"` // null for a group's uptime
		Uptime      string `json:"uptime"`       // "99.99"
	} `json:"component_uptimes"`
	IncidentLinks []struct {
		ID          string `json:"id"`
		Name        string `json:"name"`
		Permalink   string `json:"permalink"`
		PublishedAt string `json:"published_at"`
		Status      string `json:"status"`
	} `json:"incident_links"`
}

var errNotIncidentio = fmt.Errorf("%w: no incident.io status page data in the page", statusfeed.ErrUnknownFormat)

func parsePage(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	data, err := statusfeed.ReadAll(r)
	if err != nil {
		return nil, err
	}
	payload, err := flight.Payload(data)
	if errors.Is(err, flight.ErrNoData) {
		return nil, errNotIncidentio
	}
	errs := []error{err}
	doc, err := flight.Parse(payload)
	errs = append(errs, err)
	// The page repeats the summary in several elements' props: the first copy is read.
	var summary *widgetSummary
	errs = append(errs, doc.Each(func(o []byte) bool {
		var s widgetSummary
		if json.Unmarshal(o, &s) == nil && s.Structure != nil {
			summary = &s
		}
		return summary == nil
	}, "structure", "ongoing_incidents", "components"))
	if summary == nil {
		return nil, errNotIncidentio
	}
	p := &statusfeed.Page{Provider: Name, Format: statusfeed.FormatHTML, URL: src.URL}
	names, serrs := readSummary(p, summary, src)
	errs = append(errs, serrs...)
	var chart *pageData
	errs = append(errs, doc.Each(func(o []byte) bool {
		var d pageData
		if json.Unmarshal(o, &d) == nil {
			chart = &d
		}
		return chart == nil
	}, "component_impacts", "incident_links"))
	if chart != nil {
		errs = append(errs, chart.apply(p, names, src)...)
	}
	// The chart lists its links in no useful order.
	rollup.SortNewestFirst(p.Incidents)
	return p, errors.Join(errs...)
}

// apply adds the chart's data to the page: the components' published uptime, and the
// incidents the chart links to that the summary does not already list as ongoing.
func (d *pageData) apply(p *statusfeed.Page, names map[string]statusfeed.ComponentRef, src statusfeed.Source) []error {
	var errs []error
	uptime := map[string]*float64{}
	for _, u := range d.ComponentUptimes {
		if u.ComponentID == "" || u.Uptime == "" {
			continue // a group's uptime: groups are not components here
		}
		f, err := strconv.ParseFloat(u.Uptime, 64)
		if err != nil {
			errs = append(errs, &statusfeed.EntryError{Entry: u.ComponentID, Err: fmt.Errorf("uptime %q: %w", u.Uptime, err)})
			continue
		}
		uptime[u.ComponentID] = &f
	}
	for i := range p.Components {
		if f, ok := uptime[p.Components[i].ID]; ok {
			p.Components[i].UptimePercent = f
		}
	}
	have := map[string]int{}
	for i, inc := range p.Incidents {
		have[inc.ID] = i
	}
	impacts := map[string][]int{} // incident ID → its impacts, in the page's order
	for i, ci := range d.ComponentImpacts {
		impacts[ci.IncidentID] = append(impacts[ci.IncidentID], i)
	}
	for _, l := range d.IncidentLinks {
		if i, ok := have[l.ID]; ok {
			p.Incidents[i].Shortlink = l.Permalink
			continue
		}
		have[l.ID] = len(p.Incidents)
		inc := statusfeed.Incident{ID: l.ID, Title: l.Name, Status: normalize.Status(l.Status), Shortlink: l.Permalink,
			Sources: []statusfeed.Origin{src.Origin(Name, p.Format)}}
		if p.URL != "" {
			inc.URL = p.URL + "/incidents/" + l.ID
		}
		ierrs := d.impacts(&inc, impacts[l.ID], names)
		inc.Kind = kindOfImpacts(inc.Components)
		if err := normalize.Finish(&inc, normalize.OrderUnknown); err != nil {
			ierrs = append(ierrs, err)
		}
		p.Incidents = append(p.Incidents, inc)
		errs = append(errs, entryErrors(l.ID, ierrs)...)
	}
	return errs
}

// kindOfImpacts tells an incident from a maintenance by what it did to components: an outage
// or degradation is an incident's, "under_maintenance" a maintenance's. Without impacts, or
// with both, the kind is unknown.
func kindOfImpacts(refs []statusfeed.ComponentRef) statusfeed.Kind {
	kind := statusfeed.KindUnknown
	for _, r := range refs {
		k := statusfeed.KindIncident
		switch r.Status {
		case statusfeed.ComponentUnderMaintenance:
			k = statusfeed.KindMaintenance
		case statusfeed.ComponentDegradedPerformance, statusfeed.ComponentPartialOutage, statusfeed.ComponentMajorOutage:
		default:
			continue
		}
		if kind != statusfeed.KindUnknown && kind != k {
			return statusfeed.KindUnknown
		}
		kind = k
	}
	return kind
}

// impacts reads a listed incident's component impacts. The page gives such an incident no
// timeline: when it was published, and when each of its components was impacted and how. Its
// start and resolution are the bounds of those impacts, the times the page itself charts (the
// publication time is not its start: incidents are often back-dated); its impact is the worst
// of them, and a component's status with it that of its latest impact.
func (d *pageData) impacts(inc *statusfeed.Incident, which []int, names map[string]statusfeed.ComponentRef) []error {
	var errs []error
	var words []string
	var end time.Time
	open := false
	latest := map[string]time.Time{} // component ID → start of its latest impact
	place := map[string]int{}        // component ID → index in inc.Components
	for _, k := range which {
		ci := &d.ComponentImpacts[k]
		start := timeField("start_at", ci.StartAt, &errs)
		if inc.StartedAt.IsZero() || start.Before(inc.StartedAt) {
			inc.StartedAt = start
		}
		if ci.EndAt == "" {
			open = true
		} else if e := timeField("end_at", ci.EndAt, &errs); e.After(end) {
			end = e
		}
		words = append(words, ci.Status)
		j, seen := place[ci.ComponentID]
		if !seen {
			ref, ok := names[ci.ComponentID]
			if !ok {
				ref = statusfeed.ComponentRef{ID: ci.ComponentID}
			}
			j = len(inc.Components)
			place[ci.ComponentID] = j
			inc.Components = append(inc.Components, ref)
		}
		if !seen || !start.Before(latest[ci.ComponentID]) {
			latest[ci.ComponentID] = start
			inc.Components[j].Status = normalize.ComponentStatus(ci.Status)
		}
	}
	inc.Impact, inc.RawImpact = impactOf(words)
	if inc.Status.Terminal() && !open && !end.IsZero() {
		inc.ResolvedAt = end
	}
	return errs
}
