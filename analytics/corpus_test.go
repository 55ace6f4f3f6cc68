package analytics_test

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/analytics"
	"statusfeed.dev/internal/corpus"
	_ "statusfeed.dev/parsers/all"
	"statusfeed.dev/statusfeed"
)

// TestCorpusInvariants analyzes every corpus document on its own, and all of them together,
// and checks what must hold of any result: no uptime without covered time, figures within
// their bounds, no level holding more than the covered time.
func TestCorpusInvariants(t *testing.T) {
	var all []*statusfeed.Page
	for _, path := range corpus.Files(t, nil, "atom", "rss", "json", "html", "xml") {
		f, err := os.Open(path)
		require.NoError(t, err)
		page, _ := statusfeed.Parse(f, statusfeed.Source{Name: path})
		f.Close()
		if page == nil {
			continue // a document no parser reads (yet): the parsers' own tests own that
		}
		all = append(all, page)
		check(t, corpus.Name(t, path), []*statusfeed.Page{page})
	}
	require.Greater(t, len(all), 400)
	check(t, "whole corpus", all)
}

func check(t *testing.T, name string, pages []*statusfeed.Page) {
	for _, period := range []analytics.Period{analytics.Last90Days, analytics.Between(zeroDay, farDay)} {
		res, err := analytics.Analyze(analytics.Input{Pages: pages}, analytics.Options{Period: period})
		if errors.Is(err, analytics.ErrNoData) {
			continue
		}
		require.NoError(t, err, name)
		for _, v := range res.Vendors {
			where := name + " " + v.Name
			if v.UptimePercent != nil {
				assert.True(t, *v.UptimePercent >= 0 && *v.UptimePercent <= 100, where)
				assert.True(t, v.Coverage > 0 && v.Coverage <= 1+1e-9, "%s: coverage %v", where, v.Coverage)
			}
			for _, d := range []analytics.Durations{v.TimeToResolve, v.Incidents.TimeToFirstUpdate, v.Disclosure.PostmortemDelay} {
				assert.True(t, d.Median <= d.P90 && d.P90 <= d.Max && d.Median >= 0, "%s: %+v", where, d)
			}
			for _, c := range v.Components {
				where := where + " / " + c.Name
				assert.Equal(t, c.Source == analytics.SourceNone, c.Covered == 0, where)
				assert.Equal(t, c.UptimePercent == nil, c.Covered == 0 || c.Unknown > 0, where)
				assert.True(t, c.Coverage >= 0 && c.Coverage <= 1+1e-9, "%s: coverage %v", where, c.Coverage)
				if c.UptimePercent != nil {
					assert.True(t, *c.UptimePercent >= 0 && *c.UptimePercent <= 100, where)
				}
				if c.Source != analytics.SourceDaily {
					assert.LessOrEqual(t, c.MajorOutage+c.PartialOutage+c.Degraded+c.Maintenance, c.Covered, where)
				}
			}
		}
	}
}

// The whole of statusfeed's time: every document's incidents fall inside.
var zeroDay, farDay = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
