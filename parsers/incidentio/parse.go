package incidentio

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"

	"statusfeed.dev/parsers/internal/feeddoc"
	"statusfeed.dev/parsers/internal/statusapi"
	"statusfeed.dev/statusfeed"
)

// Name is the name the parser registers under.
const Name = "incidentio"

// Parser reads incident.io documents of every format, and lists where an incident.io page
// serves them (statusfeed.EndpointLister). It is safe for concurrent use.
var Parser statusfeed.Parser = parser{}

type parser struct{}

// Describe says what the parser reads, for listings such as `statusfeed providers`.
func (parser) Describe() string {
	return "history feeds, Statuspage-compatible JSON API, widget JSON, status pages (HTML)"
}

func (parser) Parse(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	return parse(r, src)
}

// Endpoints lists the Statuspage-compatible summary, the widget JSON at /proxy/<host> and the
// history feeds, for a document detected as incident.io's or a page that names incident.io.
func (parser) Endpoints(site *url.URL, doc []byte, detected bool) []string {
	if !detected && !bytes.Contains(doc, []byte("incident.io")) {
		return nil
	}
	return []string{site.JoinPath("api/v2/summary.json").String(), site.JoinPath("proxy", site.Hostname()).String(),
		site.JoinPath("history.atom").String(), site.JoinPath("history.rss").String()}
}

func init() { statusfeed.Register(Name, Parser, Detect) }

var (
	generator = []byte("<generator>incident.io</generator>")
	// Entry links are "https://status.openai.com//incidents/01KHYH2KT8VNWS146V0S09MF29": a ULID,
	// which starts with a digit (its time part) and is 26 characters long.
	incidentsPath = []byte("/incidents/01")
	statusLine    = []byte("<b>Status: ")
	ulidID        = regexp.MustCompile(`"id"\s*:\s*"0[0-9A-HJKMNP-TV-Z]{25}"`)
	widgetMarkers = [][]byte{[]byte(`"status_page_id"`), []byte(`"to_status"`), []byte(`"message_string"`), []byte(`"component_statuses"`)}
)

// Detect recognizes an incident.io feed (its generator, or ULID incident links next to
// "<b>Status:" lines), its Statuspage-compatible API (ULID IDs), its widget JSON, and its
// Next.js pages (certain with its logo bucket, possible for any other Next.js page).
func Detect(prefix []byte, src statusfeed.Source) statusfeed.Match {
	switch src.Format {
	case statusfeed.FormatAtom, statusfeed.FormatRSS:
		if bytes.Contains(prefix, generator) || bytes.Contains(prefix, incidentsPath) && bytes.Contains(prefix, statusLine) {
			return statusfeed.Certain
		}
	case statusfeed.FormatJSON:
		if isWidget(prefix) || statusapi.Sniff(prefix) && ulidID.Match(prefix) {
			return statusfeed.Certain
		}
	case statusfeed.FormatHTML:
		return detectPage(prefix)
	}
	return statusfeed.NoMatch
}

// confirmFeed accepts a whole feed as incident.io's by its generator, or ULID incident links
// next to "Status:" lines.
func confirmFeed(f *feeddoc.Feed) bool {
	if f.Generator == "incident.io" {
		return true
	}
	for i := range f.Entries {
		e := &f.Entries[i]
		if strings.Contains(e.Link, string(incidentsPath)) && strings.Contains(e.Content, string(statusLine)) {
			return true
		}
	}
	return false
}

// isWidget recognizes the widget JSON: an object whose first key is "summary" or "incident",
// with one of the widget's own field names early on (the API's single incident starts with
// "page" instead).
func isWidget(prefix []byte) bool {
	p := bytes.TrimLeft(prefix, " \t\r\n")
	if !bytes.HasPrefix(p, []byte("{")) {
		return false
	}
	p = bytes.TrimLeft(p[1:], " \t\r\n")
	if !bytes.HasPrefix(p, []byte(`"summary"`)) && !bytes.HasPrefix(p, []byte(`"incident"`)) {
		return false
	}
	for _, m := range widgetMarkers {
		if bytes.Contains(p, m) {
			return true
		}
	}
	return false
}

func parse(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	r, src, err := statusfeed.Prepare(r, src)
	if err != nil {
		return nil, err
	}
	switch src.Format {
	case statusfeed.FormatAtom, statusfeed.FormatRSS:
		return feeddoc.Parse(r, src, Name, incident, confirmFeed)
	case statusfeed.FormatJSON:
		// What Prepare returns can be peeked at; wrapping it would cost statusapi the document
		// in place (statusfeed.ReadAll).
		pk, ok := r.(interface{ Peek(int) ([]byte, error) })
		if !ok {
			br := bufio.NewReaderSize(r, statusfeed.SniffLen)
			r, pk = br, br
		}
		prefix, _ := pk.Peek(statusfeed.SniffLen)
		if isWidget(prefix) {
			return parseWidget(r, src)
		}
		return statusapi.Parse(r, src, Name)
	case statusfeed.FormatHTML:
		return parsePage(r, src)
	}
	return nil, fmt.Errorf("%w: not an incident.io feed, JSON document or page", statusfeed.ErrUnknownFormat)
}
