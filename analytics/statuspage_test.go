package analytics_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/analytics"
	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/parsers/statuspage"
	"statusfeed.dev/statusfeed"
)

// TestReproducesStatuspageFigure computes, for every Statuspage home page in the corpus that
// shows uptime figures, each component's uptime over the last 90 days of the page's own data,
// truncates it as Statuspage does, and requires the figure the page prints beside the bar.
func TestReproducesStatuspageFigure(t *testing.T) {
	compared, below100 := 0, 0
	for _, path := range corpus.Files(t, []string{"statuspage/html"}, "html") {
		f, err := os.Open(path)
		require.NoError(t, err)
		page, err := statuspage.Parser.Parse(f, statusfeed.Source{Name: filepath.Base(path)})
		f.Close()
		require.NoError(t, err, corpus.Name(t, path))
		shows := false
		for _, c := range page.Components {
			shows = shows || c.UptimePercent != nil
		}
		if !shows {
			continue
		}
		res, err := analytics.Analyze(analytics.Input{Pages: []*statusfeed.Page{page}}, analytics.Options{Period: analytics.Last90Days})
		require.NoError(t, err)
		require.Len(t, res.Vendors, 1)
		for _, c := range res.Vendors[0].Components {
			if c.Shown == nil {
				continue
			}
			compared++
			name := corpus.Name(t, path) + " " + c.Name
			require.NotNil(t, c.UptimePercent, name)
			assert.Equal(t, analytics.SourceDaily, c.Source, name)
			assert.Equal(t, 1.0, c.Coverage, name)
			assert.Equal(t, *c.Shown, analytics.TruncatePercent(*c.UptimePercent), "%s: computed %.6f", name, *c.UptimePercent)
			if *c.Shown < 100 {
				below100++
			}
		}
	}
	// acmeapico-home-2021-01 shows ten figures, Acme.js Server's 70.14 among them;
	// streamyard-home four, all 100.0.
	assert.Equal(t, 14, compared)
	assert.Equal(t, 1, below100, "the one figure below 100 is what tells the formula apart")
}

func TestTruncatePercent(t *testing.T) {
	for in, want := range map[float64]float64{
		70.14029706790123: 70.14, // acmeapico's Acme.js Server
		99.999:            99.99, // rounding would show 100.00
		99.87:             99.87, // 9986.999999… in binary must not lose a hundredth
		100:               100,
		0:                 0,
	} {
		assert.Equal(t, want, analytics.TruncatePercent(in), "%v", in)
	}
}
