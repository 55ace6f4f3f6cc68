package statusfeed_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/statusfeed"
)

// noHang bounds every test that waits on a timeout: generous, it only proves nothing hangs.
const noHang = 5 * time.Second

const feedBody = `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>`

// fakeClock is a Fetcher's injected time: Sleep records the waits and returns at once.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func (c *fakeClock) fetcher(client *http.Client) *statusfeed.Fetcher {
	c.now = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	return &statusfeed.Fetcher{
		Client: client,
		Now:    func() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now },
		Sleep: func(ctx context.Context, d time.Duration) error {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.sleeps = append(c.sleeps, d)
			c.now = c.now.Add(d)
			return ctx.Err()
		},
		Rand: func() float64 { return 0 },
	}
}

// handler answers the nth request a server sees (from 1).
type handler func(w http.ResponseWriter, r *http.Request, nth int32)

// server answers with h and counts the requests it sees.
func server(t *testing.T, h handler) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h(w, r, n.Add(1))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// failOnce answers the first request with status and headers, then serves feedBody.
func failOnce(status int, headers ...string) handler {
	return func(w http.ResponseWriter, r *http.Request, nth int32) {
		if nth == 1 {
			for i := 0; i+1 < len(headers); i += 2 {
				w.Header().Set(headers[i], headers[i+1])
			}
			http.Error(w, http.StatusText(status), status)
			return
		}
		_, _ = w.Write([]byte(feedBody))
	}
}

// saysOnce checks that an error message names the address and the package once each.
func saysOnce(t *testing.T, err error, url string) {
	t.Helper()
	require.Error(t, err)
	msg := err.Error()
	assert.Equal(t, 1, strings.Count(msg, url), "the address once: %s", msg)
	assert.Equal(t, 1, strings.Count(msg, "statusfeed"), "the prefix once: %s", msg)
}

func TestFetch(t *testing.T) {
	var gotUA, gotAE, gotAccept string
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request, nth int32) {
		gotUA, gotAE, gotAccept = r.Header.Get("User-Agent"), r.Header.Get("Accept-Encoding"), r.Header.Get("Accept")
		switch r.URL.Path {
		case "/ok":
			w.Header().Set("Content-Type", "application/atom+xml")
			_, _ = w.Write([]byte("<feed/>"))
		case "/moved":
			http.Redirect(w, r, "/ok", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	})
	ctx := context.Background()

	doc, err := statusfeed.Fetch(ctx, srv.Client(), srv.URL+"/moved")
	require.NoError(t, err)
	assert.Equal(t, "<feed/>", string(doc.Body))
	assert.Equal(t, srv.URL+"/ok", doc.Source.URL, "the final URL after redirects")
	assert.Equal(t, srv.URL+"/moved", doc.Source.Name, "the address asked for")
	assert.Equal(t, "application/atom+xml", doc.Source.ContentType)
	assert.Equal(t, 2, doc.Requests, "the redirect is a request")
	assert.Equal(t, statusfeed.UserAgent, gotUA)
	assert.Contains(t, gotUA, "statusfeed/"+statusfeed.Version)
	assert.Equal(t, "gzip, br", gotAE)
	for _, typ := range []string{"application/atom+xml", "application/rss+xml", "application/json", "text/html", "*/*"} {
		assert.Contains(t, gotAccept, typ, "Accept names every syntax statusfeed reads, and any other")
	}
	assert.Less(t, strings.Index(gotAccept, "application/atom+xml"), strings.Index(gotAccept, "text/html;q="),
		"a server that negotiates is asked for the feed before the page")

	f := &statusfeed.Fetcher{Client: srv.Client(), UserAgent: "acme-monitor/2"}
	_, err = f.Fetch(ctx, srv.URL+"/ok", statusfeed.Validators{})
	require.NoError(t, err)
	assert.Equal(t, "acme-monitor/2", gotUA)

	doc, err = statusfeed.Fetch(ctx, srv.Client(), srv.URL+"/gone")
	assert.Nil(t, doc, "the package-level Fetch returns no document on failure")
	var he *statusfeed.HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, http.StatusNotFound, he.StatusCode)
	assert.Equal(t, "text/plain; charset=utf-8", he.Header.Get("Content-Type"))
	assert.Equal(t, "statusfeed: GET "+srv.URL+"/gone: 404 Not Found", err.Error())

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = statusfeed.Fetch(cctx, srv.Client(), srv.URL+"/ok")
	assert.ErrorIs(t, err, context.Canceled)
	saysOnce(t, err, srv.URL+"/ok")

	_, err = statusfeed.Fetch(ctx, srv.Client(), "ftp://example.com/x")
	assert.ErrorContains(t, err, "not an http or https address")
}

// An ETag and a Last-Modified round trip: the warm fetch sends them back, and the 304 costs no
// body.
func TestFetchConditional(t *testing.T) {
	for _, tc := range []struct {
		name, validator, header, conditional string
		get                                  func(statusfeed.Validators) string
	}{
		{"etag", `W/"v1"`, "ETag", "If-None-Match", func(v statusfeed.Validators) string { return v.ETag }},
		{"last-modified", "Sat, 01 Mar 2025 10:00:00 GMT", "Last-Modified", "If-Modified-Since",
			func(v statusfeed.Validators) string { return v.LastModified }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var seen []string
			srv, _ := server(t, func(w http.ResponseWriter, r *http.Request, nth int32) {
				seen = append(seen, r.Header.Get(tc.conditional))
				w.Header().Set("Cache-Control", "max-age=60")
				if r.Header.Get(tc.conditional) == tc.validator {
					w.WriteHeader(http.StatusNotModified) // and no validator: the client keeps its own
					return
				}
				w.Header().Set(tc.header, tc.validator)
				_, _ = w.Write([]byte(feedBody))
			})
			var clock fakeClock
			f := clock.fetcher(srv.Client())

			cold, err := f.Fetch(context.Background(), srv.URL, statusfeed.Validators{})
			require.NoError(t, err)
			assert.False(t, cold.NotModified)
			assert.Equal(t, feedBody, string(cold.Body))
			assert.Equal(t, tc.validator, tc.get(cold.Validators))
			assert.Equal(t, clock.now.Add(time.Minute), cold.NextPoll, "max-age is a lower bound on the next poll")

			warm, err := f.Fetch(context.Background(), srv.URL, cold.Validators)
			require.NoError(t, err)
			assert.True(t, warm.NotModified)
			assert.Nil(t, warm.Body)
			assert.Equal(t, http.StatusNotModified, warm.StatusCode)
			assert.Equal(t, cold.Validators, warm.Validators, "the validators carry over a 304 that repeats none")
			assert.Equal(t, []string{"", tc.validator}, seen, "the server saw the validator on the warm fetch only")
			assert.Equal(t, 1, warm.Attempts)
			assert.Zero(t, warm.Failures)
		})
	}
}

// A 304 to a request that asked for none is the server's error, not "unchanged".
func TestFetchUnaskedNotModified(t *testing.T) {
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request, nth int32) { w.WriteHeader(http.StatusNotModified) })
	doc, err := (&statusfeed.Fetcher{Client: srv.Client()}).Fetch(context.Background(), srv.URL, statusfeed.Validators{})
	var he *statusfeed.HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, http.StatusNotModified, he.StatusCode)
	assert.False(t, doc.NotModified)
}

func TestFetchRetryAfter(t *testing.T) {
	t.Run("seconds", func(t *testing.T) {
		srv, n := server(t, failOnce(http.StatusTooManyRequests, "Retry-After", "2"))
		var clock fakeClock
		f := clock.fetcher(srv.Client())
		start := clock.now
		doc, err := f.Fetch(context.Background(), srv.URL, statusfeed.Validators{})
		require.NoError(t, err)
		assert.Equal(t, []time.Duration{2 * time.Second}, clock.sleeps, "the retry waits what Retry-After asks, not the shorter backoff")
		assert.Equal(t, 2*time.Second, doc.RetryAfter, "the hint is reported")
		assert.Equal(t, start.Add(2*time.Second), doc.NextPoll)
		assert.Equal(t, 2, doc.Attempts)
		assert.Equal(t, 1, doc.Failures)
		assert.Equal(t, int32(2), n.Load())
	})

	t.Run("date", func(t *testing.T) {
		// The server's clock is an hour off ours: the wait is measured on its own clock.
		serverNow := time.Date(2025, 3, 1, 13, 0, 0, 0, time.UTC)
		srv, _ := server(t, failOnce(http.StatusServiceUnavailable, "Date", serverNow.Format(http.TimeFormat),
			"Retry-After", serverNow.Add(3*time.Second).Format(http.TimeFormat)))
		var clock fakeClock
		doc, err := clock.fetcher(srv.Client()).Fetch(context.Background(), srv.URL, statusfeed.Validators{})
		require.NoError(t, err)
		assert.Equal(t, []time.Duration{3 * time.Second}, clock.sleeps)
		assert.Equal(t, 3*time.Second, doc.RetryAfter)
	})

	t.Run("longer than MaxDelay", func(t *testing.T) {
		srv, n := server(t, func(w http.ResponseWriter, r *http.Request, nth int32) {
			w.Header().Set("Retry-After", "3600")
			w.Header().Set("X-Internal", "dropped")
			http.Error(w, "quota exceeded", http.StatusTooManyRequests)
		})
		var clock fakeClock
		f := clock.fetcher(srv.Client())
		doc, err := f.Fetch(context.Background(), srv.URL, statusfeed.Validators{})
		var he *statusfeed.HTTPError
		require.ErrorAs(t, err, &he)
		assert.Empty(t, clock.sleeps, "an hour is not waited inside Fetch")
		assert.Equal(t, int32(1), n.Load())
		assert.Equal(t, time.Hour, he.RetryAfter)
		assert.Equal(t, "3600", he.Header.Get("Retry-After"))
		assert.Empty(t, he.Header.Get("X-Internal"), "only the headers that matter are kept")
		assert.Equal(t, clock.now.Add(time.Hour), doc.NextPoll, "the poller is told when to come back")
		assert.Equal(t, 1, doc.Attempts)
		assert.Equal(t, 1, doc.Failures)
		assert.Equal(t, "statusfeed: GET "+srv.URL+": 429 Too Many Requests, retry after 1h0m0s", err.Error())
	})
}

func TestFetchRetries(t *testing.T) {
	t.Run("503 then success", func(t *testing.T) {
		srv, _ := server(t, failOnce(http.StatusServiceUnavailable))
		var clock fakeClock
		doc, err := clock.fetcher(srv.Client()).Fetch(context.Background(), srv.URL, statusfeed.Validators{})
		require.NoError(t, err)
		assert.Equal(t, feedBody, string(doc.Body))
		assert.Equal(t, 2, doc.Attempts)
		assert.Equal(t, 1, doc.Failures, "the retry does not hide the failure")
		assert.Equal(t, 2, doc.Requests)
		assert.Equal(t, []time.Duration{statusfeed.DefaultBaseDelay / 2}, clock.sleeps)
	})

	t.Run("always failing", func(t *testing.T) {
		srv, n := server(t, func(w http.ResponseWriter, r *http.Request, nth int32) { http.Error(w, "down", http.StatusBadGateway) })
		var clock fakeClock
		f := clock.fetcher(srv.Client())
		f.MaxAttempts, f.BaseDelay = 4, 100*time.Millisecond
		f.Rand = func() float64 { return 0.5 }
		doc, err := f.Fetch(context.Background(), srv.URL, statusfeed.Validators{})
		require.Error(t, err)
		assert.Equal(t, int32(4), n.Load())
		assert.Equal(t, 4, doc.Attempts)
		assert.Equal(t, 4, doc.Failures)
		// Exponential, with the upper half jittered: 75% of 100, 200 and 400 ms.
		assert.Equal(t, []time.Duration{75 * time.Millisecond, 150 * time.Millisecond, 300 * time.Millisecond}, clock.sleeps)
		assert.Equal(t, "statusfeed: GET "+srv.URL+": 502 Bad Gateway (4 attempts)", err.Error())
		var fe *statusfeed.FetchError
		require.ErrorAs(t, err, &fe)
		assert.Equal(t, 4, fe.Attempts)
	})

	t.Run("backoff is capped", func(t *testing.T) {
		srv, _ := server(t, func(w http.ResponseWriter, r *http.Request, nth int32) {
			http.Error(w, "down", http.StatusInternalServerError)
		})
		var clock fakeClock
		f := clock.fetcher(srv.Client())
		f.MaxAttempts, f.BaseDelay, f.MaxDelay = 6, time.Second, 3*time.Second
		f.Rand = func() float64 { return 0.999999 }
		_, err := f.Fetch(context.Background(), srv.URL, statusfeed.Validators{})
		require.Error(t, err)
		require.Len(t, clock.sleeps, 5)
		for i, want := range []time.Duration{time.Second, 2 * time.Second, 3 * time.Second, 3 * time.Second, 3 * time.Second} {
			assert.InDelta(t, want, clock.sleeps[i], float64(time.Millisecond), "wait %d", i)
		}
	})

	t.Run("4xx is not retried", func(t *testing.T) {
		srv, n := server(t, func(w http.ResponseWriter, r *http.Request, nth int32) { http.Error(w, "no", http.StatusForbidden) })
		var clock fakeClock
		doc, err := clock.fetcher(srv.Client()).Fetch(context.Background(), srv.URL, statusfeed.Validators{})
		require.Error(t, err)
		assert.Equal(t, int32(1), n.Load())
		assert.Equal(t, 1, doc.Attempts)
		assert.Empty(t, clock.sleeps)
	})

	t.Run("connection refused", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		addr := srv.URL + "/feed"
		srv.Close()
		var clock fakeClock
		doc, err := clock.fetcher(srv.Client()).Fetch(context.Background(), addr, statusfeed.Validators{})
		assert.Equal(t, statusfeed.DefaultMaxAttempts, doc.Attempts, "connection errors are retried")
		assert.Equal(t, statusfeed.DefaultMaxAttempts, doc.Failures)
		assert.Zero(t, doc.StatusCode)
		saysOnce(t, err, addr)
		assert.Contains(t, err.Error(), "connection refused")
	})

	t.Run("the wait honors cancellation", func(t *testing.T) {
		srv, n := server(t, func(w http.ResponseWriter, r *http.Request, nth int32) {
			http.Error(w, "down", http.StatusServiceUnavailable)
		})
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		f := &statusfeed.Fetcher{Client: srv.Client(), BaseDelay: time.Hour, MaxDelay: 2 * time.Hour}
		start := time.Now()
		doc, err := f.Fetch(ctx, srv.URL, statusfeed.Validators{})
		assert.Less(t, time.Since(start), noHang)
		assert.ErrorIs(t, err, context.Canceled)
		var he *statusfeed.HTTPError
		assert.ErrorAs(t, err, &he, "the failure that was to be retried is still told")
		assert.Equal(t, int32(1), n.Load())
		assert.Equal(t, 1, doc.Failures)
		saysOnce(t, err, srv.URL)
	})

	t.Run("no retry past the deadline", func(t *testing.T) {
		srv, n := server(t, func(w http.ResponseWriter, r *http.Request, nth int32) {
			http.Error(w, "down", http.StatusServiceUnavailable)
		})
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		f := &statusfeed.Fetcher{Client: srv.Client(), BaseDelay: time.Hour, MaxDelay: 2 * time.Hour}
		_, err := f.Fetch(ctx, srv.URL, statusfeed.Validators{})
		var he *statusfeed.HTTPError
		require.ErrorAs(t, err, &he, "the real failure, not the deadline")
		assert.NotErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, int32(1), n.Load())
	})
}

// waitGone blocks a handler until the client goes away (or noHang passes), so that the
// server's Close does not wait on it.
func waitGone(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(noHang):
	}
}

func TestFetchTimeout(t *testing.T) {
	t.Run("slow headers", func(t *testing.T) {
		srv, n := server(t, func(w http.ResponseWriter, r *http.Request, nth int32) { waitGone(r) })
		var clock fakeClock
		f := clock.fetcher(srv.Client())
		f.Timeout, f.MaxAttempts = 100*time.Millisecond, 2
		start := time.Now()
		doc, err := f.Fetch(context.Background(), srv.URL, statusfeed.Validators{})
		assert.Less(t, time.Since(start), noHang)
		assert.ErrorIs(t, err, statusfeed.ErrTimeout)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 2, doc.Attempts, "a timeout is retried")
		assert.Equal(t, int32(2), n.Load())
		assert.Equal(t, "statusfeed: GET "+srv.URL+": timed out after 100ms (2 attempts)", err.Error())
	})

	t.Run("trickling body", func(t *testing.T) {
		srv, _ := server(t, func(w http.ResponseWriter, r *http.Request, nth int32) {
			w.Header().Set("Content-Type", "application/atom+xml")
			for i := 0; i < 10; i++ {
				if _, err := w.Write([]byte("<")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(time.Second):
				}
			}
		})
		f := &statusfeed.Fetcher{Client: srv.Client(), Timeout: 300 * time.Millisecond, MaxAttempts: 1}
		start := time.Now()
		_, err := f.Fetch(context.Background(), srv.URL, statusfeed.Validators{})
		assert.Less(t, time.Since(start), noHang, "the timeout covers the body, not only the headers")
		assert.ErrorIs(t, err, statusfeed.ErrTimeout)
		saysOnce(t, err, srv.URL)
	})

	t.Run("the client's own timeout", func(t *testing.T) {
		srv, _ := server(t, func(w http.ResponseWriter, r *http.Request, nth int32) { waitGone(r) })
		client := srv.Client()
		client.Timeout = 100 * time.Millisecond
		f := &statusfeed.Fetcher{Client: client, MaxAttempts: 1}
		_, err := f.Fetch(context.Background(), srv.URL, statusfeed.Validators{})
		assert.ErrorIs(t, err, statusfeed.ErrTimeout)
		saysOnce(t, err, srv.URL)
	})
}

func gzipped(t *testing.T, data []byte) []byte {
	return compress(t, data, func(w io.Writer) io.WriteCloser { return gzip.NewWriter(w) })
}

func brotlied(t *testing.T, data []byte) []byte {
	return compress(t, data, func(w io.Writer) io.WriteCloser { return brotli.NewWriter(w) })
}

func compress(t *testing.T, data []byte, newWriter func(io.Writer) io.WriteCloser) []byte {
	var buf bytes.Buffer
	zw := newWriter(&buf)
	_, err := zw.Write(data)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// encodedServer serves body with the given Content-Encoding.
func encodedServer(t *testing.T, encoding string, body []byte) *httptest.Server {
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request, nth int32) {
		if encoding != "" {
			w.Header().Set("Content-Encoding", encoding)
		}
		w.Header().Set("Content-Type", "application/atom+xml")
		_, _ = w.Write(body)
	})
	return srv
}

func TestFetchDecodes(t *testing.T) {
	for _, tc := range []struct {
		encoding string
		body     []byte
	}{
		{"br", brotlied(t, []byte(feedBody))},
		{"gzip", gzipped(t, []byte(feedBody))},
		{"x-gzip", gzipped(t, []byte(feedBody))},
		{"gzip, br", brotlied(t, gzipped(t, []byte(feedBody)))}, // applied in order: gzip, then br
		{"identity", []byte(feedBody)},
	} {
		t.Run(tc.encoding, func(t *testing.T) {
			srv := encodedServer(t, tc.encoding, tc.body)
			doc, err := statusfeed.Fetch(context.Background(), srv.Client(), srv.URL)
			require.NoError(t, err)
			assert.Equal(t, feedBody, string(doc.Body))
		})
	}

	t.Run("corrupt gzip is not retried", func(t *testing.T) {
		var n atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n.Add(1)
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write([]byte(feedBody))
		}))
		defer srv.Close()
		_, err := statusfeed.Fetch(context.Background(), srv.Client(), srv.URL)
		assert.ErrorContains(t, err, "decoding gzip body")
		assert.Equal(t, int32(1), n.Load())
		saysOnce(t, err, srv.URL)
	})

	t.Run("unknown encoding", func(t *testing.T) {
		srv := encodedServer(t, "zstd", []byte("whatever"))
		_, err := statusfeed.Fetch(context.Background(), srv.Client(), srv.URL)
		assert.EqualError(t, err, "statusfeed: GET "+srv.URL+`: unsupported Content-Encoding "zstd"`)
	})
}

// A gzip bomb: 10 MB of zeros in about 10 KB. The 1 MB cap holds on the decoded bytes, and
// reading stops there: the fetch allocates far less than the decoded size.
func TestFetchGzipBomb(t *testing.T) {
	const decoded, limit = 10 << 20, 1 << 20
	// Ten gzip members of 1 MB each: one gzip stream as RFC 1952 allows, quicker to make.
	bomb := bytes.Repeat(gzipped(t, make([]byte, decoded/10)), 10)
	require.Less(t, len(bomb), limit/10, "the compressed body is small: only decoding makes it large")
	srv := encodedServer(t, "gzip", bomb)
	f := &statusfeed.Fetcher{Client: srv.Client(), MaxSize: limit}

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	doc, err := f.Fetch(context.Background(), srv.URL, statusfeed.Validators{})
	runtime.ReadMemStats(&after)

	require.ErrorIs(t, err, statusfeed.ErrTooLarge)
	assert.Nil(t, doc.Body)
	assert.Equal(t, 1, doc.Attempts, "a document too large is not retried")
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %d KiB to refuse %d KiB", allocated>>10, decoded>>10)
	assert.Less(t, allocated, uint64(3*limit), "allocation is bounded by the cap, well under the decoded size")
	assert.Equal(t, fmt.Sprintf("statusfeed: GET %s: document too large (over %d bytes once gzip-decoded)", srv.URL, limit), err.Error())
}

func TestFetchTooLarge(t *testing.T) {
	const limit = 1 << 10
	big := bytes.Repeat([]byte("x"), 4*limit)
	t.Run("brotli", func(t *testing.T) {
		srv := encodedServer(t, "br", brotlied(t, big))
		_, err := (&statusfeed.Fetcher{Client: srv.Client(), MaxSize: limit}).Fetch(context.Background(), srv.URL, statusfeed.Validators{})
		assert.ErrorIs(t, err, statusfeed.ErrTooLarge)
	})
	t.Run("plain, with Content-Length", func(t *testing.T) {
		srv := encodedServer(t, "", big)
		_, err := (&statusfeed.Fetcher{Client: srv.Client(), MaxSize: limit}).Fetch(context.Background(), srv.URL, statusfeed.Validators{})
		assert.ErrorIs(t, err, statusfeed.ErrTooLarge)
		assert.Equal(t, fmt.Sprintf("statusfeed: GET %s: document too large (over %d bytes)", srv.URL, limit), err.Error())
	})
	t.Run("plain, chunked", func(t *testing.T) {
		srv, _ := server(t, func(w http.ResponseWriter, r *http.Request, nth int32) {
			for i := 0; i < 4; i++ {
				_, _ = w.Write(big[:limit])
				w.(http.Flusher).Flush() // no Content-Length: the cap is found by reading
			}
		})
		_, err := (&statusfeed.Fetcher{Client: srv.Client(), MaxSize: limit}).Fetch(context.Background(), srv.URL, statusfeed.Validators{})
		assert.ErrorIs(t, err, statusfeed.ErrTooLarge)
	})
	t.Run("exactly the limit", func(t *testing.T) {
		srv := encodedServer(t, "gzip", gzipped(t, big[:limit]))
		doc, err := (&statusfeed.Fetcher{Client: srv.Client(), MaxSize: limit}).Fetch(context.Background(), srv.URL, statusfeed.Validators{})
		require.NoError(t, err)
		assert.Len(t, doc.Body, limit)
	})
}

func TestFetchRedirects(t *testing.T) {
	t.Run("loop", func(t *testing.T) {
		srv, n := server(t, func(w http.ResponseWriter, r *http.Request, nth int32) {
			http.Redirect(w, r, map[string]string{"/a": "/b", "/b": "/a"}[r.URL.Path], http.StatusFound)
		})
		f := &statusfeed.Fetcher{Client: srv.Client(), MaxRedirects: 5}
		doc, err := f.Fetch(context.Background(), srv.URL+"/a", statusfeed.Validators{})
		require.ErrorIs(t, err, statusfeed.ErrTooManyRedirects)
		assert.Equal(t, int32(6), n.Load(), "the request and 5 redirects")
		assert.Equal(t, 6, doc.Requests, "every redirect counted")
		assert.Equal(t, 1, doc.Attempts, "a refused redirect is not retried")
		assert.Equal(t, "statusfeed: GET "+srv.URL+"/a: redirect to "+srv.URL+"/a: too many redirects (over 5)", err.Error())
	})

	t.Run("default limit", func(t *testing.T) {
		srv, n := server(t, func(w http.ResponseWriter, r *http.Request, nth int32) {
			http.Redirect(w, r, r.URL.Path+"x", http.StatusMovedPermanently)
		})
		_, err := statusfeed.Fetch(context.Background(), srv.Client(), srv.URL+"/")
		require.ErrorIs(t, err, statusfeed.ErrTooManyRedirects)
		assert.Equal(t, int32(1+statusfeed.DefaultMaxRedirects), n.Load())
	})

	t.Run("none allowed", func(t *testing.T) {
		srv, n := server(t, func(w http.ResponseWriter, r *http.Request, nth int32) {
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
		})
		_, err := (&statusfeed.Fetcher{Client: srv.Client(), MaxRedirects: -1}).Fetch(context.Background(), srv.URL, statusfeed.Validators{})
		require.ErrorIs(t, err, statusfeed.ErrTooManyRedirects)
		assert.Equal(t, int32(1), n.Load())
	})

	t.Run("the client's own policy still applies", func(t *testing.T) {
		srv, _ := server(t, func(w http.ResponseWriter, r *http.Request, nth int32) {
			if r.URL.Path == "/" {
				http.Redirect(w, r, "/private", http.StatusFound)
			}
		})
		client := srv.Client()
		errPrivate := errors.New("not there")
		client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
			if req.URL.Path == "/private" {
				return errPrivate
			}
			return nil
		}
		_, err := (&statusfeed.Fetcher{Client: client}).Fetch(context.Background(), srv.URL, statusfeed.Validators{})
		assert.ErrorIs(t, err, errPrivate)
		assert.EqualError(t, err, "statusfeed: GET "+srv.URL+": redirect to "+srv.URL+"/private: not there")
	})
}
