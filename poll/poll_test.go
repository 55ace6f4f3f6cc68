package poll_test

import (
	"context"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/archive"
	"statusfeed.dev/events"
	_ "statusfeed.dev/parsers/all"
	"statusfeed.dev/poll"
	"statusfeed.dev/statusfeed"
)

// clock is a settable time for Poller.Now, so that a test runs many poll intervals at once.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func openSQLite(t testing.TB) *archive.DB {
	t.Helper()
	db, err := archive.Open(context.Background(), filepath.Join(t.TempDir(), "archive.db"))
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

// countingRegistry parses with statusfeed.Default and counts the documents it is given.
func countingRegistry(n *atomic.Int64) *statusfeed.Registry {
	reg := &statusfeed.Registry{}
	reg.Register("counting", statusfeed.ParserFunc(func(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
		n.Add(1)
		return statusfeed.Default.Parse(r, src)
	}), func([]byte, statusfeed.Source) statusfeed.Match { return statusfeed.Generic })
	return reg
}

const interval = time.Minute

// newPoller polls db's sources from the farm, retrying at once instead of waiting.
func newPoller(db *archive.DB, f *farm, c *clock) *poll.Poller {
	return &poll.Poller{
		Archive: db,
		Fetcher: &statusfeed.Fetcher{Client: f.client, Timeout: 5 * time.Second,
			Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }},
		Owner:    "test",
		Interval: interval,
		Now:      c.Now,
	}
}

func addSources(t testing.TB, db *archive.DB, urls ...string) {
	t.Helper()
	for _, u := range urls {
		require.NoError(t, db.AddSource(context.Background(), archive.Source{URL: u, Interval: interval}))
	}
}

func byURL(rs []poll.Result) map[string]poll.Result {
	m := map[string]poll.Result{}
	for _, r := range rs {
		m[r.Source] = r
	}
	return m
}

func eventTypes(evs []events.Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, string(e.Type))
	}
	return out
}

// eventLog collects the events a Poller stores, source by source, from its Recorded.
type eventLog struct {
	mu sync.Mutex
	by map[string][]events.Event
}

func logEvents(p *poll.Poller) *eventLog {
	l := &eventLog{by: map[string][]events.Event{}}
	p.Recorded = func(r poll.Result, evs []events.Event) {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.by[r.Source] = append(l.by[r.Source], evs...)
	}
	return l
}

// take returns the types of the events source's results stored since the last take.
func (l *eventLog) take(source string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	evs := l.by[source]
	delete(l.by, source)
	return eventTypes(evs)
}

var (
	twoComponents = []docComponent{{"cmp000000001", "API", "operational"}, {"cmp000000002", "Dashboard", "degraded_performance"}}
	oneIncident   = []docIncident{{ID: "inc000000001", Title: "Slow dashboard", Updates: []docUpdate{{5, "investigating", "Looking into it."}}}}
	twoEntries    = []docEntry{{"1", "Elevated errors", "Errors are elevated.", 10}, {"2", "Maintenance", "Routers upgraded.", 20}}
)

// A warm cycle over unchanged sources sends conditional requests, gets 304s and parses nothing,
// whichever validator the server uses; a cycle before the interval has passed fetches nothing.
func TestWarmCycleParsesNothing(t *testing.T) {
	f := newFarm(t)
	both := f.add("http://both.farm.test/api/v2/summary.json", summaryJSON("bothpage0001", "Both", twoComponents, oneIncident), "application/json")
	lm := &route{noETag: true}
	lm.set(summaryJSON("lmonlypage01", "LM only", twoComponents, nil), "application/json")
	f.addRoute("http://lm.farm.test/api/v2/summary.json", lm)
	etag := &route{noLM: true}
	etag.set(atomFeed("ETag only", twoEntries), "application/atom+xml")
	f.addRoute("http://etag.farm.test/feed.atom", etag)

	db := openSQLite(t)
	addSources(t, db, "http://both.farm.test/api/v2/summary.json", "http://lm.farm.test/api/v2/summary.json", "http://etag.farm.test/feed.atom")
	var parses atomic.Int64
	c := newClock()
	p := newPoller(db, f, c)
	p.Registry = countingRegistry(&parses)
	log := logEvents(p)
	ctx := context.Background()

	rs, err := p.Poll(ctx)
	require.NoError(t, err)
	require.Len(t, rs, 3)
	for _, r := range rs {
		assert.Equal(t, archive.StateOK, r.State, "%s: %v", r.Source, r.Err)
		assert.False(t, r.NotModified, r.Source)
		assert.NotEmpty(t, log.take(r.Source), "%s: the first reading records its history", r.Source)
	}
	assert.EqualValues(t, 3, parses.Load(), "the cold cycle parses each source")

	rs, err = p.Poll(ctx)
	require.NoError(t, err)
	assert.Empty(t, rs, "nothing is due before the interval has passed")
	assert.EqualValues(t, 3, f.requests.Load())

	c.advance(interval)
	rs, err = p.Poll(ctx)
	require.NoError(t, err)
	require.Len(t, rs, 3)
	for _, r := range rs {
		assert.Equal(t, archive.StateOK, r.State, r.Source)
		assert.True(t, r.NotModified, "%s: answered 304", r.Source)
		assert.Zero(t, r.Bytes, r.Source)
		assert.Empty(t, log.take(r.Source), r.Source)
	}
	assert.EqualValues(t, 3, parses.Load(), "the warm cycle parses nothing")
	for _, r := range []*route{both, lm, etag} {
		assert.EqualValues(t, 1, r.conditional.Load(), "one conditional request each")
		assert.EqualValues(t, 1, r.notModified.Load())
	}

	// A change is fetched and parsed again, and only its news is announced.
	both.set(summaryJSON("bothpage0001", "Both", []docComponent{twoComponents[0], {"cmp000000002", "Dashboard", "operational"}}, oneIncident), "application/json")
	c.advance(interval)
	rs, err = p.Poll(ctx)
	require.NoError(t, err)
	got := byURL(rs)
	changed := got["http://both.farm.test/api/v2/summary.json"]
	assert.False(t, changed.NotModified)
	assert.Equal(t, []string{"component_status_changed"}, log.take(changed.Source))
	assert.EqualValues(t, 4, parses.Load(), "only the changed source is parsed")

	h, err := db.SourceByURL(ctx, "http://lm.farm.test/api/v2/summary.json")
	require.NoError(t, err)
	assert.Equal(t, 3, h.Polls)
	assert.Empty(t, h.ETag)
	assert.NotEmpty(t, h.LastModified, "the Last-Modified validator is kept across 304s")
}

// An HTML error page served with 200 from a .json address makes the source unreadable for that
// cycle and keeps its last good state; the next good answer recovers it.
func TestHTMLErrorPageIsUnreadable(t *testing.T) {
	f := newFarm(t)
	const u = "http://flaky.farm.test/api/v2/summary.json"
	r := f.add(u, summaryJSON("flakypage001", "Flaky", twoComponents, oneIncident), "application/json")
	db := openSQLite(t)
	addSources(t, db, u)
	c := newClock()
	p := newPoller(db, f, c)
	log := logEvents(p)
	ctx := context.Background()

	rs, err := p.Poll(ctx)
	require.NoError(t, err)
	require.Len(t, rs, 1)
	require.Equal(t, archive.StateOK, rs[0].State, "%v", rs[0].Err)
	require.NotEmpty(t, log.take(u), "the first reading records its history")
	before, err := db.SourceByURL(ctx, u)
	require.NoError(t, err)
	pageBefore, err := db.Page(ctx, "Flaky")
	require.NoError(t, err)

	r.setFailure(htmlError)
	c.advance(interval)
	rs, err = p.Poll(ctx)
	require.NoError(t, err)
	require.Len(t, rs, 1)
	assert.Equal(t, archive.StateUnreadable, rs[0].State)
	assert.ErrorIs(t, rs[0].Err, poll.ErrNotServed)
	assert.Equal(t, []string{"source_unreadable"}, log.take(u))

	after, err := db.SourceByURL(ctx, u)
	require.NoError(t, err)
	assert.Equal(t, archive.StateUnreadable, after.State)
	assert.Equal(t, before.LastSuccess, after.LastSuccess)
	assert.Equal(t, before.ETag, after.ETag, "the last good document's validators are kept")
	assert.Equal(t, 1, after.ConsecutiveFailures)
	pageAfter, err := db.Page(ctx, "Flaky")
	require.NoError(t, err)
	assert.Equal(t, pageBefore.Components, pageAfter.Components, "the last good state stands: nothing turned operational")
	assert.Equal(t, pageBefore.Incidents, pageAfter.Incidents)

	r.setFailure(healthy)
	c.advance(interval)
	rs, err = p.Poll(ctx)
	require.NoError(t, err)
	require.Len(t, rs, 1)
	assert.Equal(t, archive.StateOK, rs[0].State)
	assert.True(t, rs[0].NotModified, "the kept validators still match")
	assert.Equal(t, []string{"source_recovered"}, log.take(u))
}

// A feed that comes back empty after having listed entries is unreadable, not "all clear".
func TestEmptiedFeedIsUnreadable(t *testing.T) {
	f := newFarm(t)
	const u = "http://emptied.farm.test/history.atom"
	r := f.add(u, atomFeed("Emptied", twoEntries), "application/atom+xml")
	db := openSQLite(t)
	addSources(t, db, u)
	c := newClock()
	p := newPoller(db, f, c)
	ctx := context.Background()

	rs, err := p.Poll(ctx)
	require.NoError(t, err)
	require.Len(t, rs, 1)
	require.Equal(t, archive.StateOK, rs[0].State, "%v", rs[0].Err)
	before, err := db.Page(ctx, "Emptied")
	require.NoError(t, err)
	require.Len(t, before.Incidents, 2)

	r.set(atomFeed("Emptied", nil), "application/atom+xml")
	c.advance(interval)
	rs, err = p.Poll(ctx)
	require.NoError(t, err)
	require.Len(t, rs, 1)
	assert.Equal(t, archive.StateUnreadable, rs[0].State)
	require.Error(t, rs[0].Err)
	assert.Contains(t, rs[0].Err.Error(), "empty")
	after, err := db.Page(ctx, "Emptied")
	require.NoError(t, err)
	assert.Equal(t, before.Incidents, after.Incidents)
	h, err := db.SourceByURL(ctx, u)
	require.NoError(t, err)
	assert.Equal(t, 2, h.LastEntries, "the last good reading's size stands for the next check")
}

// A source that answers 503 once and then the document is read, and the archive counts the
// retry among its attempts and failures.
func Test503ThenSuccessCountsTheRetry(t *testing.T) {
	f := newFarm(t)
	const u = "http://busy.farm.test/api/v2/summary.json"
	r := f.add(u, summaryJSON("busypage0001", "Busy", twoComponents, nil), "application/json")
	r.setFailure(fail503Once)
	db := openSQLite(t)
	addSources(t, db, u)
	p := newPoller(db, f, newClock())
	var waits atomic.Int32
	p.Fetcher.Sleep = func(ctx context.Context, _ time.Duration) error { waits.Add(1); return ctx.Err() }

	rs, err := p.Poll(context.Background())
	require.NoError(t, err)
	require.Len(t, rs, 1)
	assert.Equal(t, archive.StateOK, rs[0].State, "%v", rs[0].Err)
	assert.NoError(t, rs[0].Err)
	assert.EqualValues(t, 2, r.requests.Load())
	assert.EqualValues(t, 1, waits.Load(), "one backoff before the retry")
	h, err := db.SourceByURL(context.Background(), u)
	require.NoError(t, err)
	assert.Equal(t, 2, h.Attempts)
	assert.Equal(t, 1, h.Failures)
	assert.Equal(t, 0, h.ConsecutiveFailures)
	assert.Equal(t, 1, h.Polls)
}

// However many sources a host has and however many workers are free, at most PerHost requests
// are in flight to it.
func TestPerHostConcurrency(t *testing.T) {
	f := newFarm(t)
	db := openSQLite(t)
	hosts := []string{"a.farm.test", "b.farm.test", "c.farm.test"}
	for _, h := range hosts {
		for i := range 8 {
			u := "http://" + h + "/" + string(rune('a'+i)) + "/feed.atom"
			r := f.add(u, atomFeed("Feed "+h, twoEntries), "application/atom+xml")
			r.delay = 30 * time.Millisecond
			addSources(t, db, u)
		}
	}
	p := newPoller(db, f, newClock())
	p.Concurrency, p.PerHost = 16, 2
	rs, err := p.Poll(context.Background())
	require.NoError(t, err)
	require.Len(t, rs, 24)
	for _, h := range hosts {
		assert.Equal(t, 2, f.maxInflightOf(h), "%s: at most PerHost at once, and the workers did reach it", h)
	}
}

// pollGoroutines lists the goroutines running code of poll, archive or statusfeed, but for the
// archive's background checkpoints, which Open starts and Close ends.
func pollGoroutines() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "created by statusfeed.dev/archive.startCheckpointer") {
			continue
		}
		if strings.Contains(g, "statusfeed.dev/poll.") || strings.Contains(g, "statusfeed.dev/archive.") ||
			strings.Contains(g, "statusfeed.dev/statusfeed.") {
			out = append(out, g)
		}
	}
	return out
}

// settledGoroutines waits a moment for goroutines on their way out to finish (a worker that
// has signalled its WaitGroup may not have returned yet), and returns those left. The moment is
// short beside the work a leaked worker would still be doing, so that a leak shows.
func settledGoroutines() []string {
	var left []string
	for range 20 {
		if left = pollGoroutines(); len(left) == 0 {
			return nil
		}
		time.Sleep(5 * time.Millisecond)
	}
	return left
}

// No goroutine outlives Poll: neither after a cycle that completes, nor after one whose context
// ends while requests hang; and the goroutine count comes back to where it was.
func TestNoGoroutineOutlivesPoll(t *testing.T) {
	f := newFarm(t)
	db := openSQLite(t)
	for i := range 20 {
		u := "http://g" + string(rune('a'+i)) + ".farm.test/feed.atom"
		r := f.add(u, atomFeed("G", twoEntries), "application/atom+xml")
		if i%4 == 0 {
			r.setFailure(stall)
		}
		addSources(t, db, u)
	}
	c := newClock()
	p := newPoller(db, f, c)
	p.Concurrency = 4
	before := runtime.NumGoroutine()

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := p.Poll(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 3*time.Second, "Poll returns soon after its context ends")
	assert.Empty(t, settledGoroutines(), "goroutines left by a cancelled cycle")

	for i := range 20 {
		r := f.route("http://g" + string(rune('a'+i)) + ".farm.test/feed.atom")
		r.setFailure(healthy)
		r.delay = 300 * time.Millisecond // so that a worker left running would still be at work
	}
	c.advance(time.Hour)
	rs, err := p.Poll(context.Background())
	require.NoError(t, err)
	assert.NotEmpty(t, rs)
	assert.Empty(t, settledGoroutines(), "goroutines left by a completed cycle")

	f.client.CloseIdleConnections()
	f.srv.CloseClientConnections()
	n := runtime.NumGoroutine()
	for i := 0; i < 100 && n > before; i++ {
		time.Sleep(10 * time.Millisecond)
		n = runtime.NumGoroutine()
	}
	assert.LessOrEqual(t, n, before, "goroutines before and after")
}

// A status page's address is resolved to its endpoint by discovery, and discovered again after
// RediscoverAfter consecutive failures, when the vendor has moved its feed.
func TestDiscoverAndRediscover(t *testing.T) {
	f := newFarm(t)
	const home = "http://vendor.farm.test/"
	homePage := func(feed string) []byte {
		return []byte(`<!DOCTYPE html><html><head><title>Vendor status</title>
<link rel="alternate" type="application/atom+xml" href="` + feed + `"></head><body><p>All good.</p></body></html>`)
	}
	homeRoute := f.add(home, homePage("/a/feed.atom"), "text/html; charset=utf-8")
	oldFeed := f.add("http://vendor.farm.test/a/feed.atom", atomFeed("Vendor", twoEntries), "application/atom+xml")
	db := openSQLite(t)
	addSources(t, db, home)
	c := newClock()
	p := newPoller(db, f, c)
	log := logEvents(p)
	ctx := context.Background()

	rs, err := p.Poll(ctx)
	require.NoError(t, err)
	require.Len(t, rs, 1)
	assert.Equal(t, archive.StateOK, rs[0].State, "%v", rs[0].Err)
	assert.Equal(t, "http://vendor.farm.test/a/feed.atom", rs[0].Endpoint)
	h, err := db.SourceByURL(ctx, home)
	require.NoError(t, err)
	assert.Equal(t, "http://vendor.farm.test/a/feed.atom", h.Endpoint)
	assert.EqualValues(t, 1, homeRoute.requests.Load())

	// The vendor moves its feed: the old address fails.
	oldFeed.setFailure(status500)
	homeRoute.set(homePage("/b/feed.atom"), "text/html; charset=utf-8")
	newFeed := f.add("http://vendor.farm.test/b/feed.atom", atomFeed("Vendor", twoEntries), "application/atom+xml")
	for i := 1; i <= poll.RediscoverAfter; i++ {
		c.advance(interval)
		rs, err = p.Poll(ctx)
		require.NoError(t, err)
		require.Len(t, rs, 1)
		assert.Equal(t, archive.StateFailing, rs[0].State)
		assert.Equal(t, "http://vendor.farm.test/a/feed.atom", rs[0].Endpoint)
	}
	assert.EqualValues(t, 1, homeRoute.requests.Load(), "no discovery before %d failures", poll.RediscoverAfter)
	require.Contains(t, log.take(home), "source_unreadable", "the old feed's failure")

	c.advance(interval)
	rs, err = p.Poll(ctx)
	require.NoError(t, err)
	require.Len(t, rs, 1)
	assert.Equal(t, archive.StateOK, rs[0].State, "%v", rs[0].Err)
	assert.Equal(t, "http://vendor.farm.test/b/feed.atom", rs[0].Endpoint)
	assert.EqualValues(t, 2, homeRoute.requests.Load(), "discovered again")
	assert.Zero(t, newFeed.conditional.Load(), "the old endpoint's validators are not sent to the new one")
	assert.Equal(t, []string{"source_recovered"}, log.take(home), "the same entries, read from the new feed, are no news")
	h, err = db.SourceByURL(ctx, home)
	require.NoError(t, err)
	assert.Equal(t, "http://vendor.farm.test/b/feed.atom", h.Endpoint)
}

// A status page that cannot be read on its first poll is looked up again on the next: its own
// address is not kept as its endpoint, or the feed it links would never be found.
func TestFirstPollFailureDiscoversAgain(t *testing.T) {
	f := newFarm(t)
	const home = "http://late.farm.test/"
	homeRoute := f.add(home, []byte(`<!DOCTYPE html><html><head><title>Late status</title>
<link rel="alternate" type="application/atom+xml" href="/feed.atom"></head><body><p>All good.</p></body></html>`), "text/html; charset=utf-8")
	f.add("http://late.farm.test/feed.atom", atomFeed("Late", twoEntries), "application/atom+xml")
	homeRoute.setFailure(status500)
	db := openSQLite(t)
	addSources(t, db, home)
	c := newClock()
	p := newPoller(db, f, c)
	ctx := context.Background()

	rs, err := p.Poll(ctx)
	require.NoError(t, err)
	require.Len(t, rs, 1)
	assert.NotEqual(t, archive.StateOK, rs[0].State)
	h, err := db.SourceByURL(ctx, home)
	require.NoError(t, err)
	assert.Empty(t, h.Endpoint, "nothing found, nothing kept")

	homeRoute.setFailure(healthy)
	c.advance(interval)
	rs, err = p.Poll(ctx)
	require.NoError(t, err)
	require.Len(t, rs, 1)
	assert.Equal(t, archive.StateOK, rs[0].State, "%v", rs[0].Err)
	assert.Equal(t, "http://late.farm.test/feed.atom", rs[0].Endpoint)
}

// memStore is a Store of the test's own: a Poller needs no more of an archive than Store says.
type memStore struct {
	sources []archive.SourceHealth
	results []archive.Result
}

func (m *memStore) Lease(_ context.Context, _ string, _ time.Time, limit int, _, _ time.Duration) ([]archive.SourceHealth, error) {
	n := min(limit, len(m.sources))
	out := m.sources[:n]
	m.sources = m.sources[n:]
	return out, nil
}

func (m *memStore) SetEndpoint(context.Context, string, string) error { return nil }

func (m *memStore) Record(_ context.Context, r archive.Result) ([]events.Event, error) {
	m.results = append(m.results, r)
	return nil, nil
}

func TestPollerOverAnotherStore(t *testing.T) {
	f := newFarm(t)
	const u = "http://own.farm.test/history.atom"
	f.add(u, atomFeed("Own", twoEntries), "application/atom+xml")
	st := &memStore{sources: []archive.SourceHealth{{Source: archive.Source{URL: u, Endpoint: u}}}}
	p := &poll.Poller{Archive: st, Fetcher: &statusfeed.Fetcher{Client: f.client}, Owner: "test", Now: newClock().Now}
	rs, err := p.Poll(context.Background())
	require.NoError(t, err)
	require.Len(t, rs, 1)
	require.Len(t, st.results, 1)
	got := st.results[0]
	assert.Equal(t, u, got.URL)
	require.NotNil(t, got.Page, "%v", got.Err)
	assert.Equal(t, "Own", got.Page.Name)
	assert.Len(t, got.Page.Incidents, 2)
	assert.NotEmpty(t, got.ETag+got.LastModified, "the validators to send next time")
}

// A source that failed last cycle is polled first in the next, so that its retries and
// timeouts overlap the rest of the cycle rather than trailing it.
func TestFailingSourcesStartFirst(t *testing.T) {
	f := newFarm(t)
	db := openSQLite(t)
	var urls []string
	for _, h := range []string{"a", "b", "c", "z"} {
		u := "http://" + h + ".farm.test/history.atom"
		r := f.add(u, atomFeed("Feed "+h, twoEntries), "application/atom+xml")
		if h == "z" {
			r.setFailure(status500)
		}
		urls = append(urls, u)
	}
	addSources(t, db, urls...)
	c := newClock()
	p := newPoller(db, f, c)
	p.Concurrency = 1
	ctx := context.Background()
	_, err := p.Poll(ctx)
	require.NoError(t, err)
	f.hitsMu.Lock()
	assert.Equal(t, "a.farm.test", f.hits[0], "sources in order on the first cycle")
	f.hits = nil
	f.hitsMu.Unlock()

	c.advance(interval)
	rs, err := p.Poll(ctx)
	require.NoError(t, err)
	require.Len(t, rs, 4)
	f.hitsMu.Lock()
	defer f.hitsMu.Unlock()
	require.NotEmpty(t, f.hits)
	assert.Equal(t, "z.farm.test", f.hits[0], "the source that failed starts the next cycle")
}

// Each result is handed to Recorded as soon as it is stored, so a caller can deliver its events
// while a vendor that hangs is still being waited for, not when the cycle ends.
func TestRecordedBeforeTheCycleEnds(t *testing.T) {
	f := newFarm(t)
	db := openSQLite(t)
	const quick, hung = "http://quick.farm.test/history.atom", "http://hung.farm.test/history.atom"
	f.add(quick, atomFeed("Quick", twoEntries), "application/atom+xml")
	f.add(hung, atomFeed("Hung", twoEntries), "application/atom+xml").setFailure(stall)
	addSources(t, db, hung, quick)
	p := newPoller(db, f, newClock())
	p.Fetcher.Timeout, p.Fetcher.MaxAttempts = 2*time.Second, 1
	type recording struct {
		poll.Result
		events []events.Event
	}
	recorded := make(chan recording, 2)
	p.Recorded = func(r poll.Result, evs []events.Event) { recorded <- recording{r, evs} }
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, err := p.Poll(context.Background())
		assert.NoError(t, err)
	}()
	select {
	case r := <-recorded:
		assert.Equal(t, quick, r.Source)
		assert.NotEmpty(t, r.events, "with the events it stored")
		select {
		case <-done:
			t.Fatal("the cycle ended before its first result was handed over")
		default:
		}
	case <-done:
		t.Fatal("the cycle ended before any result was handed over")
	}
	<-done
	r := <-recorded
	assert.Equal(t, hung, r.Source)
	assert.Equal(t, archive.StateFailing, r.State)
}
