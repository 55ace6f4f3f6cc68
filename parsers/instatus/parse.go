package instatus

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"

	"statusfeed.dev/parsers/internal/feeddoc"
	"statusfeed.dev/statusfeed"
)

// Name is the name the parser registers under.
const Name = "instatus"

// Parser reads Instatus documents of every format, and lists where an Instatus page serves
// them (statusfeed.EndpointLister). It is safe for concurrent use.
var Parser statusfeed.Parser = parser{}

type parser struct{}

// Describe says what the parser reads, for listings such as `statusfeed providers`.
func (parser) Describe() string {
	return "history feeds, home pages (Next.js pages and app router), summary/components JSON"
}

func (parser) Parse(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	return parse(r, src)
}

// Endpoints lists the summary, the components and the history feeds, for a document detected as
// Instatus' or a page that names Instatus.
func (parser) Endpoints(site *url.URL, doc []byte, detected bool) []string {
	if !detected && !bytes.Contains(bytes.ToLower(doc), []byte("instatus")) {
		return nil
	}
	return []string{site.JoinPath("summary.json").String(), site.JoinPath("v2", "components.json").String(),
		site.JoinPath("history.atom").String(), site.JoinPath("history.rss").String()}
}

func init() { statusfeed.Register(Name, Parser, Detect) }

var (
	// Instatus IDs are cuids ("cmuh4kc8h00s013pih51rz3uf"): a letter first, unlike Statuspage's
	// numeric entry IDs.
	entryIDPattern = regexp.MustCompile(`,2005:(Incident|Maintenance)/[a-z][a-z0-9]+<`)
	linkPattern    = regexp.MustCompile(`/(incident|maintenance)/c[a-z0-9]{8,}<`)
	typeMarker     = []byte("<strong>Type:</strong>")
)

// Detect recognizes an Instatus feed (its "Type:" paragraphs, cuid entry IDs or singular
// /incident/<cuid> links), its JSON (camel-case keys, upper-case statuses) and its Next.js pages
// (certain when they load from an Instatus host, possible for any other Next.js page).
func Detect(prefix []byte, src statusfeed.Source) statusfeed.Match {
	switch src.Format {
	case statusfeed.FormatAtom, statusfeed.FormatRSS:
		if bytes.Contains(prefix, typeMarker) || entryIDPattern.Match(prefix) || linkPattern.Match(prefix) {
			return statusfeed.Certain
		}
	case statusfeed.FormatJSON:
		if sniffJSON(prefix) {
			return statusfeed.Certain
		}
	case statusfeed.FormatHTML:
		return detectPage(prefix)
	}
	return statusfeed.NoMatch
}

var (
	entryID   = regexp.MustCompile(`,2005:(Incident|Maintenance)/[a-z][a-z0-9]+$`)
	entryLink = regexp.MustCompile(`/(incident|maintenance)/c[a-z0-9]{8,}$`)
)

// confirmFeed accepts a whole feed as Instatus' when an entry has its cuid ID or link, or its
// "Type:" line.
func confirmFeed(f *feeddoc.Feed) bool {
	for i := range f.Entries {
		e := &f.Entries[i]
		if entryID.MatchString(e.ID) || entryLink.MatchString(e.Link) || strings.Contains(e.Content, "<strong>Type:</strong>") ||
			strings.Contains(e.Summary, "Type: ") {
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
		return parseJSON(r, src)
	case statusfeed.FormatHTML:
		return parsePage(r, src)
	}
	return nil, fmt.Errorf("%w: not an Instatus feed, JSON or page", statusfeed.ErrUnknownFormat)
}
