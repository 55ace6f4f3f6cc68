package incidentio_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/internal/golden"
	"statusfeed.dev/internal/parsertest"
	"statusfeed.dev/parsers/incidentio"
	"statusfeed.dev/statusfeed"
)

// TestCorpusPages reads the real incident.io page through the registry and directly, and checks
// it against an independent reading of its flight data (corpus.CheckIncidentioHTML), twenty
// times over for determinism.
func TestCorpusPages(t *testing.T) {
	parsertest.CorpusAllWays(t, incidentio.Parser, incidentio.Name, []string{"incidentio/html"}, "html")
}

func TestDeterministic(t *testing.T) {
	parsertest.Deterministic(t, incidentio.Parser, incidentio.Name, "html", "json")
}

func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	require.NoError(t, err)
	return v
}

// The facts PROVENANCE.tsv records for the capture.
func TestCorpusPageFacts(t *testing.T) {
	path := filepath.Join(corpus.Dir(t), "incidentio", "html", "openai-home-2026-03-monitoring.html")
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	p, err := incidentio.Parser.Parse(f, statusfeed.Source{Name: path})
	require.NoError(t, err)
	assert.Equal(t, "OpenAI", p.Name)
	assert.Equal(t, "https://status.openai.com", p.URL)
	assert.Equal(t, statusfeed.ComponentOperational, p.Status, "no component is affected now")
	assert.Empty(t, p.RawStatus, "incident.io writes no page status word")
	var open *statusfeed.Incident
	for i := range p.Incidents {
		if p.Incidents[i].ID == "01KKWW47249GJZZP9ZGR1PTHV5" {
			open = &p.Incidents[i]
		}
	}
	require.NotNil(t, open)
	assert.Equal(t, "Elevated errors for sign-in and account creation", open.Title)
	assert.Equal(t, statusfeed.StatusMonitoring, open.Status)
	assert.True(t, open.ResolvedAt.IsZero())
	assert.Equal(t, at(t, "2026-03-17T02:42:00Z"), open.StartedAt, "its first update, before its publication at 03:06:13.955")
	assert.Equal(t, "degraded_performance", open.RawImpact, "the worst status it gave its component")
	assert.Equal(t, statusfeed.ImpactMinor, open.Impact)
	require.Len(t, open.Components, 1)
	assert.Equal(t, statusfeed.ComponentRef{ID: "01JMXBNJXG1S2D9V65P1ZZTD94", Name: "Login", Group: "ChatGPT",
		Status: statusfeed.ComponentOperational}, open.Components[0], "its current status")
	require.Len(t, open.Updates, 5)
	assert.Equal(t, "We have identified that users are experiencing elevated errors for sign-ins and account creations.\n\n"+
		"We are working on implementing a mitigation.", open.Updates[0].Body, "lineBreak nodes")
	assert.Equal(t, "https://statuspage.incident.io/openai-1/incidents/yjw0ydrq", open.Shortlink)
}

// TestDetectPages holds detection to the first 16 KiB of the corpus' pages, and checks that
// the parser declines the other provider's Next.js page.
func TestDetectPages(t *testing.T) {
	parsertest.DetectNextPages(t, incidentio.Name, incidentio.Detect, incidentio.Parser)
}

func TestDeclinesOtherNextPages(t *testing.T) {
	parsertest.DeclinesForeignNextPages(t, incidentio.Detect, incidentio.Parser)
}

// TestWidgetHonesty: an unknown word is never read as a reassuring one, and hidden components
// do not make the page's status.
func TestWidgetHonesty(t *testing.T) {
	path := filepath.Join(golden.Root(t), "testdata", "incidentio", "widget-unknown-status.json")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	p, err := incidentio.Parser.Parse(bytes.NewReader(data), statusfeed.Source{})
	require.NoError(t, err)
	byName := map[string]statusfeed.Component{}
	for _, c := range p.Components {
		byName[c.Name] = c
	}
	assert.Equal(t, statusfeed.ComponentOperational, byName["API"].Status, "absent from affected_components")
	assert.Empty(t, byName["API"].RawStatus, "no word was written for it")
	assert.Equal(t, statusfeed.ComponentUnknown, byName["Conversations"].Status)
	assert.Equal(t, "severely_sad", byName["Conversations"].RawStatus)
	assert.Equal(t, statusfeed.ComponentMajorOutage, byName["Legacy API"].Status)
	// Legacy API is down but hidden; Conversations' word is unreadable: the page's status is
	// unknown, not operational and not major_outage.
	assert.Equal(t, statusfeed.ComponentUnknown, p.Status)
	require.Len(t, p.Incidents, 2)
	assert.Equal(t, statusfeed.ImpactUnknown, p.Incidents[0].Impact)
	assert.Equal(t, "severely_sad", p.Incidents[0].RawImpact)
	assert.Equal(t, statusfeed.ImpactUnknown, p.Incidents[1].Impact, "no component, no impact")
	assert.Empty(t, p.Incidents[1].RawImpact)
}
