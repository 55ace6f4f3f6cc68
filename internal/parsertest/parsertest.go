package parsertest

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"statusfeed.dev/internal/corpus"
	"statusfeed.dev/internal/golden"
	_ "statusfeed.dev/parsers/all" // detection is checked against every parser
	"statusfeed.dev/statusfeed"
)

// Golden parses every testdata/<name>/*.<ext> fixture with p, checks that detection picks
// name for it, that it parses without error, and compares the page with the golden JSON.
func Golden(t *testing.T, p statusfeed.Parser, name string, exts ...string) {
	for _, path := range golden.Cases(t, name, exts...) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data := read(t, path)
			checkDetected(t, data, name)
			page, err := p.Parse(bytes.NewReader(data), statusfeed.Source{Name: filepath.Base(path)})
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			golden.Check(t, path, page)
		})
	}
}

// Corpus parses every corpus file under subdirs with the given extensions: detection must pick
// name, the parse must succeed with no error, and the page must pass corpus.CheckFeed. It skips
// when the corpus is absent, and fails when the corpus is there but holds no such file.
func Corpus(t *testing.T, p statusfeed.Parser, name string, subdirs []string, exts ...string) {
	files := corpus.Files(t, subdirs, exts...)
	if len(files) == 0 {
		t.Fatalf("no %v files under %v in the corpus", exts, subdirs)
	}
	corpusFiles(t, p, name, files, sharedCheck)
}

// CorpusIfAny is Corpus for formats the corpus may not hold yet: it skips when there is no
// such file instead of failing.
func CorpusIfAny(t *testing.T, p statusfeed.Parser, name string, subdirs []string, exts ...string) {
	files := corpus.Files(t, subdirs, exts...)
	if len(files) == 0 {
		t.Skipf("no %v files under %v in the corpus yet", exts, subdirs)
	}
	corpusFiles(t, p, name, files, sharedCheck)
}

// Checker holds a parsed page to what must be true of it, given the document's bytes.
type Checker func(t *testing.T, path string, data []byte, page *statusfeed.Page)

// sharedCheck is corpus.Check: the checks shared by the formats it knows.
func sharedCheck(t *testing.T, path string, _ []byte, page *statusfeed.Page) {
	corpus.Check(t, path, page)
}

// CorpusChecked is Corpus for a format corpus.Check does not know: check, the package's own
// independent reading of the document, replaces it.
func CorpusChecked(t *testing.T, p statusfeed.Parser, name string, subdirs []string, check Checker, exts ...string) {
	files := corpus.Files(t, subdirs, exts...)
	if len(files) == 0 {
		t.Fatalf("no %v files under %v in the corpus", exts, subdirs)
	}
	corpusFiles(t, p, name, files, check)
}

func corpusFiles(t *testing.T, p statusfeed.Parser, name string, files []string, check Checker) {
	for _, path := range files {
		t.Run(corpus.Name(t, path), func(t *testing.T) {
			data := read(t, path)
			checkDetected(t, data, name)
			page, err := p.Parse(bytes.NewReader(data), statusfeed.Source{Name: path})
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			check(t, path, data, page)
		})
	}
}

// FuzzSeeds adds the parser's fixtures (and corpus files under subdirs, when present) to f.
func FuzzSeeds(f *testing.F, name string, subdirs []string, exts ...string) {
	for _, path := range golden.Cases(f, name, exts...) {
		f.Add(read(f, path))
	}
	dir := filepath.Join(golden.Root(f), "..", "shared", "corpus")
	if _, err := os.Stat(dir); err == nil {
		for _, path := range corpus.Files(f, subdirs, exts...) {
			f.Add(read(f, path))
		}
	}
}

// FuzzParse is the body of every parser's fuzz target: whatever the input, the parser must not
// panic, and what it returns must marshal to JSON with UTC times.
func FuzzParse(t *testing.T, p statusfeed.Parser, data []byte) {
	page, _ := p.Parse(bytes.NewReader(data), statusfeed.Source{Name: "fuzz"})
	if page == nil {
		return
	}
	if _, err := json.Marshal(page); err != nil {
		t.Fatalf("page does not marshal: %v", err)
	}
	for _, inc := range page.Incidents {
		for _, u := range inc.Updates {
			if !u.At.IsZero() && u.At.Location().String() != "UTC" {
				t.Fatalf("update time %v is not UTC", u.At)
			}
		}
	}
}

func checkDetected(t *testing.T, data []byte, want string) {
	t.Helper()
	got, err := statusfeed.Detect(data, statusfeed.Source{})
	if err != nil || got != want {
		t.Errorf("detected as %q (%v), want %q", got, err, want)
	}
}

func read(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// DetectOwnOnly runs detect over every corpus file: it must say Certain for the files under
// own ("gcp/") and NoMatch for every other provider's, so that no two providers claim one
// document. It skips when the corpus is absent.
func DetectOwnOnly(t *testing.T, detect statusfeed.Detector, own string) {
	for _, path := range corpus.Files(t, nil, "json", "html", "atom", "rss", "xml", "mhtml") {
		data := read(t, path)
		prefix := data[:min(len(data), statusfeed.SniffLen)]
		src := statusfeed.Source{Format: statusfeed.Sniff(prefix, statusfeed.Source{})}
		want := statusfeed.NoMatch
		if strings.HasPrefix(corpus.Name(t, path), own) {
			want = statusfeed.Certain
		}
		if got := detect(prefix, src); got != want {
			t.Errorf("%s: detected %v, want %v", corpus.Name(t, path), got, want)
		}
	}
}

// ClaimsOnlyOwn runs a provider's detector and parser over every HTML page in the corpus. Its
// own pages (under "<name>/") must be detected as want, and no other registered parser may be
// Certain of them. Every other page must be NoMatch to the detector, and the parser, used on
// its own, must decline it with ErrUnknownFormat.
func ClaimsOnlyOwn(t *testing.T, p statusfeed.Parser, name string, detect statusfeed.Detector, want statusfeed.Match) {
	files := corpus.Files(t, nil, "html", "mhtml")
	if len(files) == 0 {
		t.Fatal("no HTML pages in the corpus")
	}
	own := 0
	for _, path := range files {
		rel := corpus.Name(t, path)
		t.Run(rel, func(t *testing.T) {
			data := read(t, path)
			prefix := data[:min(len(data), statusfeed.SniffLen)]
			src := statusfeed.Source{Format: statusfeed.Sniff(prefix, statusfeed.Source{})}
			if strings.HasPrefix(rel, name+"/") {
				own++
				if got := detect(prefix, src); got != want {
					t.Errorf("detected %v, want %v", got, want)
				}
				for _, c := range statusfeed.Default.Candidates(prefix, src) {
					if c.Name != name && c.Match == statusfeed.Certain {
						t.Errorf("%s is certain of it too", c.Name)
					}
				}
				return
			}
			if got := detect(prefix, src); got != statusfeed.NoMatch {
				t.Errorf("claims another provider's page: %v", got)
			}
			page, err := p.Parse(bytes.NewReader(data), statusfeed.Source{Name: path})
			if page != nil || !errors.Is(err, statusfeed.ErrUnknownFormat) {
				t.Errorf("parser did not decline it: page %v, error %v", page != nil, err)
			}
		})
	}
	if own == 0 {
		t.Errorf("no page under %s/ in the corpus", name)
	}
}
