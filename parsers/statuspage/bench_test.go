package statuspage_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/mmcdole/gofeed"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/parsers/statuspage"
	"statusfeed.dev/statusfeed"
)

// benchFeeds are real Statuspage Atom feeds: a small UTC one, a large one with maintenances, and
// a Pacific one with PST/PDT stamps.
var benchFeeds = []string{"streamyard-history.atom", "digitalocean-2020-01-13.atom", "saucelabs-uswest-history.atom"}

func benchData(b *testing.B, name string) []byte {
	data, err := os.ReadFile(filepath.Join(corpus.Dir(b), "statuspage", "atom", name))
	if err != nil {
		b.Skip(err)
	}
	return data
}

// BenchmarkParse is statusfeed's whole parse of a feed into the model: gofeed's Atom parser,
// then every entry's update blocks, stamps, bodies and derived fields.
func BenchmarkParse(b *testing.B) {
	for _, name := range benchFeeds {
		b.Run(name, func(b *testing.B) {
			data := benchData(b, name)
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

// BenchmarkGofeedBaseline is a bare gofeed parse of the same bytes, the baseline the issue's
// 1.3x target is measured against.
func BenchmarkGofeedBaseline(b *testing.B) {
	for _, name := range benchFeeds {
		b.Run(name, func(b *testing.B) {
			data := benchData(b, name)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			p := gofeed.NewParser()
			for b.Loop() {
				if _, err := p.Parse(bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
