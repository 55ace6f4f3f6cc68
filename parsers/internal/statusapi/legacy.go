package statusapi

import (
	"strings"
	"time"

	"statusfeed.dev/normalize"
	"statusfeed.dev/statusfeed"
)

// legacyRows expands a legacy import's body, "<ul><li><strong>2018-10-21 23:09:19</strong> -
// text</li>…</ul>", into updates. Row stamps are UTC without a zone, either full
// ("2013-09-13 19:41:33") or a bare clock ("15:14") whose date is the update's display date,
// rolling over to the next day when the clock goes back. The rows carry no status word: their
// status is unknown. It returns nil unless every list item is such a row.
func legacyRows(body string, displayAt time.Time) []statusfeed.Update {
	if !strings.HasPrefix(strings.TrimSpace(body), "<ul>") || !strings.Contains(body, "<li><strong>") {
		return nil
	}
	var rows []statusfeed.Update
	day := time.Date(displayAt.Year(), displayAt.Month(), displayAt.Day(), 0, 0, 0, 0, time.UTC)
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
		rows = append(rows, statusfeed.Update{At: at, Body: normalize.Text(text)})
		prev, day = at, time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, time.UTC)
	}
	return rows
}

func rowTime(stamp string, day, prev time.Time) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04"} {
		if t, err := time.Parse(layout, stamp); err == nil {
			return t, true
		}
	}
	for _, layout := range []string{"15:04:05", "15:04"} {
		if c, err := time.Parse(layout, stamp); err == nil {
			t := day.Add(time.Duration(c.Hour())*time.Hour + time.Duration(c.Minute())*time.Minute + time.Duration(c.Second())*time.Second)
			if !prev.IsZero() && t.Before(prev) {
				t = t.Add(24 * time.Hour)
			}
			return t, true
		}
	}
	return time.Time{}, false
}
