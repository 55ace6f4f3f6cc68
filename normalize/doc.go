// Package normalize holds the vendor-independent normalization the parsers share: status and
// impact words, year-less and zone-abbreviated time stamps, HTML to readable text, "affected
// components" sentences, human durations, postmortem sections, and the rules that derive an
// incident's status, start, resolution and kind from its timeline. A word or quirk only one
// vendor has (Instatus' "NOTSTARTEDYET" and doubled periods, AWS's "operating normally") is
// that vendor's parser's business, not this package's.
//
// Files: words.go (status, impact and component words), stamp.go and zones.go (time stamps),
// pagezone.go (zones pages name for themselves, IANA or Rails names; it embeds Go's zone
// database), feedtime.go (feeds' own dates, offsets kept), text.go (HTML to text),
// components.go, duration.go, postmortem.go, incident.go.
//
// Every function here is pure: it reads strings and times and returns values, so the rules can
// be tested one by one with tables.
package normalize
