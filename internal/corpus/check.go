package corpus

import (
	"html"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"statusfeed.dev/statusfeed"
)

// CheckFeed asserts what must hold for any parsed history feed, against an independent read of
// the same file with gofeed's universal parser:
//
//   - one incident per entry, in document order (for providers whose feeds publish one entry
//     per update, see checkPerUpdateFeed);
//   - every update whose vendor wrote a status word has a known status;
//   - updates are in time order;
//   - every update lies within 400 days before and 60 days after its entry's own time
//     (published, else updated), which catches a wrongly inferred year;
//   - every entry whose content holds a Postmortem update has a postmortem with sections.
func CheckFeed(t *testing.T, path string, page *statusfeed.Page) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ref, err := gofeed.NewParser().Parse(f)
	if err != nil {
		t.Fatalf("gofeed cannot read %s: %v", path, err)
	}
	if perUpdateFeeds[page.Provider] {
		checkPerUpdateFeed(t, ref, page)
		return
	}
	if len(page.Incidents) != len(ref.Items) {
		t.Fatalf("%d incidents for %d entries", len(page.Incidents), len(ref.Items))
	}
	for i, inc := range page.Incidents {
		item := ref.Items[i]
		if want := strings.Join(strings.Fields(html.UnescapeString(item.Title)), " "); strings.Join(strings.Fields(inc.Title), " ") != want {
			t.Errorf("incident %d is %q, entry %d is %q: not in document order", i, inc.Title, i, want)
		}
		entryTime := item.PublishedParsed
		if entryTime == nil {
			entryTime = item.UpdatedParsed
		}
		for j, u := range inc.Updates {
			if u.RawStatus != "" && u.Status == statusfeed.StatusUnknown {
				t.Errorf("%s: update %d: vendor word %q read as unknown", inc.Title, j, u.RawStatus)
			}
			if u.At.IsZero() {
				t.Errorf("%s: update %d has no time", inc.Title, j)
				continue
			}
			if u.At.Location() != time.UTC {
				t.Errorf("%s: update %d time %v is not UTC", inc.Title, j, u.At)
			}
			if j > 0 && u.At.Before(inc.Updates[j-1].At) {
				t.Errorf("%s: update %d (%v) before update %d (%v)", inc.Title, j, u.At, j-1, inc.Updates[j-1].At)
			}
			if entryTime != nil {
				if d := entryTime.Sub(u.At); d > 400*24*time.Hour || d < -60*24*time.Hour {
					t.Errorf("%s: update %d at %v is %v from the entry's time %v", inc.Title, j, u.At, d, *entryTime)
				}
			}
		}
		content := html.UnescapeString(item.Content + item.Description) // Instatus escapes twice
		if strings.Contains(content, "<strong>Postmortem</strong>") {
			if inc.Postmortem == nil {
				t.Errorf("%s: postmortem in the feed not found", inc.Title)
			} else if len(inc.Postmortem.Sections) == 0 {
				t.Errorf("%s: postmortem has no sections", inc.Title)
			}
		}
	}
}
