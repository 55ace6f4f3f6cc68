package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/internal/golden"
	"statusfeed.dev/statusfeed"
)

func fixture(t *testing.T, parts ...string) string {
	return filepath.Join(append([]string{golden.Root(t), "testdata"}, parts...)...)
}

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// jsonKeys lists an object's keys, sorted.
func jsonKeys(t *testing.T, raw json.RawMessage) []string {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &m))
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestParseJSONShape(t *testing.T) {
	code, out, errOut := runCLI(t, "", "parse", "--json", fixture(t, "instatus", "history-rss.rss"), fixture(t, "statuspage", "legacy.rss"))
	require.Equal(t, 0, code, errOut)
	var pages []json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(out), &pages))
	require.Len(t, pages, 2, "one page object per input")

	assert.Equal(t, []string{"components", "format", "generated_at", "id", "incidents", "name", "provider", "raw_status", "status",
		"url", "warnings"}, jsonKeys(t, pages[0]))
	var page struct {
		Incidents []json.RawMessage `json:"incidents"`
	}
	require.NoError(t, json.Unmarshal(pages[0], &page))
	inc := page.Incidents[0]
	assert.Equal(t, []string{"components", "declared_duration", "declared_duration_seconds", "duration_seconds", "id", "impact",
		"kind", "postmortem", "raw_impact", "raw_status", "regions", "resolved_at", "scheduled_for", "scheduled_until", "shortlink", "sources",
		"started_at", "status", "title", "updates", "url"}, jsonKeys(t, inc))
	var detail struct {
		Components []json.RawMessage `json:"components"`
		Updates    []json.RawMessage `json:"updates"`
		Postmortem json.RawMessage   `json:"postmortem"`
		Scheduled  *string           `json:"scheduled_for"`
		StartedAt  string            `json:"started_at"`
	}
	require.NoError(t, json.Unmarshal(inc, &detail))
	assert.Equal(t, []string{"group", "id", "name", "status"}, jsonKeys(t, detail.Components[0]))
	assert.Equal(t, []string{"at", "body", "raw_status", "status"}, jsonKeys(t, detail.Updates[0]))
	assert.Equal(t, []string{"body", "published_at", "sections"}, jsonKeys(t, detail.Postmortem))
	assert.Nil(t, detail.Scheduled, "absent values are null")
	assert.Equal(t, "2026-04-08T15:37:00Z", detail.StartedAt, "times are RFC 3339 UTC")
}

func TestParseTable(t *testing.T) {
	code, out, errOut := runCLI(t, "", "parse", fixture(t, "statuspage", "basic.atom"))
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "ExampleVideo  [statuspage atom]")
	assert.Contains(t, out, "STARTED (UTC)")
	assert.Regexp(t, `2024-02-08 08:29\s+incident\s+resolved\s+unknown\s+31m\s+-\s+4\s+no`, out)
	assert.Regexp(t, `2024-01-07 21:00\s+maintenance\s+completed\s+unknown\s+2h08m`, out)
}

func TestParseStdinAndProvider(t *testing.T) {
	data, err := os.ReadFile(fixture(t, "feed", "plain.atom"))
	require.NoError(t, err)
	code, out, errOut := runCLI(t, string(data), "parse", "--json", "--provider", "feed", "-")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `"provider": "feed"`)

	code, _, errOut = runCLI(t, "", "parse", "--provider", "nope", "-")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown provider "nope"`)
}

func TestParseBadInputsKeepGoing(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/history.atom":
			http.ServeFile(w, r, fixture(t, "statuspage", "basic.atom"))
		case "/json":
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"hello":"world"}`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	missing := filepath.Join(t.TempDir(), "missing.atom")
	code, out, errOut := runCLI(t, "", "parse", "--json", missing, srv.URL+"/gone", srv.URL+"/json", srv.URL+"/history.atom")
	assert.Equal(t, 1, code, "any bad input makes the exit status non-zero")
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	require.Len(t, lines, 3, "one line per bad input:\n%s", errOut)
	assert.Contains(t, lines[0], missing)
	assert.Contains(t, lines[1], srv.URL+"/gone")
	assert.Contains(t, lines[1], "404")
	assert.Contains(t, lines[2], srv.URL+"/json")
	assert.Contains(t, lines[2], "unknown format")
	var pages []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &pages))
	require.Len(t, pages, 1, "the good input is still printed")
	assert.Equal(t, "ExampleVideo", pages[0]["name"])
}

func TestUsage(t *testing.T) {
	code, _, errOut := runCLI(t, "")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "statusfeed [command]")
	assert.Contains(t, errOut, "poll ")
	code, _, errOut = runCLI(t, "", "nosuch")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown command "nosuch"`)
	code, _, errOut = runCLI(t, "", "parse")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "no inputs")
}

func TestParseMerge(t *testing.T) {
	code, out, errOut := runCLI(t, "", "parse", "--json", "--merge",
		fixture(t, "statuspage", "basic.atom"), fixture(t, "statuspage", "incident-page.html"), fixture(t, "statuspage", "home.html"))
	require.Equal(t, 0, code, errOut)
	var pages []struct {
		Format    string `json:"format"`
		Status    string `json:"status"`
		Incidents []struct {
			ID      string `json:"id"`
			Sources []struct {
				Format string `json:"format"`
			} `json:"sources"`
		} `json:"incidents"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &pages))
	require.Len(t, pages, 1, "one merged page")
	assert.Equal(t, "merged", pages[0].Format)
	assert.Equal(t, "degraded_performance", pages[0].Status, "the newest page's status")
	seen := map[string]int{}
	for _, inc := range pages[0].Incidents {
		seen[inc.ID]++
		if inc.ID == "l4222m9bmd6k" {
			assert.Len(t, inc.Sources, 2)
		}
	}
	assert.Equal(t, 1, seen["l4222m9bmd6k"], "the incident in the feed and on its page is one incident")
	assert.Len(t, pages[0].Incidents, 5)
}

func TestDiscoverCommand(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			_, _ = w.Write([]byte(`<html><head><link rel="alternate" type="application/atom+xml" href="/history.atom"></head><body></body></html>`))
		case "/history.atom":
			http.ServeFile(w, r, fixture(t, "statuspage", "basic.atom"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	code, out, errOut := runCLI(t, "", "discover", "--json", srv.URL+"/")
	require.Equal(t, 0, code, errOut)
	var d struct {
		Provider  string `json:"provider"`
		Poll      string `json:"poll"`
		Endpoints []struct {
			Format string `json:"format"`
		} `json:"endpoints"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &d))
	assert.Equal(t, "statuspage", d.Provider)
	assert.Equal(t, srv.URL+"/history.atom", d.Poll)

	code, out, _ = runCLI(t, "", "discover", srv.URL+"/")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "provider: statuspage")

	code, _, errOut = runCLI(t, "", "discover", srv.URL+"/nothing")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "404")
}

// hostile is vendor text that would drive a terminal if printed raw: it sets the window title
// (OSC ... BEL), clears the screen (CSI 2J), uses C1's 8-bit CSI, breaks the line and the
// table's columns, and reverses what follows (a bidi override).
const hostile = "Evil\x1b]0;pwned\a \x1b[2J\u009b2J\r\nline\ttab\u202egnp.exe\u2066x\u2069\xff"

// hostilePage sets every string the table prints to hostile text.
func hostilePage() *statusfeed.Page {
	h := func(prefix string) string { return prefix + hostile }
	return &statusfeed.Page{
		Provider: h("p"), Format: h("f"), Name: h("name"), URL: h("url"), Status: statusfeed.ComponentStatus(h("s")),
		Warnings: []string{h("warn")},
		Components: []statusfeed.Component{{ID: h("id"), Name: h("comp"), Group: h("group"), Status: statusfeed.ComponentStatus(h("cs"))},
			{ID: h("id"), Group: h("group"), Status: statusfeed.ComponentStatus(h("cs"))}},
		Incidents: []statusfeed.Incident{{
			Title: h("title"), Kind: statusfeed.Kind(h("k")), Status: statusfeed.Status(h("st")), Impact: statusfeed.Impact(h("i")),
			Components: []statusfeed.ComponentRef{{ID: h("ref"), Group: h("g")}},
		}},
	}
}

// controlChars finds, in printed output, what must never reach a terminal from vendor text.
var controlChars = regexp.MustCompile("[\x00-\x09\x0b-\x1f\x7f\u0080-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")

func TestTableStripsControlCharacters(t *testing.T) {
	var out bytes.Buffer
	printPage(&out, hostilePage())
	s := out.String()
	assert.True(t, utf8.ValidString(s), "invalid UTF-8 is shown as U+FFFD")
	assert.Empty(t, controlChars.FindAllString(s, -1), "control characters printed:\n%q", s)
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	// Header, warning, component count, two components, table header, one incident.
	require.Len(t, lines, 7, "vendor text broke a line:\n%s", s)
	assert.Contains(t, lines[0], "nameEvil]0;pwned [2J2J  line tabgnp.exex\uFFFD")
	// The title stays in its column: vendor tabs became spaces, not column breaks.
	runeIndex := func(s, sub string) int { return utf8.RuneCountInString(s[:strings.Index(s, sub)]) }
	assert.Equal(t, runeIndex(lines[5], "TITLE"), runeIndex(lines[6], "titleEvil"), "\n%s", s)
}

// A component the source named only by its ID is printed as its ID, with its group.
func TestTableNamesComponentsByID(t *testing.T) {
	page := &statusfeed.Page{
		Components: []statusfeed.Component{{ID: "cmp9", Group: "Core", Status: statusfeed.ComponentMajorOutage}},
		Incidents: []statusfeed.Incident{{Title: "Down", Components: []statusfeed.ComponentRef{
			{ID: "abc", Group: "Core"}, {ID: "def"}, {Name: "API", Group: "Edge"}}}},
	}
	var out bytes.Buffer
	printPage(&out, page)
	assert.Contains(t, out.String(), "Core/abc, def, Edge/API")
	assert.Contains(t, out.String(), "major_outage           Core/cmp9")
	assert.NotContains(t, out.String(), "Core/,")
}

// Merging two vendors' pages is refused with one line saying why.
func TestParseMergeRefusesTwoVendors(t *testing.T) {
	code, out, errOut := runCLI(t, "", "parse", "--merge", fixture(t, "statuspage", "basic.atom"), fixture(t, "instatus", "history-rss.rss"))
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Equal(t, `statusfeed: merge: pages of different vendors: "ExampleVideo" (status.example-video.com) and "Maestro" (status.maestro.example)`+"\n", errOut)
}

// A parser named with --provider that does not recognize the document says so, in one line
// naming the input, and the exit status says it failed: it used to read a Statuspage
// maintenance as an 8-day Instatus incident and exit 0.
func TestParseWrongProvider(t *testing.T) {
	in := fixture(t, "statuspage", "basic.atom")
	code, out, errOut := runCLI(t, "", "parse", "--provider", "instatus", in)
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	require.Len(t, lines, 1, errOut)
	assert.Contains(t, lines[0], in)
	assert.Contains(t, lines[0], "unknown format")
}
