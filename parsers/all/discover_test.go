package all_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/internal/golden"
	"statusfeed.dev/statusfeed"
)

// site is a test server that answers paths from a table: fixture files under testdata/ (with
// their absolute links pointed at the server) or literal bodies. It counts requests.
type site struct {
	*httptest.Server
	requests atomic.Int32
}

type answer struct {
	file, body, contentType string
	status                  int
}

func newSite(t *testing.T, routes map[string]answer, fallback *answer, hosts ...string) *site {
	t.Helper()
	s := &site{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		a, ok := routes[r.URL.Path]
		if !ok {
			if fallback == nil {
				http.NotFound(w, r)
				return
			}
			a = *fallback
		}
		body := a.body
		if a.file != "" {
			data, err := os.ReadFile(filepath.Join(golden.Root(t), "testdata", a.file))
			if err != nil {
				t.Error(err)
				return
			}
			body = string(data)
		}
		for _, h := range hosts { // links in fixtures point at the vendor; point them here
			body = strings.ReplaceAll(body, h, s.URL)
		}
		if a.contentType != "" {
			w.Header().Set("Content-Type", a.contentType)
		}
		if a.status != 0 {
			w.WriteHeader(a.status)
		}
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(s.Close)
	return s
}

func discover(t *testing.T, s *site, path string) (*statusfeed.Discovery, error) {
	t.Helper()
	d, err := statusfeed.Discover(context.Background(), s.Client(), s.URL+path)
	require.NotNil(t, d)
	assert.LessOrEqual(t, int(s.requests.Load()), 1+statusfeed.MaxProbes, "a bounded number of requests")
	assert.Equal(t, int(s.requests.Load()), d.Requests)
	return d, err
}

func endpointPaths(s *site, d *statusfeed.Discovery) []string {
	var paths []string
	for _, e := range d.Endpoints {
		paths = append(paths, strings.TrimPrefix(e.URL, s.URL)+" "+e.Provider+"/"+e.Format)
	}
	return paths
}

func TestDiscoverStatuspage(t *testing.T) {
	s := newSite(t, map[string]answer{
		"/":                    {file: "statuspage/home.html", contentType: "text/html"},
		"/api/v2/summary.json": {file: "statuspage/summary.json", contentType: "application/json"},
		"/history.atom":        {file: "statuspage/basic.atom", contentType: "application/atom+xml"},
		"/history.rss":         {file: "statuspage/basic-rss.rss", contentType: "application/rss+xml"},
	}, nil, "https://status.example-video.com")
	d, err := discover(t, s, "/")
	require.NoError(t, err)
	assert.Equal(t, "statuspage", d.Provider)
	assert.ElementsMatch(t, []string{"/ statuspage/html", "/history.atom statuspage/atom", "/history.rss statuspage/rss",
		"/api/v2/summary.json statuspage/json"}, endpointPaths(s, d))
	assert.Equal(t, s.URL+"/api/v2/summary.json", d.Poll, "the JSON API with components is the one to poll")
}

func TestDiscoverFromAFeed(t *testing.T) {
	s := newSite(t, map[string]answer{
		"/history.atom":        {file: "statuspage/basic.atom"},
		"/api/v2/summary.json": {file: "statuspage/summary.json"},
	}, nil, "https://status.example-video.com")
	d, err := discover(t, s, "/history.atom")
	require.NoError(t, err)
	assert.Equal(t, "statuspage", d.Provider)
	assert.Contains(t, endpointPaths(s, d), "/api/v2/summary.json statuspage/json")
}

func TestDiscoverIncidentIO(t *testing.T) {
	s := newSite(t, map[string]answer{
		"/": {body: `<!DOCTYPE html><html><head><title>Acme AI status</title>
<link rel="alternate" type="application/atom+xml" href="/history.atom"></head>
<body><div id="__next"></div><a href="https://incident.io">Powered by incident.io</a></body></html>`},
		"/api/v2/summary.json": {file: "incidentio/summary.json"},
		"/history.atom":        {file: "incidentio/history.atom"},
	}, nil)
	// The widget JSON lives at /proxy/<host>.
	host := strings.TrimPrefix(s.URL, "http://")
	host = host[:strings.IndexByte(host, ':')]
	widget, err := os.ReadFile(filepath.Join(golden.Root(t), "testdata", "incidentio", "widget-summary.json"))
	require.NoError(t, err)
	mux := http.NewServeMux()
	mux.HandleFunc("/proxy/"+host, func(w http.ResponseWriter, r *http.Request) { s.requests.Add(1); _, _ = w.Write(widget) })
	mux.Handle("/", s.Config.Handler)
	s.Config.Handler = mux

	d, err := discover(t, s, "/")
	require.NoError(t, err)
	assert.Equal(t, "incidentio", d.Provider)
	assert.ElementsMatch(t, []string{"/history.atom incidentio/atom", "/api/v2/summary.json incidentio/json",
		"/proxy/" + host + " incidentio/json"}, endpointPaths(s, d), "the home page shell itself is no endpoint")
	assert.Equal(t, s.URL+"/api/v2/summary.json", d.Poll)
}

func TestDiscoverInstatus(t *testing.T) {
	s := newSite(t, map[string]answer{
		"/":                   {file: "instatus/home.html"},
		"/summary.json":       {file: "instatus/summary.json"},
		"/v2/components.json": {file: "instatus/components-v2.json"},
		"/history.rss":        {file: "instatus/history-rss.rss"},
	}, nil, "https://status.maestra.example")
	d, err := discover(t, s, "/")
	require.NoError(t, err)
	assert.Equal(t, "instatus", d.Provider)
	assert.ElementsMatch(t, []string{"/ instatus/html", "/summary.json instatus/json", "/v2/components.json instatus/json",
		"/history.rss instatus/rss"}, endpointPaths(s, d))
	assert.Equal(t, s.URL+"/v2/components.json", d.Poll)
}

// A single-page app answers every path with the same HTML, here one that even claims to be
// Statuspage in its footer: nothing it serves may pass for a parsed, healthy page.
func TestDiscoverSinglePageApp(t *testing.T) {
	shell := answer{contentType: "text/html", body: `<!DOCTYPE html><html><head><title>Status</title>
<link rel="alternate" type="application/rss+xml" href="/feed.rss">
<link rel="stylesheet" href="https://dka575ofm4ao0.cloudfront.net/assets/app.css"></head>
<body class="status index"><div id="root" class="layout-content status"></div>
<span>Powered by Atlassian Statuspage</span><script src="/app.js"></script></body></html>`}
	s := newSite(t, nil, &shell)
	d, err := discover(t, s, "/")
	assert.ErrorIs(t, err, statusfeed.ErrNoEndpoints)
	assert.Empty(t, d.Endpoints)
	assert.Empty(t, d.Poll)
	assert.Greater(t, d.Requests, 1, "the candidates were probed")
}

// A vendor whose JSON endpoints answer with an HTML error page (200 OK) and whose Atom feed is
// down: the JSON is not mistaken for the API, and polling falls back to the RSS feed.
func TestDiscoverJSONAnsweredWithHTMLError(t *testing.T) {
	errorPage := `<!DOCTYPE html><html><head><title>Error</title></head><body><h1>Something went wrong</h1></body></html>`
	s := newSite(t, map[string]answer{
		"/":                    {file: "statuspage/home.html"},
		"/api/v2/summary.json": {body: errorPage, contentType: "text/html"},
		"/history.atom":        {body: "unavailable", status: http.StatusServiceUnavailable},
		"/history.rss":         {file: "statuspage/basic-rss.rss"},
	}, nil, "https://status.example-video.com")
	d, err := discover(t, s, "/")
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"/ statuspage/html", "/history.rss statuspage/rss"}, endpointPaths(s, d))
	assert.Equal(t, s.URL+"/history.rss", d.Poll)
}

// A page of no known provider still yields the feeds it links.
func TestDiscoverUnknownPageWithFeeds(t *testing.T) {
	s := newSite(t, map[string]answer{
		"/": {body: `<html><head><title>Example Cloud</title>
<link rel="alternate" type="application/atom+xml" title="Status" href="/status/feed.atom"></head><body>All good.</body></html>`},
		"/status/feed.atom": {file: "feed/plain.atom"},
	}, nil)
	d, err := discover(t, s, "/")
	require.NoError(t, err)
	assert.Equal(t, []string{"/status/feed.atom feed/atom"}, endpointPaths(s, d))
	assert.Equal(t, "feed", d.Provider)
	assert.Equal(t, 2, d.Requests, "no provider endpoints are guessed for an unknown page")
}

func TestDiscoverHTTPError(t *testing.T) {
	s := newSite(t, nil, nil)
	_, err := discover(t, s, "/")
	var he *statusfeed.HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, http.StatusNotFound, he.StatusCode)
}
