package poll_test

import (
	"context"
	"fmt"
	"hash/fnv"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// farm is a loopback server that plays many vendors. Each source has its own host name
// (s17.farm.test): the client's dialer sends every name to the one listener, so that per-host
// limits and connection pools behave as they would across real vendors, and nothing leaves the
// machine.
type farm struct {
	srv    *httptest.Server
	client *http.Client

	mu     sync.RWMutex
	routes map[string]*route // by host + path

	// Concurrency seen per Host header.
	inflightMu  sync.Mutex
	inflight    map[string]int
	maxInflight map[string]int

	hitsMu sync.Mutex
	hits   []string // the hosts asked, in order

	requests, notModified, bodyBytes atomic.Int64
	wire                             atomic.Int64 // bytes on the wire both ways, headers included
}

// countingListener counts the bytes its connections carry both ways.
type countingListener struct {
	net.Listener
	n *atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, n: l.n}, nil
}

type countingConn struct {
	net.Conn
	n *atomic.Int64
}

func (c *countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func (c *countingConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.n.Add(int64(n))
	return n, err
}

// failure is how a route misbehaves.
type failure int

const (
	healthy     failure = iota
	stall               // answers nothing until the client gives up
	status500           // 500 Internal Server Error
	htmlError           // 200 with an HTML error page
	truncated           // a body cut short of its Content-Length
	reset               // the connection reset before any answer
	fail503Once         // 503 on the first request, then healthy
)

var failureNames = map[failure]string{healthy: "healthy", stall: "timeout", status500: "500", htmlError: "html",
	truncated: "truncated", reset: "reset", fail503Once: "503-once"}

func (f failure) String() string { return failureNames[f] }

// route is one document the farm serves, with its validators.
type route struct {
	mu           sync.Mutex
	body         []byte
	contentType  string
	etag         string // "" when the route sends none
	lastModified string // "" when the route sends none
	noETag       bool   // send only Last-Modified
	noLM         bool   // send only ETag
	fail         failure
	delay        time.Duration // before answering

	requests, conditional, notModified atomic.Int64
}

const farmErrorPage = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1>
<p>The upstream server is temporarily unavailable. Please try again later.</p></body></html>`

// set replaces the route's document; its validators change with it.
func (r *route) set(body []byte, contentType string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.body, r.contentType = body, contentType
	h := fnv.New64a()
	h.Write(body)
	r.etag = fmt.Sprintf(`"%x"`, h.Sum64())
	if r.noETag {
		r.etag = ""
	}
	r.lastModified = time.Now().UTC().Add(time.Duration(h.Sum64()%1000) * time.Second).Format(http.TimeFormat)
	if r.noLM {
		r.lastModified = ""
	}
}

func (r *route) setFailure(f failure) {
	r.mu.Lock()
	r.fail = f
	r.mu.Unlock()
}

func newFarm(t testing.TB) *farm {
	f := &farm{routes: map[string]*route{}, inflight: map[string]int{}, maxInflight: map[string]int{}}
	f.srv = httptest.NewUnstartedServer(http.HandlerFunc(f.serve))
	f.srv.Listener = &countingListener{Listener: f.srv.Listener, n: &f.wire}
	f.srv.Start()
	t.Cleanup(f.srv.Close)
	f.client = f.newClient(t)
	return f
}

// newClient returns a client whose transport has http.DefaultTransport's settings (what a
// Poller uses by default) but dials the farm whatever the host name.
func (f *farm) newClient(t testing.TB) *http.Client {
	addr := f.srv.Listener.Addr().String()
	var d net.Dialer
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return d.DialContext(ctx, network, addr)
	}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// add serves body at rawURL (http://HOST/PATH) and returns its route.
func (f *farm) add(rawURL string, body []byte, contentType string) *route {
	r := &route{}
	r.set(body, contentType)
	f.mu.Lock()
	f.routes[strings.TrimPrefix(rawURL, "http://")] = r
	f.mu.Unlock()
	return r
}

// addRoute serves r at rawURL.
func (f *farm) addRoute(rawURL string, r *route) {
	f.mu.Lock()
	f.routes[strings.TrimPrefix(rawURL, "http://")] = r
	f.mu.Unlock()
}

func (f *farm) route(rawURL string) *route {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.routes[strings.TrimPrefix(rawURL, "http://")]
}

func (f *farm) maxInflightOf(host string) int {
	f.inflightMu.Lock()
	defer f.inflightMu.Unlock()
	return f.maxInflight[host]
}

func (f *farm) serve(w http.ResponseWriter, req *http.Request) {
	f.requests.Add(1)
	f.hitsMu.Lock()
	f.hits = append(f.hits, req.Host)
	f.hitsMu.Unlock()
	f.inflightMu.Lock()
	f.inflight[req.Host]++
	f.maxInflight[req.Host] = max(f.maxInflight[req.Host], f.inflight[req.Host])
	f.inflightMu.Unlock()
	defer func() {
		f.inflightMu.Lock()
		f.inflight[req.Host]--
		f.inflightMu.Unlock()
	}()

	f.mu.RLock()
	r := f.routes[req.Host+req.URL.Path]
	f.mu.RUnlock()
	if r == nil {
		http.NotFound(w, req)
		return
	}
	n := r.requests.Add(1)
	r.mu.Lock()
	body, ctype, etag, lastMod, fail, delay := r.body, r.contentType, r.etag, r.lastModified, r.fail, r.delay
	r.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-req.Context().Done():
			return
		}
	}
	switch fail {
	case stall:
		select {
		case <-req.Context().Done():
		case <-time.After(time.Minute):
		}
		return
	case status500:
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	case fail503Once:
		if n == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
	case htmlError:
		body, ctype, etag, lastMod = []byte(farmErrorPage), "text/html; charset=utf-8", "", ""
	case reset:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				if cc, ok := conn.(*countingConn); ok {
					conn = cc.Conn
				}
				if tc, ok := conn.(*net.TCPConn); ok {
					_ = tc.SetLinger(0) // close with RST
				}
				conn.Close()
			}
		}
		return
	}
	inm, ims := req.Header.Get("If-None-Match"), req.Header.Get("If-Modified-Since")
	if inm != "" || ims != "" {
		r.conditional.Add(1)
	}
	if etag != "" {
		w.Header().Set("ETag", etag)
	}
	if lastMod != "" {
		w.Header().Set("Last-Modified", lastMod)
	}
	if fail != htmlError && (inm != "" && inm == etag || inm == "" && ims != "" && lastMod != "" && !laterThan(lastMod, ims)) {
		r.notModified.Add(1)
		f.notModified.Add(1)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	if fail == truncated {
		// Promise the whole body, send half, and hang up: the client sees an unexpected EOF.
		body = body[:len(body)/2]
	}
	n64, _ := w.Write(body)
	f.bodyBytes.Add(int64(n64))
}

// laterThan says whether HTTP date a is after b (unparseable dates are taken as later, so
// that the document is sent).
func laterThan(a, b string) bool {
	ta, err1 := http.ParseTime(a)
	tb, err2 := http.ParseTime(b)
	return err1 != nil || err2 != nil || ta.After(tb)
}
