package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/archive"
	"statusfeed.dev/statusfeed"
)

// The metrics export what the archive knows, as the status-page exporters do: a one-hot status
// per component, open incidents per vendor, and each source's health.
func TestMetrics(t *testing.T) {
	ctx := context.Background()
	db, err := archive.Open(ctx, filepath.Join(t.TempDir(), "a.db"))
	require.NoError(t, err)
	defer db.Close()
	const src = "https://status.example.com/api/v2/summary.json"
	require.NoError(t, db.AddSource(ctx, archive.Source{URL: src, Vendor: "Example"}))
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	_, err = db.Record(ctx, archive.Result{URL: src, DetectedAt: at, Attempts: 2, Failures: 1, Page: &statusfeed.Page{
		Provider: "statuspage", Format: "json", Name: "Example",
		Components: []statusfeed.Component{{ID: "c1", Name: "API", Group: "Core", Status: statusfeed.ComponentMajorOutage}},
		Incidents: []statusfeed.Incident{{ID: "i1", Title: "API down", Kind: statusfeed.KindIncident, Status: statusfeed.StatusInvestigating,
			Updates: []statusfeed.Update{{At: at, Status: statusfeed.StatusInvestigating, RawStatus: "investigating"}}}},
	}})
	require.NoError(t, err)

	reg := prometheus.NewRegistry()
	reg.MustRegister(newArchiveCollector(db))
	srv := httptest.NewServer(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	out := string(body)
	for _, want := range []string{
		`statusfeed_component_status{component="API",group="Core",status="major_outage",vendor="Example"} 1`,
		`statusfeed_component_status{component="API",group="Core",status="operational",vendor="Example"} 0`,
		`statusfeed_open_incidents{kind="incident",vendor="Example"} 1`,
		`statusfeed_source_up{source="` + src + `",state="ok",vendor="Example"} 1`,
		`statusfeed_source_consecutive_failures{source="` + src + `",vendor="Example"} 0`,
		`statusfeed_source_requests_total{source="` + src + `",vendor="Example"} 2`,
		`statusfeed_source_request_failures_total{source="` + src + `",vendor="Example"} 1`,
		`statusfeed_source_last_success_timestamp_seconds{source="` + src + `",vendor="Example"} ` + strconv.FormatFloat(float64(at.Unix()), 'g', -1, 64),
	} {
		assert.Contains(t, out, want)
	}
}
