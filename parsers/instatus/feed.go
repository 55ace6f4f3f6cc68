package instatus

import (
	"errors"
	"strings"

	"statusfeed.dev/normalize"
	"statusfeed.dev/parsers/internal/feeddoc"
	"statusfeed.dev/parsers/internal/timeline"
	"statusfeed.dev/statusfeed"
)

var options = timeline.Options{CleanBody: trimDoublePeriod}

// trimDoublePeriod removes the extra period Instatus appends to a message that already ends in
// one ("resolved.." and "operational. ."), leaving an ellipsis ("...") alone.
func trimDoublePeriod(s string) string {
	t := strings.TrimRight(s, " \n")
	switch {
	case strings.HasSuffix(t, "...") && !strings.HasSuffix(t, "...."):
		return t
	case strings.HasSuffix(t, ".."):
		return t[:len(t)-1]
	case strings.HasSuffix(t, ". ."):
		return t[:len(t)-2]
	}
	return t
}

// status maps an Instatus status word: "NOTSTARTEDYET" is its word for a maintenance not yet
// begun; the others are the common words.
func status(word string) statusfeed.Status {
	if strings.EqualFold(strings.TrimSpace(word), "notstartedyet") {
		return statusfeed.StatusScheduled
	}
	return normalize.Status(word)
}

func incident(e *feeddoc.Entry, page *statusfeed.Page, src statusfeed.Source) (statusfeed.Incident, []error) {
	inc := statusfeed.Incident{
		ID:      feeddoc.LastPathSegment(e.Link),
		Title:   strings.TrimSpace(e.Title),
		URL:     e.Link,
		Kind:    kindFromMarkers(e),
		Sources: []statusfeed.Origin{src.Origin(Name, page.Format)},
	}
	if inc.ID == "" {
		inc.ID = e.ID
	}
	published, updated, errs := e.Times(page)
	preamble, blocks := timeline.Split(e.Content)
	facts := headerFacts(normalize.Text(preamble))
	if e.Summary != e.Content {
		// RSS: the plain-text description repeats the facts, with the component names that
		// content:encoded leaves blank.
		for k, v := range headerFacts(e.Summary) {
			if strings.Trim(facts[k], " ,") == "" {
				facts[k] = v
			}
		}
	}
	switch strings.ToLower(facts["type"]) {
	case "incident":
		inc.Kind = statusfeed.KindIncident
	case "maintenance":
		inc.Kind = statusfeed.KindMaintenance
	}
	if raw := facts["duration"]; raw != "" {
		inc.RawDeclaredDuration = raw
		if d, ok := normalize.Duration(raw); ok {
			inc.DeclaredDuration = d
		} else {
			errs = append(errs, errors.New("unreadable duration "+raw))
		}
	}
	inc.Components = normalize.Affected(facts["affected components"])
	ref := feeddoc.Later(published, updated)
	updates, pm, uerrs := timeline.Updates(blocks, ref, page, options)
	inc.Updates, inc.Postmortem = updates, pm
	errs = append(errs, uerrs...)
	if inc.Kind == statusfeed.KindMaintenance && !published.IsZero() {
		// Instatus publishes a maintenance at its scheduled start.
		inc.ScheduledFor = published.UTC()
	}
	if err := normalize.Finish(&inc, normalize.OrderUnknown); err != nil { // Instatus lists updates either way
		errs = append(errs, err)
	}
	return inc, errs
}

// kindFromMarkers reads the entry ID (",2005:Maintenance/…") and link ("/maintenance/…").
func kindFromMarkers(e *feeddoc.Entry) statusfeed.Kind {
	for _, s := range []string{e.ID, e.Link} {
		switch {
		case strings.Contains(s, ":Maintenance/") || strings.Contains(s, "/maintenance/"):
			return statusfeed.KindMaintenance
		case strings.Contains(s, ":Incident/") || strings.Contains(s, "/incident/"):
			return statusfeed.KindIncident
		}
	}
	return statusfeed.KindUnknown
}

var factKeys = []string{"type", "duration", "affected components"}

// headerFacts reads the "Type: Incident", "Duration: 46 minutes" and "Affected Components: …"
// lines that open an entry, from rendered text or the RSS plain-text description.
func headerFacts(text string) map[string]string {
	facts := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok {
			continue
		}
		key := strings.ToLower(strings.TrimSpace(k))
		for _, want := range factKeys {
			if key == want {
				if _, seen := facts[key]; !seen {
					facts[key] = strings.TrimSpace(v)
				}
			}
		}
	}
	return facts
}
