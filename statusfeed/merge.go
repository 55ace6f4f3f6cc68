package statusfeed

import (
	"errors"
	"fmt"
	"iter"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
)

// ErrNothingToMerge is returned by Merge when it is given no page.
var ErrNothingToMerge = errors.New("statusfeed: nothing to merge")

// ErrDifferentVendors is returned, wrapped with the two pages it names, by Merge when its pages
// are not all of one vendor: an incident history mixed from two vendors would be wrong in a way
// no later reader could tell.
var ErrDifferentVendors = errors.New("statusfeed: pages of different vendors")

// precision ranks what a format's times and facts are worth: JSON APIs and HTML incident pages
// carry exact times; feeds and home pages carry year-less, minute-precision stamps.
func precision(format string) int {
	switch format {
	case "json":
		return 3
	case "html":
		return 2
	}
	return 1
}

// Merge combines pages of one vendor read from several sources (its feed, its JSON API, its HTML
// pages) into one page. The same incident seen in several sources becomes one incident: they are
// matched on the vendor's ID, the incident code in their URLs, their shortlinks, and failing
// those on title and start time. Each field keeps the most precise value any source has (exact
// times over year-less stamps; a JSON impact over an absent one; the postmortem wherever it
// appears), and Sources lists every document an incident was read from. Components are merged
// by ID, else by group and name. The merged page's Format is "merged".
//
// Times are kept field by field: whichever view supplies an incident's timeline, an update time,
// start or end written to the minute (a feed's or home page's stamp) is replaced by the exact
// time another view gives for the same event within that minute (a JSON API's, an incident
// page's data-datetime-unix).
//
// Pages must be of one vendor: two pages whose URLs have different hosts, unless both carry
// the same page ID, or whose IDs differ, unless their hosts agree, give an error wrapping
// ErrDifferentVendors. Pages that carry neither cannot be told apart and are merged.
//
// Merge does not modify its inputs, and the merged page shares no memory with them.
func Merge(pages ...*Page) (*Page, error) {
	var in []*Page
	for _, p := range pages {
		if p != nil {
			in = append(in, p)
		}
	}
	if len(in) == 0 {
		return nil, ErrNothingToMerge
	}
	hosts := make([]string, len(in)) // parsed once: the check below is pairwise
	for i, p := range in {
		hosts[i] = host(p.URL)
	}
	for i, a := range in {
		for j := i + 1; j < len(in); j++ {
			if b := in[j]; !sameVendor(a, b, hosts[i], hosts[j]) {
				return nil, fmt.Errorf("%w: %s and %s", ErrDifferentVendors, vendorLabel(a), vendorLabel(b))
			}
		}
	}
	// Most precise first, so that first-wins choices below prefer it.
	sort.SliceStable(in, func(i, j int) bool { return precision(in[i].Format) > precision(in[j].Format) })
	out := &Page{Format: "merged"}
	// The overall status is a current value: it comes from the most recently generated page
	// that states one.
	var statusAt time.Time
	for _, p := range in {
		if p.Status != ComponentUnknown && (out.Status == ComponentUnknown || p.GeneratedAt.After(statusAt)) {
			out.Status, out.RawStatus, statusAt = p.Status, p.RawStatus, p.GeneratedAt
		}
	}
	for _, p := range in {
		out.Provider = firstNonEmpty(out.Provider, p.Provider)
		out.ID = firstNonEmpty(out.ID, p.ID)
		out.Name = firstNonEmpty(out.Name, p.Name)
		out.URL = firstNonEmpty(out.URL, p.URL)
		if p.GeneratedAt.After(out.GeneratedAt) {
			out.GeneratedAt = p.GeneratedAt
		}
		for _, w := range p.Warnings {
			out.Warn(w)
		}
		if p.Provider != "" && out.Provider != p.Provider {
			out.Warn("merged pages from different providers: " + out.Provider + " and " + p.Provider)
		}
		out.Components = mergeComponents(out.Components, p.Components)
	}
	gr := grouper{byKey: map[string]int{}, byTitle: map[string][]titled{}}
	for _, p := range in {
		for i := range p.Incidents {
			gr.add(&p.Incidents[i])
		}
	}
	for _, g := range gr.groups {
		out.Incidents = append(out.Incidents, mergeIncident(g, out.Components))
	}
	sort.SliceStable(out.Incidents, func(i, j int) bool {
		return latest(&out.Incidents[i]).After(latest(&out.Incidents[j]))
	})
	return out, nil
}

// sameVendor reports whether two pages may be of one vendor: the same host, or the same page
// ID. Only what both pages carry is compared; pages that share neither kind of identity are
// taken to be one vendor's, since nothing says otherwise.
func sameVendor(a, b *Page, ha, hb string) bool {
	comparable := false
	if ha != "" && hb != "" {
		if ha == hb {
			return true
		}
		comparable = true
	}
	if a.ID != "" && b.ID != "" {
		if a.ID == b.ID {
			return true
		}
		comparable = true
	}
	return !comparable
}

func host(link string) string {
	if link == "" {
		return ""
	}
	if !strings.Contains(link, "://") {
		link = "https://" + link // a bare "status.example.com"
	}
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// vendorLabel names a page in an error: its name, quoted so that vendor text cannot break the
// line, and the identities compared.
func vendorLabel(p *Page) string {
	var ids []string
	if h := host(p.URL); h != "" {
		ids = append(ids, h)
	}
	if p.ID != "" {
		ids = append(ids, "page ID "+p.ID)
	}
	return fmt.Sprintf("%q (%s)", p.Name, strings.Join(ids, ", "))
}

func latest(i *Incident) time.Time {
	t := i.StartedAt
	for _, u := range i.Updates {
		if u.At.After(t) {
			t = u.At
		}
	}
	if i.ScheduledFor.After(t) {
		t = i.ScheduledFor
	}
	return t
}

func mergeComponents(have, add []Component) []Component {
	for _, c := range add {
		found := -1
		for i, h := range have {
			if (c.ID != "" && h.ID == c.ID) || (c.ID == "" || h.ID == "") && h.Name == c.Name && h.Group == c.Group {
				found = i
				break
			}
		}
		if found < 0 {
			have = append(have, c.clone())
			continue
		}
		h := &have[found]
		h.ID = firstNonEmpty(h.ID, c.ID)
		h.Name = firstNonEmpty(h.Name, c.Name)
		h.Group = firstNonEmpty(h.Group, c.Group)
		h.Description = firstNonEmpty(h.Description, c.Description)
		if h.Status == ComponentUnknown {
			h.Status, h.RawStatus = c.Status, c.RawStatus
		}
		if len(h.Uptime) == 0 {
			h.Uptime = c.clone().Uptime
		}
		if h.UptimePercent == nil {
			h.UptimePercent = c.clone().UptimePercent
		}
		h.IsGroup = h.IsGroup || c.IsGroup
	}
	return have
}

// clone returns a copy of c that shares no memory with it.
func (c Component) clone() Component {
	c.Uptime = slices.Clone(c.Uptime)
	for i := range c.Uptime {
		c.Uptime[i].Incidents = slices.Clone(c.Uptime[i].Incidents)
	}
	if c.UptimePercent != nil {
		v := *c.UptimePercent
		c.UptimePercent = &v
	}
	return c
}

// clone returns a copy of i that shares no memory with it.
func (i Incident) clone() Incident {
	i.Components = slices.Clone(i.Components)
	i.Regions = slices.Clone(i.Regions)
	i.Updates = slices.Clone(i.Updates)
	i.Sources = slices.Clone(i.Sources)
	if i.Postmortem != nil {
		pm := *i.Postmortem
		pm.Sections = slices.Clone(pm.Sections)
		i.Postmortem = &pm
	}
	return i
}

// keys are the identities an incident is known by across sources: its ID, the code in its
// URL, its shortlink.
func keys(i *Incident) []string {
	var ks []string
	if i.ID != "" {
		ks = append(ks, "id:"+i.ID)
	}
	if code := IncidentCode(i.URL); code != "" {
		ks = append(ks, "id:"+code)
	}
	if i.Shortlink != "" {
		ks = append(ks, "short:"+strings.TrimPrefix(strings.TrimPrefix(i.Shortlink, "https://"), "http://"))
	}
	return ks
}

// IncidentCode returns the code an incident URL ends in (".../incidents/<code>",
// ".../maintenance/<code>"), or "" for another URL. It is how one incident is recognized across
// a vendor's feed, API and pages.
func IncidentCode(link string) string {
	u, err := url.Parse(link)
	if err != nil || u.Path == "" {
		return ""
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(segs) < 2 {
		return ""
	}
	switch segs[len(segs)-2] {
	case "incidents", "incident", "maintenance", "maintenances":
		return segs[len(segs)-1]
	}
	return ""
}

// grouper gathers the views of one incident. An incident joins the earliest group that shares
// one of its keys with it, else the earliest whose member has its title and starts within an
// hour of it, else a group of its own. Keys and titles are indexed, so that merging a vendor's
// whole history is linear rather than quadratic in its incidents.
type grouper struct {
	groups  [][]*Incident
	byKey   map[string]int      // key → the earliest group holding it
	byTitle map[string][]titled // folded title → the members with a start, by group
}

type titled struct {
	group int
	at    time.Time
}

func (gr *grouper) add(inc *Incident) {
	ks := keys(inc)
	g := -1
	for _, k := range ks {
		if i, ok := gr.byKey[k]; ok && (g < 0 || i < g) {
			g = i
		}
	}
	title, at := strings.ToLower(strings.TrimSpace(inc.Title)), startOrFirst(inc)
	if g < 0 && title != "" && !at.IsZero() {
		for _, m := range gr.byTitle[title] {
			if d := m.at.Sub(at); d < time.Hour && d > -time.Hour && (g < 0 || m.group < g) {
				g = m.group
			}
		}
	}
	if g < 0 {
		g = len(gr.groups)
		gr.groups = append(gr.groups, nil)
	}
	gr.groups[g] = append(gr.groups[g], inc)
	for _, k := range ks {
		if i, ok := gr.byKey[k]; !ok || g < i {
			gr.byKey[k] = g
		}
	}
	if title != "" && !at.IsZero() {
		gr.byTitle[title] = append(gr.byTitle[title], titled{g, at})
	}
}

func startOrFirst(i *Incident) time.Time {
	if !i.StartedAt.IsZero() {
		return i.StartedAt
	}
	if len(i.Updates) > 0 {
		return i.Updates[0].At
	}
	return i.ScheduledFor
}

// mergeIncident combines one incident's views; g is ordered most precise source first. The
// result shares no memory with the views.
func mergeIncident(g []*Incident, comps []Component) Incident {
	// The timeline comes from the view with the most updates, the more precise on a tie: a
	// history page's single last message must not replace a full timeline. Its times are made
	// exact below.
	best := g[0]
	for _, inc := range g[1:] {
		if len(inc.Updates) > len(best.Updates) {
			best = inc
		}
	}
	out := best.clone()
	out.Sources = nil
	for _, inc := range g {
		out.ID = firstNonEmpty(out.ID, inc.ID)
		out.Title = firstNonEmpty(out.Title, inc.Title)
		if u := inc.URL; out.URL == "" || IncidentCode(out.URL) == "" && IncidentCode(u) != "" {
			out.URL = firstNonEmpty(u, out.URL)
		}
		out.Shortlink = firstNonEmpty(out.Shortlink, inc.Shortlink)
		if out.Kind == KindUnknown {
			out.Kind = inc.Kind
		}
		if out.Impact == ImpactUnknown && inc.Impact != ImpactUnknown {
			out.Impact, out.RawImpact = inc.Impact, inc.RawImpact
		}
		out.RawImpact = firstNonEmpty(out.RawImpact, inc.RawImpact)
		if out.Status == StatusUnknown {
			out.Status = inc.Status
		}
		if len(out.Components) == 0 || !hasGroups(out.Components) && hasGroups(inc.Components) {
			if len(inc.Components) > 0 {
				out.Components = slices.Clone(inc.Components)
			}
		}
		if len(out.Regions) == 0 {
			out.Regions = slices.Clone(inc.Regions)
		}
		if out.StartedAt.IsZero() {
			out.StartedAt = inc.StartedAt
		}
		if out.ResolvedAt.IsZero() && out.Status.Terminal() {
			out.ResolvedAt = inc.ResolvedAt
		}
		if out.ScheduledFor.IsZero() {
			out.ScheduledFor, out.ScheduledUntil = inc.ScheduledFor, inc.ScheduledUntil
		}
		if out.DeclaredDuration == 0 {
			out.DeclaredDuration, out.RawDeclaredDuration = inc.DeclaredDuration, inc.RawDeclaredDuration
		}
		if out.Postmortem == nil || inc.Postmortem != nil && len(inc.Postmortem.Sections) > len(out.Postmortem.Sections) {
			if inc.Postmortem != nil {
				out.Postmortem = Incident{Postmortem: inc.Postmortem}.clone().Postmortem
			}
		}
		for _, s := range inc.Sources {
			out.Sources = appendOrigin(out.Sources, s)
		}
	}
	exactTimes(&out, g)
	// Components known only by ID take their names from the page.
	for i, r := range out.Components {
		if r.Name != "" || r.ID == "" {
			continue
		}
		for _, c := range comps {
			if c.ID == r.ID {
				out.Components[i].Name, out.Components[i].Group = c.Name, c.Group
			}
		}
	}
	return out
}

// exactTimes replaces each of out's times that is written to the minute with the exact time
// a view gives for the same event within that minute: an update's time with that of an update
// of the same status, a start or end with the view's own start or end, or failing that with an
// update's time (of a terminal status, for the end).
func exactTimes(out *Incident, g []*Incident) {
	field := func(t time.Time, get func(*Incident) time.Time) time.Time {
		return exact(t, func(yield func(time.Time) bool) {
			for _, inc := range g {
				if !yield(get(inc)) {
					return
				}
			}
		})
	}
	updates := func(t time.Time, keep func(Update) bool) time.Time {
		return exact(t, func(yield func(time.Time) bool) {
			for _, inc := range g {
				for _, u := range inc.Updates {
					if keep(u) && !yield(u.At) {
						return
					}
				}
			}
		})
	}
	anyUpdate := func(Update) bool { return true }
	for i := range out.Updates {
		st := out.Updates[i].Status
		out.Updates[i].At = updates(out.Updates[i].At, func(u Update) bool { return u.Status == st })
	}
	// Exact times may order updates of one minute differently from their stamps' tie-break.
	sort.SliceStable(out.Updates, func(i, j int) bool { return out.Updates[i].At.Before(out.Updates[j].At) })
	out.StartedAt = updates(field(out.StartedAt, func(i *Incident) time.Time { return i.StartedAt }), anyUpdate)
	out.ResolvedAt = updates(field(out.ResolvedAt, func(i *Incident) time.Time { return i.ResolvedAt }),
		func(u Update) bool { return u.Status.Terminal() })
	out.ScheduledFor = field(out.ScheduledFor, func(i *Incident) time.Time { return i.ScheduledFor })
	out.ScheduledUntil = field(out.ScheduledUntil, func(i *Incident) time.Time { return i.ScheduledUntil })
	if out.Postmortem != nil {
		out.Postmortem.PublishedAt = field(out.Postmortem.PublishedAt, func(i *Incident) time.Time {
			if i.Postmortem == nil {
				return time.Time{}
			}
			return i.Postmortem.PublishedAt
		})
	}
}

// exact returns the first candidate within the minute t was written to, when t is written to the
// minute (a stamp has no seconds), else t.
func exact(t time.Time, candidates iter.Seq[time.Time]) time.Time {
	if t.IsZero() || !t.Truncate(time.Minute).Equal(t) {
		return t
	}
	for c := range candidates {
		if !c.Equal(t) && c.Truncate(time.Minute).Equal(t) {
			return c
		}
	}
	return t
}

func hasGroups(refs []ComponentRef) bool {
	for _, r := range refs {
		if r.Group != "" {
			return true
		}
	}
	return false
}

func appendOrigin(os []Origin, o Origin) []Origin {
	for _, have := range os {
		if have == o {
			return os
		}
	}
	return append(os, o)
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
