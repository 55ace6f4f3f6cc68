package all_test

import (
	"context"
	"net"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/statusfeed"
)

// Google Cloud's and Slack's status pages are recognized by their host names, not by anything in
// their HTML. These tests give Discover a vendor's own address and a client that dials the test
// server whatever host it is asked for, so that the real host name reaches the listers while no
// request leaves the loopback interface.

// hostClient returns a client that sends every request to s.
func hostClient(s *site) *http.Client {
	addr := s.Listener.Addr().String()
	var d net.Dialer
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		},
	}}
}

func discoverHost(t *testing.T, s *site, rawURL string) *statusfeed.Discovery {
	t.Helper()
	d, err := statusfeed.Discover(context.Background(), hostClient(s), rawURL)
	require.NoError(t, err)
	assert.Equal(t, int(s.requests.Load()), d.Requests)
	return d
}

func endpointsAt(d *statusfeed.Discovery, origin string) []string {
	var out []string
	for _, e := range d.Endpoints {
		out = append(out, e.URL[len(origin):]+" "+e.Provider+"/"+e.Format)
	}
	return out
}

// The dashboard's home page is an app shell no parser reads; its host names the endpoint.
const shell = `<!DOCTYPE html><html><head><title>Status</title></head><body><div id="app"></div></body></html>`

func TestDiscoverGoogleCloudByHost(t *testing.T) {
	s := newSite(t, map[string]answer{
		"/":               {body: shell, contentType: "text/html"},
		"/incidents.json": {file: "gcp/resolved-2022.json", contentType: "application/json"},
	}, nil)
	d := discoverHost(t, s, "http://status.cloud.google.com/")
	assert.Equal(t, "gcp", d.Provider)
	assert.Equal(t, []string{"/incidents.json gcp/json"}, endpointsAt(d, "http://status.cloud.google.com"))
	assert.Equal(t, "http://status.cloud.google.com/incidents.json", d.Poll)
	assert.Equal(t, 2, d.Requests, "the page, then the one endpoint")
}

func TestDiscoverSlackByHost(t *testing.T) {
	for _, host := range []string{"slack-status.com", "status.slack.com"} {
		t.Run(host, func(t *testing.T) {
			s := newSite(t, map[string]answer{
				"/":                   {body: shell, contentType: "text/html"},
				"/api/v2.0.0/current": {file: "slack/current-outage.json", contentType: "application/json"},
				"/api/v2.0.0/history": {file: "slack/history.json", contentType: "application/json"},
			}, nil)
			d := discoverHost(t, s, "http://"+host+"/")
			assert.Equal(t, "slack", d.Provider)
			assert.Equal(t, []string{"/api/v2.0.0/current slack/json", "/api/v2.0.0/history slack/json"}, endpointsAt(d, "http://"+host))
			assert.Equal(t, "http://"+host+"/api/v2.0.0/current", d.Poll)
		})
	}
}

// From one of Slack's endpoints at an address that names no vendor, detection alone lists the
// other.
func TestDiscoverSlackFromItsAPI(t *testing.T) {
	s := newSite(t, map[string]answer{
		"/api/v2.0.0/current": {file: "slack/current-ok.json"},
		"/api/v2.0.0/history": {file: "slack/history.json"},
	}, nil)
	d, err := discover(t, s, "/api/v2.0.0/current")
	require.NoError(t, err)
	assert.Equal(t, "slack", d.Provider)
	assert.Equal(t, []string{"/api/v2.0.0/current slack/json", "/api/v2.0.0/history slack/json"}, endpointPaths(s, d))
}

// Another host's shell gets neither vendor's endpoints guessed at it.
func TestDiscoverNoVendorHost(t *testing.T) {
	s := newSite(t, map[string]answer{"/": {body: shell, contentType: "text/html"}}, nil)
	d, err := statusfeed.Discover(context.Background(), hostClient(s), "http://status.example.org/")
	assert.ErrorIs(t, err, statusfeed.ErrNoEndpoints)
	assert.Equal(t, 1, d.Requests)
}
