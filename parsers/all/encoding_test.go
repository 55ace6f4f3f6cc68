package all_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/internal/golden"
	"statusfeed.dev/statusfeed"
)

func fixture(t *testing.T, parts ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{golden.Root(t), "testdata"}, parts...)...))
	require.NoError(t, err)
	return b
}

// A byte-order mark before JSON and a UTF-16 feed are valid documents: each reads as its
// UTF-8 twin does, through the real parsers.
func TestByteOrderMarksAndUTF16(t *testing.T) {
	plain := fixture(t, "statuspage", "summary.json")
	want, err := statusfeed.Parse(bytes.NewReader(plain), statusfeed.Source{Name: "summary.json"})
	require.NoError(t, err)
	got, err := statusfeed.Parse(bytes.NewReader(append([]byte("\xef\xbb\xbf"), plain...)), statusfeed.Source{Name: "summary.json"})
	require.NoError(t, err, "a UTF-8 BOM before JSON")
	assert.Equal(t, want, got)

	feed := fixture(t, "statuspage", "basic.atom")
	want, err = statusfeed.Parse(bytes.NewReader(feed), statusfeed.Source{Name: "basic.atom"})
	require.NoError(t, err)
	for _, order := range []binary.AppendByteOrder{binary.LittleEndian, binary.BigEndian} {
		doc := strings.Replace(string(feed), `encoding="UTF-8"`, `encoding="UTF-16"`, 1)
		b := order.AppendUint16(nil, 0xFEFF)
		for _, u := range utf16.Encode([]rune(doc)) {
			b = order.AppendUint16(b, u)
		}
		got, err := statusfeed.Parse(bytes.NewReader(b), statusfeed.Source{Name: "basic.atom"})
		require.NoError(t, err, "a UTF-16 feed with a BOM")
		assert.Equal(t, want, got)
	}
}

// An empty Statuspage Atom feed has no entries to show its IDs, but its own ID and title are
// Statuspage's: it must not fall to the generic feed parser while its RSS twin is Statuspage's.
func TestEmptyStatuspageFeedsAreStatuspages(t *testing.T) {
	atom := `<?xml version="1.0" encoding="UTF-8"?>
<feed xml:lang="en-US" xmlns="http://www.w3.org/2005/Atom">
  <id>tag:status.example.com,2005:/history</id>
  <link rel="alternate" type="text/html" href="https://status.example.com"/>
  <title>Example Status - Incident History</title>
  <updated>2024-06-10T11:10:42Z</updated>
</feed>`
	rss := `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Status - Incident History</title>
<link>https://status.example.com</link><description>Statuspage</description></channel></rss>`
	for name, doc := range map[string]string{"history.atom": atom, "history.rss": rss} {
		page, err := statusfeed.Parse(strings.NewReader(doc), statusfeed.Source{Name: name})
		require.NoError(t, err, name)
		assert.Equal(t, "statuspage", page.Provider, name)
		assert.Equal(t, "Example", page.Name, name)
		assert.Empty(t, page.Incidents, name)
	}
}

// A document in memory (as a poller parses what it fetched) is held as its bytes when it needs
// no decoding, and a fetched one is parsed where it lies; every capture reads through the real
// parsers as it does from a stream.
func TestInMemoryCapturesReadAsStreams(t *testing.T) {
	type stream struct{ io.Reader }
	for _, path := range corpus.All(t) {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		src := statusfeed.Source{URL: "https://status.example.com/" + filepath.Base(path)}
		want, werr := statusfeed.Parse(stream{bytes.NewReader(data)}, src)
		got, gerr := statusfeed.Parse(bytes.NewReader(data), src)
		assert.Equal(t, want, got, path)
		assert.Equal(t, fmt.Sprint(werr), fmt.Sprint(gerr), path)
		fromDoc, derr := statusfeed.ParseDocument(&statusfeed.Document{Body: data, Source: src})
		assert.Equal(t, want, fromDoc, path)
		assert.Equal(t, fmt.Sprint(werr), fmt.Sprint(derr), path)
	}
}
