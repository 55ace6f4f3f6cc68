package statusapi

import (
	"bytes"
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/statusfeed"
)

func parse(t *testing.T, doc string) (*statusfeed.Page, error) {
	t.Helper()
	p, err := Parse(strings.NewReader(doc), statusfeed.Source{Format: statusfeed.FormatJSON}, "test")
	require.NotNil(t, p, "the page comes back with the error")
	return p, err
}

func TestUnreadablePageUpdatedAtIsReported(t *testing.T) {
	p, err := parse(t, `{"page":{"id":"p","name":"X","updated_at":"yesterday"},"components":[]}`)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "updated_at")
	assert.True(t, p.GeneratedAt.IsZero())
	assert.Equal(t, "X", p.Name)

	p, err = parse(t, `{"page":{"id":"p","name":"X","updated_at":"2024-02-08T09:00:14.000Z"},"components":[]}`)
	require.NoError(t, err)
	assert.Equal(t, "2024-02-08T09:00:14Z", p.GeneratedAt.Format(time.RFC3339))
}

func TestUpdateWithoutTimeIsAnEntryError(t *testing.T) {
	p, err := parse(t, `{"page":{"id":"p"},"incidents":[{"id":"inc1","name":"Outage","status":"resolved","impact":"minor",
		"incident_updates":[
			{"status":"resolved","body":"Fixed.","display_at":"2024-02-08T10:00:00Z"},
			{"status":"investigating","body":"Looking.","display_at":null,"created_at":null}]}]}`)
	var ee *statusfeed.EntryError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, "inc1", ee.Entry)
	require.Len(t, p.Incidents, 1)
	inc := p.Incidents[0]
	require.Len(t, inc.Updates, 1, "the update without a time is not kept")
	assert.Equal(t, statusfeed.StatusResolved, inc.Updates[0].Status)
	for _, u := range inc.Updates {
		assert.False(t, u.At.IsZero())
	}
}

func TestKindFromStatuspageWords(t *testing.T) {
	tests := []struct {
		name     string
		incident string
		want     statusfeed.Kind
	}{
		{"incident words", `"status":"resolved","impact":"minor","incident_updates":[{"status":"investigating","display_at":"2024-02-08T10:00:00Z"}]`, statusfeed.KindIncident},
		{"impact none is an incident's", `"status":"","impact":"none","incident_updates":[{"status":"update","display_at":"2024-02-08T10:00:00Z"}]`, statusfeed.KindIncident},
		{"maintenance words", `"status":"completed","impact":"","incident_updates":[{"status":"in_progress","display_at":"2024-02-08T10:00:00Z"}]`, statusfeed.KindMaintenance},
		{"maintenance impact", `"status":"","impact":"maintenance","incident_updates":[]`, statusfeed.KindMaintenance},
		{"nothing says", `"status":"","impact":"","incident_updates":[{"status":"update","display_at":"2024-02-08T10:00:00Z"}]`, statusfeed.KindUnknown},
	}
	for _, tt := range tests {
		p, err := parse(t, `{"page":{"id":"p"},"incidents":[{"id":"i",`+tt.incident+`}]}`)
		require.NoError(t, err, tt.name)
		assert.Equal(t, tt.want, p.Incidents[0].Kind, tt.name)
	}
}

// TestLegacyRowsInThePageZone: rows without a zone are read in the page's named zone.
func TestLegacyRowsInThePageZone(t *testing.T) {
	p, err := parse(t, `{"page":{"id":"p","time_zone":"America/Chicago"},"incident":{"id":"l","name":"Old","status":"resolved","impact":"minor",
		"incident_updates":[{"status":"resolved","display_at":"2014-06-10T22:50:00-05:00",
		"body":"<ul><li><strong>2014-06-10 22:50:00</strong> - Down.</li><li><strong>01:10</strong> - Back.</li></ul>"}]}}`)
	require.NoError(t, err)
	us := p.Incidents[0].Updates
	require.Len(t, us, 2)
	assert.Equal(t, "2014-06-11T03:50:00Z", us[0].At.Format(time.RFC3339)) // 22:50 CDT
	assert.Equal(t, "2014-06-11T06:10:00Z", us[1].At.Format(time.RFC3339)) // 01:10 CDT the next day
	assert.Equal(t, time.UTC, us[1].At.Location())

	p, err = parse(t, `{"page":{"id":"p","time_zone":"Nowhere/Special"},"components":[]}`)
	require.NoError(t, err)
	assert.NotEmpty(t, p.Warnings, "an unknown zone name is noted")
}

// A backfilled incident is posted after the fact: resolved_at and its one update's display_at
// carry the backdated time, started_at when it was posted. Its start is unknown, not after its
// resolution; an incident whose fields contradict each other otherwise is reported.
func TestBackfilledIncidentHasNoStart(t *testing.T) {
	p, err := parse(t, `{"page":{"id":"p"},"incidents":[{"id":"bf1","name":"Webhooks delayed","status":"resolved","impact":"minor",
		"created_at":"2020-03-31T08:00:00.000Z","started_at":"2020-03-31T09:09:46.298Z","resolved_at":"2020-03-31T08:00:00.000Z",
		"incident_updates":[{"status":"resolved","body":"Delayed.","created_at":"2020-03-31T09:09:46.331Z","display_at":"2020-03-31T08:00:00.000Z"}]}]}`)
	require.NoError(t, err)
	inc := p.Incidents[0]
	assert.True(t, inc.StartedAt.IsZero(), "posted at 09:09, not started then")
	assert.Equal(t, "2020-03-31T08:00:00Z", inc.ResolvedAt.Format(time.RFC3339))

	_, err = parse(t, `{"page":{"id":"p"},"incidents":[{"id":"bad1","name":"Odd","status":"resolved","impact":"minor",
		"started_at":"2020-03-31T09:00:00Z","resolved_at":"2020-03-31T08:00:00Z",
		"incident_updates":[{"status":"resolved","body":"Done.","display_at":"2020-03-31T08:00:00Z"},
			{"status":"investigating","body":"Looking.","display_at":"2020-03-31T07:30:00Z"}]}]}`)
	var ee *statusfeed.EntryError
	require.ErrorAs(t, err, &ee, "a timeline that began, yet a start after its end: reported")
	assert.Equal(t, "bad1", ee.Entry)
}

// A document whose incidents all decode is read in one pass, anything else incident by
// incident. Both must read an incident alike: every Statuspage and incident.io API capture,
// given an unreadable incident first (which sends it down the incident-by-incident path), reads
// as the same page with the same incidents, and names the one it could not read.
func TestOnePassReadsAsIncidentByIncident(t *testing.T) {
	paths := corpus.Files(t, []string{"statuspage/json", "incidentio/json"}, "json")
	tried := 0
	for _, path := range paths {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		loc := incidentsKey.FindIndex(data)
		if loc == nil {
			continue
		}
		i := loc[1]
		tried++
		src := statusfeed.Source{Format: statusfeed.FormatJSON, URL: "https://status.example.com/api/v2/x.json"}
		fast, ferr := Parse(bytes.NewReader(data), src, "test")
		require.NotNil(t, fast, path)
		sep := ","
		if bytes.HasPrefix(bytes.TrimLeft(data[i:], " \r\n\t"), []byte("]")) {
			sep = ""
		}
		slowDoc := append(append(bytes.Clone(data[:i]), `"unreadable"`+sep...), data[i:]...)
		slow, serr := Parse(bytes.NewReader(slowDoc), src, "test")
		require.NotNil(t, slow, path)
		var ee *statusfeed.EntryError
		require.ErrorAs(t, serr, &ee, path)
		assert.Equal(t, "incident 0", ee.Entry, path)
		assert.Equal(t, fast.Incidents, slow.Incidents, path)
		assert.Equal(t, fast.Components, slow.Components, path)
		assert.Equal(t, fast.Name, slow.Name, path)
		assert.Equal(t, ferr == nil, errors.Join(unwrapAll(serr)[1:]...) == nil, "%s: %v / %v", path, ferr, serr)
	}
	if len(paths) > 0 {
		assert.NotZero(t, tried, "no capture lists incidents")
	}
}

var incidentsKey = regexp.MustCompile(`"incidents"\s*:\s*\[`)

// unwrapAll lists the errors errors.Join joined, or err alone.
func unwrapAll(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
