package betterstack_test

import (
	"errors"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/internal/parsertest"
	"statusfeed.dev/parsers/betterstack"
	"statusfeed.dev/statusfeed"
)

var corpusDirs = []string{"betterstack/html"}

func TestGolden(t *testing.T) {
	parsertest.Golden(t, betterstack.Parser, betterstack.Name, "html")
}

func FuzzParse(f *testing.F) {
	parsertest.FuzzSeeds(f, betterstack.Name, corpusDirs, "html")
	f.Fuzz(func(t *testing.T, data []byte) { parsertest.FuzzParse(t, betterstack.Parser, data) })
}

// TestClaimsOnlyOwn: no other provider's page is taken for Better Stack's.
func TestClaimsOnlyOwn(t *testing.T) {
	parsertest.ClaimsOnlyOwn(t, betterstack.Parser, betterstack.Name, betterstack.Detect, statusfeed.Certain)
}

// The test's own reading of a Better Stack page, by regular expressions over the bytes.
var (
	reHeading = regexp.MustCompile(`<h1[^>]*>([^<]*)</h1>`)
	reStamp   = regexp.MustCompile(`Last updated on ([^<]*)<`)
	reSection = regexp.MustCompile(`(?s)class='section-toggle[^']*'[^>]*>\s*<div[^>]*>([^<]*)</div>`)
	reBadge   = regexp.MustCompile(`(?s)class='section-status-badge[^']*'>.*?</svg>\s*([^<]*?)\s*</div>`)
	// A service: its icon's classes and its name, in the row's "text-large" title.
	reService = regexp.MustCompile(`(?s)class='[^']*\btext-large'>\s*<svg[^>]*class="([^"]*)".*?</svg>\s*<div[^>]*>([^<]*)</div>`)
	reDataURL = regexp.MustCompile(`data-url='([^']*)'`)
	reYear    = regexp.MustCompile(`\b(19|20)\d\d\b`)
)

// badgeWords are the words the vendor writes on section badges.
var badgeWords = map[string]bool{"operational": true, "degraded": true, "downtime": true, "maintenance": true}

// TestCorpus parses every Better Stack page of the corpus and holds it to the test's own
// reading of the page: headline, sections with their badges, services with their icons, the
// scripts' addresses, and the year-less "last updated" stamp.
func TestCorpus(t *testing.T) {
	parsertest.CorpusChecked(t, betterstack.Parser, betterstack.Name, corpusDirs, checkPage, "html")
}

func text(b []byte) string { return strings.Join(strings.Fields(html.UnescapeString(string(b))), " ") }

func checkPage(t *testing.T, _ string, data []byte, page *statusfeed.Page) {
	corpus.CheckIncidents(t, page)
	heading := reHeading.FindSubmatch(data)
	require.NotNil(t, heading, "the test finds no headline")
	assert.Equal(t, text(heading[1]), page.RawStatus)
	assert.NotEqual(t, statusfeed.ComponentUnknown, page.Status, "headline %q read as unknown", page.RawStatus)

	// Sections and services in page order: a section's name, then the services after it.
	type want struct {
		name, group, badge, icon string
		isGroup                  bool
	}
	var wants []want
	sections := reSection.FindAllSubmatchIndex(data, -1)
	badges := reBadge.FindAllSubmatch(data, -1)
	require.Len(t, badges, len(sections))
	services := reService.FindAllSubmatchIndex(data, -1)
	require.NotEmpty(t, services, "the test finds no service")
	si := 0
	for i, sec := range sections {
		end := len(data)
		if i+1 < len(sections) {
			end = sections[i+1][0]
		}
		group := text(data[sec[2]:sec[3]])
		wants = append(wants, want{name: group, badge: text(badges[i][1]), isGroup: true})
		for ; si < len(services) && services[si][0] < end; si++ {
			s := services[si]
			wants = append(wants, want{name: text(data[s[4]:s[5]]), group: group, icon: string(data[s[2]:s[3]])})
		}
	}
	require.Len(t, page.Components, len(wants))
	for i, w := range wants {
		c := page.Components[i]
		assert.Equal(t, w.name, c.Name)
		assert.Equal(t, w.group, c.Group, c.Name)
		assert.Equal(t, w.isGroup, c.IsGroup, c.Name)
		if w.isGroup {
			assert.Equal(t, w.badge, c.RawStatus, c.Name)
			if badgeWords[strings.ToLower(w.badge)] {
				assert.NotEqual(t, statusfeed.ComponentUnknown, c.Status, "badge %q read as unknown", w.badge)
			}
			continue
		}
		if strings.Contains(w.icon, "neutral") { // the grey placeholder script replaces
			assert.Equal(t, statusfeed.ComponentUnknown, c.Status, "%s: placeholder icon read as %s", c.Name, c.Status)
		}
	}
	ids := map[string]bool{}
	for _, c := range page.Components {
		ids[c.ID] = true
	}
	for _, m := range reDataURL.FindAllSubmatch(data, -1) {
		u, err := url.Parse(html.UnescapeString(string(m[1])))
		require.NoError(t, err)
		assert.True(t, ids[u.Path], "no component with the ID of %s", m[1])
	}

	stamp := reStamp.FindSubmatch(data)
	require.NotNil(t, stamp, "the test finds no 'Last updated' stamp")
	if !reYear.Match(stamp[1]) {
		assert.True(t, page.GeneratedAt.IsZero(), "a year-less stamp made %v", page.GeneratedAt)
		assert.Contains(t, strings.Join(page.Warnings, "\n"), text(stamp[1]))
	}
}

// TestStampWithYear: a stamp that does carry a year gives GeneratedAt in UTC through the zone
// table, CEST being UTC+2.
func TestStampWithYear(t *testing.T) {
	page := parseString(t, `<p>Last updated on Aug 06, 2023 at 09:41am CEST</p>`)
	assert.Equal(t, "2023-08-06T07:41:00Z", page.GeneratedAt.Format("2006-01-02T15:04:05Z07:00"))
}

// TestNotBetterStack: a page without Better Stack's assets is declined whatever it looks like.
func TestNotBetterStack(t *testing.T) {
	page, err := betterstack.Parser.Parse(strings.NewReader(`<!DOCTYPE html><html><head><title>X status</title></head>
<body><h1 class='heading-large'>All services are online</h1></body></html>`), statusfeed.Source{})
	assert.Nil(t, page)
	assert.True(t, errors.Is(err, statusfeed.ErrUnknownFormat), "%v", err)
}

func parseString(t *testing.T, body string) *statusfeed.Page {
	t.Helper()
	doc := `<!DOCTYPE html><html><head><title>Acme status</title>
<link rel="icon" href="https://uptime.betterstack.com/assets/status_pages_v2/favicons/operational.png"></head>
<body><div><h1 class='heading-large'>All services are online</h1>` + body + `</div></body></html>`
	page, err := betterstack.Parser.Parse(strings.NewReader(doc), statusfeed.Source{})
	require.NoError(t, err)
	return page
}
