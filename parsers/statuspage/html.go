package statuspage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html/atom"

	"statusfeed.dev/normalize"
	"statusfeed.dev/parsers/internal/statusapi"
	"statusfeed.dev/statusfeed"
)

// Statuspage HTML pages: the home page (components, uptime record, unresolved and past
// incidents), an incident page (/incidents/<code>), the history page (/history) and the uptime
// calendar (/uptime). Everything is matched by class name, never by tag name: the templates
// moved from div.update-title (2020) to h2.update-title (2025).

var htmlMarkers = [][]byte{
	[]byte("dka575ofm4ao0.cloudfront.net"), // Statuspage's asset host
	[]byte("Powered by Atlassian Statuspage"),
	[]byte("statuspage.io"),
	[]byte(`data-react-class="HistoryIndex"`),
	[]byte(`data-react-class="UptimeCalendar"`),
}

// detectHTML recognizes a Statuspage-rendered page by its asset host, its footer or its React
// mount points, together with a class name only its templates use.
func detectHTML(prefix []byte) statusfeed.Match {
	hits := 0
	for _, m := range htmlMarkers {
		if bytes.Contains(prefix, m) {
			hits++
		}
	}
	if hits == 0 {
		return statusfeed.NoMatch
	}
	for _, c := range [][]byte{[]byte("page-status"), []byte("components-section"), []byte("incident-updates-container"),
		[]byte("status-incident"), []byte("status-index"), []byte("data-react-class"), []byte("layout-content status")} {
		if bytes.Contains(prefix, c) {
			return statusfeed.Certain
		}
	}
	return statusfeed.Possible
}

func parseHTML(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	doc, err := goquery.NewDocumentFromReader(r)
	if err != nil {
		return nil, fmt.Errorf("html: %w", err)
	}
	ix := newHTMLIndex(doc.Nodes[0])
	p := &statusfeed.Page{Provider: Name, Format: "html"}
	p.URL = pageURL(ix, src)
	p.Name = pageName(ix)
	issued := time.Time{}
	if s, ok := ix.tagWith(atom.Meta, "name", "issued").Attr("content"); ok {
		if sec, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil {
			issued = time.Unix(sec, 0).UTC()
			p.GeneratedAt = issued
		}
	}
	// Every template marks the page's overall status on <body> ("status-none"); the home page
	// repeats it on .page-status.
	p.Status = statusapi.PageStatus(classWord(ix.tag(atom.Body).First(), "status-"))
	hp := &htmlPage{ix: ix, page: p, src: src, issued: issued}
	switch {
	case ix.attrValue("data-react-class", "HistoryIndex").Length() > 0:
		hp.history()
	case ix.attrValue("data-react-class", "UptimeCalendar").Length() > 0:
		hp.uptimeCalendar()
	case ix.class("incident-updates-container").Length() > 0 || ix.class("incident-name").Length() > 0:
		hp.incidentPage()
	default:
		hp.home()
	}
	return p, errors.Join(hp.errs...)
}

type htmlPage struct {
	ix     *htmlIndex
	page   *statusfeed.Page
	src    statusfeed.Source
	issued time.Time
	errs   []error
}

func (h *htmlPage) fail(entry string, err error) {
	h.errs = append(h.errs, &statusfeed.EntryError{Entry: entry, Err: err})
}

// pageURL is the page's own address: its canonical link, else its <base>, else the source's,
// reduced to scheme and host.
func pageURL(ix *htmlIndex, src statusfeed.Source) string {
	for _, s := range []*goquery.Selection{ix.tagWith(atom.Link, "rel", "canonical"), ix.tag(atom.Base).First(),
		ix.tagWith(atom.Meta, "property", "og:url"), ix.tagWith(atom.Link, "type", "application/atom+xml")} {
		href, ok := s.Attr("href")
		if !ok {
			href, ok = s.Attr("content")
		}
		if ok && href != "" {
			if u, err := url.Parse(href); err == nil && u.Host != "" {
				return u.Scheme + "://" + u.Host
			}
		}
	}
	if u, err := url.Parse(src.URL); err == nil && u.Host != "" {
		return u.Scheme + "://" + u.Host
	}
	return ""
}

// pageName is the vendor's name: "Report for <a>X</a>" on incident pages, else the <title>
// without " Status" and anything after it.
func pageName(ix *htmlIndex) string {
	if a := ix.class("subheader").Find("a").First(); a.Length() > 0 {
		return strings.TrimSpace(a.Text())
	}
	t := strings.TrimSpace(ix.tag(atom.Title).First().Text())
	if i := strings.Index(t, " Status"); i > 0 {
		return strings.TrimSpace(t[:i])
	}
	return t
}

// classWord returns the suffix of the first class with the given prefix ("impact-major" →
// "major").
func classWord(s *goquery.Selection, prefix string) string {
	for _, c := range strings.Fields(s.AttrOr("class", "")) {
		if strings.HasPrefix(c, prefix) {
			return strings.TrimPrefix(c, prefix)
		}
	}
	return ""
}

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// codeFrom returns the incident code in a link ("/incidents/ngfc753w7r4b").
func codeFrom(href string) string {
	if i := strings.Index(href, "/incidents/"); i >= 0 {
		code := href[i+len("/incidents/"):]
		if j := strings.IndexAny(code, "/?#"); j >= 0 {
			code = code[:j]
		}
		return code
	}
	return ""
}

func (h *htmlPage) incidentURL(code string) string {
	if h.page.URL == "" || code == "" {
		return ""
	}
	return h.page.URL + "/incidents/" + code
}

func (h *htmlPage) home() {
	ix, p := h.ix, h.page
	if st := statusapi.PageStatus(classWord(ix.class("page-status").First(), "status-")); st != statusfeed.ComponentUnknown {
		p.Status = st
	}
	h.components()
	h.uptime()
	ix.class("unresolved-incident").Each(func(_ int, s *goquery.Selection) {
		a := s.Find(".incident-title a.actual-title, .incident-title a").First()
		inc := h.newIncident(codeFrom(a.AttrOr("href", "")), clean(a.Text()), classWord(s, "impact-"))
		h.updates(&inc, s.Find(".updates .update"), h.issued, true)
		h.finish(&inc)
		p.Incidents = append(p.Incidents, inc)
	})
	ix.class("scheduled-maintenance").Each(func(_ int, s *goquery.Selection) {
		a := s.Find(".incident-title a").First()
		inc := h.newIncident(codeFrom(a.AttrOr("href", "")), clean(a.Text()), classWord(s, "impact-"))
		inc.Kind = statusfeed.KindMaintenance
		h.updates(&inc, s.Find(".updates .update"), h.issued, false)
		h.finish(&inc)
		p.Incidents = append(p.Incidents, inc)
	})
	ix.class("status-day").Each(func(_ int, day *goquery.Selection) {
		ref := h.issued
		if st, err := normalize.ParseStamp(clean(day.Find(".date").First().Text()) + " 23:59 UTC"); err == nil && st.Year != 0 {
			if t, _, err := st.ResolveNear(h.issued); err == nil {
				ref = t
			}
		}
		day.Find(".incident-container").Each(func(_ int, s *goquery.Selection) {
			title := s.Find(".incident-title").First()
			a := title.Find("a").First()
			inc := h.newIncident(codeFrom(a.AttrOr("href", "")), clean(a.Text()), classWord(title, "impact-"))
			h.updates(&inc, s.Find(".updates-container .update"), ref, false)
			h.finish(&inc)
			p.Incidents = append(p.Incidents, inc)
		})
	})
}

// finish completes an incident read from a page, which lists updates newest first: its kind
// from Statuspage's words where the page had no other marker, then what the timeline implies;
// a contradiction in the page's times is reported with the incident.
func (h *htmlPage) finish(inc *statusfeed.Incident) {
	if inc.Kind == statusfeed.KindUnknown {
		inc.Kind = statusapi.KindOf(inc.RawImpact, statusfeed.StatusUnknown, inc.Updates)
	}
	if err := normalize.Finish(inc, normalize.NewestFirst); err != nil {
		h.fail(inc.ID, err)
	}
}

func (h *htmlPage) newIncident(code, title, impact string) statusfeed.Incident {
	inc := statusfeed.Incident{ID: code, Title: title, URL: h.incidentURL(code), RawImpact: impact,
		Impact: normalize.Impact(impact), Sources: []statusfeed.Origin{h.src.Origin(Name, "html")}}
	if impact == "maintenance" {
		inc.Kind = statusfeed.KindMaintenance
	}
	return inc
}

// updates reads home-page updates: "<strong>Status</strong> - body <br> <small>stamp</small>",
// the status before the body and a year-less stamp after it. past says the updates cannot be
// later than ref (an open incident's, against the render time).
func (h *htmlPage) updates(inc *statusfeed.Incident, sel *goquery.Selection, ref time.Time, past bool) {
	sel.Each(func(_ int, u *goquery.Selection) {
		raw := clean(u.Find("strong").First().Text())
		stamp := clean(u.Find("small").Last().Text())
		body := u.Clone()
		body.Find("strong").First().Remove()
		body.Find("small").Last().Remove()
		bodyHTML, _ := body.Html()
		text := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(normalize.Text(bodyHTML)), "-"))
		if _, _, err := normalize.ParseRange(stamp); err == nil {
			// A scheduled maintenance shows its window ("Jan 12, 06:00 - 07:00 UTC") where an
			// update shows its posting time; the update is placed at the window's start.
			from, until, warn, err := rangeAt(stamp, ref, nil)
			if warn != "" {
				h.page.Warn(warn)
			}
			if err != nil {
				h.fail(inc.ID, err)
				return
			}
			inc.Kind, inc.ScheduledFor, inc.ScheduledUntil = statusfeed.KindMaintenance, from, until
			h.addUpdate(inc, from, raw, text)
			return
		}
		st, err := normalize.ParseStamp(stamp)
		if err != nil {
			h.fail(inc.ID, err)
			return
		}
		resolve := st.ResolveNear
		if past {
			resolve = st.ResolveBefore
		}
		at, warn, err := resolve(ref)
		if warn != "" {
			h.page.Warn(warn)
		}
		if err != nil {
			h.fail(inc.ID, err)
			return
		}
		h.addUpdate(inc, at, raw, text)
	})
}

// addUpdate appends an update, or makes it the postmortem when its title says so.
func (h *htmlPage) addUpdate(inc *statusfeed.Incident, at time.Time, raw, text string) {
	if strings.EqualFold(raw, "postmortem") {
		inc.Postmortem = &statusfeed.Postmortem{PublishedAt: at, Body: text, Sections: normalize.Sections(text)}
		return
	}
	inc.Updates = append(inc.Updates, statusfeed.Update{At: at, Status: normalize.Status(raw), RawStatus: raw, Body: text})
}

// components reads every [data-component-id] element: groups (.is-group) and their children
// (.child-components-container) alike.
func (h *htmlPage) components() {
	groupName := nodeNames{} // .component-container → its group's name
	for _, n := range h.ix.byAttr["data-component-id"] {
		raw := attrOf(n, "data-component-status")
		c := statusfeed.Component{ID: attrOf(n, "data-component-id"), Status: normalize.ComponentStatus(raw), RawStatus: raw}
		if name := firstWithClass(n, "name"); name != nil {
			c.Name = textSkipping(name, "group-parent-indicator")
		}
		if tip := firstWithClass(n, "tooltip-base"); tip != nil {
			c.Description = strings.TrimSpace(attrOf(tip, "title"))
		}
		// The figure printed beside the 90-day bar, <span id="uptime-percent-<id>">99.87</span>
		// (a <var> inside it since 2024): Statuspage's own, truncated to two decimals;
		// statusfeed.dev/analytics documents how it is computed.
		if span := firstWithAttr(n, "id", "uptime-percent-"+c.ID); c.ID != "" && span != nil {
			if v, err := strconv.ParseFloat(textSkipping(span, ""), 64); err == nil {
				c.UptimePercent = &v
			}
		}
		container := ancestorWithClass(n, "component-container")
		switch {
		case ancestorWithClass(n, "child-components-container") != nil && container != nil:
			c.Group = groupName[container]
		case container != nil && hasClass(container, "is-group"):
			c.IsGroup = true
			groupName[container] = c.Name // the group's own entry comes before its children
		}
		h.page.Components = append(h.page.Components, c)
	}
}

var uptimeVar = regexp.MustCompile(`var\s+uptimeData\s*=\s*`)

type uptimeComponent struct {
	Component struct {
		Code string `json:"code"`
		Name string `json:"name"`
		// StartDate, where set (2024 templates), is the component's first day; the days before
		// it are listed too, and the page says "No data exists for this day" of them.
		StartDate string `json:"startDate"`
	} `json:"component"`
	Days []struct {
		Date    string `json:"date"`
		Outages struct {
			P int64 `json:"p"`
			M int64 `json:"m"`
		} `json:"outages"`
		RelatedEvents []struct {
			Code string `json:"code"`
		} `json:"related_events"`
	} `json:"days"`
}

// uptime reads the page's "var uptimeData = {…}" script: per component, per day, seconds of
// partial and major outage and the related incidents. Days before a component's start date are
// left out: they are no record of it, and counting them would make a new component look up.
func (h *htmlPage) uptime() {
	h.ix.tag(atom.Script).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		text := s.Text()
		loc := uptimeVar.FindStringIndex(text)
		if loc == nil {
			return true
		}
		var data map[string]uptimeComponent
		if err := json.NewDecoder(strings.NewReader(text[loc[1]:])).Decode(&data); err != nil {
			h.fail("uptimeData", err)
			return false
		}
		byID := map[string]int{}
		for i, c := range h.page.Components {
			byID[c.ID] = i
		}
		// In the page's component order, not the map's: the same page must give the same
		// page and the same errors, in the same order.
		codes := make([]string, 0, len(data))
		for code := range data {
			codes = append(codes, code)
		}
		sort.Strings(codes)
		for _, code := range codes {
			uc := data[code]
			i, ok := byID[code]
			if !ok {
				continue
			}
			for _, d := range uc.Days {
				day, err := time.Parse(time.DateOnly, d.Date)
				if err != nil {
					h.fail("uptimeData "+code, err)
					continue
				}
				if start, err := time.Parse(time.DateOnly, uc.Component.StartDate); err == nil && day.Before(start) {
					continue
				}
				u := statusfeed.UptimeDay{Date: day, PartialOutageSeconds: d.Outages.P, MajorOutageSeconds: d.Outages.M}
				for _, e := range d.RelatedEvents {
					u.Incidents = append(u.Incidents, e.Code)
				}
				h.page.Components[i].Uptime = append(h.page.Components[i].Uptime, u)
			}
		}
		return false
	})
}

// incidentPage reads /incidents/<code>: title, impact, every update with its exact time from
// data-datetime-unix (milliseconds), the affected-components sentence and the postmortem.
func (h *htmlPage) incidentPage() {
	ix := h.ix
	title := ix.class("incident-name").First()
	code := codeFrom(ix.tagWith(atom.Meta, "property", "og:url").AttrOr("content", ""))
	if code == "" {
		code = codeFrom(ix.tagWith(atom.Link, "rel", "canonical").AttrOr("href", ""))
	}
	if code == "" {
		code = codeFrom(h.src.URL)
	}
	if code == "" { // the subscribe form names the incident, and the page links to itself
		code = ix.tagWith(atom.Input, "name", "incident_code").AttrOr("value", "")
	}
	for _, a := range ix.byTag[atom.A] {
		if code != "" {
			break
		}
		code = codeFrom(attrOf(a, "href"))
	}
	inc := h.newIncident(code, clean(title.Text()), classWord(title, "impact-"))
	ix.class("update-row").Each(func(_ int, row *goquery.Selection) {
		raw := clean(row.Find(".update-title").First().Text())
		bodyHTML, _ := row.Find(".update-body").First().Html()
		text := normalize.Text(bodyHTML)
		ts := row.Find(".update-timestamp").First()
		var at time.Time
		if ms, err := strconv.ParseInt(ts.Find("[data-datetime-unix]").AttrOr("data-datetime-unix", ""), 10, 64); err == nil {
			at = time.UnixMilli(ms).UTC()
		} else {
			stamp := ts.Clone()
			stamp.Find(".ago").Remove()
			s := strings.TrimPrefix(clean(stamp.Text()), "Posted ")
			t, warn, err := resolveNear(s, h.issued)
			if warn != "" {
				h.page.Warn(warn)
			}
			if err != nil {
				h.fail(code, err)
				return
			}
			at = t
		}
		h.addUpdate(&inc, at, raw, text)
	})
	if s := ix.class("components-affected").First(); s.Length() > 0 {
		inc.Components = normalize.Affected(clean(s.Text()))
	}
	h.finish(&inc)
	h.page.Incidents = append(h.page.Incidents, inc)
}

func resolveNear(stamp string, ref time.Time) (time.Time, string, error) {
	st, err := normalize.ParseStamp(stamp)
	if err != nil {
		return time.Time{}, "", err
	}
	return st.ResolveNear(ref)
}

type historyProps struct {
	PageStatus struct {
		Page struct {
			Name     string `json:"name"`
			TimeZone string `json:"time_zone"`
		} `json:"page"`
	} `json:"page_status"`
	Months []struct {
		Name      string `json:"name"`
		Year      int    `json:"year"`
		Incidents []struct {
			Code      string `json:"code"`
			Name      string `json:"name"`
			Message   string `json:"message"`
			Impact    string `json:"impact"`
			Timestamp string `json:"timestamp"`
		} `json:"incidents"`
	} `json:"months"`
}

// history reads /history: the HTML-escaped JSON of its HistoryIndex React props. Each incident
// there is its code, name, impact, last message and time range ("Jan 31, 22:00 - Feb 1, 02:00
// GMT"), whose year comes from its month.
func (h *htmlPage) history() {
	raw := h.ix.attrValue("data-react-class", "HistoryIndex").AttrOr("data-react-props", "")
	var props historyProps
	if err := json.Unmarshal([]byte(raw), &props); err != nil {
		h.fail("HistoryIndex", err)
		return
	}
	if props.PageStatus.Page.Name != "" {
		h.page.Name = props.PageStatus.Page.Name
	}
	// The props name the page's zone ("London", a Rails name): stamps are read in it exactly,
	// which also settles what an ambiguous label such as "BST" means.
	var loc *time.Location
	if z := props.PageStatus.Page.TimeZone; z != "" {
		var err error
		if loc, err = normalize.LoadZone(z); err != nil {
			h.page.Warn(fmt.Sprintf("page time zone %q is unknown; stamps read by their labels", z))
		}
	}
	for _, m := range props.Months {
		month, err := time.Parse("January 2006", fmt.Sprintf("%s %d", m.Name, m.Year))
		if err != nil {
			h.fail(m.Name, err)
			continue
		}
		ref := month.AddDate(0, 0, 14)
		for _, hi := range m.Incidents {
			inc := h.newIncident(hi.Code, strings.TrimSpace(hi.Name), hi.Impact)
			text := normalize.InlineText(hi.Timestamp)
			from, until, warn, err := rangeAt(text, ref, loc)
			if warn != "" {
				h.page.Warn(warn)
			}
			if err != nil {
				h.fail(hi.Code, err)
			} else if inc.Kind == statusfeed.KindMaintenance {
				inc.ScheduledFor, inc.ScheduledUntil = from, until
				inc.StartedAt = from // the history shows the window as the event's time
			} else {
				inc.StartedAt, inc.ResolvedAt = from, until
			}
			if !until.IsZero() {
				// The history keeps only the last update's words, not its status or time; the
				// range's end is when it was posted at the latest. Without a range there is no
				// time for it, and the range's error says so.
				inc.Updates = []statusfeed.Update{{At: until, Body: normalize.Text(hi.Message)}}
			}
			h.finish(&inc)
			h.page.Incidents = append(h.page.Incidents, inc)
		}
	}
}

// rangeAt reads a history range or a maintenance window, or a single stamp (which may itself
// hold " - ") as a range of one instant: in the page's zone where the page names it (loc), else
// by its labels.
func rangeAt(text string, ref time.Time, loc *time.Location) (from, until time.Time, warn string, err error) {
	if _, _, err := normalize.ParseRange(text); err == nil {
		if loc != nil {
			return normalize.ResolveRangeIn(text, loc, ref)
		}
		return normalize.ResolveRangeNear(text, ref)
	}
	st, err := normalize.ParseStamp(text)
	if err != nil {
		return from, until, "", err
	}
	if loc != nil {
		from, warn, err = st.ResolveIn(loc, ref)
	} else {
		from, warn, err = st.ResolveNear(ref)
	}
	return from, from, warn, err
}

type uptimeProps struct {
	Component struct {
		ID          string `json:"id"`
		Name        string `json:"name"`
		Status      string `json:"status"`
		Description string `json:"description"`
	} `json:"component"`
	Months []struct {
		Days []struct {
			Date string `json:"date"`
			P    int64  `json:"p"`
			M    int64  `json:"m"`
		} `json:"days"`
	} `json:"months"`
}

// uptimeCalendar reads /uptime: one component's daily record over past months.
func (h *htmlPage) uptimeCalendar() {
	raw := h.ix.attrValue("data-react-class", "UptimeCalendar").AttrOr("data-react-props", "")
	var props uptimeProps
	if err := json.Unmarshal([]byte(raw), &props); err != nil {
		h.fail("UptimeCalendar", err)
		return
	}
	c := props.Component
	comp := statusfeed.Component{ID: c.ID, Name: c.Name, Status: normalize.ComponentStatus(c.Status), RawStatus: c.Status,
		Description: strings.TrimSpace(c.Description)}
	for _, m := range props.Months {
		for _, d := range m.Days {
			if d.Date == "" {
				continue // padding before the month's first day
			}
			day, err := time.Parse(time.RFC3339, d.Date)
			if err != nil {
				h.fail("UptimeCalendar "+c.ID, err)
				continue
			}
			comp.Uptime = append(comp.Uptime, statusfeed.UptimeDay{Date: day.UTC(), PartialOutageSeconds: d.P, MajorOutageSeconds: d.M})
		}
	}
	h.page.Components = append(h.page.Components, comp)
}
