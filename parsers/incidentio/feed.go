package incidentio

import (
	"errors"
	"strings"
	"time"

	"statusfeed.dev/normalize"
	"statusfeed.dev/parsers/internal/feeddoc"
	"statusfeed.dev/statusfeed"
)

func incident(e *feeddoc.Entry, page *statusfeed.Page, src statusfeed.Source) (statusfeed.Incident, []error) {
	inc := statusfeed.Incident{
		ID:      feeddoc.LastPathSegment(e.Link),
		Title:   strings.TrimSpace(e.Title),
		URL:     e.Link,
		Sources: []statusfeed.Origin{src.Origin(Name, page.Format)},
	}
	if inc.ID == "" {
		inc.ID = feeddoc.LastPathSegment(e.ID)
	}
	published, updated, errs := e.Times(page)
	// The entry's time is its latest update's: <updated> in Atom, <pubDate> in RSS.
	at := feeddoc.Later(published, updated).UTC()
	raw, message, comps := splitContent(e.Content)
	inc.Components = comps
	u := statusfeed.Update{At: at, Status: normalize.Status(raw), RawStatus: raw, Body: normalize.Text(message)}
	if at.IsZero() {
		errs = append(errs, errors.New("no time for the latest update"))
	}
	inc.Updates = []statusfeed.Update{u}
	if err := normalize.Finish(&inc, normalize.OrderUnknown); err != nil {
		errs = append(errs, err)
	}
	// The one update is the latest, not the first: when the incident began is not in the feed.
	inc.StartedAt = time.Time{}
	return inc, errs
}

// splitContent reads "<b>Status: Resolved</b><br/><br/>message<br/><br/><b>Affected
// components</b><ul><li>Conversations (Operational)</li></ul>".
func splitContent(content string) (rawStatus, message string, comps []statusfeed.ComponentRef) {
	rest := content
	if i := strings.Index(rest, "<b>Status:"); i >= 0 {
		if j := strings.Index(rest[i:], "</b>"); j >= 0 {
			rawStatus = normalize.InlineText(rest[i+len("<b>Status:") : i+j])
			rest = rest[i+j+len("</b>"):]
		}
	}
	message = rest
	if i := strings.Index(strings.ToLower(rest), "<b>affected components</b>"); i >= 0 {
		message = rest[:i]
		list := rest[i:]
		for {
			a := strings.Index(list, "<li>")
			if a < 0 {
				break
			}
			b := strings.Index(list[a:], "</li>")
			if b < 0 {
				b = len(list) - a
			}
			comps = append(comps, componentItem(normalize.InlineText(list[a+4:a+b])))
			list = list[a+b:]
		}
	}
	return rawStatus, message, comps
}

// componentItem reads "Conversations (Operational)". A trailing parenthesis that is not a
// status word is part of the name.
func componentItem(s string) statusfeed.ComponentRef {
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndex(s, " ("); i > 0 {
			if st := normalize.ComponentStatus(s[i+2 : len(s)-1]); st != statusfeed.ComponentUnknown {
				return statusfeed.ComponentRef{Name: strings.TrimSpace(s[:i]), Status: st}
			}
		}
	}
	return statusfeed.ComponentRef{Name: s}
}
