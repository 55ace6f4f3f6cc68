package statuspage_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/net/html"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/parsers/statuspage"
	"statusfeed.dev/statusfeed"
)

// benchPages are real Statuspage HTML pages: a home page with uptime bars and a 105-component
// home page, and an incident page.
var benchPages = []string{"streamyard-home.html", "fastly-home-2021-01.html", "digitalocean-incident-d0glfj89j57y.decoded.html"}

func htmlData(b *testing.B, name string) []byte {
	data, err := os.ReadFile(filepath.Join(corpus.Dir(b), "statuspage", "html", name))
	if err != nil {
		b.Skip(err)
	}
	return data
}

// BenchmarkParseHTML is statusfeed's whole parse of a page into the model.
func BenchmarkParseHTML(b *testing.B) {
	for _, name := range benchPages {
		b.Run(name, func(b *testing.B) {
			data := htmlData(b, name)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := statuspage.Parser.Parse(bytes.NewReader(data), statusfeed.Source{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkHTMLParseBaseline is a bare x/net/html parse of the same bytes, the baseline of the
// issue's 1.5x target.
func BenchmarkHTMLParseBaseline(b *testing.B) {
	for _, name := range benchPages {
		b.Run(name, func(b *testing.B) {
			data := htmlData(b, name)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := html.Parse(bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
