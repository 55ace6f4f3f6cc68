package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/archive"
	"statusfeed.dev/internal/golden"
	"statusfeed.dev/internal/reporttest"
	"statusfeed.dev/report"
	"statusfeed.dev/statusfeed"
)

// TestSampleMatchesTestdata keeps the embedded sample byte for byte the same as the fixtures it
// copies (go:embed cannot reach testdata/). `go test ./cmd/statusfeed -run TestSample -update`
// copies them again.
func TestSampleMatchesTestdata(t *testing.T) {
	update := flag.Lookup("update") // registered by internal/golden
	require.NotNil(t, update)
	var n int
	require.NoError(t, filepath.WalkDir("sample", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		rel, err := filepath.Rel("sample", path)
		require.NoError(t, err)
		want, err := os.ReadFile(filepath.Join(golden.Root(t), "testdata", rel))
		require.NoError(t, err, "every sample file is a copy of a fixture in testdata/")
		if update.Value.String() == "true" {
			return os.WriteFile(path, want, 0o644)
		}
		got, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(want, got), "%s differs from testdata/%s (run go test -run TestSample -update)", path, rel)
		return nil
	}))
	assert.GreaterOrEqual(t, n, 2)
	// What is embedded is what is on disk.
	pages, err := samplePages()
	require.NoError(t, err)
	assert.Len(t, pages, n)
}

// TestReportSampleAnywhere runs the built binary (the test binary re-executed) with no input
// in an empty directory: the sample is inside it, and says it is one.
func TestReportSampleAnywhere(t *testing.T) {
	for _, format := range []string{"table", "json", "markdown", "html"} {
		cmd := exec.Command(os.Args[0], "report", "--format", format)
		cmd.Dir = t.TempDir()
		cmd.Env = append(os.Environ(), "STATUSFEED_TEST_MAIN=1", "HOME="+cmd.Dir, "XDG_DATA_HOME="+cmd.Dir, "STATUSFEED_ARCHIVE=")
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		require.NoError(t, cmd.Run(), errb.String())
		if format == "json" {
			assert.Contains(t, errb.String(), "Sample report", "JSON has no room for the note: it goes beside")
			var doc report.Report
			require.NoError(t, json.Unmarshal(out.Bytes(), &doc))
			require.Len(t, doc.Vendors, 2)
			assert.Equal(t, "Example Co", doc.Vendors[0].Vendor)
			assert.Equal(t, "ExampleVideo", doc.Vendors[1].Vendor)
			assert.Equal(t, 90*24*time.Hour, doc.Window.To.Sub(doc.Window.From))
			continue
		}
		assert.Contains(t, out.String(), "Sample report: built-in example data", format)
		assert.Contains(t, out.String(), "ExampleVideo", format)
		entries, err := os.ReadDir(cmd.Dir)
		require.NoError(t, err)
		assert.Empty(t, entries, "nothing written, no archive created")
	}
}

func reportJSON(t *testing.T, args ...string) report.Report {
	t.Helper()
	code, out, errOut := runCLI(t, "", append([]string{"report", "--format", "json"}, args...)...)
	require.Equal(t, 0, code, errOut)
	var doc report.Report
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	return doc
}

// TestReportJSONShape pins the keys the CLI writes.
func TestReportJSONShape(t *testing.T) {
	code, out, errOut := runCLI(t, "", "report", "--format", "json", fixture(t, "statuspage", "home-90d.html"))
	require.Equal(t, 0, code, errOut)
	var doc map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, []string{"vendors", "window"}, jsonKeys(t, []byte(out)))
	assert.Equal(t, []string{"from", "to"}, jsonKeys(t, doc["window"]))
	var vendors []json.RawMessage
	require.NoError(t, json.Unmarshal(doc["vendors"], &vendors))
	require.Len(t, vendors, 1)
	assert.Equal(t, []string{"components", "disclosure", "incidents", "provider", "time_to_resolve", "uptime_percent", "vendor"},
		jsonKeys(t, vendors[0]))
	var v struct {
		Components []json.RawMessage `json:"components"`
	}
	require.NoError(t, json.Unmarshal(vendors[0], &v))
	require.Len(t, v.Components, 5)
	assert.Equal(t, []string{"component", "component_id", "coverage", "degraded_seconds", "group", "maintenance_seconds",
		"major_outage_seconds", "partial_outage_seconds", "uptime_percent", "uptime_source"}, jsonKeys(t, v.Components[0]))
	assert.Empty(t, errOut)
}

// TestReportInputsOfOneVendor reads a vendor's home page and its history page as two inputs:
// one vendor, the incidents of both, the home page's daily record for uptime.
func TestReportInputsOfOneVendor(t *testing.T) {
	home := reportJSON(t, fixture(t, "statuspage", "home-90d.html"))
	both := reportJSON(t, fixture(t, "statuspage", "home-90d.html"), fixture(t, "statuspage", "history.html"))
	require.Len(t, both.Vendors, 1)
	assert.Equal(t, 3, home.Vendors[0].Incidents.Total)
	assert.Equal(t, 6, both.Vendors[0].Incidents.Total, "the history page's three join the home page's")
	assert.Equal(t, home.Window, both.Window)
	api := both.Vendors[0].Components[1]
	assert.Equal(t, "API", api.Component)
	assert.Equal(t, "daily_record", api.UptimeSource)
	assert.Equal(t, 1.0, api.Coverage)
	// 2700 s major + 0.3 × (7200 + 1800 + 4500) s partial over 90 days.
	assert.InDelta(t, 100*(1-(2700+0.3*13500)/(90*86400.0)), *api.UptimePercent, 1e-9)
	assert.Equal(t, int64(2700), api.MajorOutageSeconds)
	srt := both.Vendors[0].Components[4]
	assert.Equal(t, "[Beta] SRT", srt.Component)
	assert.InDelta(t, 52.0/90, srt.Coverage, 1e-12, "the days before its start date are no data")
}

// TestReportCSVMatchesJSON reads the CLI's CSV back with encoding/csv into the JSON's figures.
func TestReportCSVMatchesJSON(t *testing.T) {
	inputs := []string{fixture(t, "statuspage", "home-90d.html"), fixture(t, "statuspage", "history.html"),
		fixture(t, "pagerduty", "open-incident.html"), fixture(t, "statuspage", "basic.atom")}
	doc := reportJSON(t, append([]string{"--since", "2023-12-01..2024-06-30"}, inputs...)...)
	code, out, errOut := runCLI(t, "", append([]string{"report", "--format", "csv", "--since", "2023-12-01..2024-06-30"}, inputs...)...)
	require.Equal(t, 0, code, errOut)
	compared := reporttest.CheckCSV(t, out, doc)
	assert.Equal(t, 13, compared, "ExampleVideo's 5 components and Example Co's 8")
	for _, v := range doc.Vendors {
		for _, c := range v.Components {
			if c.UptimePercent != nil && *c.UptimePercent != 100 && c.Coverage != 1 {
				return // a figure with decimals and a fractional coverage went through
			}
		}
	}
	t.Error("no component with a fractional uptime and coverage: the comparison proves little")
}

// TestReportArchive records a vendor's component statuses in an archive as a poller would and
// reports on them: the status changes are the source, from each change to the next, the last
// until the source was last read.
func TestReportArchive(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a.db")
	db, err := archive.Open(ctx, path)
	require.NoError(t, err)
	const src = "https://status.acme.example/api/v2/summary.json"
	require.NoError(t, db.AddSource(ctx, archive.Source{URL: src}))
	day := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	read := func(h int, api, dbStatus statusfeed.ComponentStatus) {
		at := day.Add(time.Duration(h) * time.Hour)
		p := &statusfeed.Page{Provider: "statuspage", Format: "json", Name: "Acme", URL: "https://status.acme.example", GeneratedAt: at,
			Components: []statusfeed.Component{{ID: "api", Name: "API", Status: api}, {Name: "DB", Group: "Storage", Status: dbStatus}},
			Incidents: []statusfeed.Incident{{ID: "i1", Title: "API down", Kind: statusfeed.KindIncident, Status: statusfeed.StatusResolved,
				Impact: statusfeed.ImpactCritical, Components: []statusfeed.ComponentRef{{ID: "api", Name: "API"}},
				StartedAt: day.Add(6 * time.Hour), ResolvedAt: day.Add(7 * time.Hour)}}}
		_, err := db.Record(ctx, archive.Result{URL: src, DetectedAt: at, Page: p})
		require.NoError(t, err)
	}
	up, major, partial := statusfeed.ComponentOperational, statusfeed.ComponentMajorOutage, statusfeed.ComponentPartialOutage
	read(0, up, up)
	read(6, major, up)
	read(7, up, up)
	read(12, up, partial)
	read(18, up, up)
	read(24, up, up) // no change: the last read ends the last interval
	require.NoError(t, db.Close())

	doc := reportJSON(t, "--archive", path, "--from", "2026-07-01", "--to", "2026-07-01")
	require.Len(t, doc.Vendors, 1)
	v := doc.Vendors[0]
	assert.Equal(t, "Acme", v.Vendor)
	assert.Equal(t, 1, v.Incidents.Total)
	require.Len(t, v.Components, 2)
	api, dbc := v.Components[0], v.Components[1]
	require.NotNil(t, api.UptimePercent)
	assert.InDelta(t, 100*(1-3600/86400.0), *api.UptimePercent, 1e-9)
	api.UptimePercent = nil
	assert.Equal(t, report.Component{Component: "API", ComponentID: "api", UptimeSource: "status_changes", Coverage: 1,
		MajorOutageSeconds: 3600}, api)
	assert.Equal(t, "DB", dbc.Component)
	assert.Equal(t, "Storage", dbc.Group)
	assert.Equal(t, int64(6*3600), dbc.PartialOutageSeconds)
	assert.InDelta(t, 100*(1-0.3*6/24), *dbc.UptimePercent, 1e-9)
	assert.Equal(t, "status_changes", dbc.UptimeSource)

	// Half a day after the last read is no data.
	doc = reportJSON(t, "--archive", path, "--since", "2026-06-30T12:00:00Z..2026-07-01T12:00:00Z", "--component", "API")
	require.Len(t, doc.Vendors[0].Components, 1)
	assert.Equal(t, 0.5, doc.Vendors[0].Components[0].Coverage)

	code, _, errOut := runCLI(t, "", "report", "--archive", filepath.Join(t.TempDir(), "missing.db"))
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "missing.db")
}

func TestReportUsage(t *testing.T) {
	for _, args := range [][]string{
		{"report", "--format", "pdf"},
		{"report", "--since", "5y"},
		{"report", "--from", "2026-01-01"},
		{"report", "--since", "7d", "--from", "2026-01-01", "--to", "2026-01-02"},
		{"report", "--from", "2026-02-01", "--to", "2026-01-01"},
	} {
		code, out, errOut := runCLI(t, "", args...)
		assert.Equal(t, 2, code, "%v: %s", args, errOut)
		assert.Empty(t, out)
		assert.Contains(t, errOut, "usage: statusfeed report", args)
	}
	code, out, errOut := runCLI(t, "", "report", "--vendor", "nobody", fixture(t, "statuspage", "home-90d.html"))
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, `no vendor "nobody"; the data holds "ExampleVideo"`)

	code, out, errOut = runCLI(t, "", "report", "--component", "Nothing", fixture(t, "statuspage", "home-90d.html"))
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, `--component "Nothing" in "ExampleVideo"`)

	// A bad input is reported; the others are still analyzed, and the status says so.
	code, out, errOut = runCLI(t, "", "report", fixture(t, "statuspage", "home-90d.html"), filepath.Join(t.TempDir(), "nope.html"))
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "ExampleVideo")
	assert.Contains(t, errOut, "nope.html")
}

// TestReportOutputFile writes the report to -o, whole, and nothing to standard output.
func TestReportOutputFile(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "report.html")
	code, out, errOut := runCLI(t, "", "report", "--format", "html", "-o", dst, fixture(t, "statuspage", "home-90d.html"))
	require.Equal(t, 0, code, errOut)
	assert.Empty(t, out)
	data, err := os.ReadFile(dst)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(data, []byte("<!DOCTYPE html>")))
	assert.True(t, bytes.HasSuffix(data, []byte("</html>\n")))
	assert.Equal(t, 5, bytes.Count(data, []byte(`<svg class="uptime-bar"`)))
	entries, err := os.ReadDir(filepath.Dir(dst))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left behind")
}

// TestReportTableIsTerminalSafe: vendor text with escape sequences is printed harmless.
func TestReportTableIsTerminalSafe(t *testing.T) {
	data, err := os.ReadFile(fixture(t, "statuspage", "summary.json"))
	require.NoError(t, err)
	in := strings.Replace(strings.Replace(string(data), `"name": "Mailer"`, `"name": "Evil\u001b]0;pwned\u0007 Inc"`, 1),
		`"name": "Web Application"`, `"name": "Web\u001b[2J"`, 1)
	require.NotEqual(t, string(data), in)
	code, out, errOut := runCLI(t, in, "report", "--format", "table", "-")
	require.Equal(t, 0, code, errOut)
	assert.NotContains(t, out, "\x1b")
	assert.NotContains(t, out, "\x07")
	assert.Contains(t, out, "Evil]0;pwned Inc")
}
