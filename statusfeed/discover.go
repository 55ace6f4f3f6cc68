package statusfeed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ErrNoEndpoints is returned by Discover when nothing at the address parses as a status
// document: an unknown page that links no feed, a single-page app that answers every path with
// the same HTML, or endpoints that answer with error pages.
var ErrNoEndpoints = errors.New("statusfeed: no status endpoints found")

// MaxProbes is the default bound on the candidates Discover fetches after the address given.
const MaxProbes = 6

// DefaultProbeTimeout is the default bound on one probe, so that a hanging endpoint costs
// discovery a few seconds and not what it found before.
const DefaultProbeTimeout = 10 * time.Second

// An EndpointLister is a Parser that knows where its provider serves documents. Discover asks
// every registered parser that is one, whatever detection said.
type EndpointLister interface {
	// Endpoints lists the addresses worth probing for site, given the first document fetched
	// there (all of it: a page's markers are often past the detection prefix); detected says
	// whether detection attributed that document to this provider. It returns nil for a
	// document that is not the provider's.
	Endpoints(site *url.URL, doc []byte, detected bool) []string
}

// Endpoint is a document a status page serves, fetched and parsed by Discover.
type Endpoint struct {
	URL        string
	Provider   string // the parser that read it
	Format     string // "atom", "rss", "json", "html"
	Components int    // how many components it lists
	Incidents  int    // how many incidents it lists
}

// Discovery is what Discover found behind an address.
type Discovery struct {
	URL       string     // the address given
	Provider  string     // the provider serving it, "" if none is known
	Endpoints []Endpoint // every endpoint that fetched and parsed, the given address first if it did
	Poll      string     // the endpoint to poll, chosen from Endpoints
	Requests  int        // HTTP requests made, every redirect and retry included
	// Probes tells what was tried and why each was kept or not, in order, the address given
	// first: the trace behind "discover --verbose".
	Probes []Probe
}

// ProbeResult is what became of one probe. The zero value is unknown.
type ProbeResult string

// Probe results.
const (
	ProbeAccepted    ProbeResult = "accepted"     // a status document: listed in Endpoints
	ProbeHTTPStatus  ProbeResult = "http status"  // answered with a status other than 200 OK
	ProbeFetchFailed ProbeResult = "fetch failed" // timed out, connection failed, too large, refused redirect
	ProbeWrongSyntax ProbeResult = "wrong syntax" // not the syntax its address promises (HTML at a .json address)
	ProbeNotParsed   ProbeResult = "not parsed"   // no parser recognized it
	ProbeEmpty       ProbeResult = "empty"        // parsed into nothing: a shell or an error page
	ProbeOffSite     ProbeResult = "off-site"     // not fetched: another site's address
	ProbeOverLimit   ProbeResult = "over limit"   // not fetched: MaxProbes reached
	ProbeStopped     ProbeResult = "stopped"      // not fetched: the context ended first
)

// Probe is one candidate address Discover considered.
type Probe struct {
	URL string
	// Via says where the candidate came from: "address" (the one given), "alternate" (a
	// <link rel="alternate"> of the first page) or the name of the EndpointLister's parser.
	Via      string
	Result   ProbeResult
	Status   int    // HTTP status of the last response, 0 if none
	Format   string // the syntax it was read as, if it was parsed
	Provider string // the parser that read it, if one did
	// Components and Incidents count what the parser found, accepted or not.
	Components, Incidents int
	Requests              int   // HTTP requests it took, redirects and retries included
	Err                   error // why it was rejected, or what the parser could not read
}

// String renders the probe as one line: its address, where it came from, and its fate.
func (p Probe) String() string {
	s := fmt.Sprintf("%s (%s): %s", p.URL, p.Via, p.Result)
	switch {
	case p.Provider != "":
		s += ", " + p.Provider + "/" + p.Format
	case p.Format != "":
		s += ", " + p.Format
	}
	if p.Err != nil {
		s += ": " + detail(p.Err)
	}
	if p.Requests > 1 {
		s += fmt.Sprintf(" [%d requests]", p.Requests)
	}
	return s
}

// detail is an error's message without what the probe line says already: the package prefix
// and, for a fetch error, the address.
func detail(err error) string {
	var fe *FetchError
	if errors.As(err, &fe) {
		s := bare(fe.Err)
		if fe.Attempts > 1 {
			s += fmt.Sprintf(" (%d attempts)", fe.Attempts)
		}
		return s
	}
	var pe *ParseError
	if errors.As(err, &pe) {
		return bare(pe.Err)
	}
	return bare(err)
}

// Discoverer finds which provider serves a status page and which machine-readable endpoints
// it has. Its zero value is ready to use, with a zero Fetcher.
type Discoverer struct {
	// Fetcher fetches the address given, with its retries; probes use it too, with one
	// attempt each, at most ProbeTimeout, and no redirect off the site. nil means a zero
	// Fetcher.
	Fetcher *Fetcher
	// ProbeTimeout bounds each probe; zero means DefaultProbeTimeout. The Fetcher's Timeout
	// still applies when shorter.
	ProbeTimeout time.Duration
	// MaxProbes bounds the candidates fetched after the address given; zero means MaxProbes.
	MaxProbes int
	// AllowOffSite lets discovery follow links and redirects to other sites. Off by default:
	// a status page must not be able to point statusfeed at arbitrary hosts. The address
	// given, and where its own redirects lead, are always the site.
	AllowOffSite bool
}

// Discover finds a status page's provider and endpoints with a zero Discoverer whose Fetcher
// uses client; see Discoverer.Discover.
func Discover(ctx context.Context, client *http.Client, rawURL string) (*Discovery, error) {
	return (&Discoverer{Fetcher: &Fetcher{Client: client}}).Discover(ctx, rawURL)
}

// Discover finds which provider serves a status page and which machine-readable endpoints it
// has, from any of its addresses (home page, incident page, feed, API). It fetches the address,
// then probes at most MaxProbes candidates: the page's <link rel="alternate"> feeds on the
// same site and the endpoints every EndpointLister proposes for the page. An endpoint counts
// only if it is the syntax its address promises (an HTML error page at a JSON address does not)
// and parses into something: an empty HTML shell is not a healthy page. Poll names the endpoint
// to poll: a JSON API with components, else a feed, else the rest.
//
// The Discovery is never nil, and keeps what was found whatever happens later: a probe that
// fails or times out is recorded in Probes and discovery goes on. When ctx ends, Discover
// stops probing and returns what it found so far, Poll chosen among it, with ctx's error.
func (dv *Discoverer) Discover(ctx context.Context, rawURL string) (*Discovery, error) {
	d := &Discovery{URL: rawURL}
	f := dv.Fetcher
	if f == nil {
		f = &Fetcher{}
	}
	first, err := f.Fetch(ctx, rawURL, Validators{})
	d.Requests += first.Requests
	p := Probe{URL: rawURL, Via: "address", Status: first.StatusCode, Requests: first.Requests}
	if err != nil {
		p.Result, p.Err = fetchResult(err), err
		d.Probes = append(d.Probes, p)
		return d, err
	}
	base, err := url.Parse(first.Source.URL)
	if err != nil {
		return d, err
	}
	given, _ := url.Parse(rawURL)
	site := &url.URL{Scheme: base.Scheme, Host: base.Host}
	detected := dv.verify(first, rawURL, &p)
	d.Probes = append(d.Probes, p)
	if p.Result == ProbeAccepted {
		d.Endpoints = append(d.Endpoints, endpoint(p))
	}

	type candidate struct{ url, via string }
	var cands []candidate
	for _, l := range alternateLinks(first.Body, base) {
		cands = append(cands, candidate{l, "alternate"})
	}
	Default.mu.RLock()
	for _, r := range Default.regs {
		if l, ok := r.parser.(EndpointLister); ok {
			for _, e := range l.Endpoints(site, first.Body, r.name == detected) {
				cands = append(cands, candidate{e, r.name})
			}
		}
	}
	Default.mu.RUnlock()

	onSite := func(u *url.URL) bool {
		return dv.AllowOffSite || sameSite(u, base) || given != nil && sameSite(u, given)
	}
	probe := dv.prober(f, onSite)
	limit := dv.MaxProbes
	if limit <= 0 {
		limit = MaxProbes
	}
	probes := 0
	tried := map[string]bool{strings.TrimSuffix(rawURL, "/"): true, strings.TrimSuffix(first.Source.URL, "/"): true}
	for _, c := range cands {
		u, err := base.Parse(c.url)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			continue
		}
		key := strings.TrimSuffix(u.String(), "/")
		if tried[key] {
			continue
		}
		tried[key] = true
		p := Probe{URL: u.String(), Via: c.via}
		switch {
		case !onSite(u):
			p.Result = ProbeOffSite
		case ctx.Err() != nil:
			p.Result = ProbeStopped
		case probes >= limit:
			p.Result = ProbeOverLimit
		default:
			probes++
			doc, err := probe.Fetch(ctx, p.URL, Validators{})
			d.Requests += doc.Requests
			p.Status, p.Requests = doc.StatusCode, doc.Requests
			if err != nil {
				p.Result, p.Err = fetchResult(err), err
			} else if dv.verify(doc, p.URL, &p); p.Result == ProbeAccepted {
				d.Endpoints = append(d.Endpoints, endpoint(p))
			}
		}
		d.Probes = append(d.Probes, p)
	}
	d.Provider, d.Poll = choose(d.Endpoints)
	if err := ctx.Err(); err != nil {
		return d, fmt.Errorf("statusfeed: discover %s: stopped after %d requests: %w", rawURL, d.Requests, err)
	}
	if len(d.Endpoints) == 0 {
		return d, ErrNoEndpoints
	}
	return d, nil
}

// prober is the Fetcher for probes: one attempt each, within the probe timeout, refusing
// redirects off the site. A probe that fails is a candidate rejected, not worth a retry.
func (dv *Discoverer) prober(f *Fetcher, onSite func(*url.URL) bool) *Fetcher {
	pf := *f
	pf.MaxAttempts = 1
	pt := dv.ProbeTimeout
	if pt <= 0 {
		pt = DefaultProbeTimeout
	}
	if ft := f.Timeout; ft == 0 && DefaultTimeout < pt {
		pt = DefaultTimeout
	} else if ft > 0 && ft < pt {
		pt = ft
	}
	pf.Timeout = pt
	c := http.DefaultClient
	if f.Client != nil {
		c = f.Client
	}
	cc := *c
	own := c.CheckRedirect
	cc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if !onSite(req.URL) {
			return ErrOffSite
		}
		if own != nil {
			return own(req, via)
		}
		return nil
	}
	pf.Client = &cc
	return &pf
}

// fetchResult classifies a failed fetch for a Probe.
func fetchResult(err error) ProbeResult {
	var he *HTTPError
	if errors.As(err, &he) {
		return ProbeHTTPStatus
	}
	return ProbeFetchFailed
}

func endpoint(p Probe) Endpoint {
	return Endpoint{URL: p.URL, Provider: p.Provider, Format: p.Format, Components: p.Components, Incidents: p.Incidents}
}

// sameSite says whether u is on the same site as ref: the same host name, and the same port
// unless both use their scheme's default (so that an http page may link its https feed).
func sameSite(u, ref *url.URL) bool {
	if !strings.EqualFold(u.Hostname(), ref.Hostname()) {
		return false
	}
	pu, du := port(u)
	pr, dr := port(ref)
	return pu == pr || du && dr
}

// port is u's port, explicit or its scheme's, and whether that is the scheme's default.
func port(u *url.URL) (p string, isDefault bool) {
	def := map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
	p = u.Port()
	if p == "" {
		p = def
	}
	return p, p == def
}

// verify parses a fetched document and records in p whether it is a real endpoint: recognized
// by a parser, of the syntax its address promises, parsed without a format error, and not
// empty. It returns the provider detection attributes the document to, even when the document
// is no endpoint (a Statuspage shell with no data), so that its lister knows.
func (dv *Discoverer) verify(doc *Document, addr string, p *Probe) (detected string) {
	prefix := doc.Body[:min(len(doc.Body), SniffLen)]
	kind := Sniff(prefix, doc.Source)
	p.Format = kind
	if want := promised(addr); want != "" && want != kind && !(want == "feed" && (kind == FormatAtom || kind == FormatRSS)) {
		p.Result, p.Err = ProbeWrongSyntax, fmt.Errorf("%s where the address promises %s", describe(kind), want)
		return ""
	}
	page, err := ParseDocument(doc)
	if page == nil || errors.Is(err, ErrUnknownFormat) {
		p.Result, p.Err = ProbeNotParsed, err
		if err == nil {
			p.Err = errors.New("no page")
		}
		for _, c := range Default.Candidates(prefix, doc.Source) {
			if c.Match == Certain {
				return c.Name
			}
		}
		return ""
	}
	p.Provider, p.Format, p.Err = page.Provider, page.Format, err
	p.Components, p.Incidents = len(page.Components), len(page.Incidents)
	empty := p.Components == 0 && p.Incidents == 0
	switch {
	case page.Format == FormatHTML && empty:
		p.Result, p.Err = ProbeEmpty, errors.New("no components or incidents") // a shell or an error page
	case page.Format == FormatJSON && empty && page.Name == "":
		p.Result, p.Err = ProbeEmpty, errors.New("no name, components or incidents")
	default:
		p.Result = ProbeAccepted
	}
	return page.Provider
}

// promised is the syntax an address's name promises: ".json" JSON, ".atom" and ".rss" feeds.
func promised(addr string) string {
	u, err := url.Parse(addr)
	if err != nil {
		return ""
	}
	switch path.Ext(u.Path) {
	case ".json":
		return "json"
	case ".atom", ".rss", ".xml":
		return "feed"
	}
	if strings.HasPrefix(u.Path, "/proxy/") || strings.HasPrefix(u.Path, "/api/") {
		return "json"
	}
	return ""
}

// choose names the provider (of the most endpoints, the first on a tie) and the endpoint to
// poll: a JSON API listing components, else an Atom feed, an RSS feed, other JSON, HTML.
func choose(eps []Endpoint) (provider, poll string) {
	count := map[string]int{}
	for _, e := range eps {
		if e.Provider != "feed" {
			count[e.Provider]++
		}
	}
	for _, e := range eps {
		if count[e.Provider] > count[provider] {
			provider = e.Provider
		}
	}
	if provider == "" && len(eps) > 0 {
		provider = eps[0].Provider
	}
	rank := func(e Endpoint) int {
		switch {
		case e.Format == "json" && e.Components > 0:
			return 5
		case e.Format == "atom":
			return 4
		case e.Format == "rss":
			return 3
		case e.Format == "json":
			return 2
		}
		return 1
	}
	best := -1
	for _, e := range eps {
		if r := rank(e); r > best {
			best, poll = r, e.URL
		}
	}
	return provider, poll
}

// alternateLinks returns the feeds and JSON a page links with <link rel="alternate">.
func alternateLinks(body []byte, base *url.URL) []string {
	var links []string
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return links
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if atom.Lookup(name) == atom.Body {
				return links
			}
			if atom.Lookup(name) != atom.Link || !hasAttr {
				continue
			}
			var rel, typ, href string
			for {
				k, v, more := z.TagAttr()
				switch string(k) {
				case "rel":
					rel = strings.ToLower(string(v))
				case "type":
					typ = strings.ToLower(string(v))
				case "href":
					href = string(v)
				}
				if !more {
					break
				}
			}
			if rel == "alternate" && href != "" && (strings.Contains(typ, "atom") || strings.Contains(typ, "rss") || strings.Contains(typ, "json")) {
				if u, err := base.Parse(href); err == nil {
					links = append(links, u.String())
				}
			}
		}
	}
}
