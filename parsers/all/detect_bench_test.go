package all_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/statusfeed"
)

// BenchmarkCandidates measures detection alone: every registered detector over the prefix of
// each corpus capture in turn, as a poller runs them on every body it fetches.
func BenchmarkCandidates(b *testing.B) {
	type doc struct {
		prefix []byte
		src    statusfeed.Source
	}
	var docs []doc
	for _, path := range corpus.All(b) {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		_, src, err := statusfeed.Prepare(bytes.NewReader(data), statusfeed.Source{})
		if err != nil {
			continue
		}
		docs = append(docs, doc{data[:min(len(data), statusfeed.SniffLen)], src})
	}
	if len(docs) == 0 {
		b.Skip("no corpus captures")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		d := docs[i%len(docs)]
		statusfeed.Default.Candidates(d.prefix, d.src)
	}
}

// BenchmarkParseCorpus measures what a poller spends reading what it fetched: detection and a
// full parse of each corpus capture in turn, with the content type its extension implies.
func BenchmarkParseCorpus(b *testing.B) {
	type doc struct {
		data []byte
		src  statusfeed.Source
	}
	var docs []doc
	var total int64
	for _, path := range corpus.All(b) {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		ctype := corpus.ContentType(path)
		if ctype == "" {
			continue
		}
		docs = append(docs, doc{data, statusfeed.Source{URL: "https://status.example.com/" + filepath.Base(path), ContentType: ctype}})
		total += int64(len(data))
	}
	if len(docs) == 0 {
		b.Skip("no corpus captures")
	}
	b.SetBytes(total / int64(len(docs)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		d := docs[i%len(docs)]
		_, _ = statusfeed.Parse(bytes.NewReader(d.data), d.src)
	}
}
