package corpus

import (
	"sort"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"statusfeed.dev/statusfeed"
)

// perUpdateFeeds are the providers whose feeds publish one entry per update, which their
// parsers group into incidents (the AWS Health Dashboard).
var perUpdateFeeds = map[string]bool{"aws": true}

// checkPerUpdateFeed holds a feed of one entry per update to what must hold whatever the
// grouping, against gofeed's reading of it:
//
//   - as many updates in all as entries, and no more incidents than entries;
//   - the updates' times, sorted, match the entries' times, sorted, to the minute (gofeed reads
//     the PDT and PST these feeds write; a zone it misread would show here first);
//   - the rules shared by all formats (known statuses for vendor words, UTC, time order).
func checkPerUpdateFeed(t *testing.T, ref *gofeed.Feed, page *statusfeed.Page) {
	t.Helper()
	var got, want []time.Time
	for _, inc := range page.Incidents {
		for _, u := range inc.Updates {
			got = append(got, u.At)
		}
	}
	for _, it := range ref.Items {
		if it.PublishedParsed != nil {
			want = append(want, *it.PublishedParsed)
		}
	}
	if len(got) != len(ref.Items) || len(page.Incidents) > len(ref.Items) {
		t.Fatalf("%d updates in %d incidents for %d entries", len(got), len(page.Incidents), len(ref.Items))
	}
	if len(want) == len(got) {
		sort.Slice(got, func(i, j int) bool { return got[i].Before(got[j]) })
		sort.Slice(want, func(i, j int) bool { return want[i].Before(want[j]) })
		for i := range got {
			if d := got[i].Sub(want[i]); d > time.Minute || d < -time.Minute {
				t.Errorf("update %v is %v from entry time %v", got[i], d, want[i])
			}
		}
	}
	checkIncidents(t, page)
}
