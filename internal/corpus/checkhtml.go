package corpus

import (
	"bytes"
	"os"
	"testing"

	"statusfeed.dev/statusfeed"
)

// CheckHTML asserts what must hold for a page parsed from a status page's HTML: as many
// components as the page has data-component-id elements, and the shared incident rules.
func CheckHTML(t *testing.T, path string, page *statusfeed.Page) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := bytes.Count(data, []byte("data-component-id=")); len(page.Components) != want {
		t.Errorf("%d components, the page has %d data-component-id elements", len(page.Components), want)
	}
	checkIncidents(t, page)
}
