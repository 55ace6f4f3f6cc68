package all_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// From the all-services feed, Discover learns data.json beside it (a mirror of the dashboard:
// on status.aws.amazon.com itself the endpoints are absolute). The feed's GUIDs keep naming
// status.aws.amazon.com, which is how detection knows the feed.
func TestDiscoverAWS(t *testing.T) {
	s := newSite(t, map[string]answer{
		"/rss/all.rss": {file: "aws/all.rss", contentType: "application/rss+xml"},
		"/data.json":   {file: "aws/data.json", contentType: "application/json"},
	}, nil)
	d, err := discover(t, s, "/rss/all.rss")
	require.NoError(t, err)
	assert.Equal(t, "aws", d.Provider)
	assert.ElementsMatch(t, []string{"/rss/all.rss aws/rss", "/data.json aws/json"}, endpointPaths(s, d))
	assert.Equal(t, s.URL+"/rss/all.rss", d.Poll, "data.json lists no components; the feed is polled")
	assert.Equal(t, 2, d.Requests)
}
