package normalize

import (
	"strconv"
	"strings"
	"time"
)

var durationUnits = map[string]time.Duration{
	"second": time.Second, "seconds": time.Second, "sec": time.Second, "secs": time.Second, "s": time.Second,
	"minute": time.Minute, "minutes": time.Minute, "min": time.Minute, "mins": time.Minute, "m": time.Minute,
	"hour": time.Hour, "hours": time.Hour, "hr": time.Hour, "hrs": time.Hour, "h": time.Hour,
	"day": 24 * time.Hour, "days": 24 * time.Hour, "d": 24 * time.Hour,
	"week": 7 * 24 * time.Hour, "weeks": 7 * 24 * time.Hour,
}

// Duration reads a human duration as status pages print it: "16 minutes",
// "1 hour and 22 minutes", "2 days, 3 hours and 5 minutes", "1 day", "a minute". ok is false
// for anything else, including an empty string.
func Duration(s string) (d time.Duration, ok bool) {
	fields := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == ',' || r == '\t' || r == '\n'
	})
	n := -1 // the number waiting for its unit
	for _, f := range fields {
		switch {
		case f == "and":
			continue
		case f == "a" || f == "an" || f == "one":
			n = 1
		case n < 0:
			v, err := strconv.Atoi(f)
			if err != nil || v < 0 {
				return 0, false
			}
			n = v
		default:
			unit, known := durationUnits[strings.TrimSuffix(f, ".")]
			if !known {
				return 0, false
			}
			d += time.Duration(n) * unit
			n = -1
			ok = true
		}
	}
	if n >= 0 {
		return 0, false // a number without a unit
	}
	return d, ok
}
