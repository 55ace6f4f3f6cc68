package feeddoc

import (
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed/atom"
	"github.com/mmcdole/gofeed/rss"

	"statusfeed.dev/normalize"
	"statusfeed.dev/statusfeed"
)

// ErrNotFeed is returned for a document that is neither Atom nor RSS.
var ErrNotFeed = errors.New("feeddoc: not an Atom or RSS document")

// Feed is a feed document's channel.
type Feed struct {
	Format      string // "atom" or "rss"
	ID          string // Atom feed id; "" for RSS
	Title       string
	Link        string // the site (alternate link), not the feed itself
	Description string
	Generator   string
	Updated     string // raw
	Entries     []Entry
}

// Entry is one Atom entry or RSS item.
type Entry struct {
	ID        string // Atom id or RSS guid
	Title     string
	Link      string
	Published string // raw: Atom published, RSS pubDate
	Updated   string // raw: Atom updated
	Content   string // HTML: Atom content (else summary); RSS content:encoded (else description)
	Summary   string // Atom summary; RSS description
	// Status is an RSS item's non-standard <status> element (Microsoft 365 writes
	// "<status>Available</status>"), trimmed; "" where there is none.
	Status string
}

// Read parses an Atom or RSS document of the given format (statusfeed.FormatAtom or
// statusfeed.FormatRSS, as detection found it). A document nested deeper than MaxDepth fails
// with ErrTooDeep before the parser has built much of it.
func Read(r io.Reader, format string) (*Feed, error) {
	r = newDepthLimit(r, MaxDepth)
	switch format {
	case statusfeed.FormatAtom:
		return readAtom(r)
	case statusfeed.FormatRSS:
		return readRSS(r)
	}
	return nil, ErrNotFeed
}

func readAtom(r io.Reader) (*Feed, error) {
	af, err := (&atom.Parser{}).Parse(r)
	if err != nil {
		return nil, fmt.Errorf("atom: %w", err)
	}
	f := &Feed{Format: "atom", ID: af.ID, Title: af.Title, Description: af.Subtitle, Updated: af.Updated}
	if af.Generator != nil {
		f.Generator = af.Generator.Value
	}
	f.Link = atomLink(af.Links)
	f.Entries = make([]Entry, 0, len(af.Entries))
	for _, e := range af.Entries {
		en := Entry{ID: e.ID, Title: e.Title, Link: atomLink(e.Links), Published: e.Published,
			Updated: e.Updated, Summary: e.Summary}
		if e.Content != nil {
			en.Content = e.Content.Value
		}
		if strings.TrimSpace(en.Content) == "" {
			en.Content = e.Summary
		}
		f.Entries = append(f.Entries, en)
	}
	return f, nil
}

func atomLink(links []*atom.Link) string {
	for _, l := range links {
		if l.Rel == "" || l.Rel == "alternate" {
			return l.Href
		}
	}
	return ""
}

func readRSS(r io.Reader) (*Feed, error) {
	rf, err := (&rss.Parser{}).Parse(r)
	if err != nil {
		return nil, fmt.Errorf("rss: %w", err)
	}
	f := &Feed{Format: "rss", Title: rf.Title, Link: rf.Link, Description: rf.Description,
		Generator: rf.Generator, Updated: rf.LastBuildDate}
	if f.Updated == "" {
		f.Updated = rf.PubDate
	}
	f.Entries = make([]Entry, 0, len(rf.Items))
	for _, it := range rf.Items {
		en := Entry{Title: it.Title, Link: it.Link, Published: it.PubDate, Content: it.Content, Summary: it.Description,
			Status: strings.TrimSpace(it.Custom["status"])}
		if it.GUID != nil {
			en.ID = it.GUID.Value
		}
		if en.Link == "" && strings.HasPrefix(en.ID, "http") {
			en.Link = en.ID
		}
		if strings.TrimSpace(en.Content) == "" {
			en.Content = it.Description
		}
		f.Entries = append(f.Entries, en)
	}
	return f, nil
}

// NewPage starts the page a feed describes: provider and format, the vendor's name from the
// title, the site's address, and when the feed was generated. An unreadable generation time is
// returned as an error, with the page.
func NewPage(provider string, f *Feed, src statusfeed.Source) (*statusfeed.Page, error) {
	p := &statusfeed.Page{Provider: provider, Format: f.Format, Name: PageName(f.Title), URL: f.Link}
	if p.URL == "" && len(f.Entries) > 0 {
		p.URL = siteOf(f.Entries[0].Link) // trimmed feeds may lack the channel link
	}
	if p.URL == "" {
		p.URL = src.URL
	}
	if f.Updated != "" {
		t, warn, err := normalize.FeedTime(f.Updated)
		if err != nil {
			return p, fmt.Errorf("feed updated time %q: %w", f.Updated, err)
		}
		p.GeneratedAt = t.UTC()
		if warn != "" {
			p.Warn(warn)
		}
	}
	return p, nil
}

var titleSuffixes = []string{" status - incident history", " - incident history", " incident history", " status"}

// PageName takes the vendor's name from a feed title: "StreamYard Status - Incident History" is
// "StreamYard", "OpenAI status" is "OpenAI".
func PageName(title string) string {
	t := strings.TrimSpace(title)
	lower := strings.ToLower(t)
	for _, s := range titleSuffixes {
		if strings.HasSuffix(lower, s) && len(t) > len(s) {
			return strings.TrimSpace(t[:len(t)-len(s)])
		}
	}
	return t
}

// Times reads an entry's published and updated times with their offsets. Unreadable dates are
// returned as errors for the caller to report; zone doubts go to the page's warnings.
func (e *Entry) Times(p *statusfeed.Page) (published, updated time.Time, errs []error) {
	read := func(field, raw string) time.Time {
		if strings.TrimSpace(raw) == "" {
			return time.Time{}
		}
		t, warn, err := normalize.FeedTime(raw)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", field, err))
		}
		if warn != "" {
			p.Warn(warn)
		}
		return t
	}
	return read("published", e.Published), read("updated", e.Updated), errs
}

// Key names the entry in error messages: its link, else its ID, else its title.
func (e *Entry) Key() string {
	switch {
	case e.Link != "":
		return e.Link
	case e.ID != "":
		return e.ID
	}
	return e.Title
}

// LastPathSegment returns the last non-empty segment of a URL's path ("l4222m9bmd6k" for
// ".../incidents/l4222m9bmd6k"), or "" if it has none.
func LastPathSegment(link string) string {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil {
		return ""
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	return segs[len(segs)-1]
}

// Later returns the later of two times, ignoring zero ones.
func Later(a, b time.Time) time.Time {
	if a.IsZero() || (!b.IsZero() && b.After(a)) {
		return b
	}
	return a
}

// siteOf returns the scheme and host of a link ("https://status.kagi.com").
func siteOf(link string) string {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// EntryFunc turns one entry into an incident, returning the problems it met along the way.
type EntryFunc func(e *Entry, page *statusfeed.Page, src statusfeed.Source) (statusfeed.Incident, []error)

// Parse is the shape every feed parser shares: read the feed, start the page, make one incident
// per entry in document order, and return the page with every entry's problems joined as
// *statusfeed.EntryError values.
//
// confirm, when not nil, says whether the whole feed is the provider's: a feed it rejects is
// declined with an error wrapping statusfeed.ErrUnknownFormat, so that a provider's parser
// given another provider's feed (by ParseAs, or after a Possible detection) says so rather
// than misreading it.
func Parse(r io.Reader, src statusfeed.Source, provider string, entry EntryFunc, confirm func(*Feed) bool) (*statusfeed.Page, error) {
	f, err := Read(r, src.Format)
	if err != nil {
		return nil, err
	}
	if confirm != nil && !confirm(f) {
		return nil, fmt.Errorf("%w: the feed carries none of %s's markers", statusfeed.ErrUnknownFormat, provider)
	}
	page, err := NewPage(provider, f, src)
	page.Incidents = make([]statusfeed.Incident, 0, len(f.Entries))
	var errs []error
	if err != nil {
		errs = append(errs, err)
	}
	for i := range f.Entries {
		inc, entryErrs := entry(&f.Entries[i], page, src)
		page.Incidents = append(page.Incidents, inc)
		for _, e := range entryErrs {
			errs = append(errs, &statusfeed.EntryError{Entry: f.Entries[i].Key(), Err: e})
		}
	}
	return page, errors.Join(errs...)
}

// UnescapeMarkup undoes one level of escaping for content that holds no tag but escaped ones
// (AWS writes "&lt;br&gt;" inside CDATA): the vendor meant markup, not literal angle brackets.
func UnescapeMarkup(s string) string {
	if strings.IndexByte(s, '<') < 0 && (strings.Contains(s, "&lt;br") || strings.Contains(s, "&lt;p&gt;") ||
		strings.Contains(s, "&lt;a ") || strings.Contains(s, "&lt;div")) {
		return html.UnescapeString(s)
	}
	return s
}
