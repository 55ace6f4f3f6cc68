package parsertest

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/statusfeed"
)

var nextAssets = []byte("/_next/")

// DetectNextPages holds a Next.js page parser's detection to the first statusfeed.SniffLen
// bytes of every HTML page in the corpus: Certain for its own (under <name>/), Possible for
// another provider's Next.js page, which its parser must then decline with ErrUnknownFormat,
// and NoMatch for any other page.
func DetectNextPages(t *testing.T, name string, detect statusfeed.Detector, p statusfeed.Parser) {
	for _, path := range corpus.Files(t, nil, "html") {
		data := read(t, path)
		prefix := data[:min(len(data), statusfeed.SniffLen)]
		got := detect(prefix, statusfeed.Source{Format: statusfeed.FormatHTML})
		own := filepath.Base(filepath.Dir(filepath.Dir(path))) == name
		switch {
		case own && got != statusfeed.Certain:
			t.Errorf("%s: %s, want certain", corpus.Name(t, path), got)
		case own:
		case bytes.Contains(prefix, nextAssets):
			if got != statusfeed.Possible {
				t.Errorf("%s: %s, want possible for another provider's Next.js page", corpus.Name(t, path), got)
			}
			declines(t, corpus.Name(t, path), p, data)
		case got != statusfeed.NoMatch:
			t.Errorf("%s: %s, want no match", corpus.Name(t, path), got)
		}
	}
}

// foreignNextPages are Next.js pages of no status provider: a blog in each router generation
// and a page with no data at all.
var foreignNextPages = map[string]string{
	"pages router": `<!DOCTYPE html><html><head><script src="/_next/static/chunks/main.js"></script></head><body>` +
		`<script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{"site":{"name":"Blog"},"posts":[]}}}</script></body></html>`,
	"app router": `<!DOCTYPE html><html><head><script src="/_next/static/chunks/main.js"></script></head><body>` +
		`<script>self.__next_f.push([1,"0:[\"$\",\"$L1\",null,{\"site\":{\"name\":\"Blog\"},\"posts\":[],\"summary\":\"$undefined\"}]\n"])</script></body></html>`,
	"no data": `<!DOCTYPE html><html><head><script src="/_next/static/chunks/main.js"></script></head><body></body></html>`,
}

// DeclinesForeignNextPages checks that detection leaves Next.js pages of no status provider
// possible, and that the parser declines them.
func DeclinesForeignNextPages(t *testing.T, detect statusfeed.Detector, p statusfeed.Parser) {
	for name, page := range foreignNextPages {
		if got := detect([]byte(page), statusfeed.Source{Format: statusfeed.FormatHTML}); got != statusfeed.Possible {
			t.Errorf("%s: %s, want possible", name, got)
		}
		declines(t, name, p, []byte(page))
	}
}

func declines(t *testing.T, name string, p statusfeed.Parser, data []byte) {
	t.Helper()
	page, err := p.Parse(bytes.NewReader(data), statusfeed.Source{})
	if page != nil || !errors.Is(err, statusfeed.ErrUnknownFormat) {
		t.Errorf("%s: parsed as %v, %v; want it declined with ErrUnknownFormat", name, page != nil, err)
	}
}
