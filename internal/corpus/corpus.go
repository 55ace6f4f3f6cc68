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
		err := filepath.WalkDir(base, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			for _, ext := range exts {
				if strings.HasSuffix(path, "."+ext) {
					files = append(files, path)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	sort.Strings(files)
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
