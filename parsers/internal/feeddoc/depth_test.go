package feeddoc

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/internal/golden"
	"statusfeed.dev/statusfeed"
)

// nested builds an Atom feed whose one entry holds n nested extension elements.
func nested(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>E</title>`)
	b.WriteString(strings.Repeat(`<x a="1">`, n))
	b.WriteString(strings.Repeat(`</x>`, n))
	b.WriteString(`</entry></feed>`)
	return b.Bytes()
}

// TestDeepFeedFailsWithBoundedMemory reads a feed of a million nested elements (13 MB), which
// gofeed alone spends about 19 seconds and well over a gigabyte on. The depth check must stop
// it with ErrTooDeep having allocated a small multiple of the input at most.
func TestDeepFeedFailsWithBoundedMemory(t *testing.T) {
	for _, format := range []string{statusfeed.FormatAtom, statusfeed.FormatRSS} {
		doc := nested(1_000_000)
		if format == statusfeed.FormatRSS {
			doc = bytes.Replace(doc, []byte(`<feed xmlns="http://www.w3.org/2005/Atom">`), []byte(`<rss version="2.0"><channel>`), 1)
			doc = bytes.Replace(doc, []byte(`</feed>`), []byte(`</channel></rss>`), 1)
			doc = bytes.ReplaceAll(doc, []byte("entry>"), []byte("item>"))
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := Read(bytes.NewReader(doc), format)
		runtime.ReadMemStats(&after)
		require.ErrorIs(t, err, ErrTooDeep, format)
		allocated := after.TotalAlloc - before.TotalAlloc
		assert.Less(t, allocated, uint64(4*len(doc)), "%s: %d bytes allocated for a %d-byte feed", format, allocated, len(doc))
		t.Logf("%s: %d bytes allocated for a %d-byte feed", format, allocated, len(doc))
	}
}

func TestDepthLimit(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		max  int
		deep bool
	}{
		{"feed and entry are two levels", string(nested(MaxDepth - 2)), MaxDepth, false},
		{"one level too many", string(nested(MaxDepth - 1)), MaxDepth, true},
		{"markup that holds < without opening an element",
			`<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x "<a><a>"> <!-- <a> --> ]><feed xmlns="http://www.w3.org/2005/Atom">` +
				`<title>T</title><!-- <a><a> --><entry><title><![CDATA[<a><a><a>]]></title>` +
				`<content type="html">&lt;a&gt;</content><x k="v/>" j='<a>'/><y/><?pi <a> ?></entry></feed>`, 3, false},
		// encoding/xml takes a declaration's first byte as it is, so this quote opens nothing.
		{"a declaration a lax scan would never leave", `<!'><a><b><c><d></d></c></b></a>`, 3, true},
	}
	for _, tt := range tests {
		d := newDepthLimit(strings.NewReader(tt.doc), tt.max)
		_, err := d.Read(make([]byte, len(tt.doc)+1))
		if tt.deep {
			assert.ErrorIs(t, err, ErrTooDeep, tt.name)
			continue
		}
		assert.NoError(t, err, tt.name)
		assert.Equal(t, 0, d.depth, "%s: every element closed", tt.name)
	}
}

// TestDepthLimitAcrossReads feeds the check one byte at a time: its state must survive
// between reads.
func TestDepthLimitAcrossReads(t *testing.T) {
	doc := `<feed><!-- <a><a><a> --><e><![CDATA[ <a><a><a> ]]><x q="<a><a>"/></e></feed>`
	d := newDepthLimit(strings.NewReader(doc), 3)
	buf := make([]byte, 1)
	for {
		n, err := d.Read(buf)
		if err != nil {
			break
		}
		require.Equal(t, 1, n)
	}
	assert.NoError(t, d.err)
	assert.Equal(t, 0, d.depth)
}

// FuzzDepthLimit holds the check to its promise against encoding/xml itself, read the way gofeed
// reads (not strict): whatever the input, the decoder behind the check never sees an element
// deeper than the limit.
func FuzzDepthLimit(f *testing.F) {
	for _, s := range []string{
		`<a><b><c><d/></c></b></a>`, `<!DOCTYPE a [<!ENTITY x "<a>"> <!-- <a> -->]><a><b/></a>`,
		`<a><![CDATA[<b><c><d>]]><b c="<d>" e='/>'><f/></b></a>`, `<?xml version="1.0"?><a><!-- <b> --><c><d><e/></d></c></a>`,
		`<!'><a><b><c><d></d></c></b></a>`, `<a b=c/><a><b><c><d>`,
	} {
		f.Add(s)
	}
	const max = 3
	f.Fuzz(func(t *testing.T, s string) {
		d := xml.NewDecoder(newDepthLimit(strings.NewReader(s), max))
		d.Strict = false
		depth := 0
		for {
			tok, err := d.RawToken()
			if err != nil {
				return
			}
			switch tok.(type) {
			case xml.StartElement:
				depth++
				if depth > max {
					t.Fatalf("the decoder reached depth %d in %q", depth, s)
				}
			case xml.EndElement:
				depth--
			}
		}
	})
}

// BenchmarkDepthLimit is the check's cost on its own, passing a Statuspage fixture through; set
// it against BenchmarkRead, the whole read of the same feed.
func BenchmarkDepthLimit(b *testing.B) {
	doc := readFixture(b)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	buf := make([]byte, 4096) // what encoding/xml's bufio.Reader asks for
	for b.Loop() {
		d := newDepthLimit(bytes.NewReader(doc), MaxDepth)
		for {
			if _, err := d.Read(buf); err != nil {
				break
			}
		}
	}
}

func BenchmarkRead(b *testing.B) {
	doc := readFixture(b)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(bytes.NewReader(doc), statusfeed.FormatAtom); err != nil {
			b.Fatal(err)
		}
	}
}

func readFixture(b *testing.B) []byte {
	doc, err := os.ReadFile(filepath.Join(golden.Root(b), "testdata", "statuspage", "basic.atom"))
	if err != nil {
		b.Fatal(err)
	}
	return doc
}
