package analytics

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

const day = 24 * time.Hour

// Window is a span of time, From inclusive and To exclusive, in UTC.
type Window struct {
	From, To time.Time
}

// Duration is the window's length.
func (w Window) Duration() time.Duration { return w.To.Sub(w.From) }

// seconds is the window's length in seconds, which unlike a Duration holds centuries.
func (w Window) seconds() float64 { return float64(w.To.Unix() - w.From.Unix()) }

// Contains reports whether t lies in the window.
func (w Window) Contains(t time.Time) bool { return !t.Before(w.From) && t.Before(w.To) }

// String writes the window as "from/to" in RFC 3339.
func (w Window) String() string {
	return w.From.Format(time.RFC3339) + "/" + w.To.Format(time.RFC3339)
}

// clip returns the part of [from, to) inside the window; ok is false when nothing is.
func (w Window) clip(from, to time.Time) (time.Time, time.Time, bool) {
	if from.Before(w.From) {
		from = w.From
	}
	if to.After(w.To) {
		to = w.To
	}
	return from, to, from.Before(to)
}

// Period is a window as a user names it: relative to the data ("24h", "90d") or fixed
// ("2026Q3", "2026-01-01..2026-03-31"). The zero Period is the last 90 days.
type Period struct {
	text  string
	hours int    // "Nh": the N hours before the data's end
	days  int    // "Nd": the N days ending with the newest day the data covers
	fixed Window // quarters and explicit dates
}

// Last90Days is the period Statuspage shows beside each component, and the zero Period's.
var Last90Days = Period{text: "90d", days: 90}

// ErrPeriod is wrapped by every error ParsePeriod and ParseDates return.
var ErrPeriod = errors.New("analytics: bad period")

// ParsePeriod reads a period:
//
//	24h, 72h                   the hours before the data's end (the newest time it covers)
//	7d, 30d, 90d               whole UTC days ending with the newest day the data covers
//	2026Q3                     a calendar quarter, UTC
//	2026-01-01..2026-03-31     dates, both included; or RFC 3339 times, the end excluded
//
// Relative periods count back from the data, not from the clock, so that a report on an old
// capture covers that capture's own period.
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return Period{}, fmt.Errorf("%w: empty", ErrPeriod)
	case strings.Contains(s, ".."):
		from, to, _ := strings.Cut(s, "..")
		return ParseDates(from, to)
	case len(s) == 6 && (s[4] == 'Q' || s[4] == 'q'):
		return parseQuarter(s)
	}
	unit := s[len(s)-1]
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n <= 0 || n > 1e6 || (unit != 'h' && unit != 'd') { // a million days is past any data
		return Period{}, fmt.Errorf("%w: %q (want 24h, 90d, 2026Q3 or FROM..TO)", ErrPeriod, s)
	}
	if unit == 'h' {
		return Period{text: s, hours: n}, nil
	}
	return Period{text: s, days: n}, nil
}

func parseQuarter(s string) (Period, error) {
	year, err := strconv.Atoi(s[:4])
	q := int(s[5] - '0')
	if err != nil || q < 1 || q > 4 {
		return Period{}, fmt.Errorf("%w: %q is no quarter", ErrPeriod, s)
	}
	from := time.Date(year, time.Month(3*(q-1)+1), 1, 0, 0, 0, 0, time.UTC)
	return Period{text: strings.ToUpper(s), fixed: Window{From: from, To: from.AddDate(0, 3, 0)}}, nil
}

// ParseDates reads an explicit window. Dates (2006-01-02) include the whole of both days; RFC
// 3339 times are taken as they are, the end excluded.
func ParseDates(from, to string) (Period, error) {
	f, fDate, err := parseBound(from)
	if err != nil {
		return Period{}, err
	}
	t, tDate, err := parseBound(to)
	if err != nil {
		return Period{}, err
	}
	if tDate {
		t = t.Add(day) // the end date is included
	}
	if !f.Before(t) {
		return Period{}, fmt.Errorf("%w: %s is not before %s", ErrPeriod, from, to)
	}
	text := strings.TrimSpace(from) + ".." + strings.TrimSpace(to)
	if fDate && tDate {
		text = f.Format(time.DateOnly) + ".." + t.Add(-day).Format(time.DateOnly)
	}
	return Period{text: text, fixed: Window{From: f, To: t}}, nil
}

func parseBound(s string) (t time.Time, date bool, err error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, true, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), false, nil
	}
	return time.Time{}, false, fmt.Errorf("%w: %q is neither a date (2006-01-02) nor an RFC 3339 time", ErrPeriod, s)
}

// Quarter is the calendar quarter (UTC) that holds t.
func Quarter(t time.Time) Period {
	t = t.UTC()
	p, _ := parseQuarter(fmt.Sprintf("%04dQ%d", t.Year(), (int(t.Month())+2)/3))
	return p
}

// Between is the fixed period [from, to).
func Between(from, to time.Time) Period {
	w := Window{From: from.UTC(), To: to.UTC()}
	return Period{text: w.String(), fixed: w}
}

// String returns the period as ParsePeriod reads it.
func (p Period) String() string {
	if p.isZero() {
		return Last90Days.text
	}
	return p.text
}

func (p Period) isZero() bool {
	return p.hours == 0 && p.days == 0 && p.fixed.From.IsZero() && p.fixed.To.IsZero()
}

// Relative reports whether the period counts back from the data.
func (p Period) Relative() bool { return p.isZero() || p.hours > 0 || p.days > 0 }

// Window places the period: a relative one ends at end (in hours) or with end's day (in days).
// Fixed periods ignore end.
func (p Period) Window(end time.Time) Window {
	if p.isZero() {
		p = Last90Days
	}
	end = end.UTC()
	switch {
	case p.hours > 0:
		return Window{From: end.Add(-time.Duration(p.hours) * time.Hour), To: end}
	case p.days > 0:
		to := end.Truncate(day).Add(day)
		return Window{From: to.AddDate(0, 0, -p.days), To: to}
	}
	return p.fixed
}
