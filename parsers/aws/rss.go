package aws

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"statusfeed.dev/normalize"
	"statusfeed.dev/parsers/internal/feeddoc"
	"statusfeed.dev/statusfeed"
)

// phrase is a status phrase AWS puts before an event's title in each item, with what it says.
type phrase struct {
	text   string
	status statusfeed.Status
	impact statusfeed.Impact
}

// phrases, as the captures write them. Only "operating normally" is a lifecycle word; the
// others grade the impact and say nothing of the phase, so their items are notes
// (StatusUpdate). "Service impact" ranks below "Service disruption": the 2026 ME-SOUTH-1 event
// posted "Service impact" for weeks, then "Service disruption" once the region was unavailable.
var phrases = []phrase{
	{"Service is operating normally", statusfeed.StatusResolved, statusfeed.ImpactUnknown},
	{"Informational message", statusfeed.StatusUpdate, statusfeed.ImpactNone},
	{"Service degradation", statusfeed.StatusUpdate, statusfeed.ImpactMinor},
	{"Service impact", statusfeed.StatusUpdate, statusfeed.ImpactMinor},
	{"Service disruption", statusfeed.StatusUpdate, statusfeed.ImpactMajor},
}

// splitTitle splits "Service impact: Increased Packet loss" into its phrase and the event's
// title. A title with no known phrase is all title.
func splitTitle(title string) (p phrase, raw, rest string) {
	t := strings.TrimSpace(title)
	for _, ph := range phrases {
		if len(t) > len(ph.text) && strings.EqualFold(t[:len(ph.text)], ph.text) && t[len(ph.text)] == ':' {
			return ph, t[:len(ph.text)], strings.TrimSpace(t[len(ph.text)+1:])
		}
	}
	return phrase{}, "", t
}

// item is one RSS item: one update of one event.
type item struct {
	index    int    // position in the document
	guid     string // the item's GUID
	ref      string // its fragment, "<code>_<unix>", or the whole GUID when it has none
	code     string // dashboard code, "directconnect-eu-central-1"; "" when the GUID has none
	title    string // the event's title, phrase and resolved tags removed
	key      string // what the item's event is known by; see parseRSS
	link     string
	impact   statusfeed.Impact
	rawPh    string // the phrase as written
	resolves bool
	update   statusfeed.Update
}

// parseRSS reads a dashboard feed, which publishes one item per update, and groups the items
// into events. An event is known by the dashboard code in its items' GUIDs and its title folded
// (phrase and "[RESOLVED]" tags removed, case and spacing ignored: AWS re-cases titles between
// updates). The number after the code is each item's own time, not the event's. Taken oldest
// first, an item joins the open event of its key; one that does not resolve, coming after the
// event was resolved, starts a new event (the same trouble again).
func parseRSS(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	f, err := feeddoc.Read(r, src.Format)
	if err != nil {
		return nil, err
	}
	if !confirmFeed(f) {
		return nil, fmt.Errorf("%w: the feed carries none of AWS's markers", statusfeed.ErrUnknownFormat)
	}
	page, err := feeddoc.NewPage(Name, f, src)
	page.Name = vendorName
	var errs []error
	if err != nil {
		errs = append(errs, err)
	}
	items := make([]item, len(f.Entries))
	for i := range f.Entries {
		var ierrs []error
		items[i], ierrs = readItem(i, &f.Entries[i], page)
		for _, e := range ierrs {
			errs = append(errs, &statusfeed.EntryError{Entry: items[i].guid, Err: e})
		}
	}
	page.Incidents = events(items, serviceName(f, items), page, src)
	return page, errors.Join(errs...)
}

// confirmFeed accepts a feed with the dashboard's generator or one of its GUIDs anywhere.
func confirmFeed(f *feeddoc.Feed) bool {
	if strings.HasPrefix(f.Generator, "AWS Service Health Dashboard") {
		return true
	}
	for i := range f.Entries {
		if guidID.MatchString(strings.TrimSpace(f.Entries[i].ID)) {
			return true
		}
	}
	return false
}

func readItem(index int, e *feeddoc.Entry, page *statusfeed.Page) (item, []error) {
	it := item{index: index, guid: strings.TrimSpace(e.ID), link: e.Link}
	if it.guid == "" {
		it.guid = e.Title
	}
	it.ref = it.guid
	var unix int64 = -1
	if _, frag, ok := strings.Cut(it.guid, "#"); ok {
		it.ref = frag
		if code, n, ok := cutLast(frag, "_"); ok {
			if v, err := strconv.ParseInt(n, 10, 64); err == nil {
				it.code, unix = code, v
			}
		}
	}
	ph, raw, rest := splitTitle(e.Title)
	it.title, _ = stripResolved(rest)
	_, tag := stripResolved(e.Title)
	it.rawPh, it.impact = raw, ph.impact
	// A "[RESOLVED]" title resolves whatever the phrase: the 2019 Tokyo feed has an
	// "Informational message: … [RESOLVED] …" item that is the whole of its event.
	it.resolves = ph.status == statusfeed.StatusResolved || tag != ""
	it.key = it.code + "\x00" + strings.ToLower(strings.Join(strings.Fields(it.title), " "))

	published, _, errs := e.Times(page)
	switch {
	case published.IsZero() && unix >= 0:
		published = time.Unix(unix, 0) // the GUID's number is the item's time
	case published.IsZero():
		errs = append(errs, errors.New("no date"))
	case unix >= 0 && !published.Equal(time.Unix(unix, 0)):
		page.Warn("an item's pubDate and the time in its GUID disagree; the pubDate is used")
	}
	status := ph.status
	if it.resolves {
		status = statusfeed.StatusResolved
	}
	it.update = statusfeed.Update{At: published.UTC(), Status: status, RawStatus: raw,
		Body: normalize.Text(feeddoc.UnescapeMarkup(e.Content))}
	return it, errs
}

func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// serviceName is the service a per-service feed is about, from its title ("Amazon Elastic
// Compute Cloud (Tokyo) Service Status"), when every item carries the same code; "" for the
// all-services feed.
func serviceName(f *feeddoc.Feed, items []item) string {
	if len(items) == 0 || items[0].code == "" {
		return ""
	}
	for _, it := range items[1:] {
		if it.code != items[0].code {
			return ""
		}
	}
	t := strings.TrimSpace(f.Title)
	if !strings.HasSuffix(t, " Service Status") {
		return ""
	}
	return strings.TrimSuffix(t, " Service Status")
}

var impactRank = map[statusfeed.Impact]int{statusfeed.ImpactNone: 1, statusfeed.ImpactMinor: 2, statusfeed.ImpactMajor: 3}

// events groups items into incidents, newest first.
func events(items []item, service string, page *statusfeed.Page, src statusfeed.Source) []statusfeed.Incident {
	order := make([]*item, len(items))
	for i := range items {
		order[i] = &items[i]
	}
	// Oldest first; the feed lists newest first, so of two items of one second the later in
	// the document is the older.
	sort.SliceStable(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if !a.update.At.Equal(b.update.At) {
			return a.update.At.Before(b.update.At)
		}
		return a.index > b.index
	})
	var groups [][]*item
	open := map[string]int{} // key → index in groups of its latest event
	for _, it := range order {
		g, ok := open[it.key]
		if ok && groupResolved(groups[g]) && !it.resolves {
			ok = false
		}
		if !ok {
			g = len(groups)
			groups = append(groups, nil)
			open[it.key] = g
		}
		groups[g] = append(groups[g], it)
	}
	incs := make([]statusfeed.Incident, 0, len(groups))
	for _, g := range groups {
		incs = append(incs, incident(g, service, page, src))
	}
	sort.SliceStable(incs, func(i, j int) bool {
		return last(&incs[i]).After(last(&incs[j]))
	})
	return incs
}

func groupResolved(g []*item) bool { return g[len(g)-1].resolves }

func last(inc *statusfeed.Incident) time.Time {
	if len(inc.Updates) == 0 {
		return time.Time{}
	}
	return inc.Updates[len(inc.Updates)-1].At
}

// incident builds one event from its items, oldest first: the ID is the first item's GUID
// fragment, the title and link the latest item's, the impact the worst phrase.
func incident(g []*item, service string, page *statusfeed.Page, src statusfeed.Source) statusfeed.Incident {
	first, latest := g[0], g[len(g)-1]
	inc := statusfeed.Incident{
		ID:      first.ref,
		Title:   latest.title,
		URL:     latest.link,
		Kind:    statusfeed.KindIncident,
		Updates: make([]statusfeed.Update, 0, len(g)),
		Sources: []statusfeed.Origin{src.Origin(Name, page.Format)},
	}
	inc.Components, inc.Regions = affected(latest.code, service)
	for _, it := range g {
		inc.Updates = append(inc.Updates, it.update)
		if impactRank[it.impact] > impactRank[inc.Impact] {
			inc.Impact, inc.RawImpact = it.impact, it.rawPh
		}
	}
	normalize.Finish(&inc, normalize.OldestFirst) // items were grouped oldest first
	return inc
}
