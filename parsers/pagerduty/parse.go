package pagerduty

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"golang.org/x/net/html"

	"statusfeed.dev/normalize"
	"statusfeed.dev/parsers/internal/rollup"
	"statusfeed.dev/statusfeed"
)

// Name is the name the parser registers under.
const Name = "pagerduty"

// Parser reads PagerDuty-hosted status pages. It is safe for concurrent use.
var Parser statusfeed.Parser = parser{}

type parser struct{}

// Describe says what the parser reads, for listings such as `statusfeed providers`.
func (parser) Describe() string { return "PagerDuty-hosted status pages, HTML" }

func (parser) Parse(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	return parse(r, src)
}

func init() { statusfeed.Register(Name, Parser, Detect) }

var (
	// dataScript opens the JSON block every PagerDuty page carries its data in.
	dataScript = regexp.MustCompile(`<script\s+id=["']?data["']?\s+type=["']?application/json`)
	// fields are names only PagerDuty's status page data uses.
	fields = regexp.MustCompile(`"(open_incidents|resolved_incidents|impacted_business_services|business_service_id|post_enums|post_status_page_services|status_page_type)"`)
	// The shell is the rest of the page around the data: a React mount point "layout-<n>" and
	// assets under /static/<n>/<40-hex commit>/. (Two expressions, each starting with a literal
	// the matcher can search for: as one alternation, running it over every HTML page was a
	// third of what detecting any document cost.)
	shellLayout = regexp.MustCompile(`id=["']?layout-\d+["']?`)
	shellAssets = regexp.MustCompile(`/static/\d+/[0-9a-f]{40}/(css|js)/main\.`)
)

// Detect recognizes a PagerDuty status page by its data script with PagerDuty's field names in
// it (Certain), or by the data script or the page shell alone (Possible: the parser confirms on
// the whole document).
func Detect(prefix []byte, src statusfeed.Source) statusfeed.Match {
	if src.Format != statusfeed.FormatHTML {
		return statusfeed.NoMatch
	}
	loc := dataScript.FindIndex(prefix)
	switch {
	case loc != nil && fields.Match(prefix[loc[1]:]):
		return statusfeed.Certain
	case loc != nil || shellLayout.Match(prefix) || shellAssets.Match(prefix):
		return statusfeed.Possible
	}
	return statusfeed.NoMatch
}

func parse(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	r, src, err := statusfeed.Prepare(r, src)
	if err != nil {
		return nil, err
	}
	if src.Format != statusfeed.FormatHTML {
		return nil, fmt.Errorf("%w: not an HTML page", statusfeed.ErrUnknownFormat)
	}
	data, err := statusfeed.ReadAll(r)
	if err != nil {
		return nil, err
	}
	at, err := findData(data)
	if err != nil {
		return nil, fmt.Errorf("html: %w", err)
	}
	if at < 0 {
		return nil, fmt.Errorf("%w: no <script id=\"data\"> on the page", statusfeed.ErrUnknownFormat)
	}
	raw := data[at:scriptEnd(data, at)]
	var doc document
	if err := json.Unmarshal(raw, &doc); err != nil {
		if fields.Match(raw) {
			return nil, fmt.Errorf("data script: %w", err)
		}
		return nil, fmt.Errorf("%w: data script is not PagerDuty's JSON", statusfeed.ErrUnknownFormat)
	}
	if !doc.isPagerDuty() {
		return nil, fmt.Errorf("%w: data script has no PagerDuty summary or layout", statusfeed.ErrUnknownFormat)
	}
	pp := &page{doc: &doc, page: &statusfeed.Page{Provider: Name, Format: statusfeed.FormatHTML}, src: src}
	pp.read()
	return pp.page, errors.Join(pp.errs...)
}

// findData returns the offset of the text of the <script id="data"> element, -1 if the page
// has none. The tokenizer only finds the start tag, and scriptEnd the end tag: the tokenizer's
// script scanning, byte by byte, would cost as much as decoding the half-megabyte block.
func findData(data []byte) (int, error) {
	z := html.NewTokenizer(bytes.NewReader(data))
	offset := 0
	for {
		tt := z.Next()
		offset += len(z.Raw())
		switch tt {
		case html.ErrorToken:
			if z.Err() == io.EOF {
				return -1, nil
			}
			return -1, z.Err()
		case html.StartTagToken:
			name, more := z.TagName()
			if string(name) != "script" {
				continue
			}
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				if string(k) == "id" && string(v) == "data" {
					return offset, nil
				}
			}
		}
	}
}

// scriptEnd is where the script text starting at "at" ends: at its "</script" end tag, which
// JSON cannot hold unescaped ("<" is \u003c in PagerDuty's strings), or at the end of data.
func scriptEnd(data []byte, at int) int {
	for i := at; ; {
		j := bytes.Index(data[i:], []byte("</"))
		if j < 0 {
			return len(data)
		}
		i += j
		if len(data)-i >= len("</script") && bytes.EqualFold(data[i+2:i+len("</script")], []byte("script")) {
			return i
		}
		i += 2
	}
}

// document is the data script's JSON, as far as statusfeed reads it.
type document struct {
	Summary *struct {
		OpenIncidents     *[]incident       `json:"open_incidents"`
		ResolvedIncidents *[]incident       `json:"resolved_incidents"`
		Posts             []json.RawMessage `json:"posts"`
	} `json:"summary"`
	Layout *struct {
		StatusPageID   string `json:"status_page_id"`
		LayoutSettings struct {
			Name             string            `json:"name"`
			BusinessServices []businessService `json:"business_services"`
		} `json:"layout_settings"`
	} `json:"layout"`
}

func (d *document) isPagerDuty() bool {
	return d.Summary != nil && (d.Summary.OpenIncidents != nil || d.Summary.ResolvedIncidents != nil) ||
		d.Layout != nil && d.Layout.StatusPageID != ""
}

type incident struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	Updates    []update  `json:"updates"`
	Postmortem *postBody `json:"postmortem"`
}

type update struct {
	ID        string     `json:"id"`
	CreatedAt string     `json:"created_at"`
	Message   string     `json:"message"`
	Severity  string     `json:"severity"`
	Status    string     `json:"status"`
	Impacted  []impacted `json:"impacted_business_services"`
}

type impacted struct {
	ServiceID string `json:"business_service_id"`
	Name      string `json:"name"`
	Severity  string `json:"severity"`
}

type postBody struct {
	CreatedAt string `json:"created_at"`
	Message   string `json:"message"`
}

// businessService is an entry of the layout: a group (grouping_element, a client-made id such
// as "0.0405915506525818", its children's ids) or a business service (a PagerDuty id, and in
// Head_ID its group's id, or -1 at the top level).
type businessService struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	HeadID      json.RawMessage `json:"Head_ID"`
	Grouping    bool            `json:"grouping_element"`
	Children    []string        `json:"child_business_services"`
}

// head is the group id in Head_ID, "" for -1 or none.
func (b *businessService) head() string {
	var s string
	if json.Unmarshal(b.HeadID, &s) == nil {
		return s
	}
	return ""
}

type page struct {
	doc  *document
	page *statusfeed.Page
	src  statusfeed.Source
	errs []error
	// groups maps a service's id to its group's name, built on first use.
	groups map[string]string
}

func (pp *page) fail(entry string, err error) {
	pp.errs = append(pp.errs, &statusfeed.EntryError{Entry: entry, Err: err})
}

func (pp *page) read() {
	p, d := pp.page, pp.doc
	if u, err := url.Parse(pp.src.URL); err == nil && u.Host != "" {
		p.URL = u.Scheme + "://" + u.Host
	}
	var open, resolved []incident
	var posts int
	if d.Summary != nil {
		if d.Summary.OpenIncidents != nil {
			open = *d.Summary.OpenIncidents
		}
		if d.Summary.ResolvedIncidents != nil {
			resolved = *d.Summary.ResolvedIncidents
		}
		posts = len(d.Summary.Posts)
		if posts > 0 {
			pp.fail("posts", fmt.Errorf("%d posts not read: no capture shows their shape", posts))
		}
	}
	now := current(open)
	if d.Layout != nil {
		p.ID = d.Layout.StatusPageID
		p.Name = pageName(d.Layout.LayoutSettings.Name)
		pp.components(d.Layout.LayoutSettings.BusinessServices, now, d.Summary != nil && posts == 0)
	}
	p.Status, p.RawStatus = pp.overall(open, now)
	for _, list := range [][]incident{open, resolved} {
		for i := range list {
			p.Incidents = append(p.Incidents, pp.incident(&list[i]))
		}
	}
}

// pageName is the layout's name without " Status Page" ("PagerDuty Status Page"); the <title>
// is a placeholder ("Status Page") on every PagerDuty page.
func pageName(s string) string {
	s = strings.TrimSpace(s)
	for _, suffix := range []string{" status page", " status"} {
		if n := len(s) - len(suffix); n > 0 && strings.EqualFold(s[n:], suffix) {
			return strings.TrimSpace(s[:n])
		}
	}
	return s
}

// severity is how bad one word of PagerDuty's severity scale is, on statusfeed's scales. The
// page's own vocabulary (post_enums) has all_good < minor < major; updates up to mid-2023 say
// "outage" where later ones say "major" (both rank 2 there), so the impact of both is major,
// while the component status follows the word: "outage" is a major outage, "major" a partial
// one, "minor" degraded performance.
type severity struct {
	rank      int
	impact    statusfeed.Impact
	component statusfeed.ComponentStatus
}

var severities = map[string]severity{
	"all_good":    {1, statusfeed.ImpactNone, statusfeed.ComponentOperational},
	"maintenance": {2, statusfeed.ImpactNone, statusfeed.ComponentUnderMaintenance},
	"minor":       {3, statusfeed.ImpactMinor, statusfeed.ComponentDegradedPerformance},
	"major":       {4, statusfeed.ImpactMajor, statusfeed.ComponentPartialOutage},
	"outage":      {5, statusfeed.ImpactMajor, statusfeed.ComponentMajorOutage},
}

func severityOf(word string) severity {
	return severities[strings.ToLower(strings.ReplaceAll(strings.TrimSpace(word), " ", "_"))]
}

// statuses are the update status words; "detected" (PagerDuty's first stage, "We are
// investigating a potential issue") is investigating. Others go through normalize.
var statuses = map[string]statusfeed.Status{"detected": statusfeed.StatusInvestigating}

func statusOf(word string) statusfeed.Status {
	if s, ok := statuses[strings.ToLower(strings.TrimSpace(word))]; ok {
		return s
	}
	return normalize.Status(word)
}

// impact is what an open incident's latest update says of each service it names, and of the
// incident itself.
type impact struct {
	services map[string]string // business service id → severity word
	worst    string            // the worst update-level severity among open incidents
}

// current reads the open incidents' latest updates: PagerDuty publishes no per-service state,
// its page shows a service affected while an open incident's latest update names it.
func current(open []incident) impact {
	now := impact{services: map[string]string{}}
	for i := range open {
		u := latest(open[i].Updates)
		if u == nil {
			continue
		}
		if severityOf(u.Severity).rank >= severityOf(now.worst).rank {
			now.worst = u.Severity
		}
		for _, s := range u.Impacted {
			if old, ok := now.services[s.ServiceID]; !ok || severityOf(s.Severity).rank > severityOf(old).rank {
				now.services[s.ServiceID] = s.Severity
			}
		}
	}
	return now
}

// latest is the update with the latest created_at; document order (newest first) breaks ties.
func latest(us []update) *update {
	var best *update
	var bestAt time.Time
	for i := range us {
		at, err := stamp(us[i].CreatedAt)
		if err != nil {
			continue
		}
		if best == nil || at.After(bestAt) {
			best, bestAt = &us[i], at
		}
	}
	return best
}

// overall is the page's status: the worst the open incidents' latest updates say, operational
// when none is open and the page has no post statusfeed cannot read.
func (pp *page) overall(open []incident, now impact) (statusfeed.ComponentStatus, string) {
	worst := statusfeed.ComponentUnknown
	rank := 0
	for _, c := range pp.page.Components {
		if !c.IsGroup && c.Status == statusfeed.ComponentUnknown {
			return statusfeed.ComponentUnknown, now.worst
		}
	}
	if len(open) == 0 {
		if pp.doc.Summary != nil && len(pp.doc.Summary.Posts) == 0 {
			return statusfeed.ComponentOperational, ""
		}
		return statusfeed.ComponentUnknown, ""
	}
	for _, word := range append([]string{now.worst}, values(now.services)...) {
		if s := severityOf(word); s.rank > rank {
			worst, rank = s.component, s.rank
		}
	}
	return worst, now.worst
}

// values lists a map's values sorted, so that ties between equally bad words ("major" and
// "outage") are broken the same way on every parse.
func values(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// components lists the layout: each top-level entry in order, a group followed by its
// children in the order it lists them. A service's status is what an open incident says of it;
// one no open incident names is operational when derived is set (the summary is there and has
// no post statusfeed cannot read), unknown otherwise. A group takes its worst child's status.
func (pp *page) components(list []businessService, now impact, derived bool) {
	byID := make(map[string]*businessService, len(list))
	groups := map[string]*businessService{}
	for i := range list {
		b := &list[i]
		byID[b.ID] = b
		if b.Grouping {
			groups[b.ID] = b
		}
	}
	done := make(map[string]bool, len(list))
	service := func(b *businessService, group string) {
		done[b.ID] = true
		c := statusfeed.Component{ID: b.ID, Name: clean(b.Name), Group: group, Description: strings.TrimSpace(b.Description)}
		if word, ok := now.services[b.ID]; ok {
			c.Status, c.RawStatus = severityOf(word).component, word
		} else if derived {
			c.Status = statusfeed.ComponentOperational
		}
		pp.page.Components = append(pp.page.Components, c)
	}
	for i := range list {
		b := &list[i]
		if done[b.ID] || !b.Grouping && groups[b.head()] != nil {
			continue
		}
		if !b.Grouping {
			service(b, "")
			continue
		}
		done[b.ID] = true
		at := len(pp.page.Components)
		pp.page.Components = append(pp.page.Components, statusfeed.Component{ID: b.ID, Name: clean(b.Name), IsGroup: true})
		for _, id := range b.Children {
			child, ok := byID[id]
			switch {
			case !ok:
				pp.page.Warn(fmt.Sprintf("group %q lists a service %s the layout does not have", b.Name, id))
			case !done[id] && !child.Grouping:
				service(child, pp.page.Components[at].Name)
			}
		}
		for j := range list { // children that name the group but that it does not list
			if c := &list[j]; !done[c.ID] && !c.Grouping && c.head() == b.ID {
				service(c, pp.page.Components[at].Name)
			}
		}
		// A group's status is its worst child's, unknown when a child's is unknown and no
		// other is worse than operational.
		pp.page.Components[at].Status = rollup.Worst(pp.page.Components[at+1:])
	}
}

// incident reads one incident: its updates (HTML messages as text, at created_at), its impact
// (the worst update-level severity), the services its updates name with the severity the last
// of them gives each, and its postmortem.
func (pp *page) incident(in *incident) statusfeed.Incident {
	inc := statusfeed.Incident{ID: in.ID, Title: clean(in.Title), Kind: statusfeed.KindIncident,
		Sources: []statusfeed.Origin{pp.src.Origin(Name, statusfeed.FormatHTML)}}
	type ref struct {
		at    time.Time
		index int
	}
	seen := map[string]ref{}
	for i := len(in.Updates) - 1; i >= 0; i-- { // oldest first, as the page lists newest first
		u := &in.Updates[i]
		at, err := stamp(u.CreatedAt)
		if err != nil {
			pp.fail(in.ID, fmt.Errorf("update %s: %w", u.ID, err))
			continue
		}
		inc.Updates = append(inc.Updates, statusfeed.Update{At: at, Status: statusOf(u.Status), RawStatus: u.Status, Body: normalize.Text(u.Message)})
		if s := severityOf(u.Severity); s.rank > severityOf(inc.RawImpact).rank || inc.RawImpact == "" {
			inc.RawImpact, inc.Impact = u.Severity, s.impact
		}
		for _, s := range u.Impacted {
			cr := statusfeed.ComponentRef{ID: s.ServiceID, Name: clean(s.Name), Group: pp.groupOf(s.ServiceID),
				Status: severityOf(s.Severity).component}
			if old, ok := seen[s.ServiceID]; ok {
				if !at.Before(old.at) {
					inc.Components[old.index] = cr
					seen[s.ServiceID] = ref{at, old.index}
				}
				continue
			}
			seen[s.ServiceID] = ref{at, len(inc.Components)}
			inc.Components = append(inc.Components, cr)
		}
	}
	if pm := in.Postmortem; pm != nil {
		at, err := stamp(pm.CreatedAt)
		if err != nil {
			pp.fail(in.ID, fmt.Errorf("postmortem: %w", err))
		}
		body := normalize.Text(pm.Message)
		inc.Postmortem = &statusfeed.Postmortem{PublishedAt: at, Body: body, Sections: normalize.Sections(body)}
	}
	normalize.Finish(&inc, normalize.OrderUnknown)
	return inc
}

// groupOf names the group of a service of the layout, "" for none or an unknown service.
func (pp *page) groupOf(id string) string {
	if pp.groups == nil {
		pp.groups = map[string]string{}
		for _, c := range pp.page.Components {
			if !c.IsGroup {
				pp.groups[c.ID] = c.Group
			}
		}
	}
	return pp.groups[id]
}

// stamp reads the data's RFC 3339 times ("2023-12-15T20:53:44Z").
func stamp(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, err
	}
	return t.UTC(), nil
}

// clean folds runs of white space ("Notification  Outage", " Incident Timeline (US)").
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }
