package normalize

import (
	"fmt"
	"strings"
	"time"
)

// FeedTime reads a feed's own date (Atom RFC 3339, RSS RFC 822 and its common deviations) and
// keeps the offset it was written with, which Stamp.Resolve needs as a witness for the page's
// zone. Zone names ("PDT", a bare "Z") go through the same table as stamps rather than
// time.Parse, which would read an abbreviation it does not know as +0000.
func FeedTime(raw string) (t time.Time, warn string, err error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return time.Time{}, "", fmt.Errorf("%w: empty date", ErrStamp)
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, "", nil
	}
	i := strings.LastIndexByte(s, ' ')
	if i < 0 {
		return time.Time{}, "", fmt.Errorf("%w: %q", ErrStamp, raw)
	}
	body, label := s[:i], s[i+1:]
	off, known, ambiguous := ZoneOffset(label)
	if !known {
		return time.Time{}, "", fmt.Errorf("%w: %q: unknown zone %q", ErrStamp, raw, label)
	}
	if ambiguous {
		warn = fmt.Sprintf("zone label %q in date %q is ambiguous; read as %s", label, raw, formatOffset(off))
	}
	loc := time.FixedZone(label, off)
	for _, layout := range rfc822Layouts {
		if t, err := time.ParseInLocation(layout, body, loc); err == nil {
			return t, warn, nil
		}
	}
	return time.Time{}, "", fmt.Errorf("%w: %q", ErrStamp, raw)
}

var rfc822Layouts = []string{
	"Mon, _2 Jan 2006 15:04:05",
	"Mon, _2 Jan 2006 15:04",
	"_2 Jan 2006 15:04:05",
	"_2 Jan 2006 15:04",
	"Mon, _2 Jan 06 15:04:05",
	"Mon, _2 January 2006 15:04:05",
	"Monday, _2 Jan 2006 15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
}
