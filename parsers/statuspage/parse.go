package statuspage

import (
	"bufio"
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

func (parser) Parse(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	return parse(r, src)
}

// Endpoints lists the v2 summary and the history feeds, for a document detected as
// Statuspage's or an HTML page its templates rendered.
func (parser) Endpoints(site *url.URL, doc []byte, detected bool) []string {
	if !detected && detectHTML(doc) == 0 {
		return nil
	}
	return []string{site.JoinPath("api/v2/summary.json").String(), site.JoinPath("history.atom").String(), site.JoinPath("history.rss").String()}
}

func init() { statusfeed.Register(Name, Parser, Detect) }

// Detect recognizes a Statuspage feed, API response or HTML page.
func Detect(prefix []byte, src statusfeed.Source) int {
	switch statusfeed.Sniff(prefix, src) {
	case "atom", "rss":
		return detectFeed(prefix)
	case "json":
		return detectJSON(prefix)
	case "html":
		return detectHTML(prefix)
	}
	return 0
}

// Statuspage IDs and codes are 12 lower-case letters and digits; incident.io's are ULIDs.
var (
	statuspageID = regexp.MustCompile(`"id"\s*:\s*"[a-z0-9]{12}"`)
	ulidID       = regexp.MustCompile(`"id"\s*:\s*"0[0-9A-HJKMNP-TV-Z]{25}"`)
)

func detectJSON(prefix []byte) int {
	if !statusapi.Sniff(prefix) || ulidID.Match(prefix) {
		return 0
	}
	if bytes.Contains(prefix, []byte(`"time_zone"`)) || statuspageID.Match(prefix) {
		return statusfeed.Likely + 20
	}
	return 0
}

func parse(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	br := bufio.NewReaderSize(r, statusfeed.SniffLen)
	prefix, _ := br.Peek(statusfeed.SniffLen)
	switch kind := statusfeed.Sniff(prefix, src); kind {
	case "atom", "rss":
		return feeddoc.Parse(br, src, Name, incident)
	case "json":
		return statusapi.Parse(br, src, Name)
	case "html":
		return parseHTML(br, src)
	default:
		return nil, fmt.Errorf("%w: not a feed, JSON or HTML document", statusfeed.ErrUnknownFormat)
	}
}
