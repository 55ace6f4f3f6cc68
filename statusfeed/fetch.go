package statusfeed

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/brotli"
)

// Version is statusfeed's version, as its User-Agent announces it.
const Version = "0.1.0"

// accept names what statusfeed reads, feeds and JSON first for a server that negotiates,
// without the optional spaces: a poll of an unchanged source is little more than its headers,
// so each byte of them is a share of what polling costs a vendor.
const accept = "application/atom+xml,application/rss+xml,application/json;q=0.9,text/html;q=0.8,*/*;q=0.1"

// UserAgent identifies statusfeed and its version to vendors, so that they can tell who is
// polling them and reach its authors.
const UserAgent = "statusfeed/" + Version + " (+https://statusfeed.dev)"

// MaxDocumentSize is the default bound on a fetched document, counted after decompression.
// The largest real status documents (a home page with hundreds of components, a year of JSON
// incidents) stay well under it.
const MaxDocumentSize = 32 << 20

// Fetcher defaults, used where a Fetcher field is zero.
const (
	DefaultTimeout      = 30 * time.Second // per attempt, from sending the request to the last byte
	DefaultMaxRedirects = 10
	DefaultMaxAttempts  = 3
	DefaultBaseDelay    = time.Second      // the wait before the first retry, doubled after each
	DefaultMaxDelay     = 30 * time.Second // the longest wait between two attempts
)

// drainLimit is how much of an unwanted body (an error page, a 304) is read so that the
// connection can be reused; a longer one is closed instead.
const drainLimit = 64 << 10

// Fetcher GETs documents. It is the one place statusfeed does I/O: parsers only ever see the
// bytes. Its zero value is ready to use, with http.DefaultClient and the defaults above; set
// fields to change them, before the first Fetch. A Fetcher is safe for concurrent use.
//
// A fetch asks for gzip and brotli itself and decodes them itself, so that MaxSize bounds the
// decoded document: a small compressed body cannot inflate past it. It follows at most
// MaxRedirects redirects, counting every one. It retries timeouts, connection errors, 5xx and
// 429 answers up to MaxAttempts attempts in all, waiting between them with exponential
// backoff and jitter, and at least as long as a Retry-After asks: a server asking for more
// than MaxDelay is not retried, and its wish is reported in Document.NextPoll instead.
type Fetcher struct {
	// Client sends the requests; nil means http.DefaultClient. Its CheckRedirect, if any, is
	// consulted on every redirect after the Fetcher's own limit; its Timeout, if any, bounds
	// each request besides the Fetcher's Timeout.
	Client *http.Client
	// UserAgent replaces the User-Agent header when not empty; the default is UserAgent.
	UserAgent string
	// Timeout bounds each attempt, from sending the request to reading the body's last byte.
	// Zero means DefaultTimeout, a negative value no timeout other than the context's.
	Timeout time.Duration
	// MaxSize bounds a document's size once decoded; zero or negative means MaxDocumentSize.
	MaxSize int64
	// MaxRedirects bounds the redirects one attempt follows; zero means DefaultMaxRedirects,
	// a negative value none.
	MaxRedirects int
	// MaxAttempts bounds the attempts, the first included; zero means DefaultMaxAttempts,
	// one (or less) no retry.
	MaxAttempts int
	// BaseDelay is the backoff before the first retry, doubled for each further one; zero
	// means DefaultBaseDelay. MaxDelay caps one wait; zero means DefaultMaxDelay.
	BaseDelay, MaxDelay time.Duration

	// Sleep waits d or until ctx is done, returning ctx's error in the latter case; nil means
	// a timer. Now tells the time, for Retry-After dates and NextPoll; nil means time.Now.
	// Rand returns a number in [0, 1) for the backoff's jitter; nil means math/rand/v2.
	// Tests replace them to run retries without waiting.
	Sleep func(ctx context.Context, d time.Duration) error
	Now   func() time.Time
	Rand  func() float64
}

// Validators are the cache validators a server sent with a document. Passed back to Fetch,
// they make the request conditional: an unchanged document costs a 304 and no parsing.
type Validators struct {
	ETag         string // the ETag header, quotes and W/ prefix included
	LastModified string // the Last-Modified header, verbatim
}

// IsZero says whether v holds no validator, so that a request with it is unconditional.
func (v Validators) IsZero() bool { return v.ETag == "" && v.LastModified == "" }

// Document is the result of a fetch: the document's bytes, what the server said about them,
// and what the fetch cost. Fetcher.Fetch returns one even when it fails, for its accounting.
type Document struct {
	Body   []byte // decoded; nil when NotModified or on failure
	Source Source // URL is the address that answered, after redirects; Name the one asked for

	// NotModified reports a 304 answer to a conditional request: the document is unchanged
	// since the validators given, and Body is empty.
	NotModified bool
	// Validators are the ones to pass to the next fetch: the server's new ones, or on a 304
	// that repeats none, the ones given.
	Validators Validators
	StatusCode int // of the last response, 0 if none came

	Attempts int // attempts made, the first included
	Failures int // attempts that failed: Attempts-1 on success after retries, Attempts on failure
	Requests int // HTTP requests sent, every redirect and retry included

	// RetryAfter is the last wait a server asked for with Retry-After, zero if none did.
	RetryAfter time.Duration
	// NextPoll is the earliest time worth fetching the document again, from Retry-After and
	// from the freshness Cache-Control: max-age (or Expires) gives the answer: a lower bound
	// for a poller's next poll. Zero when the server gave neither.
	NextPoll time.Time
}

// Fetch GETs url with client (nil means http.DefaultClient) and a Fetcher's defaults. It
// returns nil and a *FetchError on failure; see Fetcher.Fetch.
func Fetch(ctx context.Context, client *http.Client, url string) (*Document, error) {
	doc, err := (&Fetcher{Client: client}).Fetch(ctx, url, Validators{})
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// ParseURL fetches url with client and parses what it gets, detecting the format.
func ParseURL(ctx context.Context, client *http.Client, url string) (*Page, error) {
	doc, err := Fetch(ctx, client, url)
	if err != nil {
		return nil, err
	}
	return ParseDocument(doc)
}

// Fetch GETs rawURL, conditionally when prev holds validators, retrying as the Fetcher says.
// On success the Document holds the body, or reports NotModified. On failure the error is a
// *FetchError and the Document still tells the attempts, failures and NextPoll, so that a
// poller can count a failing source and respect its Retry-After. The Document is never nil.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string, prev Validators) (*Document, error) {
	doc := &Document{Source: Source{URL: rawURL, Name: rawURL}}
	fail := func(err error) (*Document, error) {
		doc.Failures++
		return doc, &FetchError{URL: rawURL, Attempts: doc.Attempts, Err: err}
	}
	if u, err := url.Parse(rawURL); err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // it repeats the address the FetchError names
		}
		return fail(err)
	} else if u.Scheme != "http" && u.Scheme != "https" {
		return fail(errors.New("not an http or https address"))
	}
	attempts := f.MaxAttempts
	if attempts == 0 {
		attempts = DefaultMaxAttempts
	}
	for {
		doc.Attempts++
		retryable, err := f.attempt(ctx, rawURL, prev, doc)
		if err == nil {
			return doc, nil
		}
		if !retryable || doc.Attempts >= attempts {
			return fail(err)
		}
		wait := f.backoff(doc.Attempts)
		var he *HTTPError
		if errors.As(err, &he) && he.RetryAfter > wait {
			if he.RetryAfter > f.maxDelay() {
				return fail(err) // the server asked for more than we wait; NextPoll says when
			}
			wait = he.RetryAfter
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			return fail(err) // no time left for another attempt: report the real failure
		}
		if serr := f.sleep(ctx, wait); serr != nil {
			return fail(&stoppedError{last: err, stop: serr})
		}
		doc.Failures++
	}
}

// attempt makes one request, following redirects, and fills doc from its answer. It says
// whether a failure is worth retrying.
func (f *Fetcher) attempt(ctx context.Context, rawURL string, prev Validators, doc *Document) (retryable bool, err error) {
	doc.StatusCode, doc.Source.URL, doc.Source.ContentType = 0, rawURL, "" // nothing from an earlier attempt
	actx, cancel := ctx, context.CancelFunc(func() {})
	timeout := f.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	if timeout > 0 {
		actx, cancel = context.WithTimeout(ctx, timeout)
	}
	defer cancel()
	// failed classifies an error of the request or of reading the body.
	failed := func(err error) (bool, error) {
		switch {
		case ctx.Err() != nil:
			return false, ctx.Err() // the caller's deadline or cancellation: not ours to retry
		case actx.Err() != nil:
			return true, &timeoutError{limit: timeout, err: actx.Err()}
		}
		var re *redirectError
		if errors.As(err, &re) {
			return false, re
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // it repeats the address the FetchError names
			if ue.URL != rawURL {
				err = fmt.Errorf("at %s: %w", ue.URL, err)
			}
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return true, &timeoutError{err: err}
		}
		return true, err // a connection error: refused, reset, cut short
	}

	req, err := http.NewRequestWithContext(actx, http.MethodGet, rawURL, nil)
	if err != nil {
		return false, err
	}
	ua := f.UserAgent
	if ua == "" {
		ua = UserAgent
	}
	req.Header.Set("User-Agent", ua)
	req.Header.Set("Accept", accept)
	// Asking for an encoding ourselves stops the transport from decoding gzip behind our back,
	// so that the size limit applies to the decoded bytes.
	req.Header.Set("Accept-Encoding", "gzip, br")
	if prev.ETag != "" {
		req.Header.Set("If-None-Match", prev.ETag)
	}
	if prev.LastModified != "" {
		req.Header.Set("If-Modified-Since", prev.LastModified)
	}

	doc.Requests++
	resp, err := f.client(doc).Do(req)
	if err != nil {
		return failed(err)
	}
	defer resp.Body.Close()
	now := f.now()
	doc.StatusCode = resp.StatusCode
	doc.Source.URL = resp.Request.URL.String()
	doc.Source.ContentType = resp.Header.Get("Content-Type")
	if ra := retryAfter(resp.Header, now); ra > 0 {
		doc.RetryAfter = ra
		doc.NextPoll = later(doc.NextPoll, now.Add(ra))
	}

	switch {
	case resp.StatusCode == http.StatusNotModified && !prev.IsZero():
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, drainLimit))
		doc.NotModified = true
		doc.Validators = validators(resp.Header)
		if doc.Validators.IsZero() {
			doc.Validators = prev
		}
		doc.NextPoll = later(doc.NextPoll, now.Add(freshness(resp.Header)))
		return false, nil
	case resp.StatusCode != http.StatusOK:
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, drainLimit))
		he := &HTTPError{URL: rawURL, Final: doc.Source.URL, StatusCode: resp.StatusCode, Status: resp.Status,
			Header: keepHeaders(resp.Header), RetryAfter: retryAfter(resp.Header, now)}
		return resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests, he
	}
	body, transport, err := readBody(resp, f.maxSize())
	if err != nil {
		if transport {
			return failed(err)
		}
		return false, err
	}
	doc.Body = body
	doc.Validators = validators(resp.Header)
	doc.NextPoll = later(doc.NextPoll, now.Add(freshness(resp.Header)))
	return false, nil
}

// client is the Fetcher's client with its redirect policy: the limit, counted in doc.Requests,
// then the client's own policy. The copy shares the original's transport and cookie jar.
func (f *Fetcher) client(doc *Document) *http.Client {
	c := http.DefaultClient
	if f.Client != nil {
		c = f.Client
	}
	cc := *c
	limit := f.MaxRedirects
	if limit == 0 {
		limit = DefaultMaxRedirects
	}
	limit = max(limit, 0)
	own := c.CheckRedirect
	cc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > limit {
			return &redirectError{to: req.URL.String(), err: fmt.Errorf("%w (over %d)", ErrTooManyRedirects, limit)}
		}
		if own != nil {
			if err := own(req, via); err != nil {
				return &redirectError{to: req.URL.String(), err: err}
			}
		}
		doc.Requests++
		return nil
	}
	return &cc
}

// redirectError is a redirect the policy refused. It is never retried: the next attempt would
// be refused alike.
type redirectError struct {
	to  string
	err error
}

func (e *redirectError) Error() string { return "redirect to " + e.to + ": " + bare(e.err) }
func (e *redirectError) Unwrap() error { return e.err }

// stoppedError is a failure whose retry the context stopped: it is both.
type stoppedError struct{ last, stop error }

func (e *stoppedError) Error() string {
	return bare(e.last) + "; stopped waiting to retry: " + bare(e.stop)
}
func (e *stoppedError) Unwrap() []error { return []error{e.last, e.stop} }

// timeoutError is an attempt that ran out of time. It is ErrTimeout, and unwraps to what the
// transport said (context.DeadlineExceeded for the Fetcher's own timeout).
type timeoutError struct {
	limit time.Duration // the Fetcher's timeout, 0 when another one (the client's) struck
	err   error
}

func (e *timeoutError) Error() string {
	if e.limit > 0 {
		return fmt.Sprintf("timed out after %v", e.limit)
	}
	return "timed out: " + bare(e.err)
}
func (e *timeoutError) Unwrap() error        { return e.err }
func (e *timeoutError) Is(target error) bool { return target == ErrTimeout }

// readBody reads resp's body, decoding its Content-Encoding, up to limit decoded bytes. It says
// whether an error came from the connection (worth retrying) rather than from the content.
func readBody(resp *http.Response, limit int64) (body []byte, transport bool, err error) {
	var codings []string
	if !resp.Uncompressed { // a transport that decoded already has removed the header
		for _, c := range strings.Split(resp.Header.Get("Content-Encoding"), ",") {
			if c = strings.ToLower(strings.TrimSpace(c)); c != "" && c != "identity" {
				codings = append(codings, c)
			}
		}
	}
	tooLarge := fmt.Errorf("%w (over %d bytes)", ErrTooLarge, limit)
	if len(codings) > 0 {
		tooLarge = fmt.Errorf("%w (over %d bytes once %s-decoded)", ErrTooLarge, limit, strings.Join(codings, "+"))
	} else if resp.ContentLength > limit {
		return nil, false, tooLarge // no need to read what will not be kept
	}
	raw := &recordingReader{r: resp.Body}
	var r io.Reader = raw
	for i := len(codings) - 1; i >= 0; i-- { // codings are listed in the order applied
		switch codings[i] {
		case "gzip", "x-gzip":
			gz, err := gzip.NewReader(r)
			if err != nil {
				return nil, raw.err != nil, contentError(codings[i], raw, err)
			}
			r = gz
		case "br":
			r = brotli.NewReader(r)
		default:
			return nil, false, fmt.Errorf("unsupported Content-Encoding %q", resp.Header.Get("Content-Encoding"))
		}
	}
	size := min(limit, 64<<10)
	if len(codings) == 0 && resp.ContentLength > 0 {
		size = resp.ContentLength + 1 // +1: room to see the EOF without growing
	}
	body, err = readLimited(r, size, limit)
	if errors.Is(err, errOverLimit) {
		return nil, false, tooLarge
	}
	if err != nil {
		if len(codings) == 0 || raw.err != nil {
			return nil, true, err
		}
		return nil, false, contentError(strings.Join(codings, "+"), raw, err)
	}
	return body, false, nil
}

var errOverLimit = errors.New("over the limit")

// readLimited reads r to its end into a buffer of initial capacity size, doubled as needed
// but never past limit: a document at the limit costs about twice the limit in allocations,
// and one past it costs no more, however much more it would have been.
func readLimited(r io.Reader, size, limit int64) ([]byte, error) {
	buf := make([]byte, 0, max(size, 512))
	for {
		if int64(len(buf)) >= limit {
			var one [1]byte
			n, err := io.ReadAtLeast(r, one[:], 1)
			switch {
			case n > 0:
				return nil, errOverLimit
			case err == io.EOF:
				return buf, nil
			}
			return nil, err
		}
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), min(2*int64(cap(buf)), limit))
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):min(int64(cap(buf)), limit)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// contentError describes a body that would not decode, or the connection error behind it.
func contentError(coding string, raw *recordingReader, err error) error {
	if raw.err != nil {
		return raw.err
	}
	return fmt.Errorf("decoding %s body: %w", coding, err)
}

// recordingReader remembers its reader's last error other than io.EOF, so that a decoder's
// complaint can be told from a connection cut short under it.
type recordingReader struct {
	r   io.Reader
	err error
}

func (r *recordingReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		r.err = err
	}
	return n, err
}

func validators(h http.Header) Validators {
	return Validators{ETag: h.Get("ETag"), LastModified: h.Get("Last-Modified")}
}

// keptHeaders are the response headers an HTTPError keeps.
var keptHeaders = []string{"Retry-After", "Cache-Control", "Expires", "Age", "Date", "Content-Type", "ETag", "Last-Modified", "Location"}

func keepHeaders(h http.Header) http.Header {
	out := http.Header{}
	for _, k := range keptHeaders {
		if v := h.Values(k); len(v) > 0 {
			out[k] = v
		}
	}
	return out
}

// retryAfter reads Retry-After: delay-seconds, or an HTTP date measured from the response's
// Date (the server's clock, so that skew does not matter) or failing that from now.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		return max(time.Duration(min(s, int64(24*time.Hour/time.Second)))*time.Second, 0)
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		now = d
	}
	return max(at.Sub(now), 0)
}

// freshness is how long the response stays fresh (RFC 9111 section 4.2.1): Cache-Control's
// max-age less Age, else Expires less Date. Zero when neither says, or no-cache or no-store
// asks for revalidation every time.
func freshness(h http.Header) time.Duration {
	maxAge := -1
	for _, v := range h.Values("Cache-Control") {
		for _, d := range strings.Split(v, ",") {
			name, val, _ := strings.Cut(strings.TrimSpace(d), "=")
			switch strings.ToLower(name) {
			case "no-cache", "no-store":
				return 0
			case "max-age":
				if n, err := strconv.Atoi(strings.Trim(val, `"`)); err == nil && n >= 0 {
					maxAge = n
				}
			}
		}
	}
	var fresh time.Duration
	if maxAge >= 0 {
		fresh = time.Duration(min(maxAge, int(24*time.Hour/time.Second))) * time.Second
	} else if exp, err := http.ParseTime(h.Get("Expires")); err == nil {
		date, err := http.ParseTime(h.Get("Date"))
		if err != nil {
			return 0
		}
		fresh = exp.Sub(date)
	}
	if age, err := strconv.Atoi(h.Get("Age")); err == nil && age > 0 {
		fresh -= time.Duration(age) * time.Second
	}
	return max(fresh, 0)
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// backoff is the wait before the attempt after attempt n: BaseDelay doubled n-1 times, capped
// at MaxDelay, of which the second half is random so that clients do not retry in step.
func (f *Fetcher) backoff(n int) time.Duration {
	base := f.BaseDelay
	if base <= 0 {
		base = DefaultBaseDelay
	}
	d := f.maxDelay()
	if n-1 < 32 && base<<(n-1) < d && base<<(n-1) > 0 {
		d = base << (n - 1)
	}
	r := rand.Float64
	if f.Rand != nil {
		r = f.Rand
	}
	return d/2 + time.Duration(r()*float64(d/2))
}

func (f *Fetcher) maxDelay() time.Duration {
	if f.MaxDelay <= 0 {
		return DefaultMaxDelay
	}
	return f.MaxDelay
}

func (f *Fetcher) maxSize() int64 {
	if f.MaxSize <= 0 {
		return MaxDocumentSize
	}
	return f.MaxSize
}

func (f *Fetcher) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}

func (f *Fetcher) sleep(ctx context.Context, d time.Duration) error {
	if f.Sleep != nil {
		return f.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
