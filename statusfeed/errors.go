package statusfeed

import (
	"errors"
	"fmt"
	"strings"
)

// ErrUnknownFormat is returned when no registered parser recognizes a document. Detection never
// guesses: a document nobody claims is an error, not a best effort.
var ErrUnknownFormat = errors.New("statusfeed: unknown format")

// ErrUnknownParser is returned when a parser is asked for by a name nobody registered.
var ErrUnknownParser = errors.New("statusfeed: unknown parser")

// ErrTooLarge is returned when a fetched document exceeds the size limit.
var ErrTooLarge = errors.New("statusfeed: document too large")

// ParseError says which source and which parser a problem came from. A parser that read part of
// a document returns the page it built together with a *ParseError describing what it could not
// read, so callers may keep the partial result.
type ParseError struct {
	Source   string // the source's URL or name
	Provider string // the parser's registered name, "" before detection
	Err      error
}

func (e *ParseError) Error() string {
	src := e.Source
	if src == "" {
		src = "input"
	}
	// The wrapped sentinels carry the package prefix too; say it once.
	msg := strings.TrimPrefix(e.Err.Error(), "statusfeed: ")
	if e.Provider == "" {
		return fmt.Sprintf("statusfeed: %s: %s", src, msg)
	}
	return fmt.Sprintf("statusfeed: %s (%s): %s", src, e.Provider, msg)
}

func (e *ParseError) Unwrap() error { return e.Err }

// EntryError is a problem with one entry (incident) of a document; the rest of the document is
// still read.
type EntryError struct {
	Entry string // the entry's ID, link or title
	Err   error
}

func (e *EntryError) Error() string { return fmt.Sprintf("entry %q: %v", e.Entry, e.Err) }

func (e *EntryError) Unwrap() error { return e.Err }

// HTTPError is a fetch answered with a status other than 200 OK.
type HTTPError struct {
	URL        string
	StatusCode int
	Status     string
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("statusfeed: GET %s: %s", e.URL, e.Status)
}
