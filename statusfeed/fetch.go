package statusfeed

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
)

// MaxDocumentSize bounds what Fetch reads. The largest real status documents (a home page with
// hundreds of components, a year of JSON incidents) stay well under it.
const MaxDocumentSize = 32 << 20

// UserAgent identifies statusfeed to vendors, so that they can tell who is polling them.
const UserAgent = "statusfeed (+https://statusfeed.dev)"

// Document is a fetched document: its bytes and what the server said about them.
type Document struct {
	Body   []byte
	Source Source
}

// Fetch GETs url with client and returns the body, read up to MaxDocumentSize. It is the one
// place statusfeed does I/O; parsers only ever see the bytes. A nil client means
// http.DefaultClient. Answers other than 200 OK are *HTTPError values.
func Fetch(ctx context.Context, client *http.Client, url string) (*Document, error) {
	if client == nil {
		client = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("statusfeed: %w", err)
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", "application/atom+xml, application/rss+xml, application/json;q=0.9, text/html;q=0.8, */*;q=0.5")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("statusfeed: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // let the connection be reused
		return nil, &HTTPError{URL: url, StatusCode: resp.StatusCode, Status: resp.Status}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxDocumentSize+1))
	if err != nil {
		return nil, fmt.Errorf("statusfeed: GET %s: %w", url, err)
	}
	if len(body) > MaxDocumentSize {
		return nil, fmt.Errorf("GET %s: %w (over %d bytes)", url, ErrTooLarge, MaxDocumentSize)
	}
	final := url
	if resp.Request != nil && resp.Request.URL != nil {
		final = resp.Request.URL.String()
	}
	return &Document{Body: body, Source: Source{URL: final, Name: url, ContentType: resp.Header.Get("Content-Type")}}, nil
}

// ParseURL fetches url with client and parses what it gets, detecting the format.
func ParseURL(ctx context.Context, client *http.Client, url string) (*Page, error) {
	doc, err := Fetch(ctx, client, url)
	if err != nil {
		return nil, err
	}
	return Parse(bytes.NewReader(doc.Body), doc.Source)
}
