package normalize

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrStamp is wrapped by every error about a time stamp that could not be read.
var ErrStamp = errors.New("normalize: unreadable time stamp")

// Stamp is a wall-clock time stamp as status pages print it: "Feb  8, 09:00 UTC",
// "Apr 8, 15:37:00 GMT+0", "May 13, 2017, 06:45 UTC", "May 08, 2025 - 14:07 BST". Year is 0
// where the page printed none.
type Stamp struct {
	Month        time.Month
	Day, Year    int
	Hour, Minute int
	Second       int
	Zone         string // the label as printed, "" if none
}

var monthNames = map[string]time.Month{
	"jan": time.January, "feb": time.February, "mar": time.March, "apr": time.April,
	"may": time.May, "jun": time.June, "jul": time.July, "aug": time.August,
	"sep": time.September, "oct": time.October, "nov": time.November, "dec": time.December,
}

// ParseStamp reads a stamp's text (tags already stripped; runs of spaces are fine).
func ParseStamp(s string) (Stamp, error) {
	var st Stamp
	sc := scanner{s: s}
	sc.space()
	word := sc.letters()
	if len(word) < 3 {
		return st, fmt.Errorf("%w: %q: no month", ErrStamp, s)
	}
	m, ok := monthNames[strings.ToLower(word[:3])]
	if !ok {
		return st, fmt.Errorf("%w: %q: no month", ErrStamp, s)
	}
	st.Month = m
	sc.skip(".")
	sc.space()
	if st.Day, ok = sc.number(2); !ok || st.Day < 1 || st.Day > 31 {
		return st, fmt.Errorf("%w: %q: no day", ErrStamp, s)
	}
	sc.separator()
	// A four-digit number not followed by ':' is a year.
	if save := sc.i; true {
		if y, ok := sc.number(4); ok && y >= 1990 && sc.peek() != ':' {
			st.Year = y
			sc.separator()
		} else {
			sc.i = save
		}
	}
	if st.Hour, ok = sc.number(2); !ok || !sc.skip(":") {
		return st, fmt.Errorf("%w: %q: no time", ErrStamp, s)
	}
	if st.Minute, ok = sc.number(2); !ok {
		return st, fmt.Errorf("%w: %q: no minutes", ErrStamp, s)
	}
	if sc.skip(":") {
		if st.Second, ok = sc.number(2); !ok {
			return st, fmt.Errorf("%w: %q: bad seconds", ErrStamp, s)
		}
	}
	sc.space()
	if rest := strings.ToUpper(sc.rest()); strings.HasPrefix(rest, "AM") || strings.HasPrefix(rest, "PM") {
		if st.Hour < 1 || st.Hour > 12 {
			return st, fmt.Errorf("%w: %q: bad 12-hour clock", ErrStamp, s)
		}
		st.Hour %= 12
		if rest[0] == 'P' {
			st.Hour += 12
		}
		sc.i += 2
	}
	if st.Hour > 23 || st.Minute > 59 || st.Second > 60 {
		return st, fmt.Errorf("%w: %q: time out of range", ErrStamp, s)
	}
	st.Zone = strings.TrimSpace(sc.rest())
	return st, nil
}

// Resolve turns the stamp into a UTC time. ref is the time the source's own metadata gives for
// the entry the stamp belongs to (its published or updated time), with the offset the source
// wrote. It supplies what the stamp lacks:
//
//   - the year, chosen so that the stamp lies closest to ref, with a bias towards the past
//     (updates come before the entry's latest revision; a postmortem may follow weeks later);
//   - the offset, where the zone label is unknown or ambiguous ("IST"), and where the label
//     contradicts ref by one hour near ref (legacy templates print "PST" all summer while the
//     entry's own time says -07:00): a stamp is page-local wall-clock time, and the entry's
//     offset is the better witness.
//
// warn is a data-quality note for Page.Warnings, "" when there is nothing to say.
func (st Stamp) Resolve(ref time.Time) (t time.Time, warn string, err error) {
	return st.resolve(ref, true)
}

// ResolveNear is Resolve for a reference time that says nothing of the page's zone, such as an
// HTML page's Unix render time or a day header: ref only picks the year. The offset comes from
// the label alone; an ambiguous label takes its likeliest meaning and an unknown one UTC, each
// with a warning.
func (st Stamp) ResolveNear(ref time.Time) (t time.Time, warn string, err error) {
	return st.resolve(ref, false)
}

// ResolveBefore is ResolveNear for a stamp known not to be later than ref, such as an update of
// an incident still open when the page was rendered: the year is the latest that keeps the
// stamp at or before ref (a day's slack allows for zone labels). A year-less stamp from
// December on a page rendered in January is thus read as last December.
func (st Stamp) ResolveBefore(ref time.Time) (t time.Time, warn string, err error) {
	if st.Year != 0 || ref.IsZero() {
		return st.ResolveNear(ref)
	}
	for y := ref.Year() + 1; y >= ref.Year()-1; y-- {
		if !st.valid(y) {
			continue
		}
		c := st
		c.Year = y
		t, warn, err = c.ResolveNear(ref)
		if err == nil && !t.After(ref.Add(24*time.Hour)) {
			return t, warn, nil
		}
	}
	return time.Time{}, "", fmt.Errorf("%w: %s %d is not a date before %s", ErrStamp, st.Month, st.Day, ref.Format(time.DateOnly))
}

func (st Stamp) resolve(ref time.Time, refZone bool) (t time.Time, warn string, err error) {
	_, refOff := ref.Zone()
	off, known, ambiguous := ZoneOffset(st.Zone)
	switch {
	case !refZone && !known:
		off = 0
		warn = fmt.Sprintf("zone label %q is unknown; read as UTC", st.Zone)
	case !refZone && ambiguous:
		warn = fmt.Sprintf("zone label %q is ambiguous; read as %s", st.Zone, formatOffset(off))
	case !known && ref.IsZero():
		return time.Time{}, "", fmt.Errorf("%w: zone %q unknown and no reference time", ErrStamp, st.Zone)
	case !known:
		off = refOff
		warn = fmt.Sprintf("zone label %q is unknown; read as the entry's offset %s", st.Zone, formatOffset(refOff))
	case ambiguous && !ref.IsZero():
		off = refOff
		warn = fmt.Sprintf("zone label %q is ambiguous; read as the entry's offset %s", st.Zone, formatOffset(refOff))
	case ambiguous:
		warn = fmt.Sprintf("zone label %q is ambiguous; read as %s", st.Zone, formatOffset(off))
	}
	year := st.Year
	if year == 0 {
		if ref.IsZero() {
			return time.Time{}, "", fmt.Errorf("%w: no year and no reference time", ErrStamp)
		}
		if year, ok := st.nearestYear(ref, off); ok {
			return st.finish(year, off, ref, refOff, refZone && known && !ambiguous, warn)
		}
		return time.Time{}, "", fmt.Errorf("%w: %s %d is not a date near %s", ErrStamp, st.Month, st.Day, ref.Format("2006"))
	}
	if !st.valid(year) {
		return time.Time{}, "", fmt.Errorf("%w: %s %d, %d is not a date", ErrStamp, st.Month, st.Day, year)
	}
	return st.finish(year, off, ref, refOff, refZone && known && !ambiguous, warn)
}

func (st Stamp) finish(year, off int, ref time.Time, refOff int, labelTrusted bool, warn string) (time.Time, string, error) {
	t := st.at(year, off)
	if labelTrusted && !ref.IsZero() && off != refOff && abs(off-refOff) == hour && !utcLabel(st.Zone) {
		if d := t.Sub(ref); d < 36*time.Hour && d > -36*time.Hour {
			warn = fmt.Sprintf("zone label %q contradicts the entry's offset %s; used the entry's offset", st.Zone, formatOffset(refOff))
			t = st.at(year, refOff)
		}
	}
	return t, warn, nil
}

func (st Stamp) at(year, off int) time.Time {
	return time.Date(year, st.Month, st.Day, st.Hour, st.Minute, st.Second, 0, time.FixedZone("", off)).UTC()
}

// valid reports whether the day exists in that year (Feb 29).
func (st Stamp) valid(year int) bool {
	return time.Date(year, st.Month, st.Day, 0, 0, 0, 0, time.UTC).Day() == st.Day
}

func (st Stamp) nearestYear(ref time.Time, off int) (int, bool) {
	best, bestCost, found := 0, time.Duration(0), false
	for y := ref.Year() - 1; y <= ref.Year()+1; y++ {
		if !st.valid(y) {
			continue
		}
		d := ref.Sub(st.at(y, off))
		cost := d
		if d < 0 {
			cost = -3 * d // later than the entry's own time: possible, but less likely
		}
		if !found || cost < bestCost {
			best, bestCost, found = y, cost, true
		}
	}
	return best, found
}

// ResolveStamp parses and resolves a stamp in one step.
func ResolveStamp(s string, ref time.Time) (time.Time, string, error) {
	st, err := ParseStamp(s)
	if err != nil {
		return time.Time{}, "", err
	}
	return st.Resolve(ref)
}

// ResolveRange reads a window such as "Jan 9, 14:00 - 18:00 UTC" or
// "Jan 9, 22:00 - Jan 10, 02:00 PST" against ref as Resolve does. The end takes the start's
// date when it has none, and the next day when it would otherwise come before the start.
func ResolveRange(s string, ref time.Time) (start, end time.Time, warn string, err error) {
	return resolveRange(s, ref, true)
}

// ResolveRangeNear is ResolveRange for a reference that says nothing of the page's zone, as
// ResolveNear is for Resolve.
func ResolveRangeNear(s string, ref time.Time) (start, end time.Time, warn string, err error) {
	return resolveRange(s, ref, false)
}

func resolveRange(s string, ref time.Time, refZone bool) (start, end time.Time, warn string, err error) {
	startSt, endSt, err := ParseRange(s)
	if err != nil {
		return start, end, "", err
	}
	if start, warn, err = startSt.resolve(ref, refZone); err != nil {
		return start, end, warn, err
	}
	if end, _, err = endSt.resolve(start, refZone); err != nil {
		return start, end, warn, err
	}
	if end.Before(start) {
		end = end.Add(24 * time.Hour)
	}
	return start, end, warn, nil
}

// ParseRange splits a window into its two stamps. Both take the end's zone label; an end that is
// only a clock ("18:00 UTC") takes the start's date and year.
func ParseRange(s string) (start, end Stamp, err error) {
	i := strings.LastIndex(s, " - ")
	if i < 0 {
		return start, end, fmt.Errorf("%w: %q is not a range", ErrStamp, s)
	}
	left, right := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+3:])
	if end, err = ParseStamp(right); err != nil { // "18:00 UTC": borrow the start's date
		st, err2 := ParseStamp(left + " " + zoneOf(right))
		if err2 != nil {
			return start, end, err2
		}
		if end, err = ParseStamp(fmt.Sprintf("%s %d, %s", st.Month.String()[:3], st.Day, right)); err != nil {
			return start, end, err
		}
		end.Year = st.Year
	}
	start, err = ParseStamp(left + " " + end.Zone)
	return start, end, err
}

// zoneOf returns what follows the clock in "18:00 UTC".
func zoneOf(s string) string {
	if i := strings.LastIndexAny(s, "0123456789"); i >= 0 && strings.ContainsRune(s[:i+1], ':') {
		return strings.TrimSpace(s[i+1:])
	}
	return ""
}

func utcLabel(label string) bool {
	l := strings.ToUpper(strings.TrimSpace(label))
	return l == "UTC" || l == "Z" || l == "UT" || strings.HasPrefix(l, "GMT+") || strings.HasPrefix(l, "GMT-") ||
		strings.HasPrefix(l, "UTC+") || strings.HasPrefix(l, "UTC-")
}

func formatOffset(off int) string {
	return time.Date(2000, 1, 1, 0, 0, 0, 0, time.FixedZone("", off)).Format("-07:00")
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// scanner walks a short string byte by byte; stamps are parsed by hand because they are read
// once per update on the hot path, where a regular expression would dominate the cost.
type scanner struct {
	s string
	i int
}

func (sc *scanner) peek() byte {
	if sc.i < len(sc.s) {
		return sc.s[sc.i]
	}
	return 0
}

func (sc *scanner) space() {
	for sc.i < len(sc.s) && (sc.s[sc.i] == ' ' || sc.s[sc.i] == '\t' || sc.s[sc.i] == '\n' || sc.s[sc.i] == '\r') {
		sc.i++
	}
	// U+00A0 as UTF-8 (C2 A0)
	if strings.HasPrefix(sc.s[sc.i:], "\u00a0") {
		sc.i += 2
		sc.space()
	}
}

func (sc *scanner) skip(lit string) bool {
	if strings.HasPrefix(sc.s[sc.i:], lit) {
		sc.i += len(lit)
		return true
	}
	return false
}

// separator skips what stands between date parts: spaces, a comma, " - ", " at ".
func (sc *scanner) separator() {
	sc.space()
	sc.skip(",")
	sc.space()
	if sc.skip("-") || sc.skip("at ") {
		sc.space()
	}
}

func (sc *scanner) letters() string {
	j := sc.i
	for j < len(sc.s) && (sc.s[j]|0x20 >= 'a' && sc.s[j]|0x20 <= 'z') {
		j++
	}
	w := sc.s[sc.i:j]
	sc.i = j
	return w
}

// number reads up to max digits.
func (sc *scanner) number(max int) (int, bool) {
	n, j := 0, sc.i
	for j < len(sc.s) && j-sc.i < max && sc.s[j] >= '0' && sc.s[j] <= '9' {
		n = n*10 + int(sc.s[j]-'0')
		j++
	}
	if j == sc.i {
		return 0, false
	}
	sc.i = j
	return n, true
}

func (sc *scanner) rest() string { return sc.s[sc.i:] }
