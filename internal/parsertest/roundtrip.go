package parsertest

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"statusfeed.dev/statusfeed"
)

// RoundTrip fails the test unless page survives marshaling to JSON and back unchanged. The
// JSON writes absent lists as [], so a nil and an empty slice count as equal; nothing else is
// forgiven. Times compare with time.Time.Equal.
func RoundTrip(t testing.TB, page *statusfeed.Page) {
	t.Helper()
	data, err := json.Marshal(page)
	if err != nil {
		t.Fatalf("page does not marshal: %v", err)
	}
	var back statusfeed.Page
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatalf("the page's JSON does not unmarshal: %v", err)
	}
	if d := cmp.Diff(page, &back, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("lost in the JSON round trip (-parsed +after the round trip):\n%s", d)
	}
}
