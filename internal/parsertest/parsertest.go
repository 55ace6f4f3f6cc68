package parsertest

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

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

// maxFuzzSeed caps the seeds a fuzzing run starts from. Large captures make every mutation
// slow to parse, so a run of a few seconds spends itself on a few dozen inputs; small seeds
// cover the same code and let it try thousands.
const maxFuzzSeed = 16 << 10

// FuzzSeeds adds the parser's fixtures and the corpus files under subdirs (when the corpus is
// present) to f. Under go test without -fuzz every seed runs, so the corpus is checked against
// FuzzParse's invariants; when fuzzing, only seeds up to maxFuzzSeed bytes are added.
func FuzzSeeds(f *testing.F, name string, subdirs []string, exts ...string) {
	paths := golden.Cases(f, name, exts...)
	dir := filepath.Join(golden.Root(f), "..", "shared", "corpus")
	if _, err := os.Stat(dir); err == nil {
		paths = append(paths, corpus.Files(f, subdirs, exts...)...)
	}
	for _, path := range paths {
		data := read(f, path)
		if fuzzing() && len(data) > maxFuzzSeed {
			continue
		}
		f.Add(data)
	}
}

// fuzzing reports whether the test binary was run with -fuzz.
func fuzzing() bool {
	fl := flag.Lookup("test.fuzz")
	return fl != nil && fl.Value.String() != ""
}

// FuzzParse is the body of every parser's fuzz target. Whatever the input, the parser must not
// panic, must give the same result when run twice, and what it returns must keep Invariants
// and survive the JSON round trip.
func FuzzParse(t testing.TB, p statusfeed.Parser, data []byte) {
	page, err := p.Parse(bytes.NewReader(data), statusfeed.Source{Name: "fuzz"})
	again, errAgain := p.Parse(bytes.NewReader(data), statusfeed.Source{Name: "fuzz"})
	if d := cmp.Diff(page, again); d != "" {
		t.Fatalf("two parses of one input differ (-first +second):\n%s", d)
	}
	if fmt.Sprint(err) != fmt.Sprint(errAgain) {
		t.Fatalf("two parses of one input fail differently: %v, then %v", err, errAgain)
	}
	if page == nil {
		return
	}
	Invariants(t, page)
	RoundTrip(t, page)
}

// Invariants fails the test when page breaks a rule every parsed page keeps, whatever its
// input:
//
//   - every time is UTC (the page's GeneratedAt; an incident's start, end and schedule; its
//     updates' times; its postmortem's; every uptime day);
//   - an incident's updates are in time order (updates without a time aside);
//   - an incident does not end before it starts;
//   - an incident's status is a state, never StatusUpdate (a note, not a state);
//   - every string is valid UTF-8: JSON cannot carry anything else, so bytes a document got
//     wrong must become U+FFFD when parsed, not when printed.
func Invariants(t testing.TB, page *statusfeed.Page) {
	t.Helper()
	validUTF8(t, reflect.ValueOf(page).Elem(), "Page")
	utc := func(what string, at time.Time) {
		if at.Location() != time.UTC {
			t.Errorf("%s %v is not UTC", what, at)
		}
	}
	utc("page GeneratedAt", page.GeneratedAt)
	for _, c := range page.Components {
		for _, d := range c.Uptime {
			utc(fmt.Sprintf("component %q uptime day", c.Name), d.Date)
		}
	}
	for _, inc := range page.Incidents {
		name := fmt.Sprintf("incident %q (%s)", inc.Title, inc.ID)
		utc(name+" StartedAt", inc.StartedAt)
		utc(name+" ResolvedAt", inc.ResolvedAt)
		utc(name+" ScheduledFor", inc.ScheduledFor)
		utc(name+" ScheduledUntil", inc.ScheduledUntil)
		if inc.Postmortem != nil {
			utc(name+" postmortem PublishedAt", inc.Postmortem.PublishedAt)
		}
		var last time.Time
		for j, u := range inc.Updates {
			utc(fmt.Sprintf("%s update %d", name, j), u.At)
			if u.At.IsZero() {
				continue
			}
			if u.At.Before(last) {
				t.Errorf("%s: update %d at %v comes before the one before it, at %v", name, j, u.At, last)
			}
			last = u.At
		}
		if !inc.StartedAt.IsZero() && !inc.ResolvedAt.IsZero() && inc.ResolvedAt.Before(inc.StartedAt) {
			t.Errorf("%s: resolved at %v, before it started at %v", name, inc.ResolvedAt, inc.StartedAt)
		}
		if inc.Status == statusfeed.StatusUpdate {
			t.Errorf("%s: status %q is a note, not a state", name, inc.Status)
		}
	}
}

// validUTF8 reports every string reachable from v that is not valid UTF-8.
func validUTF8(t testing.TB, v reflect.Value, path string) {
	t.Helper()
	switch v.Kind() {
	case reflect.String:
		if !utf8.ValidString(v.String()) {
			t.Errorf("%s %q is not valid UTF-8", path, v.String())
		}
	case reflect.Pointer:
		if !v.IsNil() {
			validUTF8(t, v.Elem(), path)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			validUTF8(t, v.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				validUTF8(t, v.Field(i), path+"."+v.Type().Field(i).Name)
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
