package betterstack

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"statusfeed.dev/normalize"
	"statusfeed.dev/statusfeed"
)

// Name is the name the parser registers under.
const Name = "betterstack"

// Parser reads Better Stack status pages. It is safe for concurrent use.
var Parser statusfeed.Parser = parser{}

type parser struct{}

// Describe says what the parser reads, for listings such as `statusfeed providers`.
func (parser) Describe() string { return "Better Stack (Better Uptime) status pages, HTML" }

func (parser) Parse(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	return parse(r, src)
}

func init() { statusfeed.Register(Name, Parser, Detect) }

// markers are Better Stack's own asset paths: the favicon and og:image of its status pages, and
// the status-page stylesheet and script packs, all served from its own host. The capture has the
// first within its first kilobyte.
var markers = []string{
	"uptime.betterstack.com/assets/status_pages",
	"uptime.betterstack.com/packs/css/status_page",
	"uptime.betterstack.com/packs/js/status_page",
	`"base_host":"uptime.betterstack.com"`,
}

func hasMarker(s string) bool {
	for _, m := range markers {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}

// marked reports whether an element carries a marker: in an asset link or source, a meta
// tag's content, or a script's text (window.cfg).
func marked(n *html.Node) bool {
	for _, a := range n.Attr {
		if (a.Key == "href" || a.Key == "src" || a.Key == "content") && hasMarker(a.Val) {
			return true
		}
	}
	return n.DataAtom == atom.Script && n.FirstChild != nil && hasMarker(n.FirstChild.Data)
}

// Detect recognizes a Better Stack status page by its asset host and paths.
func Detect(prefix []byte, src statusfeed.Source) statusfeed.Match {
	if src.Format == statusfeed.FormatHTML && hasMarker(string(prefix)) {
		return statusfeed.Certain
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
	root, err := html.Parse(r)
	if err != nil {
		return nil, fmt.Errorf("html: %w", err)
	}
	ix := index(root)
	if !ix.marked {
		return nil, fmt.Errorf("%w: no Better Stack asset on the page", statusfeed.ErrUnknownFormat)
	}
	bp := &page{page: &statusfeed.Page{Provider: Name, Format: statusfeed.FormatHTML}}
	p := bp.page
	p.Name = pageName(ix)
	p.URL = pageURL(ix, src)
	p.RawStatus = clean(textOf(ix.heading))
	p.Status = overall(p.RawStatus)
	if p.Status == statusfeed.ComponentUnknown {
		if p.RawStatus == "" {
			bp.fail("page", errors.New("no overall status heading"))
		} else {
			p.Warn(fmt.Sprintf("overall status %q is not a sentence statusfeed knows; status left unknown", p.RawStatus))
		}
	}
	bp.lastUpdated(ix.stamp)
	for _, sec := range ix.sections {
		bp.section(sec)
	}
	return p, errors.Join(bp.errs...)
}

type page struct {
	page *statusfeed.Page
	errs []error
}

func (bp *page) fail(entry string, err error) {
	bp.errs = append(bp.errs, &statusfeed.EntryError{Entry: entry, Err: err})
}

// nodes holds what the parser reads, found in one walk of the tree: each goquery Find over the
// whole page would walk its thousands of SVG and uptime-tick nodes again.
type nodes struct {
	title, ogTitle, canonical, ogURL string
	heading                          *html.Node // the h1.heading-large, else the first h1
	stamp                            string     // what follows "Last updated on "
	sections                         []*html.Node
	marked                           bool // a Better Stack asset or script configuration is there
}

func index(root *html.Node) *nodes {
	ix := &nodes{}
	var firstH1 *html.Node
	walk(root, func(n *html.Node) bool {
		if !ix.marked {
			ix.marked = marked(n)
		}
		switch n.DataAtom {
		case atom.Svg, atom.Script, atom.Style:
			return false
		case atom.Title:
			if ix.title == "" {
				ix.title = clean(textOf(n))
			}
		case atom.Meta:
			switch attr(n, "property") {
			case "og:title":
				ix.ogTitle = attr(n, "content")
			case "og:url":
				ix.ogURL = attr(n, "content")
			}
		case atom.Link:
			if attr(n, "rel") == "canonical" {
				ix.canonical = attr(n, "href")
			}
		case atom.H1:
			if firstH1 == nil {
				firstH1 = n
			}
			if ix.heading == nil && hasClass(n, "heading-large") {
				ix.heading = n
			}
		case atom.P:
			if rest, ok := strings.CutPrefix(clean(textOf(n)), "Last updated on "); ok && ix.stamp == "" {
				ix.stamp = rest
			}
		}
		if hasClass(n, "section") && find(n, "section-content") != nil {
			ix.sections = append(ix.sections, n)
		}
		return true
	})
	if ix.heading == nil {
		ix.heading = firstH1
	}
	return ix
}

// pageName is the <title> without its " status" suffix ("Eyloo Services status").
func pageName(ix *nodes) string {
	t := ix.title
	if t == "" {
		t = clean(ix.ogTitle)
	}
	if n := len(t) - len(" status"); n > 0 && strings.EqualFold(t[n:], " status") {
		t = strings.TrimSpace(t[:n])
	}
	return t
}

// pageURL is the page's canonical address (or og:url), else the source's, as scheme and host.
func pageURL(ix *nodes, src statusfeed.Source) string {
	for _, s := range []string{ix.canonical, ix.ogURL, src.URL} {
		if u, err := url.Parse(s); err == nil && u.Host != "" {
			return u.Scheme + "://" + u.Host
		}
	}
	return ""
}

// overallWords are the headline sentences seen on Better Stack pages. "Some services are down"
// says that some, not all, are down: a partial outage of the page as a whole.
var overallWords = map[string]statusfeed.ComponentStatus{
	"all services are online": statusfeed.ComponentOperational,
	"some services are down":  statusfeed.ComponentPartialOutage,
}

func overall(sentence string) statusfeed.ComponentStatus {
	return overallWords[strings.ToLower(strings.TrimSuffix(sentence, "."))]
}

// lastUpdated reads "Last updated on Aug 06 at 09:41am CEST" beside the headline. The stamp has
// no year and the page prints no other date to take one from, so GeneratedAt is set only when
// the stamp carries a year of its own; otherwise the page says why it is missing.
func (bp *page) lastUpdated(stamp string) {
	if stamp == "" {
		return
	}
	st, err := normalize.ParseStamp(stamp)
	if err != nil {
		bp.fail("last updated", err)
		return
	}
	if st.Year == 0 {
		bp.page.Warn(fmt.Sprintf("last updated %q has no year and the page gives none; generated_at left unknown", stamp))
		return
	}
	t, warn, err := st.ResolveNear(time.Time{})
	if warn != "" {
		bp.page.Warn(warn)
	}
	if err != nil {
		bp.fail("last updated", err)
		return
	}
	bp.page.GeneratedAt = t
}

// section reads one section: a group entry with the status its badge shows (when the section
// has a name), then its services, the rows of its .section-content.
func (bp *page) section(sec *html.Node) {
	var group string
	if toggle := find(sec, "section-toggle"); toggle != nil {
		group = clean(textOf(firstElement(toggle)))
	}
	if group != "" {
		badge := find(sec, "section-status-badge")
		raw := clean(textOf(badge))
		st := word(raw)
		if st == statusfeed.ComponentUnknown {
			st = iconStatus(firstTag(badge, atom.Svg))
		}
		bp.page.Components = append(bp.page.Components, statusfeed.Component{Name: group, IsGroup: true, Status: st, RawStatus: raw})
	}
	content := find(sec, "section-content")
	for row := content.FirstChild; row != nil; row = row.NextSibling {
		if row.Type == html.ElementNode {
			bp.service(row, group)
		}
	}
}

// service reads one service row: its name beside its icon, the icon's colour as its status,
// and the address script reloads it from as its ID. A row whose content script replaces
// (data-url) shows a grey placeholder icon until then: unknown.
func (bp *page) service(row *html.Node, group string) {
	title := find(row, "text-large")
	if title == nil {
		return // not a service row
	}
	name := clean(textOf(find(title, "truncate")))
	if name == "" {
		name = clean(textOf(title))
	}
	if name == "" {
		bp.fail(group, errors.New("a service row without a name"))
		return
	}
	c := statusfeed.Component{Name: name, Group: group}
	icon := firstTag(title, atom.Svg)
	if c.Status = iconStatus(icon); c.Status != statusfeed.ComponentUnknown {
		c.RawStatus = colourClass(icon)
	}
	var loader *html.Node
	walk(row, func(n *html.Node) bool {
		if loader == nil && hasAttr(n, "data-url") {
			loader = n
		}
		return loader == nil && n.DataAtom != atom.Svg
	})
	if loader != nil {
		if u, err := url.Parse(attr(loader, "data-url")); err == nil {
			c.ID = u.Path
		}
		if c.Status == statusfeed.ComponentUnknown {
			bp.page.Warn("services' status is loaded by script (data-url), not in the page; left unknown")
		}
	}
	bp.page.Components = append(bp.page.Components, c)
}

// word maps a badge's word: Better Stack's "Downtime" is a resource that is down; its other
// words ("Operational", "Degraded", "Maintenance") are normalize's.
func word(raw string) statusfeed.ComponentStatus {
	if strings.EqualFold(raw, "downtime") {
		return statusfeed.ComponentMajorOutage
	}
	return normalize.ComponentStatus(raw)
}

// colours are the icon classes by the colour they name; the capture shows red beside the word
// "Downtime", and grey (text-statuspage-neutral-…) as the placeholder, which is no status.
var colours = map[string]statusfeed.ComponentStatus{
	"text-statuspage-green":  statusfeed.ComponentOperational,
	"text-statuspage-yellow": statusfeed.ComponentDegradedPerformance,
	"text-statuspage-red":    statusfeed.ComponentMajorOutage,
	"text-statuspage-blue":   statusfeed.ComponentUnderMaintenance,
}

func colourClass(icon *html.Node) string {
	for _, c := range strings.Fields(attr(icon, "class")) {
		if _, ok := colours[c]; ok {
			return c
		}
	}
	return ""
}

func iconStatus(icon *html.Node) statusfeed.ComponentStatus {
	return colours[colourClass(icon)]
}

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }
