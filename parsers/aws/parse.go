package aws

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"

	"statusfeed.dev/statusfeed"
)

// Name is the name the parser registers under.
const Name = "aws"

// vendorName names the page: neither data.json nor the feeds carry a plain vendor name (the
// all.rss title is "Amazon Web Services Service Status", a per-service feed's names the service).
const vendorName = "Amazon Web Services"

// Parser reads the AWS Health Dashboard RSS feeds and the legacy data.json, and lists where AWS
// serves them (statusfeed.EndpointLister). It is safe for concurrent use.
var Parser statusfeed.Parser = parser{}

type parser struct{}

// Describe says what the parser reads, for listings such as `statusfeed providers`.
func (parser) Describe() string {
	return "AWS Health Dashboard RSS (all.rss, per-service feeds), legacy data.json"
}

func (parser) Parse(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	return parse(r, src)
}

// Endpoints lists the all-services feed and the legacy data.json: at status.aws.amazon.com for
// the dashboard's own hosts (health.aws.amazon.com serves a console app, not these documents),
// and beside the document for one detected as AWS's elsewhere (a mirror).
func (parser) Endpoints(site *url.URL, doc []byte, detected bool) []string {
	switch strings.ToLower(site.Hostname()) {
	case "status.aws.amazon.com", "health.aws.amazon.com":
		return []string{"https://status.aws.amazon.com/rss/all.rss", "https://status.aws.amazon.com/data.json"}
	}
	if !detected {
		return nil
	}
	return []string{site.JoinPath("rss/all.rss").String(), site.JoinPath("data.json").String()}
}

func init() { statusfeed.Register(Name, Parser, Detect) }

// Detect recognizes the dashboard's RSS by its generator or its item GUIDs, and data.json by
// its shape: an object opening with "archive" or "current" whose events have service_name.
func Detect(prefix []byte, src statusfeed.Source) statusfeed.Match {
	switch src.Format {
	case statusfeed.FormatRSS:
		if bytes.Contains(prefix, generatorMarker) || guidMarker.Match(prefix) {
			return statusfeed.Certain
		}
	case statusfeed.FormatJSON:
		if !dataJSONStart.Match(prefix) {
			return statusfeed.NoMatch
		}
		if bytes.Contains(prefix, []byte(`"service_name"`)) {
			return statusfeed.Certain
		}
		return statusfeed.Possible // an empty archive, or events beyond the prefix
	}
	return statusfeed.NoMatch
}

var (
	generatorMarker = []byte("<generator>AWS Service Health Dashboard RSS Generator</generator>")
	// guidMarker is an item GUID: the dashboard address, then "#<service>[-<region>]_<unix>";
	// guidID is one read by the feed reader.
	guidMarker    = regexp.MustCompile(`status\.aws\.amazon\.com/#[a-z0-9-]+_[0-9]+\s*</guid>`)
	guidID        = regexp.MustCompile(`status\.aws\.amazon\.com/#[a-z0-9-]+_[0-9]+$`)
	dataJSONStart = regexp.MustCompile(`^\s*\{\s*"(?:archive|current)"\s*:\s*\[`)
)

func parse(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	r, src, err := statusfeed.Prepare(r, src)
	if err != nil {
		return nil, err
	}
	switch src.Format {
	case statusfeed.FormatRSS:
		return parseRSS(r, src)
	case statusfeed.FormatJSON:
		return parseJSON(r, src)
	}
	return nil, fmt.Errorf("%w: AWS serves RSS and JSON, not this", statusfeed.ErrUnknownFormat)
}

// regionSuffix is the region at the end of a dashboard code: "ec2-us-east-1",
// "internetconnectivity-us-gov-west-1", and "s3-us-standard" (S3's old name for N. Virginia,
// still in the 2022 data.json). Codes of global services have none ("management-console",
// "route53").
var regionSuffix = regexp.MustCompile(`-((?:[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-[0-9]+)|us-standard)$`)

// splitCode splits a dashboard code into service and region.
func splitCode(code string) (service, region string) {
	if m := regionSuffix.FindStringSubmatchIndex(code); m != nil && m[0] > 0 {
		return code[:m[0]], code[m[2]:m[3]]
	}
	return code, ""
}

// resolvedTag is the tag AWS puts before a title once the event is over: "[RESOLVED]", and
// "[解決済]" before the Japanese half of a bilingual title.
var resolvedTag = regexp.MustCompile(`\[(?i:resolved)\]|\[解決済\]`)

// stripResolved removes the resolved tags from a title, reporting the first as written without
// brackets ("RESOLVED"), or "" when there is none.
func stripResolved(title string) (clean, tag string) {
	loc := resolvedTag.FindStringIndex(title)
	if loc == nil {
		return strings.TrimSpace(title), ""
	}
	tag = title[loc[0]+1 : loc[1]-1]
	return strings.Join(strings.Fields(resolvedTag.ReplaceAllString(title, " ")), " "), tag
}

// componentName drops the region label a service's display name ends with when the code
// names a region: "Amazon DynamoDB Accelerator (DAX) (Tokyo)" is "Amazon DynamoDB Accelerator
// (DAX)", since the region goes to Incident.Regions.
func componentName(display, region string) string {
	d := strings.TrimSpace(display)
	if region == "" || !strings.HasSuffix(d, ")") {
		return d
	}
	if i := strings.LastIndex(d, " ("); i > 0 {
		return d[:i]
	}
	return d
}

// affected is the component and regions of an event's dashboard code.
func affected(code, display string) ([]statusfeed.ComponentRef, []string) {
	if code == "" {
		return nil, nil
	}
	service, region := splitCode(code)
	refs := []statusfeed.ComponentRef{{ID: service, Name: componentName(display, region)}}
	if region == "" {
		return refs, nil
	}
	return refs, []string{region}
}
