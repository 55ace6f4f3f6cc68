package statusfeed

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func fixedParser(name string) Parser {
	return ParserFunc(func(r io.Reader, src Source) (*Page, error) {
		b, _ := io.ReadAll(r)
		return &Page{Provider: name, Format: src.Format, Name: string(b)}, nil
	})
}

// decliningParser accepts only documents containing marker, as a parser that confirms a
// Possible match on the whole document does.
func decliningParser(name, marker string, reads *int) Parser {
	return ParserFunc(func(r io.Reader, src Source) (*Page, error) {
		*reads++
		b, _ := io.ReadAll(r)
		if !strings.Contains(string(b), marker) {
			return nil, fmt.Errorf("%w: no %s", ErrUnknownFormat, marker)
		}
		return &Page{Provider: name, Format: src.Format}, nil
	})
}

func matchIf(marker string, m Match) Detector {
	return func(prefix []byte, src Source) Match {
		if strings.Contains(string(prefix), marker) {
			return m
		}
		return NoMatch
	}
}

func TestRegistryDetectAndParse(t *testing.T) {
	reg := &Registry{}
	reg.Register("zeta", fixedParser("zeta"), matchIf("<feed", Generic))
	reg.Register("alpha", fixedParser("alpha"), matchIf("alpha-marker", Certain))
	reg.Register("beta", fixedParser("beta"), matchIf("<feed", Possible))
	assert.Equal(t, []string{"alpha", "beta", "zeta"}, reg.Parsers())
	assert.Empty(t, Default.Without(Default.Parsers()...).Parsers())

	assert.Equal(t, []Candidate{{"alpha", Certain}, {"beta", Possible}, {"zeta", Generic}},
		reg.Candidates([]byte("<feed>alpha-marker</feed>"), Source{}), "certain, then possible, then generic")
	name, err := reg.Detect([]byte("<feed></feed>"), Source{})
	require.NoError(t, err)
	assert.Equal(t, "beta", name)
	name, err = reg.Without("beta").Detect([]byte("<feed></feed>"), Source{})
	require.NoError(t, err)
	assert.Equal(t, "zeta", name, "Without drops a parser from the copy only")
	assert.Equal(t, []string{"alpha", "beta", "zeta"}, reg.Parsers())

	page, err := reg.Parse(strings.NewReader("<feed>alpha-marker</feed>"), Source{Name: "x"})
	require.NoError(t, err)
	assert.Equal(t, "alpha", page.Provider)
	assert.Equal(t, "<feed>alpha-marker</feed>", page.Name, "the parser gets every byte, peeked ones included")
	assert.Equal(t, FormatAtom, page.Format, "the parser is told the syntax")

	_, err = reg.Parse(strings.NewReader(`{"json":true}`), Source{Name: "data.json"})
	assert.ErrorIs(t, err, ErrUnknownFormat)
	var pe *ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "data.json", pe.Source)
	assert.Equal(t, "statusfeed: data.json: unknown format: no parser recognizes this json document", err.Error())

	_, err = reg.ParseAs("nope", strings.NewReader(""), Source{})
	assert.ErrorIs(t, err, ErrUnknownParser)

	assert.Panics(t, func() { reg.Register("alpha", fixedParser("x"), matchIf("", Certain)) }, "duplicate name")
	assert.Panics(t, func() { reg.Register("", fixedParser("x"), matchIf("", Certain)) }, "empty name")
	assert.Panics(t, func() { reg.Register("gamma", nil, matchIf("", Certain)) }, "nil parser")
}

// A Possible candidate that declines on the whole document hands it to the next one, and the
// input is read only once however many candidates try it.
func TestParseTriesCandidatesInOrder(t *testing.T) {
	var aReads, bReads int
	reg := &Registry{}
	reg.Register("a", decliningParser("a", "data-a", &aReads), matchIf("<html", Possible))
	reg.Register("b", decliningParser("b", "data-b", &bReads), matchIf("<html", Possible))
	doc := "<html><body>" + strings.Repeat(" ", 2*SniffLen) + "data-b</body></html>"
	src := &countingReader{r: strings.NewReader(doc)}
	page, err := reg.Parse(src, Source{Name: "home.html"})
	require.NoError(t, err)
	assert.Equal(t, "b", page.Provider, "a declined, b accepted")
	assert.Equal(t, FormatHTML, page.Format)
	assert.Equal(t, 1, aReads)
	assert.Equal(t, len(doc), src.n, "every byte read once")

	_, err = reg.Parse(strings.NewReader("<html><body>nothing</body></html>"), Source{Name: "other.html"})
	assert.ErrorIs(t, err, ErrUnknownFormat)
	assert.Equal(t, "statusfeed: other.html: unknown format: a and b declined it", err.Error())

	// ParseAs with a parser that does not recognize the document: an error naming the input.
	_, err = reg.ParseAs("a", strings.NewReader("<html>data-b</html>"), Source{Name: "b.html"})
	assert.ErrorIs(t, err, ErrUnknownFormat)
	assert.Equal(t, "statusfeed: b.html (a): unknown format: no data-a", err.Error())
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestParseNormalizesEncoding(t *testing.T) {
	reg := &Registry{}
	reg.Register("j", ParserFunc(func(r io.Reader, src Source) (*Page, error) {
		var v struct{ Name string }
		if err := json.NewDecoder(r).Decode(&v); err != nil {
			return nil, err
		}
		return &Page{Name: v.Name, Format: src.Format}, nil
	}), matchIf(`"name"`, Certain))
	reg.Register("x", fixedParser("x"), matchIf("<rss", Certain))

	page, err := reg.Parse(strings.NewReader("\xef\xbb\xbf{\"name\": \"BOM\"}"), Source{})
	require.NoError(t, err, "a UTF-8 byte-order mark before JSON is valid")
	assert.Equal(t, "BOM", page.Name)
	assert.Equal(t, FormatJSON, page.Format)

	for _, order := range []binary.AppendByteOrder{binary.LittleEndian, binary.BigEndian} {
		feed := `<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>Ünïcode</title></channel></rss>`
		page, err = reg.Parse(bytes.NewReader(utf16WithBOM(feed, order)), Source{})
		require.NoError(t, err)
		assert.Equal(t, strings.Replace(feed, "UTF-16", "UTF-8", 1), page.Name, "transcoded, declaration fixed")
		assert.Equal(t, FormatRSS, page.Format)
	}
}

func utf16WithBOM(s string, order binary.AppendByteOrder) []byte {
	units := utf16.Encode([]rune(s))
	b := order.AppendUint16(nil, 0xFEFF)
	for _, u := range units {
		b = order.AppendUint16(b, u)
	}
	return b
}

func TestDetectUsesABoundedPrefix(t *testing.T) {
	reg := &Registry{}
	reg.Register("late", fixedParser("late"), matchIf("marker", Certain))
	doc := strings.Repeat(" ", SniffLen) + "marker"
	_, err := reg.Parse(strings.NewReader(doc), Source{})
	assert.ErrorIs(t, err, ErrUnknownFormat, "a marker past SniffLen is not seen")
}

func TestParseErrorWrapsPartialResults(t *testing.T) {
	reg := &Registry{}
	partial := errors.New("entry 3: unreadable stamp")
	reg.Register("partial", ParserFunc(func(r io.Reader, src Source) (*Page, error) {
		return &Page{Name: "kept"}, partial
	}), func([]byte, Source) Match { return Certain })
	page, err := reg.Parse(strings.NewReader("x"), Source{URL: "https://example.com/history.atom"})
	require.NotNil(t, page, "what was parsed comes back with the error")
	assert.Equal(t, "kept", page.Name)
	assert.ErrorIs(t, err, partial)
	assert.Contains(t, err.Error(), "https://example.com/history.atom (partial)")
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
		`"components":[{"id":"","name":"API","group":"Core","status":"operational"}]`, `"postmortem":{"published_at":"2024-02-09T08:29:00Z"`,
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
