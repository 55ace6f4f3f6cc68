package statusapi

import (
	"strings"
	"time"

	"statusfeed.dev/normalize"
	"statusfeed.dev/statusfeed"
)

// legacyRows expands a legacy import's body, "<ul><li><strong>2018-10-21 23:09:19</strong> -
// text</li>…</ul>", into updates. Row stamps carry no zone: they are read in the page's zone
// (loc), as every time a Statuspage page prints; GitHub's, the only ones captured, are in
// Etc/UTC, where they agree with the incidents' titles ("Incident on 2010-02-07 06:00:00 UTC").
// A row is either full ("2013-09-13 19:41:33") or a bare clock ("15:14") whose date is the
// update's display date, rolling over to the next day when the clock goes back. The rows carry
// no status word: their status is unknown. It returns nil unless every list item is such a row.
func legacyRows(body string, displayAt time.Time, loc *time.Location) []statusfeed.Update {
	if !strings.HasPrefix(strings.TrimSpace(body), "<ul>") || !strings.Contains(body, "<li><strong>") {
		return nil
	}
	var rows []statusfeed.Update
	local := displayAt.In(loc)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	var prev time.Time
	for _, item := range strings.Split(body, "<li>")[1:] {
		item = strings.TrimSuffix(strings.TrimSpace(item), "</ul>")
		item = strings.TrimSuffix(strings.TrimSpace(item), "</li>")
		if !strings.HasPrefix(item, "<strong>") {
			return nil
		}
		stamp, text, ok := strings.Cut(item[len("<strong>"):], "</strong>")
		if !ok {
			return nil
		}
		at, ok := rowTime(strings.TrimSpace(stamp), day, prev)
		if !ok {
			return nil
		}
		text = strings.TrimPrefix(strings.TrimSpace(text), "-")
		rows = append(rows, statusfeed.Update{At: at.UTC(), Body: normalize.Text(text)})
		prev, day = at, time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, loc)
	}
	return rows
}

// rowTime reads a row's stamp in day's zone.
func rowTime(stamp string, day, prev time.Time) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, stamp, day.Location()); err == nil {
			return t, true
		}
	}
	for _, layout := range []string{"15:04:05", "15:04"} {
		if c, err := time.Parse(layout, stamp); err == nil {
			t := time.Date(day.Year(), day.Month(), day.Day(), c.Hour(), c.Minute(), c.Second(), 0, day.Location())
			if !prev.IsZero() && t.Before(prev) {
				t = t.AddDate(0, 0, 1)
			}
			return t, true
		}
	}
	return time.Time{}, false
}
