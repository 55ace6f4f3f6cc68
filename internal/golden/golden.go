package golden

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files with the current results")

// Root returns the module's root directory, found by walking up to go.mod.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("golden: no go.mod above the test's directory")
		}
		dir = parent
	}
}

// Cases lists the inputs in testdata/<dir> with the given extensions ("atom", "rss"), sorted.
// It fails the test when there are none, so that a moved directory cannot make a test pass by
// checking nothing.
func Cases(t testing.TB, dir string, exts ...string) []string {
	t.Helper()
	var files []string
	for _, ext := range exts {
		m, err := filepath.Glob(filepath.Join(Root(t), "testdata", dir, "*."+ext))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m {
			if !strings.HasSuffix(f, ".golden.json") {
				files = append(files, f)
			}
		}
	}
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatalf("golden: no %v cases in testdata/%s", exts, dir)
	}
	seen := map[string]string{}
	for _, f := range files {
		if other, dup := seen[Path(f)]; dup {
			t.Fatalf("golden: %s and %s would share %s; rename one", filepath.Base(other), filepath.Base(f), filepath.Base(Path(f)))
		}
		seen[Path(f)] = f
	}
	return files
}

// Path returns the golden file for an input: "basic.atom" → "basic.golden.json".
func Path(input string) string {
	return strings.TrimSuffix(input, filepath.Ext(input)) + ".golden.json"
}

// Check marshals got as indented JSON and compares it with the input's golden file, or
// rewrites the golden file under -update.
func Check(t testing.TB, input string, got any) {
	t.Helper()
	data, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	data = append(data, '\n')
	path := Path(input)
	if *update {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test with -update to create it)", err)
	}
	if !bytes.Equal(want, data) {
		t.Errorf("%s differs from the result (run go test -update to accept):\n%s", filepath.Base(path), diff(string(want), string(data)))
	}
}

// diff shows the first lines where want and got part, with a little context.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		if i < len(w) && i < len(g) && w[i] == g[i] {
			continue
		}
		var b strings.Builder
		for j := max(0, i-3); j < min(i+4, max(len(w), len(g))); j++ {
			switch {
			case j < len(w) && j < len(g) && w[j] == g[j]:
				b.WriteString("  " + w[j] + "\n")
			default:
				if j < len(w) {
					b.WriteString("- " + w[j] + "\n")
				}
				if j < len(g) {
					b.WriteString("+ " + g[j] + "\n")
				}
			}
		}
		return b.String()
	}
	return ""
}
