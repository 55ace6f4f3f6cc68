package statusfeed

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"path"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ErrNoEndpoints is returned by Discover when nothing at the address parses as a status
// document: an unknown page that links no feed, a single-page app that answers every path with
// the same HTML, or endpoints that answer with error pages.
var ErrNoEndpoints = errors.New("statusfeed: no status endpoints found")

// MaxProbes bounds the requests Discover makes after the first one.
const MaxProbes = 6

// An EndpointLister is a Parser that knows where its provider serves documents. Discover asks
// every registered parser that is one.
type EndpointLister interface {
	// Endpoints lists the addresses worth probing for site, given the first document fetched
	// there; detected says whether detection attributed that document to this provider. It
	// returns nil for a document that is not the provider's.
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
	Requests  int        // requests made, at most 1 + MaxProbes
}

// Discover finds which provider serves a status page and which machine-readable endpoints it
// has, from any of its addresses (home page, incident page, feed, API). It fetches the address,
// then probes at most MaxProbes candidates: the page's <link rel="alternate"> feeds and the
// endpoints the detected provider is known to serve. An endpoint counts only if it is the
// syntax its address promises (an HTML error page at a JSON address does not) and parses
// into something: an empty HTML shell is not a healthy page. Poll names the endpoint to poll:
// a JSON API with components, else a feed, else the rest.
func Discover(ctx context.Context, client *http.Client, rawURL string) (*Discovery, error) {
	d := &Discovery{URL: rawURL}
	first, err := Fetch(ctx, client, rawURL)
	d.Requests++
	if err != nil {
		return d, err
	}
	base, err := url.Parse(first.Source.URL)
	if err != nil {
		return d, err
	}
	site := &url.URL{Scheme: base.Scheme, Host: base.Host}
	prefix := first.Body[:min(len(first.Body), SniffLen)]
	ep, detected, ok := verify(first, rawURL)
	if ok {
		d.Endpoints = append(d.Endpoints, ep)
	}

	candidates := alternateLinks(first.Body, base)
	Default.mu.RLock()
	for _, r := range Default.regs {
		if l, ok := r.parser.(EndpointLister); ok {
			candidates = append(candidates, l.Endpoints(site, prefix, r.name == detected)...)
		}
	}
	Default.mu.RUnlock()

	tried := map[string]bool{strings.TrimSuffix(rawURL, "/"): true, strings.TrimSuffix(first.Source.URL, "/"): true}
	for _, c := range candidates {
		u, err := base.Parse(c)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			continue
		}
		key := strings.TrimSuffix(u.String(), "/")
		if tried[key] {
			continue
		}
		if d.Requests > MaxProbes {
			break
		}
		tried[key] = true
		// A probe that fails is a candidate rejected, not worth a retry.
		doc, err := (&Fetcher{Client: client, MaxAttempts: 1}).Fetch(ctx, u.String(), Validators{})
		d.Requests++
		if err != nil {
			if ctx.Err() != nil {
				return d, ctx.Err()
			}
			continue
		}
		if ep, _, ok := verify(doc, u.String()); ok {
			d.Endpoints = append(d.Endpoints, ep)
		}
	}
	d.Provider, d.Poll = choose(d.Endpoints)
	if len(d.Endpoints) == 0 {
		return d, ErrNoEndpoints
	}
	return d, nil
}

// verify parses a fetched document and says whether it is a real endpoint: recognized by a
// parser, of the syntax its address promises, parsed without a format error, and not empty.
// provider names the parser that read it, even when it is not a real endpoint.
func verify(doc *Document, addr string) (ep Endpoint, provider string, ok bool) {
	page, err := Parse(bytes.NewReader(doc.Body), doc.Source)
	if page == nil || errors.Is(err, ErrUnknownFormat) {
		return Endpoint{}, "", false
	}
	kind := page.Format
	if want := promised(addr); want != "" && want != kind && !(want == "feed" && (kind == "atom" || kind == "rss")) {
		return Endpoint{}, page.Provider, false
	}
	if kind == "html" && len(page.Components) == 0 && len(page.Incidents) == 0 {
		return Endpoint{}, page.Provider, false // a shell or an error page, not a status page
	}
	if kind == "json" && page.Name == "" && len(page.Components) == 0 && len(page.Incidents) == 0 {
		return Endpoint{}, page.Provider, false
	}
	return Endpoint{URL: addr, Provider: page.Provider, Format: kind, Components: len(page.Components), Incidents: len(page.Incidents)}, page.Provider, true
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
