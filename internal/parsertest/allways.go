package parsertest

import (
	"bytes"
	"encoding/json"
	"testing"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/internal/golden"
	"statusfeed.dev/statusfeed"
)

// Runs is how many times Deterministic parses each document.
const Runs = 20

// CorpusAllWays parses every corpus file under subdirs both ways a user can: through the registry,
// which must detect it as name from its first statusfeed.SniffLen bytes, and with p directly.
// Both must succeed with no error, give the same page from provider name, and pass the
// provider's corpus check; and the parse must be deterministic. It skips when the corpus is
// absent and fails when it holds no such page.
func CorpusAllWays(t *testing.T, p statusfeed.Parser, name string, subdirs []string, exts ...string) {
	files := corpus.Files(t, subdirs, exts...)
	if len(files) == 0 {
		t.Fatalf("no %v files under %v in the corpus", exts, subdirs)
	}
	for _, path := range files {
		t.Run(corpus.Name(t, path), func(t *testing.T) {
			data := read(t, path)
			checkDetected(t, data[:min(len(data), statusfeed.SniffLen)], name)
			src := statusfeed.Source{Name: path}
			viaRegistry, err := statusfeed.Parse(bytes.NewReader(data), src)
			if err != nil {
				t.Fatalf("registry parse: %v", err)
			}
			direct, err := p.Parse(bytes.NewReader(data), src)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if viaRegistry.Provider != name || direct.Provider != name {
				t.Errorf("providers %q and %q, want %q", viaRegistry.Provider, direct.Provider, name)
			}
			if a, b := marshal(t, viaRegistry), marshal(t, direct); !bytes.Equal(a, b) {
				t.Errorf("the registry's page differs from the parser's")
			}
			corpus.Check(t, path, direct)
			deterministic(t, p, data)
		})
	}
}

// Deterministic parses each of the parser's fixtures with the given extensions Runs times and
// fails unless every run marshals to the same bytes.
func Deterministic(t *testing.T, p statusfeed.Parser, name string, exts ...string) {
	for _, path := range golden.Cases(t, name, exts...) {
		deterministic(t, p, read(t, path))
	}
}

func deterministic(t *testing.T, p statusfeed.Parser, data []byte) {
	t.Helper()
	var first []byte
	for i := 0; i < Runs; i++ {
		page, _ := p.Parse(bytes.NewReader(data), statusfeed.Source{Name: "run"})
		out := marshal(t, page)
		if i == 0 {
			first = out
		} else if !bytes.Equal(first, out) {
			t.Fatalf("run %d gives different output from run 0", i)
		}
	}
}

func marshal(t *testing.T, page *statusfeed.Page) []byte {
	t.Helper()
	b, err := json.Marshal(page)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
