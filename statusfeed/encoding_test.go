package statusfeed

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A document that is UTF-8 reaches the parser as valid UTF-8, its stray bytes as U+FFFD. An
// HTML page that declares another charset is transcoded (no HTML reader here decodes a meta
// charset); an XML feed keeps its bytes, for the XML decoder to read in its declared encoding;
// a label no encoding answers to is ignored, as browsers ignore it.
func TestPrepareMakesUTF8DocumentsValid(t *testing.T) {
	reg := &Registry{}
	reg.Register("any", fixedParser("any"), func([]byte, Source) Match { return Certain })
	for doc, want := range map[string]string{
		"<feed><title>Exam\xcb\xcbple</title></feed>":                                                   "<feed><title>Exam\uFFFDple</title></feed>",
		"\xef\xbb\xbf{\"name\":\"cut \xe2\x82\"}":                                                       "{\"name\":\"cut \uFFFD\"}",
		`<html><head><meta charset="utf-8"></head><body>a` + "\xff" + `</body></html>`:                  `<html><head><meta charset="utf-8"></head><body>a` + "\uFFFD" + `</body></html>`,
		"<html><body>ends cut \xf0\x9f\x8e":                                                             "<html><body>ends cut \uFFFD",
		"<html><body>🎉 ok</body></html>":                                                                "<html><body>🎉 ok</body></html>",
		`<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>caf` + "\xe9</title></rss>":             `<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>caf` + "\xe9</title></rss>",
		`<html><head><meta charset="windows-1252"></head><body>caf` + "\xe9":                            `<html><head><meta charset="windows-1252"></head><body>café`,
		`<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">` + "\xe9": `<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">é`,
		`<html><head><meta charset='UTF-8dden'><title>Acme` + "\xfd\xb1</title>":                        `<html><head><meta charset='UTF-8dden'><title>Acme` + "\uFFFD</title>",
	} {
		page, err := reg.Parse(strings.NewReader(doc), Source{})
		require.NoError(t, err)
		assert.Equal(t, want, page.Name, "%q", doc)

		r, _, err := Prepare(strings.NewReader(doc), Source{}) // a parser used on its own
		require.NoError(t, err)
		got, err := io.ReadAll(r)
		require.NoError(t, err)
		assert.Equal(t, want, string(got), "Prepare %q", doc)
	}
}

func TestUTF8ReaderAcrossReads(t *testing.T) {
	valid := strings.Repeat("Status 🎉 – ok. ", 1000) // longer than one read, runes cut between reads
	require.NoError(t, iotest.TestReader(&utf8Reader{r: strings.NewReader(valid)}, []byte(valid)))
	got, err := io.ReadAll(&utf8Reader{r: iotest.OneByteReader(strings.NewReader(valid))})
	require.NoError(t, err)
	assert.Equal(t, valid, string(got), "a rune arriving a byte at a time is kept")

	failing := errors0("disk gone")
	got, err = io.ReadAll(&utf8Reader{r: io.MultiReader(strings.NewReader("ab"), iotest.ErrReader(failing))})
	assert.Equal(t, "ab", string(got))
	assert.ErrorIs(t, err, failing)
}

type errors0 string

func (e errors0) Error() string { return string(e) }

// FuzzUTF8Reader: whatever the bytes and however they arrive, the output is valid UTF-8, valid
// input passes unchanged, and the output is the input with invalid bytes replaced by U+FFFD.
func FuzzUTF8Reader(f *testing.F) {
	for _, s := range []string{"", "ok", "caf\xe9", "\xe2\x82", "🎉", "a\xff\xfeb", "\xf0\x9f\x8e\x89\xf0"} {
		f.Add([]byte(s), uint8(1))
	}
	f.Fuzz(func(t *testing.T, data []byte, chunk uint8) {
		var r io.Reader = bytes.NewReader(data)
		if chunk%2 == 1 {
			r = iotest.OneByteReader(r)
		}
		got, err := io.ReadAll(&utf8Reader{r: r})
		require.NoError(t, err)
		require.True(t, utf8.Valid(got), "%q gave %q", data, got)
		if utf8.Valid(data) {
			require.Equal(t, data, got)
		}
		collapse := func(b []byte) string {
			return strings.Join(strings.FieldsFunc(string(b), func(r rune) bool { return r == utf8.RuneError }), "\uFFFD")
		}
		require.Equal(t, collapse(bytes.ToValidUTF8(data, []byte("\uFFFD"))), collapse(got), "%q", data)
	})
}

func BenchmarkUTF8Reader(b *testing.B) {
	doc := []byte(strings.Repeat("<p>We’re investigating errors 🎉 for API users.</p>\n", 2000))
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := io.Copy(io.Discard, &utf8Reader{r: bytes.NewReader(doc)}); err != nil {
			b.Fatal(err)
		}
	}
}

// A parser prepares its input itself, since it may be used on its own; through the registry,
// which prepared the document first, that must change nothing: a page transcoded from its
// declared charset is not transcoded again.
func TestPrepareTwiceIsPrepareOnce(t *testing.T) {
	reg := &Registry{}
	reg.Register("any", ParserFunc(func(r io.Reader, src Source) (*Page, error) {
		r, src, err := Prepare(r, src)
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(r)
		return &Page{Format: src.Format, Name: string(b)}, err
	}), func([]byte, Source) Match { return Certain })
	for doc, want := range map[string]string{
		`<html><head><meta charset="windows-1252"></head><body>caf` + "\xe9":                `<html><head><meta charset="windows-1252"></head><body>café`,
		"\xef\xbb\xbf{\"name\":\"cut \xe2\x82\"}":                                           "{\"name\":\"cut \uFFFD\"}",
		"\xff\xfe<\x00r\x00s\x00s\x00>\x00\xe9\x00":                                         "<rss>é",
		`<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>caf` + "\xe9</title></rss>": `<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>caf` + "\xe9</title></rss>",
	} {
		page, err := reg.Parse(strings.NewReader(doc), Source{})
		require.NoError(t, err)
		assert.Equal(t, want, page.Name, "%q", doc)
	}
}

// A document in memory that needs no decoding is held as its bytes (ReadAll hands them over
// without a copy); any other is decoded as a stream is. Either way a parser reads the same.
func TestInMemoryDocumentReadsAsAStream(t *testing.T) {
	for _, doc := range []string{
		`{"page":{"name":"café"},"components":[]}`,
		"",
		`<html><head><meta charset="windows-1252"></head><body>caf` + "\xe9",
		"\xef\xbb\xbf{\"name\":\"cut \xe2\x82\"}",
		"{\"name\":\"bad \xff byte\"}",
		"\xff\xfe<\x00r\x00s\x00s\x00>\x00\xe9\x00",
		`<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>caf` + "\xe9</title></rss>",
	} {
		type stream struct{ io.Reader }
		sr, ssrc, err := Prepare(stream{strings.NewReader(doc)}, Source{})
		require.NoError(t, err, "%q", doc)
		want, err := ReadAll(sr)
		require.NoError(t, err)

		mr, msrc, err := Prepare(bytes.NewReader([]byte(doc)), Source{})
		require.NoError(t, err, "%q", doc)
		assert.Equal(t, ssrc.Format, msrc.Format, "%q", doc)
		head := make([]byte, 3)
		n, _ := io.ReadFull(mr, head)
		rest, err := ReadAll(mr)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(head[:n])+string(rest), "%q", doc)
		again, err := ReadAll(mr)
		require.NoError(t, err)
		assert.Empty(t, again, "%q: ReadAll consumes what it returns", doc)

		// A fetched document is parsed where it lies, and reads the same.
		reg := &Registry{}
		reg.Register("any", ParserFunc(func(r io.Reader, src Source) (*Page, error) {
			r, src, err := Prepare(r, src)
			if err != nil {
				return nil, err
			}
			b, err := ReadAll(r)
			return &Page{Format: src.Format, Name: string(b)}, err
		}), func([]byte, Source) Match { return Certain })
		body := []byte(doc)
		page, err := reg.ParseDocument(&Document{Body: body, Source: Source{Name: "doc"}})
		require.NoError(t, err, "%q", doc)
		assert.Equal(t, string(want), page.Name, "%q", doc)
		assert.Equal(t, ssrc.Format, page.Format, "%q", doc)
		assert.Equal(t, doc, string(body), "the body is left as it was")
	}
}
