package statuspage

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"regexp"

	"statusfeed.dev/parsers/internal/feeddoc"
	"statusfeed.dev/parsers/internal/statusapi"
	"statusfeed.dev/statusfeed"
)

// Name is the name the parser registers under.
const Name = "statuspage"

// Parser reads Statuspage documents of every format, and lists where a Statuspage site serves
// them (statusfeed.EndpointLister). It is safe for concurrent use.
var Parser statusfeed.Parser = parser{}

type parser struct{}

// Describe says what the parser reads, for listings such as `statusfeed providers`.
func (parser) Describe() string {
	return "history feeds, v2 JSON API, HTML home, incident, history and uptime pages"
}

func (parser) Parse(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	return parse(r, src)
}

// Endpoints lists the v2 summary and the history feeds, for a document detected as
// Statuspage's or an HTML page its templates rendered.
func (parser) Endpoints(site *url.URL, doc []byte, detected bool) []string {
	if !detected && detectHTML(doc) == statusfeed.NoMatch {
		return nil
	}
	return []string{site.JoinPath("api/v2/summary.json").String(), site.JoinPath("history.atom").String(), site.JoinPath("history.rss").String()}
}

func init() { statusfeed.Register(Name, Parser, Detect) }

// Detect recognizes a Statuspage feed, API response or HTML page.
func Detect(prefix []byte, src statusfeed.Source) statusfeed.Match {
	switch src.Format {
	case statusfeed.FormatAtom, statusfeed.FormatRSS:
		return detectFeed(prefix)
	case statusfeed.FormatJSON:
		return detectJSON(prefix)
	case statusfeed.FormatHTML:
		return detectHTML(prefix)
	}
	return statusfeed.NoMatch
}

// Statuspage IDs and codes are 12 lower-case letters and digits; incident.io's are ULIDs.
var (
	statuspageID = regexp.MustCompile(`"id"\s*:\s*"[a-z0-9]{12}"`)
	ulidID       = regexp.MustCompile(`"id"\s*:\s*"0[0-9A-HJKMNP-TV-Z]{25}"`)
)

// detectJSON recognizes the v2 API: its shape with Statuspage's 12-character IDs or a page
// time zone, which incident.io's compatible API (ULIDs, no time zone) does not write.
func detectJSON(prefix []byte) statusfeed.Match {
	if !statusapi.Sniff(prefix) || ulidID.Match(prefix) {
		return statusfeed.NoMatch
	}
	if bytes.Contains(prefix, []byte(`"time_zone"`)) || statuspageID.Match(prefix) {
		return statusfeed.Certain
	}
	return statusfeed.NoMatch
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
		return statusapi.Parse(r, src, Name)
	case statusfeed.FormatHTML:
		return parseHTML(r, src)
	}
	return nil, fmt.Errorf("%w: not a feed, JSON or HTML document", statusfeed.ErrUnknownFormat)
}
