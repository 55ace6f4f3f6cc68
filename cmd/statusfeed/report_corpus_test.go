package main

import (
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/report"
	"statusfeed.dev/statusfeed"
)

// TestReportCorpus runs the report over every corpus document at once, over all of
// statusfeed's time and over the default 90 days as HTML, and requires every vendor in the
// corpus in it. The vendors are derived here from the parsed pages (names, else status page
// hosts), not by the report's own grouping.
func TestReportCorpus(t *testing.T) {
	files := corpus.Files(t, nil, "atom", "rss", "json", "html", "xml")
	require.Greater(t, len(files), 400)

	var pages []*statusfeed.Page
	where := map[*statusfeed.Page]string{}
	for _, path := range files {
		f, err := os.Open(path)
		require.NoError(t, err)
		page, err := statusfeed.Parse(f, statusfeed.Source{Name: path})
		f.Close()
		require.NoError(t, err, corpus.Name(t, path))
		pages = append(pages, page)
		where[page] = corpus.Name(t, path)
	}

	code, out, errOut := runCLI(t, "", append([]string{"report", "--format", "json", "--since", "2000-01-01..2099-12-31"}, files...)...)
	require.Equal(t, 0, code, errOut)
	var doc report.Report
	require.NoError(t, json.Unmarshal([]byte(out), &doc))

	shown := map[string]bool{}
	providers := map[string]bool{}
	for _, v := range doc.Vendors {
		shown[v.Vendor] = true
		providers[v.Provider] = true
	}
	host := func(p *statusfeed.Page) string {
		u, err := url.Parse(p.URL)
		if err != nil {
			return ""
		}
		return strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	}
	// A vendor's pages may differ in name; the report shows one of them.
	namesByHost := map[string][]string{}
	for _, p := range pages {
		if h := host(p); h != "" && p.Name != "" {
			namesByHost[h] = append(namesByHost[h], p.Name)
		}
	}
	known := map[string]bool{}
	for _, p := range pages {
		h := host(p)
		candidates := namesByHost[h]
		switch {
		case p.Name != "" && h == "":
			candidates = []string{p.Name}
		case len(candidates) == 0 && h != "":
			candidates = []string{h} // unnamed: known by its host
		case len(candidates) == 0:
			assert.True(t, providers[p.Provider], "%s: an unnamed page without URL, and no %s vendor", where[p], p.Provider)
			continue
		}
		found := false
		for _, c := range candidates {
			found = found || shown[c]
			known[c] = true
		}
		assert.True(t, found, "%s: vendor %q (%s) is not in the report", where[p], p.Name, h)
	}
	for _, v := range doc.Vendors {
		if !known[v.Vendor] {
			assert.Contains(t, v.Vendor, v.Provider, "%q is no page's name or host", v.Vendor)
		}
	}
	assert.GreaterOrEqual(t, len(doc.Vendors), 20)

	code, out, errOut = runCLI(t, "", append([]string{"report", "--format", "html"}, files...)...)
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, len(doc.Vendors), strings.Count(out, `<section class="vendor">`))
}
