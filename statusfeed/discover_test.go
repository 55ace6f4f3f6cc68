package statusfeed_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/internal/golden"
	_ "statusfeed.dev/parsers/all"
	"statusfeed.dev/statusfeed"
)

// route is how a test site answers one path.
type route struct {
	file     string // a fixture under testdata/, or
	body     string // a literal body, or
	redirect string // a redirect target, or
	hang     bool   // no answer until the client goes away
	status   int
}

// site serves routes, with the fixtures' links to vendorHost pointed at itself, and counts
// every request it sees, redirects included.
type site struct {
	*httptest.Server
	requests atomic.Int32
}

func newSite(t *testing.T, vendorHost string, routes map[string]route) *site {
	t.Helper()
	s := &site{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		rt, ok := routes[r.URL.Path]
		switch {
		case !ok:
			http.NotFound(w, r)
			return
		case rt.hang:
			waitGone(r)
			return
		case rt.redirect != "":
			http.Redirect(w, r, rt.redirect, http.StatusFound)
			return
		}
		body := rt.body
		if rt.file != "" {
			data, err := os.ReadFile(filepath.Join(golden.Root(t), "testdata", rt.file))
			if err != nil {
				t.Error(err)
				return
			}
			body = string(data)
		}
		if vendorHost != "" {
			body = strings.ReplaceAll(body, vendorHost, s.URL)
		}
		if rt.status != 0 {
			w.WriteHeader(rt.status)
		}
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(s.Close)
	return s
}

const videoHost = "https://status.example-video.com"

func probesOf(s *site, d *statusfeed.Discovery) map[string]statusfeed.ProbeResult {
	out := map[string]statusfeed.ProbeResult{}
	for _, p := range d.Probes {
		out[strings.TrimPrefix(p.URL, s.URL)] = p.Result
	}
	return out
}

func endpointsOf(s *site, d *statusfeed.Discovery) []string {
	var out []string
	for _, e := range d.Endpoints {
		out = append(out, strings.TrimPrefix(e.URL, s.URL))
	}
	return out
}

// A probe that hangs costs its timeout, not the home page found before it.
func TestDiscoverHangingProbe(t *testing.T) {
	s := newSite(t, videoHost, map[string]route{
		"/":                    {file: "statuspage/home.html"},
		"/api/v2/summary.json": {hang: true},
		"/history.atom":        {file: "statuspage/basic.atom"},
	})
	dv := &statusfeed.Discoverer{Fetcher: &statusfeed.Fetcher{Client: s.Client()}, ProbeTimeout: 200 * time.Millisecond}
	start := time.Now()
	d, err := dv.Discover(context.Background(), s.URL+"/")
	assert.Less(t, time.Since(start), noHang)
	require.NoError(t, err)
	assert.Equal(t, []string{"/", "/history.atom"}, endpointsOf(s, d))
	assert.Equal(t, s.URL+"/history.atom", d.Poll)
	assert.Equal(t, "statuspage", d.Provider)
	for _, p := range d.Probes {
		if strings.HasSuffix(p.URL, "/summary.json") {
			assert.Equal(t, statusfeed.ProbeFetchFailed, p.Result)
			assert.ErrorIs(t, p.Err, statusfeed.ErrTimeout)
		}
	}
	assert.Equal(t, int(s.requests.Load()), d.Requests)
}

// When the caller's context ends during a probe, what was found is kept and returned with the
// context's error; the candidates left are recorded as not tried.
func TestDiscoverContextEnds(t *testing.T) {
	s := newSite(t, videoHost, map[string]route{
		"/":                    {file: "statuspage/home.html"},
		"/history.atom":        {hang: true}, // the first candidate: the page's own alternate link
		"/history.rss":         {file: "statuspage/basic-rss.rss"},
		"/api/v2/summary.json": {file: "statuspage/summary.json"},
	})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	d, err := statusfeed.Discover(ctx, s.Client(), s.URL+"/")
	assert.Less(t, time.Since(start), noHang)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.NotNil(t, d)
	assert.Equal(t, []string{"/"}, endpointsOf(s, d), "the home page found first is kept")
	assert.Equal(t, s.URL+"/", d.Poll)
	assert.Equal(t, statusfeed.ProbeStopped, probesOf(s, d)["/history.rss"])
	assert.Equal(t, int(s.requests.Load()), d.Requests)
}

// Every request counts, redirects included, the ones of the address given too.
func TestDiscoverCountsRedirects(t *testing.T) {
	s := newSite(t, videoHost, map[string]route{
		"/":                      {redirect: "/status"},
		"/status":                {redirect: "/status/"},
		"/status/":               {file: "statuspage/home.html"},
		"/history.atom":          {redirect: "/feeds/history.atom"},
		"/feeds/history.atom":    {redirect: "/feeds/v2/history.atom"},
		"/feeds/v2/history.atom": {file: "statuspage/basic.atom"},
		"/history.rss":           {redirect: "/loop.rss"},
		"/loop.rss":              {redirect: "/history.rss"},
		"/api/v2/summary.json":   {file: "statuspage/summary.json"},
	})
	d, err := statusfeed.Discover(context.Background(), s.Client(), s.URL+"/")
	require.NoError(t, err)
	assert.Equal(t, int(s.requests.Load()), d.Requests, "what the server saw")
	assert.Greater(t, d.Requests, 1+statusfeed.MaxProbes, "more requests than probes: the redirects")
	assert.Equal(t, statusfeed.ProbeFetchFailed, probesOf(s, d)["/history.rss"], "the loop ends at the redirect limit")
	sum := 0
	for _, p := range d.Probes {
		sum += p.Requests
		if strings.HasSuffix(p.URL, "/history.rss") {
			assert.ErrorIs(t, p.Err, statusfeed.ErrTooManyRedirects)
		}
	}
	assert.Equal(t, d.Requests, sum, "each probe's requests add up")
}

// A status page may not point discovery at another host, by a link or by a redirect, unless
// the caller allows it.
func TestDiscoverOffSite(t *testing.T) {
	var other atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		other.Add(1)
		data, err := os.ReadFile(filepath.Join(golden.Root(t), "testdata", "feed", "plain.atom"))
		if err != nil {
			t.Error(err)
		}
		_, _ = w.Write(data)
	}))
	defer elsewhere.Close()
	s := newSite(t, "", map[string]route{
		"/": {body: `<html><head><title>Example Cloud</title>
<link rel="alternate" type="application/atom+xml" href="` + elsewhere.URL + `/feed.atom">
<link rel="alternate" type="application/rss+xml" href="/feed.rss"></head><body>All good.</body></html>`},
		"/feed.rss": {redirect: elsewhere.URL + "/feed.rss"},
	})

	d, err := statusfeed.Discover(context.Background(), s.Client(), s.URL+"/")
	assert.ErrorIs(t, err, statusfeed.ErrNoEndpoints)
	assert.Zero(t, other.Load(), "the other host saw nothing")
	probes := map[string]statusfeed.Probe{}
	for _, p := range d.Probes {
		probes[p.URL] = p
	}
	assert.Equal(t, statusfeed.ProbeOffSite, probes[elsewhere.URL+"/feed.atom"].Result)
	assert.Zero(t, probes[elsewhere.URL+"/feed.atom"].Requests)
	assert.ErrorIs(t, probes[s.URL+"/feed.rss"].Err, statusfeed.ErrOffSite, "the redirect off the site is refused")

	dv := &statusfeed.Discoverer{Fetcher: &statusfeed.Fetcher{Client: s.Client()}, AllowOffSite: true}
	d, err = dv.Discover(context.Background(), s.URL+"/")
	require.NoError(t, err)
	assert.Equal(t, int32(2), other.Load(), "allowed, both are followed")
	assert.Len(t, d.Endpoints, 2)
}

// A single-page shell whose provider is named only past the detection prefix: its lister is
// still consulted, with the whole page, and the endpoints it knows are probed.
func TestDiscoverShellListerConsulted(t *testing.T) {
	shell := `<!DOCTYPE html><html><head><title>Acme status</title></head><body><div id="__next"></div>` +
		strings.Repeat("<script>/* bundle */</script>\n", 1000) +
		`<footer><a href="https://incident.io">Powered by incident.io</a></footer></body></html>`
	require.Greater(t, len(shell), statusfeed.SniffLen)
	s := newSite(t, "", map[string]route{
		"/":                    {body: shell},
		"/api/v2/summary.json": {file: "incidentio/summary.json"},
	})
	d, err := statusfeed.Discover(context.Background(), s.Client(), s.URL+"/")
	require.NoError(t, err)
	assert.Equal(t, []string{"/api/v2/summary.json"}, endpointsOf(s, d))
	assert.Equal(t, "incidentio", d.Provider)
	var viaLister int
	for _, p := range d.Probes {
		if p.Via == "incidentio" {
			viaLister++
		}
	}
	assert.Equal(t, 4, viaLister, "the summary, the widget and both feeds")
}

// The real OpenAI home page (incident.io) names its provider 80 KB in.
func TestDiscoverCorpusIncidentIOHome(t *testing.T) {
	page, err := os.ReadFile(filepath.Join(corpus.Dir(t), "incidentio", "html", "openai-home-2026-03-monitoring.html"))
	require.NoError(t, err)
	s := newSite(t, "", map[string]route{"/": {body: string(page)}})
	d, _ := statusfeed.Discover(context.Background(), s.Client(), s.URL+"/")
	probes := probesOf(s, d)
	assert.Equal(t, statusfeed.ProbeHTTPStatus, probes["/api/v2/summary.json"], "incident.io's endpoints were probed: %v", d.Probes)
	assert.Equal(t, int(s.requests.Load()), d.Requests)
}

// Every probe says why it was rejected, for "discover --verbose".
func TestDiscoverTrace(t *testing.T) {
	errorPage := `<!DOCTYPE html><html><head><title>Error</title></head><body><h1>Something went wrong</h1></body></html>`
	s := newSite(t, videoHost, map[string]route{
		"/":                    {file: "statuspage/home.html"},
		"/api/v2/summary.json": {body: `{"hello": "world"}`},
		"/history.atom":        {body: "unavailable", status: http.StatusServiceUnavailable},
		"/history.rss":         {body: errorPage},
	})
	d, err := statusfeed.Discover(context.Background(), s.Client(), s.URL+"/")
	require.NoError(t, err)
	assert.Equal(t, map[string]statusfeed.ProbeResult{
		"/":                    statusfeed.ProbeAccepted,
		"/history.atom":        statusfeed.ProbeHTTPStatus,
		"/history.rss":         statusfeed.ProbeWrongSyntax,
		"/api/v2/summary.json": statusfeed.ProbeNotParsed,
	}, probesOf(s, d))
	lines := map[string]string{}
	for _, p := range d.Probes {
		lines[strings.TrimPrefix(p.URL, s.URL)] = strings.ReplaceAll(p.String(), s.URL, "")
		assert.Equal(t, 1, p.Requests, "one attempt per probe, even for a 503")
	}
	assert.Equal(t, "/history.atom (alternate): http status: 503 Service Unavailable", lines["/history.atom"])
	assert.Equal(t, "/history.rss (alternate): wrong syntax, html: html document where the address promises feed", lines["/history.rss"])
	assert.Equal(t, "/api/v2/summary.json (statuspage): not parsed, json: unknown format: no parser recognizes this json document", lines["/api/v2/summary.json"])
	assert.Contains(t, lines["/"], "/ (address): accepted, statuspage/html")

	shell := `<!DOCTYPE html><html><head><title>Status</title></head><body class="status index"><div class="layout-content status"></div>
<span>Powered by Atlassian Statuspage</span></body></html>`
	s = newSite(t, "", map[string]route{"/": {body: shell}})
	d, err = statusfeed.Discover(context.Background(), s.Client(), s.URL+"/")
	require.ErrorIs(t, err, statusfeed.ErrNoEndpoints)
	assert.Equal(t, statusfeed.ProbeEmpty, d.Probes[0].Result)
	assert.Equal(t, statusfeed.ProbeHTTPStatus, probesOf(s, d)["/api/v2/summary.json"], "the shell's provider endpoints are probed")
}
