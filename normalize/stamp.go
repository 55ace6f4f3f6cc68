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
	// "AM"/"PM", but not a zone label that starts with them ("AMT").
	if rest := sc.rest(); len(rest) >= 2 && (rest[0]|0x20 == 'a' || rest[0]|0x20 == 'p') && rest[1]|0x20 == 'm' &&
		(len(rest) == 2 || !isLetter(rest[2])) {
		if st.Hour < 1 || st.Hour > 12 {
			return st, fmt.Errorf("%w: %q: bad 12-hour clock", ErrStamp, s)
		}
		st.Hour %= 12
		if rest[0]|0x20 == 'p' {
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
//   - the offset, where the zone label is unknown or ambiguous ("IST"), and where ref holds the
//     offset of the label's own standard or daylight sibling near ref (legacy templates print
//     "PST" all summer while the entry's own time says -07:00, the offset of PDT): a stamp is
//     page-local wall-clock time, and the entry's offset is the better witness of which half of
//     the year the page was in. A label one hour off that is no sibling ("EST" against -06:00)
//     names another zone, and stands.
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

// ResolveIn resolves the stamp in the page's own zone, where the source names it (Statuspage's
// page.time_zone): the offset is the zone's at that wall-clock time, exactly, whatever the label
// says; ref only picks the year, as in ResolveNear. The label still decides between the two
// readings of a wall-clock time that occurs twice when clocks go back ("01:30 BST" or
// "01:30 GMT"). A label that names another offset than the zone's is reported in warn.
func (st Stamp) ResolveIn(loc *time.Location, ref time.Time) (t time.Time, warn string, err error) {
	year := st.Year
	if year == 0 {
		if ref.IsZero() {
			return time.Time{}, "", fmt.Errorf("%w: no year and no reference time", ErrStamp)
		}
		_, off := ref.In(loc).Zone()
		var ok bool
		if year, ok = st.nearestYear(ref, off); !ok {
			return time.Time{}, "", fmt.Errorf("%w: %s %d is not a date near %s", ErrStamp, st.Month, st.Day, ref.Format("2006"))
		}
	} else if !st.valid(year) {
		return time.Time{}, "", fmt.Errorf("%w: %s %d, %d is not a date", ErrStamp, st.Month, st.Day, year)
	}
	t = time.Date(year, st.Month, st.Day, st.Hour, st.Minute, st.Second, 0, loc)
	name, zoneOff := t.Zone()
	if st.Zone == "" || strings.EqualFold(st.Zone, name) {
		return t.UTC(), "", nil
	}
	if off, known, _ := ZoneOffset(st.Zone); known {
		if off == zoneOff {
			return t.UTC(), "", nil
		}
		// The other reading of a repeated wall-clock time, if the label names it.
		if alt := st.at(year, off); alt.In(loc).Hour() == st.Hour && alt.In(loc).Minute() == st.Minute {
			if _, altOff := alt.In(loc).Zone(); altOff == off {
				return alt, "", nil
			}
		}
	}
	return t.UTC(), fmt.Sprintf("zone label %q does not match the page's zone %s (%s); used the page's zone", st.Zone, loc, name), nil
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
	if labelTrusted && !ref.IsZero() && off != refOff && siblingOffset(st.Zone) == refOff {
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
// date when it has none, and the next day when it would otherwise come before the start. warn
// holds the notes on both ends.
func ResolveRange(s string, ref time.Time) (start, end time.Time, warn string, err error) {
	return resolveRange(s, func(st Stamp, r time.Time) (time.Time, string, error) { return st.resolve(r, true) }, ref)
}

// ResolveRangeNear is ResolveRange for a reference that says nothing of the page's zone, as
// ResolveNear is for Resolve.
func ResolveRangeNear(s string, ref time.Time) (start, end time.Time, warn string, err error) {
	return resolveRange(s, func(st Stamp, r time.Time) (time.Time, string, error) { return st.resolve(r, false) }, ref)
}

// ResolveRangeIn is ResolveRange in the page's own zone, as ResolveIn is for Resolve.
func ResolveRangeIn(s string, loc *time.Location, ref time.Time) (start, end time.Time, warn string, err error) {
	return resolveRange(s, func(st Stamp, r time.Time) (time.Time, string, error) { return st.ResolveIn(loc, r) }, ref)
}

func resolveRange(s string, resolve func(Stamp, time.Time) (time.Time, string, error), ref time.Time) (start, end time.Time, warn string, err error) {
	startSt, endSt, err := ParseRange(s)
	if err != nil {
		return start, end, "", err
	}
	if start, warn, err = resolve(startSt, ref); err != nil {
		return start, end, warn, err
	}
	// The end is read near the start, with the reference's offset: the start is in UTC.
	endRef := start
	if !ref.IsZero() {
		endRef = start.In(ref.Location())
	}
	end, endWarn, err := resolve(endSt, endRef)
	if err != nil {
		return start, end, warn, err
	}
	if endWarn != "" && endWarn != warn {
		if warn != "" {
			warn += "; "
		}
		warn += endWarn
	}
	if end.Before(start) {
		end = end.Add(24 * time.Hour)
	}
	return start, end, warn, nil
}

// ParseRange splits a window into its two stamps. A start without a zone label takes the end's;
// an end that is only a clock ("18:00 UTC") takes the start's date and year. Stamps may
// themselves hold " - " ("May 08, 2025 - 14:07 BST - May 08, 2025 - 15:00 BST"): the window is
// split at the first " - " that leaves a whole stamp on each side.
func ParseRange(s string) (start, end Stamp, err error) {
	err = fmt.Errorf("%w: %q is not a range", ErrStamp, s)
	if len(s) > maxRangeLen {
		return start, end, err
	}
	for off := 0; ; {
		i := strings.Index(s[off:], " - ")
		if i < 0 {
			return start, end, err
		}
		i += off
		off = i + 1
		left, right := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+3:])
		var e error
		if start, end, e = splitRange(left, right); e == nil {
			return start, end, nil
		}
		if errors.Is(e, ErrStamp) {
			err = e
		}
	}
}

// maxRangeLen bounds a window's text: the longest real ones are some 60 bytes, and trying
// every " - " of a long text as the split would cost its length squared.
const maxRangeLen = 128

// splitRange reads a range's two sides.
func splitRange(left, right string) (start, end Stamp, err error) {
	if start, err = ParseStamp(left); err != nil || strings.ContainsAny(start.Zone, " \t\n") {
		return start, end, fmt.Errorf("%w: %q is not a range's start", ErrStamp, left)
	}
	if end, err = ParseStamp(right); err != nil { // "18:00 UTC": borrow the start's date
		if end, err = ParseStamp(fmt.Sprintf("%s %d, %s", start.Month.String()[:3], start.Day, right)); err != nil {
			return start, end, fmt.Errorf("%w: %q is not a range's end", ErrStamp, right)
		}
		end.Year = start.Year
	}
	if strings.ContainsAny(end.Zone, " \t\n") {
		return start, end, fmt.Errorf("%w: %q is not a range's end", ErrStamp, right)
	}
	if start.Zone == "" {
		start.Zone = end.Zone
	}
	return start, end, nil
}

// dstSiblings pairs the standard and daylight labels of one zone, both ways.
var dstSiblings = func() map[string]string {
	pairs := [][2]string{{"PST", "PDT"}, {"MST", "MDT"}, {"CST", "CDT"}, {"EST", "EDT"}, {"AKST", "AKDT"},
		{"HST", "HDT"}, {"AST", "ADT"}, {"NST", "NDT"}, {"GMT", "BST"}, {"WET", "WEST"}, {"CET", "CEST"},
		{"MET", "MEST"}, {"EET", "EEST"}, {"ACST", "ACDT"}, {"AEST", "AEDT"}, {"NZST", "NZDT"}, {"CLT", "CLST"}}
	m := make(map[string]string, 2*len(pairs))
	for _, p := range pairs {
		m[p[0]], m[p[1]] = p[1], p[0]
	}
	return m
}()

// siblingOffset returns the offset of the label's standard or daylight sibling ("PDT" for
// "PST"), or an offset no zone has when it has none.
func siblingOffset(label string) int {
	if sib, ok := dstSiblings[strings.ToUpper(strings.TrimSpace(label))]; ok {
		return zones[sib].offset
	}
	return noOffset
}

// noOffset is further from UTC than any real offset.
const noOffset = 100 * hour

func formatOffset(off int) string {
	return time.Date(2000, 1, 1, 0, 0, 0, 0, time.FixedZone("", off)).Format("-07:00")
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
