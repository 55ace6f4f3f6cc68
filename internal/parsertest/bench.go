package parsertest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/net/html"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/statusfeed"
)

// BenchPages benchmarks p's whole parse of each named corpus page under subdir into the
// model. It skips when the corpus is absent.
func BenchPages(b *testing.B, p statusfeed.Parser, subdir string, names ...string) {
	benchFiles(b, subdir, names, func(data []byte) error {
		_, err := p.Parse(bytes.NewReader(data), statusfeed.Source{})
		return err
	})
}

// BenchHTMLBaseline benchmarks a bare x/net/html parse of the same pages, the baseline of the
// pages' speed target (at most 1.5 times it).
func BenchHTMLBaseline(b *testing.B, subdir string, names ...string) {
	benchFiles(b, subdir, names, func(data []byte) error {
		_, err := html.Parse(bytes.NewReader(data))
		return err
	})
}

func benchFiles(b *testing.B, subdir string, names []string, parse func([]byte) error) {
	for _, name := range names {
		b.Run(name, func(b *testing.B) {
			data, err := os.ReadFile(filepath.Join(corpus.Dir(b), subdir, name))
			if err != nil {
				b.Skip(err)
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if err := parse(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
