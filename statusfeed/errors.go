package statusfeed

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// ErrUnknownFormat is returned when no registered parser recognizes a document. Detection never
// guesses: a document nobody claims is an error, not a best effort.
var ErrUnknownFormat = errors.New("statusfeed: unknown format")

// ErrUnknownParser is returned when a parser is asked for by a name nobody registered.
var ErrUnknownParser = errors.New("statusfeed: unknown parser")

// Fetch errors. A fetch that fails returns a *FetchError naming the address once; these
// sentinels are what it wraps, so that errors.Is tells the causes apart.
var (
	// ErrTooLarge: the document exceeds the size limit, counted after decompression.
	ErrTooLarge = errors.New("statusfeed: document too large")
	// ErrTooManyRedirects: the redirect chain is longer than the limit (or loops).
	ErrTooManyRedirects = errors.New("statusfeed: too many redirects")
	// ErrTimeout: one request took longer than its timeout. The context's own deadline is
	// reported as the context's error instead: the caller set it, statusfeed did not.
	ErrTimeout = errors.New("statusfeed: timed out")
	// ErrOffSite: discovery would have followed a link or redirect to another site.
	ErrOffSite = errors.New("statusfeed: off-site address")
)

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
	msg := bare(e.Err)
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

// bare is an error's message without the package prefix, for errors that wrap it and say the
// prefix themselves: the prefix is said once, by the outermost statusfeed error.
func bare(err error) string {
	if d, ok := err.(interface{ detail() string }); ok {
		return d.detail()
	}
	return strings.TrimPrefix(err.Error(), "statusfeed: ")
}

// FetchError is a fetch that failed: the address asked for, how many attempts were made, and
// the last attempt's error. Err is an *HTTPError for an answer other than 200 OK (or 304 Not
// Modified to a conditional request), or wraps ErrTooLarge, ErrTooManyRedirects, ErrTimeout,
// the context's error, or a connection error. Its message names the address once:
//
//	statusfeed: GET https://status.example.com/history.atom: document too large (over 33554432 bytes once gzip-decoded)
//	statusfeed: GET https://status.example.com/: 503 Service Unavailable (3 attempts)
type FetchError struct {
	URL      string // the address asked for
	Attempts int    // how many attempts were made, retries included
	Err      error
}

func (e *FetchError) Error() string {
	msg := "statusfeed: GET " + e.URL + ": " + bare(e.Err)
	if e.Attempts > 1 {
		msg += fmt.Sprintf(" (%d attempts)", e.Attempts)
	}
	return msg
}

func (e *FetchError) Unwrap() error { return e.Err }

// HTTPError is an answer other than 200 OK. Fetch returns it wrapped in a *FetchError;
// errors.As finds it there.
type HTTPError struct {
	URL        string // the address asked for
	Final      string // the address that answered, after redirects
	StatusCode int
	Status     string // "503 Service Unavailable"
	// Header holds the response headers that matter to a poller or a person reading the
	// error: Retry-After, Cache-Control, Expires, Age, Date, Content-Type, ETag,
	// Last-Modified and Location. Other headers are dropped.
	Header http.Header
	// RetryAfter is the wait the server asked for in Retry-After (seconds or an HTTP date,
	// the latter measured from the response's Date), zero when it asked for none.
	RetryAfter time.Duration
}

func (e *HTTPError) Error() string { return "statusfeed: GET " + e.URL + ": " + e.detail() }

func (e *HTTPError) detail() string {
	msg := e.Status
	if msg == "" {
		msg = fmt.Sprintf("%d %s", e.StatusCode, http.StatusText(e.StatusCode))
	}
	if e.Final != "" && e.Final != e.URL {
		msg += " from " + e.Final
	}
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf(", retry after %v", e.RetryAfter)
	}
	return msg
}
