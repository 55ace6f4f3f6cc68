package corpus

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"statusfeed.dev/statusfeed"
)

var uptimeScript = regexp.MustCompile(`var\s+uptimeData\s*=\s*`)

// CheckHTML asserts what must hold for a page parsed from a status page's HTML:
//
//   - as many components as the page has data-component-id elements (plus the one component
//     of an uptime calendar page);
//   - every day of the uptimeData script read, for every component it covers;
//   - the shared incident rules.
func CheckHTML(t *testing.T, path string, page *statusfeed.Page) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := bytes.Count(data, []byte("data-component-id="))
	if bytes.Contains(data, []byte(`data-react-class="UptimeCalendar"`)) {
		want++
	}
	if len(page.Components) != want {
		t.Errorf("%d components, the page has %d data-component-id elements", len(page.Components), want)
	}
	if loc := uptimeScript.FindIndex(data); loc != nil {
		var uptime map[string]struct {
			Days []json.RawMessage `json:"days"`
		}
		if err := json.NewDecoder(bytes.NewReader(data[loc[1]:])).Decode(&uptime); err != nil {
			t.Fatalf("the test cannot read uptimeData: %v", err)
		}
		days := map[string]int{}
		for _, c := range page.Components {
			days[c.ID] = len(c.Uptime)
		}
		for code, u := range uptime {
			got, ok := days[code]
			switch {
			case !ok:
				t.Errorf("component %s of uptimeData not read", code)
			case got != len(u.Days):
				t.Errorf("component %s: %d uptime days read, uptimeData has %d", code, got, len(u.Days))
			}
		}
		if len(uptime) == 0 {
			t.Errorf("uptimeData is empty")
		}
	}
	checkIncidents(t, page)
}
