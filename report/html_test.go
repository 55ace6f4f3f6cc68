package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"statusfeed.dev/analytics"
	"statusfeed.dev/report"
	"statusfeed.dev/statusfeed"
)

// evil is vendor text that would run in the reader's browser if it were not escaped.
const evil = `<script>alert("pwned")</script>`

func hostile() *statusfeed.Page {
	return &statusfeed.Page{Provider: "statuspage", Name: "Evil " + evil, URL: "https://status.evil.example", GeneratedAt: july(3, 12, 0),
		Components: []statusfeed.Component{{ID: "c1", Name: `<img src=x onerror=alert(1)>`, Group: evil,
			Uptime: []statusfeed.UptimeDay{{Date: july(1, 0, 0)}, {Date: july(2, 0, 0), MajorOutageSeconds: 600, Incidents: []string{evil}}, {Date: july(3, 0, 0)}}}},
		Incidents: []statusfeed.Incident{{ID: "i1", Title: evil, URL: `https://status.evil.example/"><script>alert(2)</script>`,
			Kind: statusfeed.KindIncident, Status: statusfeed.StatusResolved, Impact: statusfeed.ImpactMajor, RawImpact: evil,
			Components: []statusfeed.ComponentRef{{ID: "c1", Name: evil}}, StartedAt: july(2, 10, 0), ResolvedAt: july(2, 10, 10),
			RawDeclaredDuration: evil, DeclaredDuration: 1,
			Updates:    []statusfeed.Update{{At: july(2, 10, 0), Status: statusfeed.StatusResolved, RawStatus: evil, Body: evil + "\n</li></ol><b>x</b>"}},
			Postmortem: &statusfeed.Postmortem{PublishedAt: july(3, 9, 0), Body: evil, Sections: []statusfeed.Section{{Heading: evil, Body: evil}}}},
			{ID: "i2", Title: "link", URL: "javascript:alert(3)", Kind: statusfeed.KindIncident, StartedAt: july(2, 11, 0)}},
	}
}

func analyzeDaily(t *testing.T, period string, pages ...*statusfeed.Page) *analytics.Result {
	t.Helper()
	p, err := analytics.ParsePeriod(period)
	require.NoError(t, err)
	res, err := analytics.Analyze(analytics.Input{Pages: pages}, analytics.Options{Period: p, Daily: true})
	require.NoError(t, err)
	return res
}

func writeHTML(t *testing.T, res *analytics.Result, opt report.HTMLOptions) (string, *html.Node) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, report.WriteHTML(&buf, res, opt))
	doc, err := html.Parse(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	return buf.String(), doc
}

// walk calls f on every element.
func walk(n *html.Node, f func(*html.Node)) {
	if n.Type == html.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

func text(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

func findAll(doc *html.Node, keep func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	walk(doc, func(n *html.Node) {
		if keep(n) {
			out = append(out, n)
		}
	})
	return out
}

// TestHTMLEscapesVendorText renders a page whose every string is markup: the document must hold
// no element and no attribute the vendor wrote, and show the vendor's text as text.
func TestHTMLEscapesVendorText(t *testing.T) {
	out, doc := writeHTML(t, analyzeDaily(t, "3d", hostile()), report.HTMLOptions{Title: evil, Note: evil})
	assert.NotContains(t, strings.ToLower(out), "<script")
	assert.NotContains(t, strings.ToLower(out), "<img")
	assert.NotContains(t, out, "<b>x</b>")
	assert.Contains(t, out, "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;")
	walk(doc, func(n *html.Node) {
		assert.NotContains(t, []string{"script", "img", "b", "iframe"}, n.Data, "an element the vendor wrote")
		for _, a := range n.Attr {
			assert.False(t, strings.HasPrefix(a.Key, "on"), "event handler attribute %s", a.Key)
			if a.Key == "href" {
				assert.True(t, strings.HasPrefix(a.Val, "https://"), "href %q", a.Val)
			}
		}
	})
	names := findAll(doc, func(n *html.Node) bool { return hasClass(n, "vendor-name") })
	require.Len(t, names, 1)
	assert.Equal(t, "Evil "+evil+" (statuspage)", text(names[0]), "the name shown as the vendor wrote it")
	links := findAll(doc, func(n *html.Node) bool { return n.Data == "a" })
	require.Len(t, links, 1, "the javascript: URL links nowhere")
	assert.Equal(t, `https://status.evil.example/%22%3e%3cscript%3ealert%282%29%3c/script%3e`, attr(links[0], "href"), "percent-encoded")
	titles := findAll(doc, func(n *html.Node) bool { return n.Data == "title" && n.Parent.Data == "rect" })
	require.Len(t, titles, 3)
	assert.Contains(t, text(titles[1]), evil, "the tooltip holds the incident's title as text")
}

// TestHTMLBars checks the bars: a rect per day of the window, colored by the day's worst level,
// with its figures and incidents in the tooltip; and the incidents with their timelines.
func TestHTMLBars(t *testing.T) {
	_, doc := writeHTML(t, sampleWith(t, true), report.HTMLOptions{Note: "a sample"})
	bars := findAll(doc, func(n *html.Node) bool { return n.Data == "svg" && hasClass(n, "uptime-bar") })
	// Acme: Core, API, Web; Feedy: none; Quiet: Queue.
	require.Len(t, bars, 4)
	classes := func(svg *html.Node) (out []string) {
		for _, r := range findAll(svg, func(n *html.Node) bool { return n.Data == "rect" }) {
			out = append(out, strings.TrimPrefix(attr(r, "class"), "day "))
		}
		return out
	}
	// Core (a group no incident names) and Web: the page's history speaks from July 2 10:00.
	// API: July 1 had a maintenance and no outage, July 2 a major outage, July 3 a partial
	// one. Queue has no data.
	assert.Equal(t, []string{"nodata", "up", "up"}, classes(bars[0]))
	assert.Equal(t, []string{"maintenance", "major", "partial"}, classes(bars[1]))
	assert.Equal(t, []string{"nodata", "up", "up"}, classes(bars[2]))
	assert.Equal(t, []string{"nodata", "nodata", "nodata"}, classes(bars[3]))

	api := findAll(bars[1], func(n *html.Node) bool { return n.Data == "title" })
	require.Len(t, api, 3)
	assert.Contains(t, text(api[0]), "Upgrade", "the maintenance in its day's tooltip")
	assert.Contains(t, text(api[1]), "major outage: 30m0s")
	assert.Contains(t, text(api[1]), "API errors (from Jul 2 10:00 UTC)")
	assert.Contains(t, text(api[2]), "Slow API")
	assert.NotContains(t, text(api[2]), "API errors")

	summaries := findAll(doc, func(n *html.Node) bool { return hasClass(n, "summary") })
	assert.Len(t, summaries, 3, "one summary per vendor")
	incidents := findAll(doc, func(n *html.Node) bool { return hasClass(n, "incident") })
	var titles []string
	for _, n := range incidents {
		titles = append(titles, text(findAll(n, func(n *html.Node) bool { return n.Data == "h4" })[0]))
	}
	assert.Equal(t, []string{"Slow API", "API errors", "Upgrade", "Slow", "Down"}, titles, "per vendor, newest first")
	steps := findAll(incidents[1], func(n *html.Node) bool { return n.Data == "li" })
	require.Len(t, steps, 1)
	assert.Contains(t, text(steps[0]), "2026-07-02 10:04 UTC")
	pm := findAll(incidents[1], func(n *html.Node) bool { return hasClass(n, "postmortem") })
	require.Len(t, pm, 1)
	assert.Contains(t, text(pm[0]), "published 2026-07-03 10:30 UTC")
	notes := findAll(doc, func(n *html.Node) bool { return attr(n, "id") == "note" })
	require.Len(t, notes, 1)
	assert.Equal(t, "a sample", text(notes[0]))

	// Without the daily figures there is nothing to draw, and nothing is made up.
	_, doc = writeHTML(t, sampleWith(t, false), report.HTMLOptions{})
	assert.Empty(t, findAll(doc, func(n *html.Node) bool { return n.Data == "svg" }))
	assert.Len(t, findAll(doc, func(n *html.Node) bool { return hasClass(n, "summary") }), 3)
}
