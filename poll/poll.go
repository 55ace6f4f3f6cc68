package poll

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"statusfeed.dev/archive"
	"statusfeed.dev/events"
	"statusfeed.dev/statusfeed"
)

// Defaults for a Poller's zero fields.
const (
	DefaultConcurrency = 16
	DefaultPerHost     = 2
	DefaultInterval    = 5 * time.Minute
	// MinInterval is the shortest interval any source is polled at: vendors must not be
	// hammered, whatever a sources file says.
	MinInterval = 30 * time.Second
	// DefaultLeaseBatch is how many sources one lease claims by default.
	DefaultLeaseBatch = 500
	// RediscoverAfter is how many consecutive failures make a status-page source look for its
	// endpoint again.
	RediscoverAfter = 3
)

// Store is what a Poller needs of an archive: sources leased for a cycle, and each result
// recorded with the events it caused, in one transaction. *archive.DB is one, on SQLite or on
// PostgreSQL.
type Store interface {
	// Lease returns up to limit sources due at now (not polled within minInterval, past any
	// lower bound the server set), held for owner until now+hold.
	Lease(ctx context.Context, owner string, now time.Time, limit int, hold, minInterval time.Duration) ([]archive.SourceHealth, error)
	// SetEndpoint records the endpoint a status page's address was resolved to ("" for none).
	SetEndpoint(ctx context.Context, sourceURL, endpoint string) error
	// Record stores a result and returns the events it stored.
	Record(ctx context.Context, r archive.Result) ([]events.Event, error)
}

var _ Store = (*archive.DB)(nil)

// Poller polls the sources of an archive. Set its fields before the first Poll; a Poller is
// not to be copied after.
type Poller struct {
	Archive Store
	// Fetcher does every request; nil means a zero statusfeed.Fetcher.
	Fetcher *statusfeed.Fetcher
	// Registry parses what is fetched; nil means statusfeed.Default.
	Registry *statusfeed.Registry
	// Owner names this poller in leases; "" means host name and process ID.
	Owner string
	// Concurrency bounds the sources fetched at once; PerHost the requests in flight to one
	// host.
	Concurrency, PerHost int
	// LeaseBatch is how many sources one lease claims; zero means DefaultLeaseBatch. A cycle
	// leases batch after batch until no source is due, so that pollers sharing an archive
	// share a large cycle between them.
	LeaseBatch int
	// Interval is the poll interval of sources that set none; never below MinInterval.
	Interval time.Duration
	// Now tells the time; nil means time.Now.
	Now func() time.Time
	// Progress, when set, is called after each source of a cycle with the count done and the
	// cycle's total.
	Progress func(done, total int)
	// Recorded, when set, is called with each source's result and the events it stored, as
	// soon as they are stored, from the goroutine that polled it (it must be safe for
	// concurrent use; that goroutine waits for it, so a slow one slows the cycle): a caller
	// that delivers events can start at once, rather than wait for the cycle's slowest source,
	// which may be a vendor that hangs until its timeouts run out.
	Recorded func(Result, []events.Event)

	hosts       sync.Map // host → chan struct{}, the per-host semaphore
	fetcherOnce sync.Once
	fetch       *statusfeed.Fetcher
}

// Result is what one source's poll came to.
type Result struct {
	Source   string // the source's URL
	Endpoint string // the document fetched
	State    string // archive.StateOK, StateUnreadable or StateFailing
	// NotModified says the server answered 304: nothing was parsed.
	NotModified bool
	Err         error
	Bytes       int // body bytes received
	Duration    time.Duration
}

func (p *Poller) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Poller) owner() string {
	if p.Owner != "" {
		return p.Owner
	}
	host, _ := os.Hostname()
	return fmt.Sprintf("%s-%d", host, os.Getpid())
}

// fetcher is the Fetcher the Poller uses: its own, or a zero one, telling time by the Poller's
// clock when it has none of its own, so that the Retry-After and max-age it reports (NextPoll)
// are times on the clock the archive's schedule is kept by.
func (p *Poller) fetcher() *statusfeed.Fetcher {
	p.fetcherOnce.Do(func() {
		f := statusfeed.Fetcher{}
		if p.Fetcher != nil {
			f = *p.Fetcher
		}
		if f.Now == nil && p.Now != nil {
			f.Now = p.Now
		}
		p.fetch = &f
	})
	return p.fetch
}

func (p *Poller) registry() *statusfeed.Registry {
	if p.Registry != nil {
		return p.Registry
	}
	return statusfeed.Default
}

// Poll runs one cycle: every source due now is fetched, parsed and recorded. It returns each
// source's result, in no particular order, and an error only when the archive failed.
//
// The results do not hold the events: they are in the archive, where events.Deliver hands
// each out once, and Recorded sees them as they are stored. A new source's first reading
// stores its whole history as events, and a cycle of thousands of new sources that kept them
// all until its end held three quarters of its memory in them (BenchmarkLoad).
func (p *Poller) Poll(ctx context.Context) ([]Result, error) {
	minInterval := max(p.Interval, MinInterval)
	if p.Interval == 0 {
		minInterval = MinInterval
	}
	conc := p.Concurrency
	if conc <= 0 {
		conc = DefaultConcurrency
	}
	owner := p.owner()
	batchSize := p.LeaseBatch
	if batchSize <= 0 {
		batchSize = DefaultLeaseBatch
	}
	var due []archive.SourceHealth
	// Lease in batches so that a poller sharing the archive gets its part of a large cycle.
	for {
		batch, err := p.Archive.Lease(ctx, owner, p.now(), batchSize, 10*time.Minute, minInterval)
		if err != nil {
			return nil, err
		}
		due = append(due, batch...)
		if len(batch) < batchSize {
			break
		}
	}
	// A source that failed last time is the likeliest to take longest (a timeout, retries and
	// their backoff): it starts first, so that its wait overlaps the rest of the cycle instead
	// of trailing it.
	sort.SliceStable(due, func(i, j int) bool { return due[i].ConsecutiveFailures > due[j].ConsecutiveFailures })
	results := make([]Result, len(due))
	work := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var archiveErr error
	done := 0
	for w := 0; w < min(conc, len(due)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				r, evs, err := p.pollOne(ctx, due[i])
				results[i] = r
				if err == nil && p.Recorded != nil {
					p.Recorded(r, evs)
				}
				mu.Lock()
				if err != nil && archiveErr == nil {
					archiveErr = err
				}
				done++
				if p.Progress != nil {
					p.Progress(done, len(due))
				}
				mu.Unlock()
			}
		}()
	}
	for i := range due {
		select {
		case work <- i:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(work)
	wg.Wait()
	if archiveErr == nil && ctx.Err() != nil {
		archiveErr = ctx.Err()
	}
	return results, archiveErr
}

// Run polls in cycles until ctx ends, waiting between cycles until the next source is due
// (checked every tick). It returns ctx's error.
func (p *Poller) Run(ctx context.Context, tick time.Duration, each func([]Result)) error {
	if tick <= 0 {
		tick = 5 * time.Second
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		rs, err := p.Poll(ctx)
		if err != nil && ctx.Err() == nil {
			return err
		}
		if each != nil && len(rs) > 0 {
			each(rs)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// hostSlot waits for a free request slot for host and returns its release.
func (p *Poller) hostSlot(ctx context.Context, host string) (func(), error) {
	n := p.PerHost
	if n <= 0 {
		n = DefaultPerHost
	}
	v, _ := p.hosts.LoadOrStore(host, make(chan struct{}, n))
	sem := v.(chan struct{})
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func hostOf(u string) string {
	if pu, err := url.Parse(u); err == nil {
		return pu.Host
	}
	return u
}

// pollOne polls one source and records the result. Its error is the archive's; the source's
// own failure is in the Result.
func (p *Poller) pollOne(ctx context.Context, s archive.SourceHealth) (Result, []events.Event, error) {
	start := p.now()
	res := Result{Source: s.URL, Endpoint: s.Endpoint}
	rec := archive.Result{URL: s.URL}
	endpoint := s.Endpoint
	// A status page's address is resolved to its endpoint, and again when the endpoint keeps
	// failing; an endpoint the user gave (a feed or JSON address) is polled as given.
	if endpoint == "" || s.ConsecutiveFailures >= RediscoverAfter && promised(s.URL) == "" {
		found, ok := p.resolve(ctx, s.URL)
		endpoint = found
		if !ok {
			// Nothing found this time (the site may be down): poll the address itself, and
			// keep no endpoint, so that the next cycle looks again.
			found = ""
		}
		if found != s.Endpoint {
			if err := p.Archive.SetEndpoint(ctx, s.URL, found); err != nil {
				return res, nil, err
			}
			// A new endpoint's validators are not the old one's.
			s.ETag, s.LastModified = "", ""
		}
	}
	res.Endpoint = endpoint
	release, err := p.hostSlot(ctx, hostOf(endpoint))
	if err != nil {
		return res, nil, err
	}
	doc, ferr := p.fetcher().Fetch(ctx, endpoint, conditions(s.ETag, s.LastModified))
	release()
	if doc != nil {
		rec.Attempts, rec.Failures, rec.NextPoll = doc.Attempts, doc.Failures, doc.NextPoll
		rec.ETag, rec.LastModified = doc.Validators.ETag, doc.Validators.LastModified
		res.Bytes = len(doc.Body)
	}
	switch {
	case ferr != nil:
		rec.Err = ferr
	case doc.NotModified:
		rec.NotModified, res.NotModified = true, true
		// A 304 revalidates the stored document: the validators it does not repeat (the
		// Last-Modified not sent beside an ETag) still stand.
		if rec.ETag == "" {
			rec.ETag = s.ETag
		}
		if rec.LastModified == "" {
			rec.LastModified = s.LastModified
		}
	default:
		page, perr := p.parse(doc, endpoint)
		if page != nil {
			if err := archive.Emptied(s.LastEntries, page); err != nil {
				page, perr = nil, err
			}
		}
		if page == nil {
			rec.Err, rec.Unreadable = perr, true
		} else {
			// A page with some unreadable entries is still read; the entries are reported in
			// its warnings.
			if perr != nil {
				page.Warn(perr.Error())
			}
			rec.Page = page
		}
	}
	rec.DetectedAt = p.now()
	evs, err := p.Archive.Record(ctx, rec)
	if err != nil {
		return res, nil, err
	}
	res.Err, res.Duration = rec.Err, p.now().Sub(start)
	switch {
	case rec.Err == nil:
		res.State = archive.StateOK
	case rec.Unreadable:
		res.State = archive.StateUnreadable
	default:
		res.State = archive.StateFailing
	}
	return res, evs, nil
}

// conditions are the validators a poll sends: the ETag alone when there is one, since a server
// that has an ETag ignores If-Modified-Since beside If-None-Match (RFC 9110, section 13.2.2),
// and the 50 bytes saved are a tenth of what an unchanged source costs.
func conditions(etag, lastModified string) statusfeed.Validators {
	if etag != "" {
		return statusfeed.Validators{ETag: etag}
	}
	return statusfeed.Validators{LastModified: lastModified}
}

// ErrNotServed is the error of a body that is not what its address serves.
var ErrNotServed = errors.New("poll: the body is not what the source serves")

// parse reads a fetched body, and refuses one that is not what the address serves: HTML from
// a .json or feed address (an error or login page), or a status page with nothing on it.
func (p *Poller) parse(doc *statusfeed.Document, endpoint string) (*statusfeed.Page, error) {
	want := promised(endpoint)
	// The syntax is checked before parsing: an error page costs no parse, and is reported as
	// what it is rather than as a document no parser knows.
	// (A syntax Sniff cannot name, such as UTF-16, is left to the parsers.)
	if f := statusfeed.Sniff(doc.Body[:min(len(doc.Body), statusfeed.SniffLen)], doc.Source); want != "" && f != "" && !fits(f, want) {
		return nil, fmt.Errorf("%w: %s where %s was expected", ErrNotServed, f, want)
	}
	page, err := p.registry().ParseDocument(doc)
	if page == nil {
		return nil, err
	}
	if want != "" && !fits(page.Format, want) {
		return nil, fmt.Errorf("%w: %s where %s was expected", ErrNotServed, page.Format, want)
	}
	if page.Format == statusfeed.FormatHTML && len(page.Components) == 0 && len(page.Incidents) == 0 {
		return nil, fmt.Errorf("%w: an HTML page with no components and no incidents", ErrNotServed)
	}
	return page, err
}

// fits says whether a document's syntax is the one an address promises.
func fits(format, want string) bool {
	return format == want || want == "feed" && (format == statusfeed.FormatAtom || format == statusfeed.FormatRSS)
}

// promised is the syntax an address's name promises.
func promised(addr string) string {
	u, err := url.Parse(addr)
	if err != nil {
		return ""
	}
	switch strings.ToLower(path.Ext(u.Path)) {
	case ".json":
		return statusfeed.FormatJSON
	case ".atom", ".rss", ".xml":
		return "feed"
	}
	return ""
}

// resolve finds the endpoint to poll for a source address: the address itself when it names a
// feed or a JSON document, else what Discover recommends. ok is false when discovery found
// nothing; the address is then returned to be polled as it is.
func (p *Poller) resolve(ctx context.Context, addr string) (endpoint string, ok bool) {
	if promised(addr) != "" {
		return addr, true
	}
	// Discovery's requests count against the host's limit like any other.
	release, err := p.hostSlot(ctx, hostOf(addr))
	if err != nil {
		return addr, false
	}
	defer release()
	d, err := (&statusfeed.Discoverer{Fetcher: p.fetcher()}).Discover(ctx, addr)
	if err == nil && d.Poll != "" {
		return d.Poll, true
	}
	return addr, false
}
