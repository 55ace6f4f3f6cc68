package instatus_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/internal/parsertest"
	"statusfeed.dev/parsers/instatus"
	"statusfeed.dev/statusfeed"
)

// TestCorpusPages reads both generations of real Instatus pages through the registry and
// directly, and checks them against an independent reading of their data
// (corpus.CheckInstatusHTML), twenty times over for determinism.
func TestCorpusPages(t *testing.T) {
	parsertest.CorpusAllWays(t, instatus.Parser, instatus.Name, []string{"instatus/html"}, "html")
}

func TestDeterministic(t *testing.T) {
	parsertest.Deterministic(t, instatus.Parser, instatus.Name, "html", "json")
}

func parseCorpus(t *testing.T, name string) *statusfeed.Page {
	t.Helper()
	path := filepath.Join(corpus.Dir(t), "instatus", "html", name)
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	page, err := instatus.Parser.Parse(f, statusfeed.Source{Name: path})
	require.NoError(t, err)
	return page
}

func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	require.NoError(t, err)
	return v
}

// The facts PROVENANCE.tsv records for the two captures.
func TestCorpusPageFacts(t *testing.T) {
	t.Run("whereby 2023 pages router", func(t *testing.T) {
		p := parseCorpus(t, "whereby-home-2023-03-next-data-identified.html")
		assert.Equal(t, "Whereby", p.Name)
		assert.Equal(t, "https://wherebystatus.com", p.URL)
		assert.Equal(t, "HASISSUES", p.RawStatus)
		assert.Equal(t, statusfeed.ComponentDegradedPerformance, p.Status, "from mainStatus SOMEDEGRADEDPERFORMANCE")
		assert.Contains(t, p.Warnings, "page status HASISSUES read as degraded_performance from site.mainStatus SOMEDEGRADEDPERFORMANCE")
		require.Len(t, p.Incidents, 1)
		inc := p.Incidents[0]
		assert.Equal(t, "Delays in room insights data refresh", inc.Title)
		assert.Equal(t, statusfeed.StatusIdentified, inc.Status)
		assert.Equal(t, "DEGRADEDPERFORMANCE", inc.RawImpact)
		assert.Equal(t, statusfeed.ImpactMinor, inc.Impact)
		assert.Equal(t, at(t, "2023-03-01T13:41:06.588Z"), inc.StartedAt, "milliseconds kept")
		assert.True(t, inc.ResolvedAt.IsZero())
		require.Len(t, inc.Updates, 1)
		assert.Contains(t, inc.Updates[0].Body, "\n\nData found in the insights overview")
		for _, c := range p.Components {
			if c.Name == "Embedded API" {
				require.NotNil(t, c.UptimePercent)
				assert.Equal(t, 100.0, *c.UptimePercent)
				require.Len(t, c.Uptime, 6, "the days from Mar 01 to Mar 06 list the incident")
				assert.Equal(t, at(t, "2023-03-01T00:00:00Z"), c.Uptime[0].Date)
				assert.Equal(t, []string{inc.ID}, c.Uptime[0].Incidents)
			}
		}
	})
	t.Run("mastodon.social 2026 app router", func(t *testing.T) {
		p := parseCorpus(t, "mastodonsocial-home-2026-03-rsc-major.html")
		assert.Equal(t, "mastodon.social", p.Name, "a translation object")
		assert.Equal(t, statusfeed.ComponentMajorOutage, p.Status)
		require.Len(t, p.Incidents, 2)
		open, hetzner := p.Incidents[1], p.Incidents[0]
		// The open incident's own impact is OPERATIONAL while its components are down: both kept.
		assert.Equal(t, "Connectivity/timeout issues with sidekiq", open.Title)
		assert.Equal(t, "OPERATIONAL", open.RawImpact)
		assert.Equal(t, statusfeed.ImpactNone, open.Impact)
		require.Len(t, open.Components, 2)
		for _, c := range open.Components {
			assert.Equal(t, statusfeed.ComponentMajorOutage, c.Status, c.Name)
		}
		assert.Equal(t, statusfeed.StatusMonitoring, open.Status)
		assert.Equal(t, at(t, "2025-12-17T14:00:00Z"), open.StartedAt)
		require.Len(t, open.Updates, 2)
		assert.Equal(t, at(t, "2026-01-07T06:42:57.784Z"), open.Updates[1].At)
		// A past incident the page lists only in its notices index.
		assert.Equal(t, "Hetzner Outage", hetzner.Title)
		assert.Equal(t, at(t, "2026-02-25T21:08:32.24Z"), hetzner.StartedAt)
		assert.Equal(t, at(t, "2026-02-25T21:35:12.885Z"), hetzner.ResolvedAt)
		assert.Equal(t, statusfeed.ImpactCritical, hetzner.Impact)
		var names []string
		for _, c := range hetzner.Components {
			names = append(names, c.Name)
		}
		assert.Equal(t, []string{"Website & API", "Streaming API", "Background queues"}, names)
		for _, c := range p.Components {
			if c.Name == "Website & API" {
				require.NotNil(t, c.UptimePercent)
				assert.Equal(t, 78.84, *c.UptimePercent, "published as the string \"78.84\"")
			}
		}
	})
}

// TestDetectPages holds detection to the first 16 KiB of the corpus' pages, and checks that
// the parser declines the other provider's Next.js page.
func TestDetectPages(t *testing.T) {
	parsertest.DetectNextPages(t, instatus.Name, instatus.Detect, instatus.Parser)
}

func TestDeclinesOtherNextPages(t *testing.T) {
	parsertest.DeclinesForeignNextPages(t, instatus.Detect, instatus.Parser)
}
