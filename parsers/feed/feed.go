package feed

import (
	"errors"
	"io"
	"strings"

	"statusfeed.dev/normalize"
	"statusfeed.dev/parsers/internal/feeddoc"
	"statusfeed.dev/parsers/internal/timeline"
	"statusfeed.dev/statusfeed"
)

// Name is the name the parser registers under.
const Name = "feed"

// Parser reads any Atom or RSS feed. It is safe for concurrent use.
var Parser statusfeed.Parser = parser{}

type parser struct{}

func (parser) Parse(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	return parse(r, src)
}

// Describe says what the parser reads, for listings such as `statusfeed providers`.
func (parser) Describe() string { return "any other Atom or RSS feed (generic: tried last)" }

func init() { statusfeed.Register(Name, Parser, Detect) }

// Detect accepts any Atom or RSS document as Generic: every provider's parser comes first.
func Detect(prefix []byte, src statusfeed.Source) statusfeed.Match {
	if src.Format == statusfeed.FormatAtom || src.Format == statusfeed.FormatRSS {
		return statusfeed.Generic
	}
	return statusfeed.NoMatch
}

func parse(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	r, src, err := statusfeed.Prepare(r, src)
	if err != nil {
		return nil, err
	}
	return feeddoc.Parse(r, src, Name, incident, nil)
}

func incident(e *feeddoc.Entry, page *statusfeed.Page, src statusfeed.Source) (statusfeed.Incident, []error) {
	inc := statusfeed.Incident{
		ID:      e.ID,
		Title:   strings.TrimSpace(e.Title),
		URL:     e.Link,
		Sources: []statusfeed.Origin{src.Origin(Name, page.Format)},
	}
	if inc.ID == "" {
		inc.ID = e.Link
	}
	switch {
	case strings.Contains(e.Link, "/maintenances/") || strings.Contains(e.Link, "/maintenance/"):
		inc.Kind = statusfeed.KindMaintenance
	case strings.Contains(e.Link, "/incidents/") || strings.Contains(e.Link, "/incident/"):
		inc.Kind = statusfeed.KindIncident
	}
	published, updated, errs := e.Times(page)
	ref := feeddoc.Later(published, updated)
	if _, blocks := timeline.Split(e.Content); len(blocks) > 0 {
		updates, pm, uerrs := timeline.Updates(blocks, ref, page, timeline.Options{})
		inc.Updates, inc.Postmortem = updates, pm
		errs = append(errs, uerrs...)
	} else {
		body := normalize.Text(feeddoc.UnescapeMarkup(e.Content))
		raw := statusWord(inc.Title, body)
		st := status(raw)
		if e.Status != "" {
			raw, st = e.Status, elementStatus(e.Status)
			pageStatus(e, page)
		}
		if ref.IsZero() {
			// The item is its one update, and nothing says when it was posted.
			errs = append(errs, errors.New("no date for the item's update"))
		} else {
			inc.Updates = []statusfeed.Update{{At: ref.UTC(), Status: st, RawStatus: raw, Body: body}}
		}
	}
	if err := normalize.Finish(&inc, normalize.OrderUnknown); err != nil { // generic feeds list updates either way
		errs = append(errs, err)
	}
	if inc.Kind == statusfeed.KindUnknown {
		// No link, title or maintenance word said which: an incident's own lifecycle words
		// ("Resolved:", "Investigating") do.
		inc.Kind = kindFromWords(inc.Updates)
	}
	return inc, errs
}

// statusWord finds a status word the vendor wrote plainly: a title that starts with it
// ("Resolved: …", "[Investigating] …") or a bracketed tag anywhere ("[RESOLVED]"), and
// "operating normally", which AWS uses for a resolution. It returns the word as written, or
// "" when there is none.
func statusWord(title, body string) string {
	t := strings.TrimSpace(title)
	for rest := t; ; {
		i := strings.IndexByte(rest, '[')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], ']')
		if j < 0 {
			break
		}
		if w := rest[i+1 : i+j]; normalize.Status(w).Lifecycle() {
			return w
		}
		rest = rest[i+j:]
	}
	for _, sep := range []string{":", " - ", " – "} {
		if head, _, ok := strings.Cut(t, sep); ok && normalize.Status(head).Lifecycle() {
			return strings.TrimSpace(head)
		}
	}
	for _, s := range []string{t, body} {
		if i := strings.Index(strings.ToLower(s), operatingNormally); i >= 0 {
			return s[i : i+len(operatingNormally)]
		}
	}
	return ""
}

// operatingNormally is how AWS marks a resolution ("Service is operating normally"): a word
// of one vendor's, so it is mapped here rather than in normalize's common table.
const operatingNormally = "operating normally"

// status maps the word statusWord found.
func status(raw string) statusfeed.Status {
	if strings.EqualFold(raw, operatingNormally) {
		return statusfeed.StatusResolved
	}
	return normalize.Status(raw)
}
