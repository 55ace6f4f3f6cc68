package statusfeed

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withRegistry runs f with a registry holding only the given test parsers.
func withRegistry(t *testing.T, f func()) {
	regMu.Lock()
	saved := regs
	regs = nil
	regMu.Unlock()
	defer func() { regMu.Lock(); regs = saved; regMu.Unlock() }()
	f()
}

func fixedParser(name string) Parser {
	return ParserFunc(func(r io.Reader, src Source) (*Page, error) {
		b, _ := io.ReadAll(r)
		return &Page{Provider: name, Name: string(b)}, nil
	})
}

func scoreIf(marker string, score int) Detector {
	return func(prefix []byte, src Source) int {
		if strings.Contains(string(prefix), marker) {
			return score
		}
		return 0
	}
}

func TestRegistryDetectAndParse(t *testing.T) {
	withRegistry(t, func() {
		Register("zeta", fixedParser("zeta"), scoreIf("<feed", Fallback))
		Register("alpha", fixedParser("alpha"), scoreIf("alpha-marker", Likely))
		Register("beta", fixedParser("beta"), scoreIf("<feed", Fallback))
		assert.Equal(t, []string{"alpha", "beta", "zeta"}, Parsers())

		name, err := Detect([]byte("<feed>alpha-marker</feed>"), Source{})
		require.NoError(t, err)
		assert.Equal(t, "alpha", name, "the surest detector wins")
		name, err = Detect([]byte("<feed></feed>"), Source{})
		require.NoError(t, err)
		assert.Equal(t, "beta", name, "ties go to the name that sorts first")

		page, err := Parse(strings.NewReader("<feed>alpha-marker</feed>"), Source{Name: "x"})
		require.NoError(t, err)
		assert.Equal(t, "alpha", page.Provider)
		assert.Equal(t, "<feed>alpha-marker</feed>", page.Name, "the parser gets every byte, peeked ones included")

		_, err = Parse(strings.NewReader(`{"json":true}`), Source{Name: "data.json"})
		assert.ErrorIs(t, err, ErrUnknownFormat)
		var pe *ParseError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, "data.json", pe.Source)
		assert.Equal(t, "statusfeed: data.json: unknown format", err.Error())

		_, err = ParseAs("nope", strings.NewReader(""), Source{})
		assert.ErrorIs(t, err, ErrUnknownParser)

		assert.Panics(t, func() { Register("alpha", fixedParser("x"), scoreIf("", 1)) }, "duplicate name")
		assert.Panics(t, func() { Register("", fixedParser("x"), scoreIf("", 1)) }, "empty name")
		assert.Panics(t, func() { Register("gamma", nil, scoreIf("", 1)) }, "nil parser")
	})
}

func TestDetectUsesABoundedPrefix(t *testing.T) {
	withRegistry(t, func() {
		Register("late", fixedParser("late"), scoreIf("marker", Certain))
		doc := strings.Repeat(" ", SniffLen) + "marker"
		_, err := Parse(strings.NewReader(doc), Source{})
		assert.ErrorIs(t, err, ErrUnknownFormat, "a marker past SniffLen is not seen")
	})
}

func TestParseErrorWrapsPartialResults(t *testing.T) {
	withRegistry(t, func() {
		partial := errors.New("entry 3: unreadable stamp")
		Register("partial", ParserFunc(func(r io.Reader, src Source) (*Page, error) {
			return &Page{Name: "kept"}, partial
		}), scoreIf("", 1))
		page, err := Parse(strings.NewReader("x"), Source{URL: "https://example.com/history.atom"})
		require.NotNil(t, page, "what was parsed comes back with the error")
		assert.Equal(t, "kept", page.Name)
		assert.ErrorIs(t, err, partial)
		assert.Contains(t, err.Error(), "https://example.com/history.atom (partial)")
	})
}

func TestFeedKind(t *testing.T) {
	tests := map[string]string{
		`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">`:          "atom",
		"\xef\xbb\xbf\n  <?xml version=\"1.0\"?>\n<!-- c --><rss version=\"2.0\">": "rss",
		`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`:        "rss",
		`<atom:feed xmlns:atom="http://www.w3.org/2005/Atom">`:                     "atom",
		`<!DOCTYPE html><html><head>`:                                              "",
		`{"page":{}}`:                                                              "",
		``:                                                                         "",
		`<?xml version="1.0"`:                                                      "",
	}
	for in, want := range tests {
		assert.Equal(t, want, FeedKind([]byte(in)), "%q", in)
	}
}

func TestFetch(t *testing.T) {
	var gotUA string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotUA = r.Header.Get("User-Agent")
		switch r.URL.Path {
		case "/ok":
			w.Header().Set("Content-Type", "application/atom+xml")
			_, _ = w.Write([]byte("<feed/>"))
		case "/moved":
			http.Redirect(w, r, "/ok", http.StatusFound)
		default:
			http.Error(w, "down", http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	ctx := context.Background()

	doc, err := Fetch(ctx, srv.Client(), srv.URL+"/moved")
	require.NoError(t, err)
	assert.Equal(t, "<feed/>", string(doc.Body))
	assert.Equal(t, srv.URL+"/ok", doc.Source.URL, "the final URL after redirects")
	assert.Equal(t, "application/atom+xml", doc.Source.ContentType)
	assert.Equal(t, UserAgent, gotUA)

	_, err = Fetch(ctx, srv.Client(), srv.URL+"/down")
	var he *HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, http.StatusServiceUnavailable, he.StatusCode)

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = Fetch(cctx, srv.Client(), srv.URL+"/ok")
	assert.ErrorIs(t, err, context.Canceled)
}

func TestJSONShape(t *testing.T) {
	start := time.Date(2024, 2, 8, 8, 29, 0, 0, time.UTC)
	page := Page{
		Provider: "statuspage", Format: "atom", Name: "Example",
		Incidents: []Incident{{
			ID: "abc", Kind: KindIncident, Status: StatusResolved,
			Components: []ComponentRef{{Name: "API", Group: "Core", Status: ComponentOperational}},
			StartedAt:  start, ResolvedAt: start.Add(31 * time.Minute), DeclaredDuration: 30 * time.Minute,
			Updates:    []Update{{At: start, Status: StatusInvestigating, RawStatus: "Investigating", Body: "Looking."}},
			Postmortem: &Postmortem{PublishedAt: start.Add(24 * time.Hour), Body: "b", Sections: []Section{{Heading: "Summary", Body: "b"}}},
		}},
	}
	data, err := json.Marshal(page)
	require.NoError(t, err)
	s := string(data)
	for _, want := range []string{
		`"status":"unknown"`, `"components":[]`, `"warnings":[]`, `"impact":"unknown"`,
		`"started_at":"2024-02-08T08:29:00Z"`, `"resolved_at":"2024-02-08T09:00:00Z"`,
		`"scheduled_for":null`, `"duration_seconds":1860`, `"declared_duration_seconds":1800`,
		`"components":[{"name":"API","group":"Core"}]`, `"postmortem":{"published_at":"2024-02-09T08:29:00Z"`,
	} {
		assert.Contains(t, s, want)
	}

	var back Page
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, page.Incidents[0].Updates, back.Incidents[0].Updates)
	assert.Equal(t, page.Incidents[0].ResolvedAt, back.Incidents[0].ResolvedAt)
	assert.Equal(t, StatusResolved, back.Incidents[0].Status)
	assert.Equal(t, ComponentUnknown, back.Status, `"unknown" reads back as the zero value`)

	open := Incident{StartedAt: start}
	_, ok := open.Duration()
	assert.False(t, ok, "open incidents have no observed duration")
}

func TestEnumZeroValuesAreUnknown(t *testing.T) {
	var (
		k Kind
		s Status
		i Impact
		c ComponentStatus
	)
	for _, v := range []interface{ String() string }{k, s, i, c} {
		assert.Equal(t, "unknown", v.String())
	}
	assert.False(t, StatusUpdate.Lifecycle(), "an update note is not a state")
	assert.Less(t, StatusInvestigating.Rank(), StatusResolved.Rank())
	assert.Less(t, StatusScheduled.Rank(), StatusCompleted.Rank())
}
