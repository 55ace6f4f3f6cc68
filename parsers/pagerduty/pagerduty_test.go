package pagerduty_test

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/internal/parsertest"
	"statusfeed.dev/parsers/pagerduty"
	"statusfeed.dev/statusfeed"
)

var corpusDirs = []string{"pagerduty/html"}

func TestGolden(t *testing.T) {
	parsertest.Golden(t, pagerduty.Parser, pagerduty.Name, "html")
}

func FuzzParse(f *testing.F) {
	parsertest.FuzzSeeds(f, pagerduty.Name, corpusDirs, "html")
	f.Fuzz(func(t *testing.T, data []byte) { parsertest.FuzzParse(t, pagerduty.Parser, data) })
}

// TestClaimsOnlyOwn: no other provider's page is taken for PagerDuty's.
func TestClaimsOnlyOwn(t *testing.T) {
	parsertest.ClaimsOnlyOwn(t, pagerduty.Parser, pagerduty.Name, pagerduty.Detect, statusfeed.Certain)
}

var reData = regexp.MustCompile(`(?s)<script id="data" type="application/json">(.*?)</script>`)

// decode is the test's own reading of the data script: a generic decode.
func decode(t *testing.T, data []byte) map[string]any {
	t.Helper()
	m := reData.FindSubmatch(data)
	require.NotNil(t, m, "the test finds no data script")
	var doc map[string]any
	require.NoError(t, json.Unmarshal(m[1], &doc))
	return doc
}

func obj(v any, keys ...string) any {
	for _, k := range keys {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return v
}

func list(v any, keys ...string) []any { l, _ := obj(v, keys...).([]any); return l }

func str(v any, keys ...string) string { s, _ := obj(v, keys...).(string); return s }

func fold(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestCorpus parses every PagerDuty page of the corpus and holds it to a generic decode of its
// data script: every incident with all its updates (times, words, order), the layout's every
// entry, the services the open incidents name and only those out of the operational state,
// and the postmortems.
func TestCorpus(t *testing.T) {
	parsertest.CorpusChecked(t, pagerduty.Parser, pagerduty.Name, corpusDirs, checkPage, "html")
}

func checkPage(t *testing.T, _ string, data []byte, page *statusfeed.Page) {
	corpus.CheckIncidents(t, page)
	doc := decode(t, data)
	assert.Equal(t, str(doc, "layout", "status_page_id"), page.ID)
	// The page's own vocabulary ranks its severity and impact words; "outage", which updates
	// use as a severity, is an impact word there.
	rank := map[string]int{}
	for _, e := range list(doc, "summary", "post_enums") {
		if k := str(e, "post_enum_type"); k == "severity" || k == "impacts" {
			word := strings.ReplaceAll(str(e, "name"), " ", "_")
			rank[word] = max(rank[word], int(obj(e, "rank").(float64)))
		}
	}
	require.NotEmpty(t, rank, "the test finds no vocabulary")
	open, resolved := list(doc, "summary", "open_incidents"), list(doc, "summary", "resolved_incidents")
	require.Len(t, page.Incidents, len(open)+len(resolved))
	impactedNow := map[string]string{}
	for i, raw := range append(append([]any{}, open...), resolved...) {
		inc := page.Incidents[i]
		assert.Equal(t, str(raw, "id"), inc.ID)
		assert.Equal(t, fold(str(raw, "title")), inc.Title)
		updates := list(raw, "updates")
		require.Len(t, inc.Updates, len(updates), inc.ID)
		words, times := map[string]int{}, map[time.Time]int{}
		for _, u := range updates {
			words[str(u, "status")]++
			at, err := time.Parse(time.RFC3339, str(u, "created_at"))
			require.NoError(t, err)
			times[at.UTC()]++
		}
		for _, u := range inc.Updates {
			words[u.RawStatus]--
			times[u.At]--
			assert.NotEqual(t, statusfeed.StatusUnknown, u.Status, "%s: word %q read as unknown", inc.ID, u.RawStatus)
			assert.NotEmpty(t, u.Body, inc.ID)
		}
		worst := -1
		for _, u := range updates {
			r, ok := rank[str(u, "severity")]
			require.True(t, ok, "%s: severity %q is not in the page's vocabulary", inc.ID, str(u, "severity"))
			worst = max(worst, r)
		}
		assert.Equal(t, worst, rank[inc.RawImpact], "%s: impact %q is not the worst severity", inc.ID, inc.RawImpact)
		assert.NotEqual(t, statusfeed.ImpactUnknown, inc.Impact, "%s: severity %q read as unknown", inc.ID, inc.RawImpact)
		for _, c := range inc.Components {
			assert.NotEqual(t, statusfeed.ComponentUnknown, c.Status, "%s: %s's severity read as unknown", inc.ID, c.Name)
		}
		for w, n := range words {
			assert.Zero(t, n, "%s: status %q", inc.ID, w)
		}
		for at, n := range times {
			assert.Zero(t, n, "%s: update at %v", inc.ID, at)
		}
		if i < len(open) {
			assert.Zero(t, inc.ResolvedAt, "open incident %s resolved", inc.ID)
			// The latest update of an open incident says which services it affects now.
			latest := updates[0]
			for _, u := range updates {
				if str(u, "created_at") > str(latest, "created_at") {
					latest = u
				}
			}
			for _, s := range list(latest, "impacted_business_services") {
				impactedNow[str(s, "business_service_id")] = str(s, "severity")
			}
		} else {
			assert.False(t, inc.ResolvedAt.IsZero(), "resolved incident %s has no resolution time", inc.ID)
		}
		if pm := obj(raw, "postmortem"); pm != nil {
			require.NotNil(t, inc.Postmortem, inc.ID)
			assert.NotEmpty(t, inc.Postmortem.Body)
		} else {
			assert.Nil(t, inc.Postmortem, inc.ID)
		}
	}

	services := list(doc, "layout", "layout_settings", "business_services")
	require.Len(t, page.Components, len(services))
	byID := map[string]statusfeed.Component{}
	for _, c := range page.Components {
		byID[c.ID] = c
	}
	for _, s := range services {
		c, ok := byID[str(s, "id")]
		require.True(t, ok, "no component for %s", str(s, "id"))
		assert.Equal(t, fold(str(s, "name")), c.Name)
		assert.Equal(t, obj(s, "grouping_element") == true, c.IsGroup, c.Name)
		if c.IsGroup {
			continue
		}
		if sev, ok := impactedNow[c.ID]; ok {
			assert.Equal(t, sev, c.RawStatus, c.Name)
			assert.NotEqual(t, statusfeed.ComponentUnknown, c.Status, "%s: %q read as unknown", c.Name, sev)
		} else if len(list(doc, "summary", "posts")) == 0 {
			assert.Equal(t, statusfeed.ComponentOperational, c.Status, "%s is named by no open incident", c.Name)
		}
	}
	if len(impactedNow) > 0 {
		assert.NotEqual(t, statusfeed.ComponentOperational, page.Status)
	}
}

// shell is a PagerDuty page with the data script after more than the detector's prefix, as a
// page with a long head would have it.
func shell(data string) string {
	return "\n<!DOCTYPE html>\n<html>\n<head>\n<title>Status Page</title>\n" +
		`<link href="/static/1/0123456789abcdef0123456789abcdef01234567/css/main.css" rel="stylesheet">` +
		"\n<!-- " + strings.Repeat("padding ", 3000) + "-->\n</head>\n<body>\n<div id='layout-1'></div>\n" +
		`<script id="data" type="application/json">` + data + "</script>\n</body>\n</html>\n"
}

// TestPossible: with only the page shell in its prefix, detection says Possible; the parser
// confirms on the whole document and declines a page whose data is not PagerDuty's.
func TestPossible(t *testing.T) {
	pd := shell(`{"summary":{"open_incidents":[],"resolved_incidents":[],"posts":[]},"layout":{"status_page_id":"PABC123","layout_settings":{"name":"Acme Status Page","business_services":[]}}}`)
	src := statusfeed.Source{Format: statusfeed.FormatHTML}
	assert.Equal(t, statusfeed.Possible, pagerduty.Detect([]byte(pd[:statusfeed.SniffLen]), src))
	page, err := statusfeed.Parse(strings.NewReader(pd), statusfeed.Source{})
	require.NoError(t, err)
	assert.Equal(t, pagerduty.Name, page.Provider)
	assert.Equal(t, "Acme", page.Name)
	assert.Equal(t, statusfeed.ComponentOperational, page.Status, "no open incident, no post")

	other := shell(`{"summary":"a blog post","layout":{"theme":"dark"}}`)
	page, err = pagerduty.Parser.Parse(strings.NewReader(other), statusfeed.Source{})
	assert.Nil(t, page)
	assert.True(t, errors.Is(err, statusfeed.ErrUnknownFormat), "%v", err)
	_, err = statusfeed.Parse(strings.NewReader(other), statusfeed.Source{})
	assert.True(t, errors.Is(err, statusfeed.ErrUnknownFormat), "%v", err)
}

// TestPosts: posts (maintenances) have no capture, so a page with some says it could not read
// them, and no service that no open incident names is called operational.
func TestPosts(t *testing.T) {
	page, err := pagerduty.Parser.Parse(strings.NewReader(shell(`{"summary":{"open_incidents":[],"resolved_incidents":[],
"posts":[{"id":"PPOST01","post_type":"maintenance"}]},"layout":{"status_page_id":"PABC123","layout_settings":{"name":"Acme",
"business_services":[{"Head_ID":-1,"id":"PSVC001","name":"API"}]}}}`)), statusfeed.Source{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "1 posts not read")
	require.NotNil(t, page)
	require.Len(t, page.Components, 1)
	assert.Equal(t, statusfeed.ComponentUnknown, page.Components[0].Status)
	assert.Equal(t, statusfeed.ComponentUnknown, page.Status)
}
