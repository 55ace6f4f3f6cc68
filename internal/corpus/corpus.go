package corpus

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"statusfeed.dev/internal/golden"
)

// Dir returns the corpus directory, or skips the test when it is absent.
func Dir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(golden.Root(t), "..", "shared", "corpus")
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Skip("no ../shared/corpus beside the project; corpus tests skipped")
	}
	return dir
}

// Files lists the corpus files under the given subdirectories ("statuspage/atom") whose names
// end in one of exts ("atom", "rss"), sorted. With no subdirectories it walks the whole corpus.
// It skips the test when the corpus is absent, and returns nil when present but empty there.
func Files(t testing.TB, subdirs []string, exts ...string) []string {
	t.Helper()
	root := Dir(t)
	if len(subdirs) == 0 {
		subdirs = []string{"."}
	}
	var files []string
	for _, sub := range subdirs {
		base := filepath.Join(root, sub)
		if _, err := os.Stat(base); err != nil {
			continue
		}
		files = append(files, walk(t, base, func(path string) bool {
			for _, ext := range exts {
				if strings.HasSuffix(path, "."+ext) {
					return true
				}
			}
			return false
		})...)
	}
	sort.Strings(files)
	return files
}

// walk lists the files under dir that keep accepts.
func walk(t testing.TB, dir string, keep func(path string) bool) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && keep(path) {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// Name returns a corpus file's path relative to the corpus, for test names.
func Name(t testing.TB, path string) string {
	rel, err := filepath.Rel(Dir(t), path)
	if err != nil {
		return path
	}
	return filepath.ToSlash(rel)
}

// All lists every capture in the corpus, whatever its provider or format, sorted: every file in
// its subdirectories. The files at its root (FORMATS.md, PROVENANCE.tsv) describe the corpus
// and are left out. It skips the test when the corpus is absent.
func All(t testing.TB) []string {
	t.Helper()
	root := Dir(t)
	files := walk(t, root, func(path string) bool { return filepath.Dir(path) != root })
	sort.Strings(files)
	return files
}

// contentTypes are the Content-Type a server sends for a capture, by its extension.
var contentTypes = map[string]string{".json": "application/json", ".atom": "application/atom+xml",
	".rss": "application/rss+xml", ".xml": "application/xml", ".html": "text/html; charset=utf-8"}

// ContentType is the Content-Type a server would send with the capture at path; "" for a file
// no endpoint serves as such (an MHTML browser save).
func ContentType(path string) string {
	return contentTypes[strings.ToLower(filepath.Ext(path))]
}
