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
	"time"

	"statusfeed.dev/normalize"
	"statusfeed.dev/parsers/internal/flight"
	"statusfeed.dev/parsers/internal/rollup"
	"statusfeed.dev/statusfeed"
)

// Instatus home pages, two generations of Next.js (FORMATS.md §13):
//
//   - pages router (to 2023): the data is <script id="__NEXT_DATA__"> near the end of the page,
//     props.pageProps = {site, components, activeIncidents, activeMaintenances, notices,
//     dailyGroupedNotices, componentsUptime, …};
//   - app router (late 2023 on): the same objects are the props of a flight element, spread over
//     self.__next_f.push chunks, with text fields turned into translations.

var (
	// instatusHost is a URL on an Instatus host, plain or percent-encoded, as the first
	// kilobytes of both generations show it: og-image.instatus.com (2023),
	// instatus.com/user-content and <page>.instatus.com/api/og (2026).
	instatusHost = regexp.MustCompile(`(?://|%2F%2F)(?:[a-z0-9-]+\.)*instatus\.com(?:/|%2F)`)
	nextAssets   = []byte("/_next/")
)

// detectPage says Certain for a Next.js page that loads from an Instatus host, and Possible for
// any other Next.js page, whose data (beyond the prefix) the parser then confirms.
func detectPage(prefix []byte) statusfeed.Match {
	if !bytes.Contains(prefix, nextAssets) {
		return statusfeed.NoMatch
	}
	if instatusHost.Match(prefix) {
		return statusfeed.Certain
	}
	return statusfeed.Possible
}

// errNotInstatus declines a page without Instatus' data.
var errNotInstatus = fmt.Errorf("%w: no Instatus site data in the page", statusfeed.ErrUnknownFormat)

func parsePage(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	data, err := statusfeed.ReadAll(r)
	if err != nil {
		return nil, err
	}
	props, err := findProps(data)
	if props == nil {
		return nil, err
	}
	p, perr := props.page(src)
	return p, errors.Join(err, perr)
}

// findProps finds the page's data in either generation; a nil result declines the page.
func findProps(data []byte) (*pageProps, error) {
	if nd, ok := flight.NextData(data); ok {
		var doc struct {
			Props struct {
				PageProps *pageProps `json:"pageProps"`
			} `json:"props"`
		}
		if err := json.Unmarshal(nd, &doc); err != nil {
			return nil, fmt.Errorf("%w: __NEXT_DATA__: %v", statusfeed.ErrUnknownFormat, err)
		}
		// As in the flight data, the home page's props hold the site and its active incidents.
		if pp := doc.Props.PageProps; pp != nil && pp.Site != nil && pp.ActiveIncidents != nil {
			return pp, nil
		}
		return nil, errNotInstatus
	}
	payload, err := flight.Payload(data)
	if errors.Is(err, flight.ErrNoData) {
		return nil, errNotInstatus
	}
	doc, perr := flight.Parse(payload)
	// The element rendering the home page carries the site with its active incidents.
	var found *pageProps
	ferr := doc.Each(func(o []byte) bool {
		var pp pageProps
		if json.Unmarshal(o, &pp) == nil && pp.Site != nil && pp.ActiveIncidents != nil {
			found = &pp
		}
		return found == nil
	}, "site", "activeIncidents")
	if found == nil {
		return nil, errNotInstatus
	}
	return found, errors.Join(err, perr, ferr)
}

// page maps the page's data into the model.
func (pp *pageProps) page(src statusfeed.Source) (*statusfeed.Page, error) {
	s := pp.Site
	lang := s.Language
	p := &statusfeed.Page{Provider: Name, Format: statusfeed.FormatHTML, ID: s.ID, Name: s.Name.in(lang), URL: src.URL}
	for _, host := range []string{s.CustomDomain, pp.URL} {
		if host = strings.TrimSuffix(strings.TrimSpace(host), "/"); host != "" {
			p.URL = host
			if !strings.HasPrefix(host, "http") {
				p.URL = "https://" + host
			}
			break
		}
	}
	if p.URL == "" && s.Subdomain != "" {
		p.URL = "https://" + s.Subdomain + ".instatus.com"
	}
	var errs []error
	comps := pp.Components
	if len(comps) == 0 {
		comps = s.Components
	}
	refs := map[string]statusfeed.ComponentRef{}
	errs = append(errs, pp.addComponents(p, comps, "", lang, refs)...)
	p.RawStatus = s.Status
	var note string
	if p.Status, note = siteStatus(s.Status, s.MainStatus, p.Components); note != "" {
		p.Warn(note)
	}
	o := &noticeOptions{format: statusfeed.FormatHTML, pageURL: p.URL, lang: lang, durationUnit: time.Second, components: refs}
	for _, n := range pp.notices() {
		inc, ierrs := n.n.incident(n.kind, o, src)
		p.Incidents = append(p.Incidents, inc)
		for _, e := range ierrs {
			errs = append(errs, &statusfeed.EntryError{Entry: n.n.ID, Err: e})
		}
	}
	rollup.SortNewestFirst(p.Incidents)
	return p, errors.Join(errs...)
}

// addComponents adds a list of components; one with children is a group, listed with IsGroup
// before its components.
func (pp *pageProps) addComponents(p *statusfeed.Page, list componentList, group, lang string, refs map[string]statusfeed.ComponentRef) []error {
	var errs []error
	for i := range list {
		c := &list[i]
		name := c.Name.in(lang)
		comp := statusfeed.Component{ID: c.ID, Name: name, Group: group, Status: normalize.ComponentStatus(c.Status), RawStatus: c.Status,
			Description: c.Description.in(lang), IsGroup: c.IsParent || len(c.Children) > 0}
		if comp.Description == "" {
			comp.Description = normalize.Text(c.DescriptionHTML.in(lang))
		}
		if comp.Group == "" && c.Group != nil {
			comp.Group = c.Group.Name.in(lang)
		}
		if u, ok := pp.ComponentsUptime[c.ID]; ok {
			comp.UptimePercent = u.Uptime.v
			var err error
			if comp.Uptime, err = u.days(); err != nil {
				errs = append(errs, &statusfeed.EntryError{Entry: c.ID, Err: err})
			}
		}
		p.Components = append(p.Components, comp)
		if c.ID != "" {
			refs[c.ID] = statusfeed.ComponentRef{ID: c.ID, Name: name, Group: comp.Group}
		}
		if comp.IsGroup {
			errs = append(errs, pp.addComponents(p, c.Children, name, lang, refs)...)
		}
	}
	return errs
}

// days reads the 2023 days dictionary: the days that had notices, with their incident IDs.
// Instatus gives no outage time for them, so the seconds stay zero (see doc.go).
func (u *componentUptime) days() ([]statusfeed.UptimeDay, error) {
	var out []statusfeed.UptimeDay
	var errs []error
	for _, month := range u.DaysDictionary {
		for key, day := range month.Days {
			d, err := calendarDay(key)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			out = append(out, statusfeed.UptimeDay{Date: d, Incidents: append([]string(nil), day.Notices...)})
		}
	}
	// Map order is random: the record is sorted by day, and by incident list on a repeated day.
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Date.Equal(out[j].Date) {
			return out[i].Date.Before(out[j].Date)
		}
		return strings.Join(out[i].Incidents, ",") < strings.Join(out[j].Incidents, ",")
	})
	for i := range out {
		sort.Strings(out[i].Incidents)
	}
	return out, errors.Join(errs...)
}

type kindedNotice struct {
	n    *notice
	kind statusfeed.Kind
}

// notices gathers the page's incidents and maintenances: the active ones (with their updates
// and their components' statuses), the days' notices (with updates), and the notices index
// (components by ID only). One ID appears in several; each field is taken from the first list
// that has it, in that order.
func (pp *pageProps) notices() []kindedNotice {
	var out []kindedNotice
	at := map[string]int{}
	add := func(n notice, kind statusfeed.Kind) {
		i, seen := at[n.ID]
		if !seen || n.ID == "" {
			at[n.ID] = len(out)
			out = append(out, kindedNotice{&n, kind})
			return
		}
		have := out[i].n
		fill := func(dst *string, src string) {
			if *dst == "" {
				*dst = src
			}
		}
		fill(&have.Status, n.Status)
		fill(&have.Impact, n.Impact)
		fill(&have.Started, n.Started)
		fill(&have.Resolved, n.Resolved)
		fill(&have.Start, n.Start)
		fill(&have.URL, n.URL)
		if have.Duration == "" {
			have.Duration = n.Duration
		}
		if have.Name.in("") == "" {
			have.Name = n.Name
		}
		if len(have.Components) == 0 {
			have.Components = n.Components
		}
		if len(have.Updates) == 0 {
			have.Updates = n.Updates
		}
		if out[i].kind == statusfeed.KindUnknown {
			out[i].kind = kind
		}
	}
	for _, n := range pp.ActiveIncidents {
		add(n, statusfeed.KindIncident)
	}
	for _, n := range pp.ActiveMaintenances {
		add(n, statusfeed.KindMaintenance)
	}
	for _, d := range pp.DailyGroupedNotices {
		for _, n := range d.Notices {
			add(withoutStatuses(n), statusfeed.KindUnknown)
		}
	}
	ids := make([]string, 0, len(pp.Notices))
	for id := range pp.Notices {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		n := pp.Notices[id]
		if n.ID == "" {
			n.ID = id
		}
		add(withoutStatuses(n), statusfeed.KindUnknown)
	}
	return out
}

// withoutStatuses drops the statuses a day's notice gives its components: they are the
// components' statuses when the page was rendered, not during a past incident. An active
// incident's components keep theirs, which are the incident's current state.
func withoutStatuses(n notice) notice {
	comps := make([]componentRef, len(n.Components))
	for i, c := range n.Components {
		comps[i] = componentRef{ID: c.ID, Name: c.Name, Group: c.Group}
	}
	n.Components = comps
	return n
}
