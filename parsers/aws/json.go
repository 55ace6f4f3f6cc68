package aws

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"statusfeed.dev/normalize"
	"statusfeed.dev/statusfeed"
)

// dataEvent is one event as decoded, each field a string, a number or whatever else the
// document holds there: data.json writes dates and status codes as strings, and a reader should
// not fail the day one is written bare. eventText turns it into text.
type dataEvent struct {
	ServiceName any `json:"service_name"`
	Summary     any `json:"summary"`
	Date        any `json:"date"`
	Status      any `json:"status"`
	Description any `json:"description"`
	Service     any `json:"service"`
}

type dataDoc struct {
	Current *[]dataEvent `json:"current"`
	Archive *[]dataEvent `json:"archive"`
}

// eventText is an event's fields as text.
type eventText struct {
	serviceName, summary, date, status, description, service string
}

func (ev *dataEvent) text() (eventText, error) {
	var errs []error
	str := func(name string, v any) string {
		switch v := v.(type) {
		case nil:
			return ""
		case string:
			return v
		case float64:
			return strconv.FormatFloat(v, 'f', -1, 64) // 2 is "2", 1650969049 "1650969049"
		}
		errs = append(errs, fmt.Errorf("%s: want a string, got %T", name, v))
		return ""
	}
	t := eventText{serviceName: str("service_name", ev.ServiceName), summary: str("summary", ev.Summary),
		date: str("date", ev.Date), status: str("status", ev.Status), description: str("description", ev.Description),
		service: str("service", ev.Service)}
	return t, errors.Join(errs...)
}

// impactCodes grades data.json's status digit. The pairing of digit and word is the legacy
// dashboard's legend (0 operating normally, 1 informational message, 2 service degradation,
// 3 service disruption), which its RSS titles spell out; data.json itself says only that every
// archived event, all of them "[RESOLVED]", keeps a 1, 2 or 3, so the digit grades the event and
// is not its state. "0" is not in the captures and is left unknown.
var impactCodes = map[string]statusfeed.Impact{"1": statusfeed.ImpactNone, "2": statusfeed.ImpactMinor, "3": statusfeed.ImpactMajor}

// parseJSON reads the legacy data.json: {"current": [...], "archive": [...]}, current events
// first, each list in document order.
func parseJSON(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	data, err := statusfeed.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var doc dataDoc
	var errs []error
	if err := json.Unmarshal(data, &doc); err != nil {
		// A list or an event of the wrong type leaves the rest decoded; anything else is not
		// data.json.
		var te *json.UnmarshalTypeError
		if !errors.As(err, &te) || te.Field == "" {
			return nil, fmt.Errorf("%w: not a JSON object: %v", statusfeed.ErrUnknownFormat, err)
		}
		errs = append(errs, err)
	}
	var events []eventText
	listed := 0
	for _, list := range []*[]dataEvent{doc.Current, doc.Archive} {
		if list == nil {
			continue
		}
		listed += len(*list)
		for i := range *list {
			ev := &(*list)[i]
			if *ev == (dataEvent{}) {
				continue // an empty object, or one that was not an object (reported above)
			}
			t, err := ev.text()
			if err != nil {
				errs = append(errs, &statusfeed.EntryError{Entry: fmt.Sprintf("event %d", i), Err: err})
			}
			if t != (eventText{}) {
				events = append(events, t)
			}
		}
	}
	if !confirmJSON(data, doc, events, listed == 0 && len(errs) == 0) {
		return nil, fmt.Errorf("%w: not AWS's data.json (no archive or current list of service events)", statusfeed.ErrUnknownFormat)
	}
	page := &statusfeed.Page{Provider: Name, Format: statusfeed.FormatJSON, Name: vendorName, URL: src.URL,
		Incidents: make([]statusfeed.Incident, 0, len(events))}
	for _, ev := range events {
		inc, ierrs := dataIncident(ev, page, src)
		page.Incidents = append(page.Incidents, inc)
		for _, e := range ierrs {
			errs = append(errs, &statusfeed.EntryError{Entry: inc.ID, Err: e})
		}
	}
	return page, errors.Join(errs...)
}

// confirmJSON accepts an object with an archive or current list whose events name their
// service, or, read without error (empty), with lists that are all empty and nothing else.
func confirmJSON(data []byte, doc dataDoc, events []eventText, empty bool) bool {
	if doc.Current == nil && doc.Archive == nil {
		return false
	}
	for _, ev := range events {
		if ev.service != "" || ev.serviceName != "" {
			return true
		}
	}
	if !empty {
		return false
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(data, &keys) != nil {
		return false
	}
	n := 0
	for _, k := range []string{"current", "archive"} {
		if _, ok := keys[k]; ok {
			n++
		}
	}
	return len(keys) == n
}

func dataIncident(ev eventText, page *statusfeed.Page, src statusfeed.Source) (statusfeed.Incident, []error) {
	code := strings.TrimSpace(ev.service)
	title, tag := stripResolved(ev.summary)
	inc := statusfeed.Incident{
		ID:        code + "_" + strings.TrimSpace(ev.date),
		Title:     title,
		Kind:      statusfeed.KindIncident,
		RawImpact: strings.TrimSpace(ev.status),
		Sources:   []statusfeed.Origin{src.Origin(Name, page.Format)},
	}
	inc.Impact = impactCodes[inc.RawImpact]
	inc.Components, inc.Regions = affected(code, ev.serviceName)
	var errs []error
	date, err := strconv.ParseInt(strings.TrimSpace(ev.date), 10, 64)
	var start time.Time
	if err != nil {
		errs = append(errs, fmt.Errorf("date %q is not a Unix time", ev.date))
	} else {
		start = time.Unix(date, 0).UTC()
	}
	var uerrs []error
	inc.Updates, uerrs = descriptionUpdates(ev.description, start, page)
	errs = append(errs, uerrs...)
	if tag != "" && !markResolved(inc.Updates, tag) {
		inc.Status = statusfeed.StatusResolved
	}
	if len(inc.Updates) == 0 {
		inc.StartedAt = start
	}
	if err := normalize.Finish(&inc, normalize.OldestFirst); err != nil { // the description's <div>s run oldest first
		errs = append(errs, err)
	}
	return inc, errs
}

// resolutionWords are AWS's formula for a resolution ("The issue has been resolved and the
// service is operating normally"), the words of the RSS feeds' resolving phrase too.
const resolutionWords = "operating normally"

// markResolved gives a resolved event's "[RESOLVED]" to the update that announced the
// resolution: the last one saying "operating normally", not a summary posted hours or days
// later (the 2021 Tokyo Direct Connect event resolved on Sep 1 and was summed up on Sep 6);
// failing those words, the last update. It reports whether there was an update to mark.
func markResolved(us []statusfeed.Update, tag string) bool {
	for i := len(us) - 1; i >= 0; i-- {
		if j := strings.Index(asciiLower(us[i].Body), resolutionWords); j >= 0 {
			us[i].Status, us[i].RawStatus = statusfeed.StatusResolved, us[i].Body[j:j+len(resolutionWords)]
			return true
		}
	}
	if n := len(us); n > 0 {
		us[n-1].Status, us[n-1].RawStatus = statusfeed.StatusResolved, tag
		return true
	}
	return false
}

// asciiLower lower-cases ASCII letters only, so that byte offsets stay those of s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// stampSpans finds the spans each update of a description starts with: '<span
// class="yellowfg"> 2:49 PM PDT</span>', or 'Aug 7,  1:50 AM PDT' on a later day than the
// event's start. Each is [span start, span end, text start, text end].
func stampSpans(desc string) [][4]int {
	var spans [][4]int
	for off := 0; ; {
		i := strings.Index(desc[off:], "yellowfg")
		if i < 0 {
			return spans
		}
		i += off
		open := strings.LastIndex(desc[:i], "<span")
		gt := strings.IndexByte(desc[i:], '>')
		if open < off || gt < 0 || strings.IndexByte(desc[open:i], '>') >= 0 {
			off = i + len("yellowfg") // the word outside a span's tag
			continue
		}
		textStart := i + gt + 1
		end := strings.Index(desc[textStart:], "</span>")
		if end < 0 {
			return spans
		}
		spans = append(spans, [4]int{open, textStart + end + len("</span>"), textStart, textStart + end})
		off = textStart + end + len("</span>")
	}
}

// descriptionUpdates splits a description into its updates and dates them from start, the
// event's date (which is its first update's time, to the second).
func descriptionUpdates(desc string, start time.Time, page *statusfeed.Page) ([]statusfeed.Update, []error) {
	spans := stampSpans(desc)
	if len(spans) == 0 {
		if body := strings.TrimSpace(normalize.Text(desc)); body != "" {
			return []statusfeed.Update{{At: start, Body: body}}, nil // one message, no stamp
		}
		return nil, nil
	}
	var errs []error
	c := clock{start: start}
	updates := make([]statusfeed.Update, 0, len(spans))
	for i, s := range spans {
		end := len(desc)
		if i+1 < len(spans) {
			end = spans[i+1][0]
		}
		bodyHTML := desc[s[1]:end]
		if i == 0 {
			bodyHTML = desc[:s[0]] + bodyHTML // text before the first stamp belongs to it
		}
		raw := desc[s[2]:s[3]]
		at, warn, err := c.next(raw)
		if err != nil {
			errs = append(errs, err)
		}
		if warn != "" {
			page.Warn(warn)
		}
		updates = append(updates, statusfeed.Update{At: at, Body: strings.TrimSpace(normalize.Text(bodyHTML))})
	}
	return updates, errs
}

// timeOfDay is an update stamp: a 12-hour time and a zone label, after a month and day when
// the update is on a later day than the event's start.
var timeOfDay = regexp.MustCompile(`^(?:([A-Za-z]{3})[A-Za-z]*\.?\s+([0-9]{1,2}),?\s+)?([0-9]{1,2}):([0-9]{2})\s*([AaPp])\.?[Mm]\.?\s+(\S+)$`)

// clock dates a description's stamps in order. The first is placed on the day, in its own
// zone, that puts it nearest the event's start; each later one without a date on the day of the
// one before, or the next day when its time is earlier (past midnight); one with a month and day
// in the year that keeps it from going back in time.
type clock struct {
	start, prev time.Time
}

func (c *clock) next(raw string) (time.Time, string, error) {
	s := strings.Join(strings.Fields(normalize.Text(raw)), " ")
	m := timeOfDay.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, "", fmt.Errorf("%w: %q", normalize.ErrStamp, raw)
	}
	off, known, ambiguous := normalize.ZoneOffset(m[6])
	if !known {
		return time.Time{}, "", fmt.Errorf("%w: %q: unknown zone %q", normalize.ErrStamp, raw, m[6])
	}
	var warn string
	if ambiguous {
		warn = fmt.Sprintf("zone label %q in stamp %q is ambiguous; read as UTC%+.1f hours", m[6], s, float64(off)/3600)
	}
	hour, _ := strconv.Atoi(m[3])
	minute, _ := strconv.Atoi(m[4])
	if hour < 1 || hour > 12 || minute > 59 {
		return time.Time{}, "", fmt.Errorf("%w: %q: bad 12-hour time", normalize.ErrStamp, raw)
	}
	hour %= 12
	if m[5] == "P" || m[5] == "p" {
		hour += 12
	}
	loc := time.FixedZone(m[6], off)
	ref := c.prev
	if ref.IsZero() {
		ref = c.start
	}
	if ref.IsZero() {
		return time.Time{}, warn, fmt.Errorf("%w: %q: no event date to place it by", normalize.ErrStamp, raw)
	}
	local := ref.In(loc)
	var t time.Time
	if m[1] != "" {
		st, err := normalize.ParseStamp(s)
		if err != nil {
			return time.Time{}, warn, err
		}
		t = time.Date(local.Year(), st.Month, st.Day, hour, minute, 0, 0, loc)
		if t.Before(ref.Add(-12 * time.Hour)) { // "Jan 1" after a December start
			t = time.Date(local.Year()+1, st.Month, st.Day, hour, minute, 0, 0, loc)
		}
	} else {
		t = time.Date(local.Year(), local.Month(), local.Day(), hour, minute, 0, 0, loc)
		if c.prev.IsZero() {
			// The start is to the second and the stamp rounded to the minute: 11:59:40 PM
			// is printed 12:00 AM of the next day.
			if d := t.Sub(ref); d > 12*time.Hour {
				t = t.AddDate(0, 0, -1)
			} else if d < -12*time.Hour {
				t = t.AddDate(0, 0, 1)
			}
		} else if t.Before(ref) {
			t = t.AddDate(0, 0, 1)
		}
	}
	c.prev = t
	return t.UTC(), warn, nil
}
