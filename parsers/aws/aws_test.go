package aws_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/internal/golden"
	"statusfeed.dev/internal/parsertest"
	"statusfeed.dev/parsers/aws"
	"statusfeed.dev/statusfeed"
)

func TestGolden(t *testing.T) {
	parsertest.Golden(t, aws.Parser, aws.Name, "rss", "json")
}

func TestCorpusRSS(t *testing.T) {
	parsertest.Corpus(t, aws.Parser, aws.Name, []string{"aws/rss"}, "rss")
}

func TestCorpusJSON(t *testing.T) {
	parsertest.Corpus(t, aws.Parser, aws.Name, []string{"aws/json"}, "json")
}

func FuzzParse(f *testing.F) {
	parsertest.FuzzSeeds(f, aws.Name, []string{"aws"}, "rss", "json")
	f.Fuzz(func(t *testing.T, data []byte) { parsertest.FuzzParse(t, aws.Parser, data) })
}

func parseFile(t testing.TB, path string) *statusfeed.Page {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	page, err := aws.Parser.Parse(bytes.NewReader(data), statusfeed.Source{Name: filepath.Base(path)})
	require.NoError(t, err)
	require.NotNil(t, page)
	return page
}

func fixture(t testing.TB, name string) *statusfeed.Page {
	return parseFile(t, filepath.Join(golden.Root(t), "testdata", "aws", name))
}

func corpusFile(t testing.TB, rel string) string {
	path := filepath.Join(corpus.Dir(t), rel)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("corpus file %s is missing", rel)
	}
	return path
}

func find(t *testing.T, page *statusfeed.Page, id string) statusfeed.Incident {
	t.Helper()
	var found []statusfeed.Incident
	for _, inc := range page.Incidents {
		if inc.ID == id {
			found = append(found, inc)
		}
	}
	require.Len(t, found, 1, "incidents with ID %s", id)
	return found[0]
}

func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	require.NoError(t, err)
	return v.UTC()
}

// TestDirectConnectIsOneEvent is the acceptance test: the Direct Connect outage that all.rss
// publishes as twenty items is one resolved incident. The values were read off the file by hand:
// the first item is "Fri, 14 Aug 2026 20:42:59 PDT" (GUID …_1786765379), the last
// "Mon, 17 Aug 2026 21:01:19 PDT" (…_1787025679), nineteen "Service impact" items and one
// "Service is operating normally: [RESOLVED] Increased Packet loss".
func TestDirectConnectIsOneEvent(t *testing.T) {
	page := parseFile(t, corpusFile(t, "aws/rss/aws-all-2026-08.rss"))
	var dx []statusfeed.Incident
	for _, inc := range page.Incidents {
		if len(inc.Components) > 0 && inc.Components[0].ID == "directconnect" {
			dx = append(dx, inc)
		}
	}
	require.Len(t, dx, 1, "one Direct Connect incident")
	inc := dx[0]
	assert.Equal(t, "directconnect-eu-central-1_1786765379", inc.ID)
	assert.Equal(t, "Increased Packet loss", inc.Title)
	assert.Equal(t, []string{"eu-central-1"}, inc.Regions)
	assert.Equal(t, statusfeed.StatusResolved, inc.Status)
	assert.Equal(t, statusfeed.ImpactMinor, inc.Impact)
	assert.Equal(t, "Service impact", inc.RawImpact)
	require.Len(t, inc.Updates, 20)
	for i, u := range inc.Updates[:19] {
		assert.Equal(t, "Service impact", u.RawStatus, "update %d", i)
		assert.Equal(t, statusfeed.StatusUpdate, u.Status, "update %d", i)
	}
	assert.Equal(t, "Service is operating normally", inc.Updates[19].RawStatus)
	assert.Equal(t, at(t, "2026-08-15T03:42:59Z"), inc.StartedAt)  // 20:42:59 PDT
	assert.Equal(t, at(t, "2026-08-18T04:01:19Z"), inc.ResolvedAt) // 21:01:19 PDT
	d, ok := inc.Duration()
	require.True(t, ok)
	assert.Equal(t, 72*time.Hour+18*time.Minute+20*time.Second, d)
	assert.Contains(t, inc.Updates[19].Body, "Equinix FR5")
	assert.Contains(t, inc.Updates[0].Body, "We are investigating increased packet loss")
}

// rssItem is the test's own reading of an AWS item, with encoding/xml and the GUID's time, to
// check the parser (gofeed, pubDate) against.
type rssItem struct {
	Title string `xml:"title"`
	GUID  string `xml:"guid"`
}

var (
	testGUID   = regexp.MustCompile(`#(.+)_([0-9]+)$`)
	testPhrase = regexp.MustCompile(`^(Service is operating normally|Informational message|Service impact|Service disruption|Service degradation): `)
	testTag    = regexp.MustCompile(`\[RESOLVED\]|\[解決済\]`)
)

// expectedEvents groups a feed's items by the rule the package documents, independently of the
// parser: the GUIDs' codes and times, the titles without phrase and tags, case-folded.
func expectedEvents(t *testing.T, path string) [][]int64 {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var doc struct {
		Items []rssItem `xml:"channel>item"`
	}
	require.NoError(t, xml.Unmarshal(data, &doc))
	type it struct {
		key      string
		unix     int64
		resolves bool
	}
	var items []it
	for _, x := range doc.Items {
		m := testGUID.FindStringSubmatch(strings.TrimSpace(x.GUID))
		require.NotNil(t, m, x.GUID)
		unix, _ := strconv.ParseInt(m[2], 10, 64)
		title := strings.TrimSpace(x.Title)
		resolves := strings.HasPrefix(title, "Service is operating normally") || testTag.MatchString(title)
		title = testTag.ReplaceAllString(testPhrase.ReplaceAllString(title, ""), "")
		items = append(items, it{m[1] + "|" + strings.ToLower(strings.Join(strings.Fields(title), " ")), unix, resolves})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].unix < items[j].unix })
	var groups [][]int64
	open := map[string]int{}
	resolved := map[int]bool{}
	for _, x := range items {
		g, ok := open[x.key]
		if !ok || resolved[g] && !x.resolves {
			g = len(groups)
			groups = append(groups, nil)
			open[x.key] = g
		}
		groups[g] = append(groups[g], x.unix)
		resolved[g] = x.resolves
	}
	return groups
}

// TestCorpusRSSEvents checks the grouping of every corpus feed against the test's own reading,
// and the event counts read off the files by hand.
func TestCorpusRSSEvents(t *testing.T) {
	handCounts := map[string][]int{
		"aws-all-2026-08.rss":         {20, 17, 13},
		"ec2-ap-northeast-1-2019.rss": {7, 1, 2, 2, 2, 1},
	}
	files := corpus.Files(t, []string{"aws/rss"}, "rss")
	require.NotEmpty(t, files)
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			page := parseFile(t, path)
			groups := expectedEvents(t, path)
			var got [][]int64
			var sizes []int
			for _, inc := range page.Incidents {
				var g []int64
				for _, u := range inc.Updates {
					g = append(g, u.At.Unix())
				}
				got = append(got, g)
				sizes = append(sizes, len(g))
			}
			assert.ElementsMatch(t, groups, got, "updates per event, as the GUIDs' times")
			if want, ok := handCounts[filepath.Base(path)]; ok {
				assert.Equal(t, want, sizes, "items per event, newest event first")
			}
			for _, inc := range page.Incidents {
				assert.NotEmpty(t, inc.Regions, inc.ID)
				if inc.RawImpact != "" {
					assert.NotEqual(t, statusfeed.ImpactUnknown, inc.Impact, inc.ID)
				}
				if inc.ResolvedAt.IsZero() {
					assert.NotEqual(t, statusfeed.StatusResolved, inc.Status, inc.ID)
				}
			}
		})
	}
}

// TestCorpusRSSLegacy checks the 2019 Tokyo feed's quirks, read off the file by hand.
func TestCorpusRSSLegacy(t *testing.T) {
	page := parseFile(t, corpusFile(t, "aws/rss/ec2-ap-northeast-1-2019.rss"))
	assert.Equal(t, at(t, "2019-09-07T07:03:14Z"), page.GeneratedAt) // 00:03:14 PDT

	overheat := find(t, page, "ec2-ap-northeast-1_1566533912")
	assert.Equal(t, "インスタンスの接続性について | Instance Availability", overheat.Title)
	assert.Equal(t, []statusfeed.ComponentRef{{ID: "ec2", Name: "Amazon Elastic Compute Cloud"}}, overheat.Components)
	assert.Equal(t, statusfeed.ImpactMinor, overheat.Impact, "worst phrase: Service degradation")
	assert.Equal(t, at(t, "2019-08-23T04:18:32Z"), overheat.StartedAt)  // Thu 22 Aug 21:18:32 PDT
	assert.Equal(t, at(t, "2019-08-23T11:18:35Z"), overheat.ResolvedAt) // Fri 23 Aug 04:18:35 PDT
	last := overheat.Updates[len(overheat.Updates)-1]
	assert.Contains(t, last.Body, "日本時間 2019年8月23日")
	assert.Contains(t, last.Body, "| Beginning at 8:36 PM PDT")
	assert.NotContains(t, last.Body, "&lt;", "escaped markup is unescaped once")
	assert.NotContains(t, last.Body, "<br>")

	tagged := find(t, page, "ec2-ap-northeast-1_1496642284")
	assert.Equal(t, "APIのエラー率の増加 | API Increased API Error Rates", tagged.Title)
	assert.Equal(t, statusfeed.StatusResolved, tagged.Status, "[RESOLVED] in the title resolves an informational item")
	assert.Equal(t, "Informational message", tagged.Updates[0].RawStatus)
	assert.Equal(t, statusfeed.ImpactNone, tagged.Impact)

	twice := find(t, page, "ec2-ap-northeast-1_1461170340")
	require.Len(t, twice.Updates, 2, "two resolved items of one title are one event")
	assert.Equal(t, statusfeed.ImpactUnknown, twice.Impact, "operating normally grades nothing")
}

// dataEvent is the test's own reading of a data.json event.
type dataEvent struct {
	Service     string `json:"service"`
	Date        string `json:"date"`
	Summary     string `json:"summary"`
	Status      string `json:"status"`
	Description string `json:"description"`
}

// TestCorpusJSONEvents checks every data.json against a plain decode: one incident per event,
// one update per stamp span, the region from the code, impact graded from the digit.
func TestCorpusJSONEvents(t *testing.T) {
	files := corpus.Files(t, []string{"aws/json"}, "json")
	require.NotEmpty(t, files)
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			var doc struct{ Current, Archive []dataEvent }
			require.NoError(t, json.Unmarshal(data, &doc))
			events := append(doc.Current, doc.Archive...)
			page := parseFile(t, path)
			require.Len(t, page.Incidents, len(events))
			for i, ev := range events {
				inc := page.Incidents[i]
				assert.Equal(t, ev.Service+"_"+ev.Date, inc.ID)
				assert.Len(t, inc.Updates, strings.Count(ev.Description, `class="yellowfg"`), inc.ID)
				assert.Equal(t, ev.Status, inc.RawImpact)
				assert.NotEqual(t, statusfeed.ImpactUnknown, inc.Impact, inc.ID)
				assert.Equal(t, strings.HasPrefix(ev.Summary, "[RESOLVED]"), inc.Status == statusfeed.StatusResolved, inc.ID)
				assert.NotContains(t, inc.Title, "[RESOLVED]")
				if m := regexp.MustCompile(`-([a-z]{2}(-gov)?-[a-z]+-[0-9])$`).FindStringSubmatch(ev.Service); m != nil {
					assert.Equal(t, []string{m[1]}, inc.Regions, inc.ID)
				}
				unix, _ := strconv.ParseInt(ev.Date, 10, 64)
				require.NotEmpty(t, inc.Updates, inc.ID)
				if d := inc.Updates[0].At.Sub(time.Unix(unix, 0)); d > time.Minute || d < -time.Minute {
					t.Errorf("%s: first update %v is %v from the event's date", inc.ID, inc.Updates[0].At, d)
				}
				if len(inc.Updates) == 1 && inc.Updates[0].Status.Terminal() {
					assert.True(t, inc.StartedAt.IsZero(), "%s: an event whose only update resolves it has no known start", inc.ID)
				}
			}
		})
	}
}

// TestCorpusJSONTimes checks update times read off aws-data-2022-07.json by hand.
func TestCorpusJSONTimes(t *testing.T) {
	page := parseFile(t, corpusFile(t, "aws/json/aws-data-2022-07.json"))

	// Direct Connect Tokyo: " 5:39 PM PDT" on Sep 1 (date 1630543140), resolved " 9:51 PM PDT",
	// summed up "Sep 6,  8:25 PM PDT".
	dx := find(t, page, "directconnect-ap-northeast-1_1630543140")
	assert.Equal(t, at(t, "2021-09-02T00:39:00Z"), dx.StartedAt)
	assert.Equal(t, at(t, "2021-09-02T04:51:00Z"), dx.ResolvedAt)
	assert.Equal(t, at(t, "2021-09-07T03:25:00Z"), dx.Updates[len(dx.Updates)-1].At)
	assert.Equal(t, statusfeed.ImpactMajor, dx.Impact)
	assert.Equal(t, []statusfeed.ComponentRef{{ID: "directconnect", Name: "AWS Direct Connect"}}, dx.Components)

	// DynamoDB: " 6:08 PM PDT" Aug 6 … "11:11 PM PDT", then "Aug 7,  1:50 AM PDT".
	ddb := find(t, page, "dynamodb-us-east-1_1628298493")
	assert.Equal(t, at(t, "2021-08-07T06:11:00Z"), ddb.Updates[6].At)
	assert.Equal(t, at(t, "2021-08-07T08:50:00Z"), ddb.Updates[7].At)

	// ECS during the 7 December outage, in PST: "11:01 PM PST", then "Dec 8,  2:29 AM PST".
	ecs := find(t, page, "ecs-us-east-1_1638919976")
	assert.Equal(t, at(t, "2021-12-08T07:01:00Z"), ecs.Updates[4].At)
	assert.Equal(t, at(t, "2021-12-08T10:29:00Z"), ecs.ResolvedAt)

	// A global service and S3's legacy region name.
	console := find(t, page, "management-console_1634052623")
	assert.Nil(t, console.Regions)
	assert.Equal(t, "management-console", console.Components[0].ID)
	s3 := find(t, page, "s3-us-standard_1636495106")
	assert.Equal(t, []string{"us-standard"}, s3.Regions)
}

func TestMidnightAndZones(t *testing.T) {
	page := fixture(t, "data.json")
	// Dateless stamps past midnight: 11:40 PM, 11:58 PM, 12:25 AM PST.
	kinesis := find(t, page, "kinesis-eu-west-1_1640158831")
	require.Len(t, kinesis.Updates, 3)
	assert.Equal(t, at(t, "2021-12-22T07:40:00Z"), kinesis.Updates[0].At)
	assert.Equal(t, at(t, "2021-12-22T07:58:00Z"), kinesis.Updates[1].At)
	assert.Equal(t, at(t, "2021-12-22T08:25:00Z"), kinesis.Updates[2].At, "the next day")
	// PDT is -7, PST -8.
	assert.Equal(t, at(t, "2021-08-07T01:08:00Z"), find(t, page, "dynamodb-us-east-1_1628298493").StartedAt)
	assert.Equal(t, at(t, "2021-12-07T16:22:00Z"), find(t, page, "management-console_1638894176").StartedAt)
	// 11:59:40 PM PDT rounded to "12:00 AM PDT" is the next day's midnight, not the same day's.
	cw := find(t, page, "cloudwatch-eu-west-1_1633417180")
	assert.Equal(t, at(t, "2021-10-05T07:00:00Z"), cw.StartedAt)
	assert.Equal(t, at(t, "2021-10-05T07:41:00Z"), cw.ResolvedAt)
}

func TestResolutionUpdate(t *testing.T) {
	page := fixture(t, "data.json")
	dx := find(t, page, "directconnect-ap-northeast-1_1630543140")
	require.Len(t, dx.Updates, 3)
	assert.Equal(t, "operating normally", dx.Updates[1].RawStatus)
	assert.Equal(t, dx.Updates[1].At, dx.ResolvedAt, "the resolution, not the later summary")
	assert.Equal(t, statusfeed.StatusUnknown, dx.Updates[2].Status)
	assert.Equal(t, statusfeed.StatusResolved, dx.Status)

	s3 := find(t, page, "s3-us-standard_1636495106")
	assert.Equal(t, "RESOLVED", s3.Updates[1].RawStatus, "no resolution words: the last update takes the tag")
	assert.Equal(t, "Elevated API Error Rates", s3.Title)

	open := find(t, fixture(t, "data-current.json"), "ec2-us-west-2_1650969049")
	assert.Equal(t, statusfeed.StatusUnknown, open.Status)
	assert.True(t, open.ResolvedAt.IsZero())
	assert.Equal(t, statusfeed.ImpactMinor, open.Impact)
}

func TestRSSGrouping(t *testing.T) {
	page := fixture(t, "all.rss")
	require.Len(t, page.Incidents, 6)
	first := find(t, page, "ec2-us-east-1_1781050868")
	again := find(t, page, "ec2-us-east-1_1781114700")
	assert.Equal(t, statusfeed.StatusResolved, first.Status)
	assert.Len(t, first.Updates, 3)
	assert.Len(t, again.Updates, 1, "the same title after the resolution is a new event")
	assert.True(t, again.ResolvedAt.IsZero())

	south := find(t, page, "multipleservices-me-south-1_1772430987")
	assert.Len(t, south.Updates, 3, "titles differing in case are one event")
	assert.Equal(t, statusfeed.ImpactMajor, south.Impact)
	assert.Equal(t, "Service disruption", south.RawImpact)
	assert.Equal(t, statusfeed.StatusUnknown, south.Status, "no lifecycle word yet")
	central := find(t, page, "multipleservices-me-central-1_1772396043")
	assert.Equal(t, at(t, "2026-03-01T20:14:03Z"), central.StartedAt, "PST is -8")
	assert.Equal(t, at(t, "2026-04-30T07:25:54Z"), central.Updates[1].At, "PDT is -7")

	dns := find(t, page, "route53_1779379953")
	assert.Nil(t, dns.Regions)
	assert.Equal(t, statusfeed.ImpactNone, dns.Impact)
}

func TestDetect(t *testing.T) {
	for _, c := range []struct {
		doc  string
		want statusfeed.Match
	}{
		{`<rss><channel><generator>AWS Service Health Dashboard RSS Generator</generator>`, statusfeed.Certain},
		{`<rss><channel><item><guid isPermaLink="false">http://status.aws.amazon.com/#ec2-ap-northeast-1_1566559115</guid>`, statusfeed.Certain},
		{`<rss><channel><item><guid>https://status.example.com/incidents/1</guid>`, statusfeed.NoMatch},
		{`{"archive":[{"service_name":"Amazon CloudFront","service":"cloudfront"}]}`, statusfeed.Certain},
		{` { "current" : [ ], "archive": [] }`, statusfeed.Possible},
		{`{"page":{"id":"abc"},"components":[]}`, statusfeed.NoMatch},
		{`{"incidents":[{"service_name":"x"}],"archive":[]}`, statusfeed.NoMatch},
	} {
		src := statusfeed.Source{Format: statusfeed.Sniff([]byte(c.doc), statusfeed.Source{})}
		assert.Equal(t, c.want, aws.Detect([]byte(c.doc), src), c.doc)
	}
}

func TestDeclines(t *testing.T) {
	for _, doc := range []string{
		`<?xml version="1.0"?><rss version="2.0"><channel><title>Other</title><item><title>x</title><guid>1</guid></item></channel></rss>`,
		`{"current":[{"id":"x","name":"y"}]}`,
		`{"current":[],"archive":[],"page":{}}`,
		`<html><body>AWS</body></html>`,
	} {
		page, err := aws.Parser.Parse(strings.NewReader(doc), statusfeed.Source{})
		assert.Nil(t, page, doc)
		assert.True(t, errors.Is(err, statusfeed.ErrUnknownFormat), "%s: %v", doc, err)
	}
	page, err := aws.Parser.Parse(strings.NewReader(`<rss version="2.0"><channel><title>t</title><item>
<title>Informational message: x</title><pubDate>Fri, 23 Aug 2019 04:18:35 PDT</pubDate>
<guid isPermaLink="false">http://status.aws.amazon.com/#chime_1566559115</guid></item></channel></rss>`), statusfeed.Source{})
	require.NoError(t, err, "a GUID is marker enough without the generator")
	require.Len(t, page.Incidents, 1)
	assert.Equal(t, "chime", page.Incidents[0].Components[0].ID)

	page, err = aws.Parser.Parse(strings.NewReader(`{"current":[],"archive":[]}`), statusfeed.Source{})
	require.NoError(t, err, "an empty data.json is AWS's, with nothing to report")
	assert.Equal(t, "Amazon Web Services", page.Name)
	assert.Empty(t, page.Incidents)
}

// TestAWSFeedsLeaveTheGenericParser checks that detection gives AWS feeds to this package:
// the generic feed parser still matches them, at its lower level.
func TestAWSFeedsLeaveTheGenericParser(t *testing.T) {
	for _, name := range []string{"all.rss", "ec2-tokyo.rss"} {
		data, err := os.ReadFile(filepath.Join(golden.Root(t), "testdata", "aws", name))
		require.NoError(t, err)
		c := statusfeed.Default.Candidates(data, statusfeed.Source{})
		require.NotEmpty(t, c)
		assert.Equal(t, statusfeed.Candidate{Name: aws.Name, Match: statusfeed.Certain}, c[0], name)
		for _, other := range c[1:] {
			assert.Less(t, other.Match, statusfeed.Certain, name)
		}
	}
}

func TestBadEntries(t *testing.T) {
	doc := `{"archive":[
		{"service":"ec2-us-east-1","service_name":"Amazon EC2 (N. Virginia)","summary":"x","date":"nope","status":"1",
		 "description":"<div><span class=\"yellowfg\"> 1:00 PM PDT</span>&nbsp;a</div>"},
		{"service":"ec2-us-east-1","service_name":"Amazon EC2 (N. Virginia)","summary":"y","date":1650969049,"status":2,
		 "description":"<div><span class=\"yellowfg\"> 3:30 AM XYZ</span>&nbsp;b</div><div><span class=\"yellowfg\"> 3:45 AM IST</span>&nbsp;c</div>"},
		{"service":{"bad":true}}]}`
	page, err := aws.Parser.Parse(strings.NewReader(doc), statusfeed.Source{})
	require.NotNil(t, page, "what could be read is returned")
	require.Error(t, err)
	var ee *statusfeed.EntryError
	assert.True(t, errors.As(err, &ee))
	assert.Contains(t, err.Error(), `"nope"`)
	assert.Contains(t, err.Error(), `unknown zone "XYZ"`)
	require.Len(t, page.Incidents, 2)
	assert.Equal(t, "2", page.Incidents[1].RawImpact, "a bare number is read as its text")
	assert.NotEmpty(t, page.Warnings, "IST is ambiguous")
}

func TestEndpoints(t *testing.T) {
	lister, ok := aws.Parser.(statusfeed.EndpointLister)
	require.True(t, ok)
	want := []string{"https://status.aws.amazon.com/rss/all.rss", "https://status.aws.amazon.com/data.json"}
	for _, host := range []string{"health.aws.amazon.com", "status.aws.amazon.com"} {
		assert.Equal(t, want, lister.Endpoints(&url.URL{Scheme: "https", Host: host}, []byte("<html>"), false), host)
	}
	mirror := &url.URL{Scheme: "http", Host: "127.0.0.1:8080"}
	assert.Equal(t, []string{"http://127.0.0.1:8080/rss/all.rss", "http://127.0.0.1:8080/data.json"}, lister.Endpoints(mirror, nil, true))
	assert.Nil(t, lister.Endpoints(mirror, nil, false))
}

func BenchmarkParseRSS(b *testing.B) { benchmark(b, "aws/rss/aws-all-2026-08.rss", parseBytes) }

func BenchmarkParseJSON(b *testing.B) { benchmark(b, "aws/json/aws-data-2022-07.json", parseBytes) }

// The baselines are what any reader of these documents pays: gofeed's parse of the feed, and a
// generic JSON decode of data.json. Ratios, not timings, are the figures to compare.
func BenchmarkGofeedBaseline(b *testing.B) {
	benchmark(b, "aws/rss/aws-all-2026-08.rss", func(data []byte) error {
		_, err := gofeed.NewParser().Parse(bytes.NewReader(data))
		return err
	})
}

func BenchmarkJSONBaseline(b *testing.B) {
	benchmark(b, "aws/json/aws-data-2022-07.json", func(data []byte) error {
		var v any
		return json.Unmarshal(data, &v)
	})
}

func parseBytes(data []byte) error {
	_, err := aws.Parser.Parse(bytes.NewReader(data), statusfeed.Source{})
	return err
}

func benchmark(b *testing.B, rel string, parse func([]byte) error) {
	data, err := os.ReadFile(corpusFile(b, rel))
	require.NoError(b, err)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := parse(data); err != nil {
			b.Fatal(err)
		}
	}
}
