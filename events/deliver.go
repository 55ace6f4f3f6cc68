package events

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strings"
	"sync"
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

// ErrConsumerBusy is returned, wrapped with the sink's name, by a Deliver that found another
// delivery loop holding the sink's consumer: it delivered nothing, and the holder delivers
// those events (see Deliver).
var ErrConsumerBusy = errors.New("events: consumer busy: another delivery holds it")

// ErrLeaseLost is returned, wrapped with the sink's name, by a Deliver whose hold on its consumer
// lapsed and was taken by another delivery loop: it stopped without moving the cursor again.
var ErrLeaseLost = errors.New("events: consumer lease lost to another delivery")

// DefaultLeaseTTL is how long a delivery loop's hold on a consumer lasts without renewal: how
// long a loop that died blocks its consumer. A live loop renews it every quarter of that.
const DefaultLeaseTTL = 2 * time.Minute

// A Leaser is a Log that lets one delivery loop at a time hold a consumer, so that loops in
// several processes sharing it (pollers on one PostgreSQL archive, or on one SQLite file)
// cannot both take one event from the same cursor. A hold lasts until a time the holder names
// and renews; a holder that dies frees the consumer when it lapses. Deliver uses a Log's
// Leaser when it has one; a Log without one delivers as before, at-least-once across loops.
type Leaser interface {
	// Acquire holds consumer for holder until until and returns its cursor, if no other holder
	// holds it past now; ok is false, and nothing changes, if one does. It must be atomic: two
	// holders acquiring at once cannot both get ok.
	Acquire(ctx context.Context, consumer, holder string, now, until time.Time) (cursor int64, ok bool, err error)
	// AdvanceHeld moves consumer's cursor to seq (never back) and renews the hold to until, if
	// holder still holds it; false, and nothing changes, once another holder has taken it.
	AdvanceHeld(ctx context.Context, consumer, holder string, seq int64, until time.Time) (bool, error)
	// Release frees consumer if holder holds it.
	Release(ctx context.Context, consumer, holder string) error
}

// A HeldMarker is a Leaser that records delivery attempts only while the hold stands, so that a
// holder that stalled in its sink past the TTL cannot overwrite what its successor recorded of
// the same event. Deliver uses it when a Leaser has it (the archive does), MarkDelivery
// otherwise.
type HeldMarker interface {
	// MarkDeliveryHeld records an attempt as MarkDelivery does, if holder still holds
	// consumer; false, and nothing recorded, once another holder has taken it.
	MarkDeliveryHeld(ctx context.Context, consumer, holder, eventID, sink, state, errMsg string, at time.Time) (bool, error)
}

// DeliverOptions tune Deliver's hold on a Leaser's consumer; the zero value is the default.
type DeliverOptions struct {
	// LeaseTTL is how long a hold lasts without renewal; zero means DefaultLeaseTTL. Processes
	// on several machines compare times from their own clocks, so it must well exceed the skew
	// between them: a clock ahead by more than three quarters of it sees a live hold lapse.
	LeaseTTL time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
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
//
// When log is a Leaser (the archive is), one Deliver at a time delivers to a sink's name: it
// holds the consumer under a random holder ID for DefaultLeaseTTL, renewed with each advance
// and every quarter TTL while a slow sink works, and moves the cursor only while it still holds
// it. So concurrent Delivers with one sink name, in one process or several sharing the archive,
// take each event from the cursor once. A Deliver that finds the name held returns
// ErrConsumerBusy at once, having delivered nothing; the holder, once caught up, releases the
// name and then looks again for events stored meanwhile, so that events stored before a busy
// Deliver are not left waiting for the next call. A holder that lost its hold (it stalled past
// the TTL and another took over) stops with ErrLeaseLost; the event it was delivering when it
// stalled may reach the sink twice, as after a crash, but only the new holder's attempt is
// recorded. Without a Leaser, concurrent Delivers of one name can each deliver the same event:
// at-least-once.
func Deliver(ctx context.Context, log Log, sink Sink) (int, error) {
	return DeliverWith(ctx, log, sink, DeliverOptions{})
}

// DeliverWith is Deliver with options for its hold on the consumer.
func DeliverWith(ctx context.Context, log Log, sink Sink, opt DeliverOptions) (int, error) {
	if opt.LeaseTTL <= 0 {
		opt.LeaseTTL = DefaultLeaseTTL
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	d := delivery{now: opt.Now}
	l, ok := log.(Leaser)
	if !ok {
		cur, err := log.Cursor(ctx, sink.Name())
		if err != nil {
			return 0, err
		}
		_, err = d.run(ctx, log, sink, cur, unheld{log, sink.Name()})
		return d.n, errors.Join(append(d.refusals, err)...)
	}
	holder := holderID()
	for first := true; ; first = false {
		now := opt.Now()
		cur, ok, err := l.Acquire(ctx, sink.Name(), holder, now, now.Add(opt.LeaseTTL))
		switch {
		case err != nil:
			return d.n, errors.Join(append(d.refusals, err)...)
		case !ok && first:
			return 0, fmt.Errorf("%w: %s", ErrConsumerBusy, sink.Name())
		case !ok:
			// Another loop took the name after this one let it go: it delivers the rest.
			return d.n, errors.Join(d.refusals...)
		}
		h := newHold(ctx, log, l, sink.Name(), holder, cur, now.Add(opt.LeaseTTL), opt)
		caughtUp, err := d.run(h.ctx, log, sink, cur, h)
		if cause := context.Cause(h.ctx); errors.Is(err, context.Canceled) && errors.Is(cause, ErrLeaseLost) {
			err = cause // the loss cut a statement short: say why
		}
		err = errors.Join(err, h.end(ctx))
		if err != nil || !caughtUp {
			return d.n, errors.Join(append(d.refusals, err)...)
		}
		// Caught up and released. An event stored after this loop's last read may have come
		// with a Deliver that found the name held and returned busy, leaving it to this loop:
		// look once more, now that the name is free, and take it back if there is one. A busy
		// Deliver's attempt came before the release, so its events are visible here.
		more, err := log.Events(ctx, h.cursor(), 1)
		if err != nil || len(more) == 0 {
			return d.n, errors.Join(append(d.refusals, err)...)
		}
	}
}

// delivery is what a Deliver has done so far, over every hold it took.
type delivery struct {
	now      func() time.Time
	n        int
	refusals []error
}

// position is where a delivery loop keeps its cursor: held (a Leaser) or not.
type position interface {
	// ready is asked before each event goes to the sink; an error stops the loop.
	ready(ctx context.Context) error
	// mark records an attempt to deliver e.
	mark(ctx context.Context, e Event, sink, state, errMsg string, at time.Time) error
	advance(ctx context.Context, seq int64) error
}

// run delivers from cur until the log has no more (caughtUp), an event stays pending, or an
// error. A hold's loss cancels ctx with ErrLeaseLost as the cause.
func (d *delivery) run(ctx context.Context, log Log, sink Sink, cur int64, pos position) (caughtUp bool, err error) {
	for {
		batch, err := log.Events(ctx, cur, 256)
		if err != nil {
			return false, err
		}
		if len(batch) == 0 {
			return true, nil
		}
		for _, e := range batch {
			if err := pos.ready(ctx); err != nil {
				return false, err
			}
			derr := sink.Deliver(ctx, e)
			if cause := context.Cause(ctx); errors.Is(cause, ErrLeaseLost) {
				// The hold went while the sink worked, and with it the sink's context:
				// record nothing, the new holder delivers this event.
				return false, cause
			}
			state, msg := Delivered, ""
			var refused *RefusedError
			switch {
			case errors.As(derr, &refused):
				state, msg = Refused, derr.Error()
				d.refusals = append(d.refusals, fmt.Errorf("events: %s: event %s: %w", sink.Name(), e.ID, derr))
			case derr != nil:
				state, msg = Pending, derr.Error()
			}
			if err := pos.mark(ctx, e, sink.Name(), state, msg, d.now()); err != nil {
				return false, err
			}
			if state == Pending {
				return false, fmt.Errorf("events: %s: event %s: %w", sink.Name(), e.ID, derr)
			}
			if err := pos.advance(ctx, e.Seq); err != nil {
				return false, err
			}
			cur = e.Seq
			if state == Delivered {
				d.n++
			}
		}
	}
}

// unheld is a cursor on a Log that cannot hold one.
type unheld struct {
	log      Log
	consumer string
}

func (u unheld) ready(context.Context) error { return nil }

func (u unheld) mark(ctx context.Context, e Event, sink, state, errMsg string, at time.Time) error {
	return u.log.MarkDelivery(ctx, e.ID, sink, state, errMsg, at)
}

func (u unheld) advance(ctx context.Context, seq int64) error {
	return u.log.Advance(ctx, u.consumer, seq)
}

// hold is one delivery loop's hold on a consumer. A goroutine renews it every quarter TTL, so
// that a sink that takes long over one event (a webhook retrying a receiver that hangs) does
// not lose it; each advance renews it too. Losing it cancels ctx, which the sink is given.
type hold struct {
	log              Log
	l                Leaser
	consumer, holder string
	opt              DeliverOptions
	ctx              context.Context
	cancel           context.CancelCauseFunc
	stop, done       chan struct{}

	mu    sync.Mutex
	cur   int64     // the cursor as last advanced
	until time.Time // the latest end the hold was renewed to
	lost  error     // set once another holder has the consumer
}

func newHold(ctx context.Context, log Log, l Leaser, consumer, holder string, cur int64, until time.Time, opt DeliverOptions) *hold {
	h := &hold{log: log, l: l, consumer: consumer, holder: holder, opt: opt, cur: cur, until: until,
		stop: make(chan struct{}), done: make(chan struct{})}
	h.ctx, h.cancel = context.WithCancelCause(ctx)
	go h.beat()
	return h
}

func (h *hold) beat() {
	defer close(h.done)
	t := time.NewTicker(max(h.opt.LeaseTTL/4, time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-h.stop:
			return
		case <-h.ctx.Done():
			return
		case <-t.C:
		}
		// An error other than the loss is left to the next beat, and to ready, which renews
		// at once if the hold has run low.
		_ = h.renew(h.ctx, -1)
	}
}

// renew extends the hold and moves the cursor to seq (-1: where it is).
func (h *hold) renew(ctx context.Context, seq int64) error {
	h.mu.Lock()
	if h.lost != nil {
		h.mu.Unlock()
		return h.lost
	}
	if seq < 0 {
		seq = h.cur
	}
	h.mu.Unlock()
	until := h.opt.Now().Add(h.opt.LeaseTTL)
	ok, err := h.l.AdvanceHeld(ctx, h.consumer, h.holder, seq, until)
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case err != nil:
		return err
	case !ok:
		return h.loseLocked()
	}
	h.cur = max(h.cur, seq)
	if until.After(h.until) {
		h.until = until
	}
	return nil
}

// lose marks the hold lost to another holder and cancels the loop's context with the loss.
func (h *hold) lose() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.loseLocked()
}

func (h *hold) loseLocked() error {
	if h.lost == nil {
		h.lost = fmt.Errorf("%w: %s", ErrLeaseLost, h.consumer)
		h.cancel(h.lost)
	}
	return h.lost
}

// ready fails once the hold is lost, and renews it first when less than half its TTL is left
// by this clock: a process that was stopped (a laptop asleep, a paused VM) between two events
// finds out that another took over before handing the sink one more.
func (h *hold) ready(ctx context.Context) error {
	h.mu.Lock()
	lost, low := h.lost, h.opt.Now().Add(h.opt.LeaseTTL/2).After(h.until)
	h.mu.Unlock()
	if lost != nil {
		return lost
	}
	if low {
		return h.renew(ctx, -1)
	}
	return nil
}

func (h *hold) advance(ctx context.Context, seq int64) error { return h.renew(ctx, seq) }

// mark records the attempt only while the hold stands: a loop that stalled in its sink past
// the TTL, and was replaced, records nothing of the event its successor delivers.
func (h *hold) mark(ctx context.Context, e Event, sink, state, errMsg string, at time.Time) error {
	m, ok := h.l.(HeldMarker)
	if !ok {
		return h.log.MarkDelivery(ctx, e.ID, sink, state, errMsg, at)
	}
	ok, err := m.MarkDeliveryHeld(ctx, h.consumer, h.holder, e.ID, sink, state, errMsg, at)
	if err != nil || ok {
		return err
	}
	return h.lose()
}

func (h *hold) cursor() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.cur
}

// end stops renewing and releases the consumer, unless it was lost. It releases even when ctx
// was cancelled (an interrupted poll), so that the next process need not wait out the TTL.
func (h *hold) end(ctx context.Context) error {
	close(h.stop)
	<-h.done
	h.cancel(nil)
	h.mu.Lock()
	lost := h.lost
	h.mu.Unlock()
	if lost != nil {
		return nil // the loop has already returned the loss
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return h.l.Release(rctx, h.consumer, h.holder)
}

// holderID names a delivery loop: its host and process, for whoever reads the cursors table,
// and random text, so that no two loops, even in one process, share one.
func holderID() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), crand.Text())
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
