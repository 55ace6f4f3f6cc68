package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"statusfeed.dev/archive"
	"statusfeed.dev/statusfeed"
)

// archiveCollector exports the archive's state at each scrape, as the status-page exporters
// users run today do: a one-hot status per component, open incidents per vendor, and each
// source's health.
type archiveCollector struct {
	db                                         *archive.DB
	componentStatus, openIncidents             *prometheus.Desc
	lastSuccess, consecutiveFailures, sourceUp *prometheus.Desc
	attempts, failures                         *prometheus.Desc
}

var componentStatuses = []statusfeed.ComponentStatus{statusfeed.ComponentUnknown, statusfeed.ComponentOperational,
	statusfeed.ComponentDegradedPerformance, statusfeed.ComponentPartialOutage, statusfeed.ComponentMajorOutage,
	statusfeed.ComponentUnderMaintenance}

func newArchiveCollector(db *archive.DB) *archiveCollector {
	return &archiveCollector{
		db: db,
		componentStatus: prometheus.NewDesc("statusfeed_component_status",
			"1 for the component's current status, 0 for the others.", []string{"vendor", "component", "group", "status"}, nil),
		openIncidents: prometheus.NewDesc("statusfeed_open_incidents",
			"Incidents and maintenances not resolved, per vendor and kind.", []string{"vendor", "kind"}, nil),
		lastSuccess: prometheus.NewDesc("statusfeed_source_last_success_timestamp_seconds",
			"When the source was last read.", []string{"source", "vendor"}, nil),
		consecutiveFailures: prometheus.NewDesc("statusfeed_source_consecutive_failures",
			"Polls in a row that could not read the source.", []string{"source", "vendor"}, nil),
		sourceUp: prometheus.NewDesc("statusfeed_source_up",
			"1 when the last poll read the source, 0 when it was unreadable or failing.", []string{"source", "vendor", "state"}, nil),
		attempts: prometheus.NewDesc("statusfeed_source_requests_total",
			"Requests made to the source, retries included.", []string{"source", "vendor"}, nil),
		failures: prometheus.NewDesc("statusfeed_source_request_failures_total",
			"Requests to the source that failed, retries included.", []string{"source", "vendor"}, nil),
	}
}

func (c *archiveCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.componentStatus, c.openIncidents, c.lastSuccess, c.consecutiveFailures, c.sourceUp,
		c.attempts, c.failures} {
		ch <- d
	}
}

func (c *archiveCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srcs, err := c.db.Sources(ctx)
	if err != nil {
		// A scrape that cannot read the archive fails, rather than look like fewer sources.
		ch <- prometheus.NewInvalidMetric(c.sourceUp, err)
	} else {
		for _, s := range srcs {
			if !s.LastSuccess.IsZero() {
				ch <- prometheus.MustNewConstMetric(c.lastSuccess, prometheus.GaugeValue, float64(s.LastSuccess.Unix()), s.URL, s.Vendor)
			}
			ch <- prometheus.MustNewConstMetric(c.consecutiveFailures, prometheus.GaugeValue, float64(s.ConsecutiveFailures), s.URL, s.Vendor)
			up := 0.0
			if s.State == archive.StateOK {
				up = 1
			}
			ch <- prometheus.MustNewConstMetric(c.sourceUp, prometheus.GaugeValue, up, s.URL, s.Vendor, s.State)
			ch <- prometheus.MustNewConstMetric(c.attempts, prometheus.CounterValue, float64(s.Attempts), s.URL, s.Vendor)
			ch <- prometheus.MustNewConstMetric(c.failures, prometheus.CounterValue, float64(s.Failures), s.URL, s.Vendor)
		}
	}
	vendors, err := c.db.Vendors(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.componentStatus, err)
		return
	}
	for _, v := range vendors {
		p, err := c.db.Page(ctx, v)
		if err != nil {
			ch <- prometheus.NewInvalidMetric(c.componentStatus, err)
			continue
		}
		for _, comp := range p.Components {
			if comp.IsGroup {
				continue
			}
			for _, st := range componentStatuses {
				val := 0.0
				if comp.Status == st {
					val = 1
				}
				ch <- prometheus.MustNewConstMetric(c.componentStatus, prometheus.GaugeValue, val, v, comp.Name, comp.Group, st.String())
			}
		}
		open := map[statusfeed.Kind]int{}
		for _, inc := range p.Incidents {
			if !inc.Status.Terminal() {
				open[inc.Kind]++
			}
		}
		for _, k := range []statusfeed.Kind{statusfeed.KindIncident, statusfeed.KindMaintenance, statusfeed.KindUnknown} {
			ch <- prometheus.MustNewConstMetric(c.openIncidents, prometheus.GaugeValue, float64(open[k]), v, k.String())
		}
	}
}

// serveMetrics serves /metrics on addr until the returned stop is called.
func serveMetrics(_ context.Context, addr string, db *archive.DB, stderr io.Writer) (stop func(), err error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(newArchiveCollector(db))
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(stderr, "statusfeed poll: metrics: %v\n", err)
		}
	}()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		<-done
	}, nil
}
