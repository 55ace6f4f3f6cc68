// Package statusfeed turns the public status pages of third-party vendors into one clean,
// trustworthy incident history.
//
// The package holds the model every source is normalized into (Page, Component, Incident,
// Update, Postmortem), the Parser interface with its registry and format detection, fetching,
// discovery of a page's endpoints, and merging one vendor's pages. It imports no parser:
// providers live in statusfeed.dev/parsers/<provider> and register themselves in init, as
// image/png does with image. Import them all with
//
//	import _ "statusfeed.dev/parsers/all"
//
// then call Parse, ParseURL or ParseAs; Discover and Merge work across documents. A parser can
// also be used directly, without the registry, through its package's exported Parser value,
// and a program can build its own Registry (Default.Without("feed") drops the catch-all).
//
// # Detection
//
// A Registry detects a document from its first SniffLen bytes and what is known of its source.
// It first names the document's syntax (atom, rss, json, html) and passes it to every detector
// and parser in Source.Format, so that no parser sniffs it again. Each detector then answers
// with a Match level, and the levels alone decide precedence:
//
//   - Certain: the provider's own markers are in the prefix (a generator, an asset host, its
//     ID shapes or field names). Markers are chosen so that no two providers claim one
//     document; the corpus tests check it.
//   - Possible: the syntax fits but the markers may lie beyond the prefix (real Instatus and
//     incident.io pages carry their data at the end). The parser confirms on the whole
//     document and declines with ErrUnknownFormat if it is not its own.
//   - Generic: a parser that reads any document of the syntax (parsers/feed), tried last.
//
// Candidates are tried in that order, and by name within a level. A document only one
// candidate claims streams to it; otherwise it is read into memory once and offered to each
// in turn. Before any of this, a byte-order mark is removed, UTF-16 transcoded to UTF-8, and
// in a UTF-8 document bytes that are not UTF-8 replaced by U+FFFD. A parser of its own calls
// Prepare first (which does nothing to what the registry prepared), and reads a whole document
// with ReadAll, which hands over a document given as a *bytes.Reader without copying it again.
//
// Files: model.go (the model), enums.go (status, impact and kind words), json.go (the JSON
// shape), registry.go (Registry, Parser, Match, Parse), encoding.go (byte-order marks, UTF-16,
// invalid UTF-8), sniff.go (syntax detection), fetch.go (the one place that does I/O),
// discover.go (Discover, EndpointLister), merge.go (Merge), errors.go.
//
// # Fetching
//
// Fetching is the one place statusfeed does I/O, and Fetcher is its one type: an injected
// *http.Client, a User-Agent naming statusfeed and its Version, a timeout per attempt, a
// size cap counted on decoded bytes (it asks for gzip and brotli and decodes them itself),
// a redirect limit, retries with backoff and jitter that honor Retry-After, and conditional
// requests (Validators in, Validators and NotModified out). The Document it returns counts
// attempts, failures and requests, and carries NextPoll, the earliest time Retry-After and
// Cache-Control allow polling again. Errors are *FetchError values that name the address
// once and wrap *HTTPError or a sentinel (ErrTooLarge, ErrTooManyRedirects, ErrTimeout).
// Discoverer probes a page's endpoints with a Fetcher, stays on the page's site unless told
// otherwise, and records every probe and its fate in Discovery.Probes.
//
// The model is honest about what it does not know: enums have an unknown zero value, absent
// times are zero and marshal as null, and data-quality doubts are listed in Page.Warnings.
// Times are UTC.
package statusfeed
