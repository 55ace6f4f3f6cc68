package events

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"
)

// Log is where delivery reads events and keeps its cursors; the archive is one.
type Log interface {
	Events(ctx context.Context, after int64, limit int) ([]Event, error)
	Cursor(ctx context.Context, consumer string) (int64, error)
	Advance(ctx context.Context, consumer string, seq int64) error
	MarkDelivery(ctx context.Context, eventID, sink, state, errMsg string, at time.Time) error
}

// Delivery states, as MarkDelivery records them.
const (
	Delivered = "delivered"
	Pending   = "pending" // failed so far; retried on the next delivery
	Refused   = "refused" // the receiver refused it for good; not retried
)

// RefusedError is a sink's answer for an event its receiver refuses for good (a webhook's 4xx
// other than 408 and 429): retrying would get the same answer, so delivery records it and
// moves on rather than holding every later event back.
type RefusedError struct{ Err error }

func (e *RefusedError) Error() string { return e.Err.Error() }

func (e *RefusedError) Unwrap() error { return e.Err }

// A Sink delivers events somewhere.
type Sink interface {
	// Name identifies the sink's cursor in the log: two runs with the same name resume
	// where the last left off.
	Name() string
	Deliver(ctx context.Context, e Event) error
}

// Deliver hands sink every event of log after its cursor, in order, advancing the cursor after
// each. It stops at the first event the sink fails to take, which stays pending for the next
// call, so that a sink never sees events out of order; an event the sink's receiver refuses for
// good (*RefusedError) is recorded as refused and passed, so that it cannot hold back every
// later one. It returns how many were delivered, and the refusals joined with any other error.
//
// An event is stored in the same transaction as its change, before any delivery; a process
// that dies between storing and delivering delivers it on restart. A process that dies after
// a sink took an event but before its cursor moved delivers that one event again: sinks that
// must not see it twice use its ID (the webhook sends it as an idempotency key).
func Deliver(ctx context.Context, log Log, sink Sink) (int, error) {
	cur, err := log.Cursor(ctx, sink.Name())
	if err != nil {
		return 0, err
	}
	n := 0
	var refusals []error
	for {
		batch, err := log.Events(ctx, cur, 256)
		if err != nil {
			return n, err
		}
		if len(batch) == 0 {
			return n, errors.Join(refusals...)
		}
		for _, e := range batch {
			derr := sink.Deliver(ctx, e)
			state, msg := Delivered, ""
			var refused *RefusedError
			switch {
			case errors.As(derr, &refused):
				state, msg = Refused, derr.Error()
				refusals = append(refusals, fmt.Errorf("events: %s: event %s: %w", sink.Name(), e.ID, derr))
			case derr != nil:
				state, msg = Pending, derr.Error()
			}
			if err := log.MarkDelivery(ctx, e.ID, sink.Name(), state, msg, time.Now()); err != nil {
				return n, err
			}
			if state == Pending {
				return n, errors.Join(append(refusals, fmt.Errorf("events: %s: event %s: %w", sink.Name(), e.ID, derr))...)
			}
			if err := log.Advance(ctx, sink.Name(), e.Seq); err != nil {
				return n, err
			}
			cur = e.Seq
			if state == Delivered {
				n++
			}
		}
	}
}

// JSONLines writes each event as one JSON object per line.
type JSONLines struct {
	W      io.Writer
	Cursor string // the cursor's name; "" means "stdout"
}

// Name returns the cursor's name.
func (s JSONLines) Name() string { return nameOr(s.Cursor, "stdout") }

// Deliver writes the event.
func (s JSONLines) Deliver(_ context.Context, e Event) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = s.W.Write(append(b, '\n'))
	return err
}

// Lines writes each event as one readable line. Backfill events, history recorded on a
// source's first poll, are left out unless Backfill is set: they are not news.
type Lines struct {
	W        io.Writer
	Cursor   string // the cursor's name; "" means "stdout"
	Backfill bool
}

// Name returns the cursor's name.
func (s Lines) Name() string { return nameOr(s.Cursor, "stdout") }

// Deliver writes the event's line.
func (s Lines) Deliver(_ context.Context, e Event) error {
	if e.Backfill && !s.Backfill {
		return nil
	}
	_, err := io.WriteString(s.W, Line(e)+"\n")
	return err
}

// Line formats an event for a terminal: when, vendor, what, and its subject, with vendor text
// stripped of control characters.
func Line(e Event) string {
	at := e.At
	if at.IsZero() {
		at = e.DetectedAt
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %-24s %s", at.UTC().Format("2006-01-02 15:04"), e.Type, clean(e.Vendor))
	switch {
	case e.Incident != nil:
		fmt.Fprintf(&b, ": %s [%s]", clean(e.Incident.Title), e.Incident.Status)
		if e.Update != nil && e.Update.Body != "" {
			body := clean(e.Update.Body)
			if len(body) > 120 {
				body = body[:117] + "..."
			}
			fmt.Fprintf(&b, " %s", body)
		}
	case e.Component != nil:
		name := e.Component.Name
		if e.Component.Group != "" {
			name = e.Component.Group + "/" + name
		}
		fmt.Fprintf(&b, ": %s %s -> %s", clean(name), e.Component.PreviousStatus, e.Component.Status)
	case e.Error != "":
		fmt.Fprintf(&b, ": %s (%s)", clean(e.Source), clean(e.Error))
	default:
		fmt.Fprintf(&b, ": %s", clean(e.Source))
	}
	if e.Backfill {
		b.WriteString(" (backfill)")
	}
	return b.String()
}

// clean drops control characters, so that vendor text cannot move the cursor, retitle the
// terminal or break a line.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
			if r == '\n' || r == '\t' {
				return ' '
			}
			return -1
		}
		return r
	}, s)
}

func nameOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Webhook POSTs each event as JSON to URL, with the event's ID in the Idempotency-Key header,
// retrying failures with exponential backoff and jitter. Backfill events are not sent unless
// Backfill is set.
type Webhook struct {
	URL      string
	Client   *http.Client // nil means http.DefaultClient
	Attempts int          // per event, the first included; zero means 5
	Backoff  time.Duration
	Backfill bool
	// Sleep waits between attempts; nil means a timer. Tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Name returns the cursor's name: "webhook:" and the URL.
func (w *Webhook) Name() string { return "webhook:" + w.URL }

// Deliver POSTs the event, retrying until it is taken (2xx), refused for good (4xx other
// than 408 and 429), or out of attempts.
func (w *Webhook) Deliver(ctx context.Context, e Event) error {
	if e.Backfill && !w.Backfill {
		return nil
	}
	body, err := json.Marshal(e)
	if err != nil {
		return err
	}
	client := w.Client
	if client == nil {
		client = http.DefaultClient
	}
	attempts := w.Attempts
	if attempts <= 0 {
		attempts = 5
	}
	backoff := w.Backoff
	if backoff <= 0 {
		backoff = time.Second
	}
	var last error
	for i := 0; i < attempts; i++ {
		if i > 0 {
			d := backoff << (i - 1)
			d += time.Duration(rand.Float64() * float64(d) / 2)
			if err := w.sleep(ctx, d); err != nil {
				return err
			}
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", e.ID)
		req.Header.Set("User-Agent", "statusfeed-webhook")
		resp, err := client.Do(req)
		if err != nil {
			last = err
			continue
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		switch {
		case resp.StatusCode/100 == 2:
			return nil
		case resp.StatusCode/100 == 4 && resp.StatusCode != http.StatusRequestTimeout && resp.StatusCode != http.StatusTooManyRequests:
			return &RefusedError{Err: fmt.Errorf("webhook refused the event: %s", resp.Status)}
		}
		last = fmt.Errorf("webhook answered %s", resp.Status)
	}
	return last
}

func (w *Webhook) sleep(ctx context.Context, d time.Duration) error {
	if w.Sleep != nil {
		return w.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
