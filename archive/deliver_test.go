package archive_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/archive"
	"statusfeed.dev/events"
	"statusfeed.dev/internal/pgtest"
	"statusfeed.dev/statusfeed"
)

// Events are delivered from a cursor: a consumer that stops (or dies) after storing and before
// delivering gets every event on its next run, once.
func TestDeliverResumesFromCursor(t *testing.T) {
	stores(t, func(t *testing.T, open func(t *testing.T) *archive.DB) {
		db := open(t)
		ctx := context.Background()
		require.NoError(t, db.AddSource(ctx, archive.Source{URL: feedURL}))
		record(t, db, 0, page(incident("a", update(1, statusfeed.StatusInvestigating, "x"))))
		var out bytes.Buffer
		sink := events.JSONLines{W: &out}
		n, err := events.Deliver(ctx, db, sink)
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		n, err = events.Deliver(ctx, db, sink)
		require.NoError(t, err)
		assert.Zero(t, n, "nothing twice")

		record(t, db, time.Hour, page(incident("a", update(1, statusfeed.StatusInvestigating, "x"), update(50, statusfeed.StatusResolved, "y"))))
		n, err = events.Deliver(ctx, db, sink)
		require.NoError(t, err)
		assert.Equal(t, 2, n)
		lines := bytes.Split(bytes.TrimSpace(out.Bytes()), []byte("\n"))
		require.Len(t, lines, 3)
		var last map[string]any
		require.NoError(t, json.Unmarshal(lines[2], &last))
		for _, k := range []string{"id", "type", "at", "detected_at", "vendor", "source", "backfill", "incident"} {
			assert.Contains(t, last, k)
		}
		assert.Equal(t, "incident_resolved", last["type"])
	})
}

// The webhook retries a failing receiver, sends the event ID as the idempotency key, and
// records the delivery per event; an event it cannot deliver stays pending and blocks the ones
// after it, so that order holds.
func TestWebhookDelivery(t *testing.T) {
	var calls atomic.Int32
	var mu sync.Mutex
	var keys []string
	failFirst := atomic.Bool{}
	failFirst.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		if failFirst.Load() && n == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		mu.Lock()
		keys = append(keys, r.Header.Get("Idempotency-Key"))
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	db, err := archive.Open(context.Background(), ":memory:")
	require.NoError(t, err)
	defer db.Close()
	ctx := context.Background()
	require.NoError(t, db.AddSource(ctx, archive.Source{URL: feedURL}))
	record(t, db, 0, page(incident("old", update(1, statusfeed.StatusInvestigating, "x"))))
	evs := record(t, db, time.Hour, page(incident("a", update(61, statusfeed.StatusInvestigating, "y")), incident("old", update(1, statusfeed.StatusInvestigating, "x"))))
	require.Len(t, evs, 1)

	var slept []time.Duration
	hook := &events.Webhook{URL: srv.URL, Client: srv.Client(), Attempts: 3,
		Sleep: func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }}
	n, err := events.Deliver(ctx, db, hook)
	require.NoError(t, err)
	assert.Equal(t, 2, n, "the backfill event is taken silently, the new one posted")
	assert.Equal(t, []string{evs[0].ID}, keys, "posted once, with its ID as the idempotency key")
	assert.Len(t, slept, 1, "one retry after the 503")
	state, attempts, err := db.DeliveryState(ctx, evs[0].ID, hook.Name())
	require.NoError(t, err)
	assert.Equal(t, archive.Delivered, state)
	assert.Equal(t, 1, attempts)

	// A receiver that refuses an event for good (404) gets it recorded as refused, and the
	// cursor moves past it: one bad event must not hold back every later one.
	refusing := &events.Webhook{URL: srv.URL + "/gone", Client: srv.Client(), Attempts: 2,
		Sleep: func(context.Context, time.Duration) error { return nil }}
	srv.Config.Handler = http.NotFoundHandler()
	_, err = events.Deliver(ctx, db, refusing)
	require.Error(t, err, "the refusal is reported")
	assert.Contains(t, err.Error(), "404")
	cur, err := db.Cursor(ctx, refusing.Name())
	require.NoError(t, err)
	assert.Equal(t, evs[0].Seq, cur, "passed, not retried forever")
	state, _, err = db.DeliveryState(ctx, evs[0].ID, refusing.Name())
	require.NoError(t, err)
	assert.Equal(t, archive.Refused, state)

	// A receiver that is down (503 on every attempt) keeps the event pending and the cursor
	// before it, so that order holds when it comes back.
	down := &events.Webhook{URL: srv.URL + "/down", Client: srv.Client(), Attempts: 2,
		Sleep: func(context.Context, time.Duration) error { return nil }}
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	})
	_, err = events.Deliver(ctx, db, down)
	require.Error(t, err)
	cur, err = db.Cursor(ctx, down.Name())
	require.NoError(t, err)
	assert.Equal(t, evs[0].Seq-1, cur, "the pending event stays next")
	state, _, err = db.DeliveryState(ctx, evs[0].ID, down.Name())
	require.NoError(t, err)
	assert.Equal(t, archive.Pending, state)
}

// leaseStores runs f against every store, each opened k times on one database, as k processes
// sharing it would: a SQLite file, and on PostgreSQL a schema of the test's own (so that it
// can run beside other tests of the same server).
func leaseStores(t *testing.T, k int, f func(t *testing.T, dbs []*archive.DB)) {
	openK := func(t *testing.T, addr string) []*archive.DB {
		var dbs []*archive.DB
		for range k {
			db, err := archive.Open(context.Background(), addr)
			require.NoError(t, err)
			t.Cleanup(func() { db.Close() })
			dbs = append(dbs, db)
		}
		return dbs
	}
	t.Run("sqlite", func(t *testing.T) {
		f(t, openK(t, filepath.Join(t.TempDir(), "a.db")))
	})
	t.Run("postgres", func(t *testing.T) {
		f(t, openK(t, pgtest.Schema(t, "lease_test")))
	})
}

// addIncidents records a reading of feedURL at minute from with n new incidents, numbered from
// from, and returns the events it stored: backfill on the source's first reading, news after.
func addIncidents(ctx context.Context, db *archive.DB, from, n int) ([]events.Event, error) {
	var incs []statusfeed.Incident
	for i := from; i < from+n; i++ {
		incs = append(incs, incident(fmt.Sprintf("i%04d", i), update(i, statusfeed.StatusInvestigating, "x")))
	}
	return db.Record(ctx, archive.Result{URL: feedURL, DetectedAt: t0.Add(time.Duration(from) * time.Minute), Page: page(incs...), Attempts: 1})
}

func seedEvents(t *testing.T, db *archive.DB, n int) []events.Event {
	t.Helper()
	require.NoError(t, db.AddSource(context.Background(), archive.Source{URL: feedURL}))
	evs, err := addIncidents(context.Background(), db, 0, n)
	require.NoError(t, err)
	require.Len(t, evs, n, "one event per incident")
	return evs
}

// clock is a test's time, moved by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// taken is what a shared recorder saw: which loop delivered which event.
type taken struct {
	loop int
	seq  int64
}

// recorder is a sink named "shared" whatever its loop; every loop's recorder writes to one
// log, and counts how many deliveries are under way at once.
type recorder struct {
	loop   int
	delay  time.Duration
	onSeq  func(ctx context.Context, e events.Event) error // called before taking each event
	shared *recorded
}

type recorded struct {
	mu                sync.Mutex
	got               []taken
	inFlight, maxBusy atomic.Int32
}

func (r *recorder) Name() string { return "shared" }

func (r *recorder) Deliver(ctx context.Context, e events.Event) error {
	if n := r.shared.inFlight.Add(1); n > r.shared.maxBusy.Load() {
		r.shared.maxBusy.Store(n)
	}
	defer r.shared.inFlight.Add(-1)
	if r.onSeq != nil {
		if err := r.onSeq(ctx, e); err != nil {
			return err
		}
	}
	time.Sleep(r.delay)
	r.shared.mu.Lock()
	r.shared.got = append(r.shared.got, taken{r.loop, e.Seq})
	r.shared.mu.Unlock()
	return nil
}

func (r *recorded) seqs() []int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []int64
	for _, g := range r.got {
		out = append(out, g.seq)
	}
	return out
}

func allSeqs(t *testing.T, db *archive.DB) []int64 {
	t.Helper()
	var out []int64
	for after := int64(0); ; {
		evs, err := db.Events(context.Background(), after, 1000)
		require.NoError(t, err)
		if len(evs) == 0 {
			return out
		}
		for _, e := range evs {
			out = append(out, e.Seq)
			after = e.Seq
		}
	}
}

func holderOf(t *testing.T, db *archive.DB, consumer string) string {
	t.Helper()
	var h string
	require.NoError(t, archive.RawDB(db).QueryRow(`SELECT holder FROM cursors WHERE consumer = $1`, consumer).Scan(&h))
	return h
}

// Three delivery loops with one sink name, each on its own connection to one archive as three
// pollers would be, deliver while events keep being stored: every event reaches the sink once,
// in order, never two at a time, and the cursor ends at the last.
func TestConcurrentDeliversTakeEachEventOnce(t *testing.T) {
	leaseStores(t, 3, func(t *testing.T, dbs []*archive.DB) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		seedEvents(t, dbs[0], 100)
		shared := &recorded{}
		var stored atomic.Bool
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer stored.Store(true)
			for r := 1; r <= 20 && ctx.Err() == nil; r++ {
				evs, err := addIncidents(ctx, dbs[0], 100+10*(r-1), 10)
				if !assert.NoError(t, err) {
					return
				}
				// Store the next ten once these are delivered and the name is free (or
				// after a while), so that the loops race for it again: a holder that finds
				// more before it lets go keeps delivering.
				last := evs[len(evs)-1].Seq
				for wait := 0; wait < 5000; wait++ {
					var seq int64
					var holder string
					err := archive.RawDB(dbs[0]).QueryRowContext(ctx, `SELECT seq, holder FROM cursors WHERE consumer = 'shared'`).Scan(&seq, &holder)
					if err == nil && seq == last && holder == "" {
						break
					}
					time.Sleep(time.Millisecond)
				}
			}
		}()
		var busy, lost atomic.Int32
		for i, db := range dbs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sink := &recorder{loop: i, delay: 100 * time.Microsecond, shared: shared}
				for ctx.Err() == nil {
					done := stored.Load()
					n, err := events.Deliver(ctx, db, sink)
					switch {
					case errors.Is(err, events.ErrConsumerBusy):
						busy.Add(1)
						time.Sleep(time.Millisecond)
						continue
					case errors.Is(err, events.ErrLeaseLost):
						lost.Add(1)
					case err != nil:
						assert.NoError(t, err)
						return
					}
					if done {
						return // caught up after the last event was stored
					}
					// Let another loop win the next round: this one waits longer if it
					// has just delivered one.
					pause := time.Duration(rand.IntN(3000)) * time.Microsecond
					if n > 0 {
						pause += 30 * time.Millisecond
					}
					time.Sleep(pause)
				}
			}()
		}
		wg.Wait()
		require.NoError(t, ctx.Err())

		want := allSeqs(t, dbs[0])
		require.Len(t, want, 300)
		assert.Equal(t, want, shared.seqs(), "every event once, in order")
		assert.EqualValues(t, 1, shared.maxBusy.Load(), "never two deliveries at once")
		assert.Zero(t, lost.Load(), "no hold lapsed")
		assert.Positive(t, busy.Load(), "the loops did contend")
		cur, err := dbs[1].Cursor(ctx, "shared")
		require.NoError(t, err)
		assert.Equal(t, want[len(want)-1], cur)
		assert.Empty(t, holderOf(t, dbs[2], "shared"), "released")
		loops := map[int]int{}
		for _, g := range shared.got {
			loops[g.loop]++
		}
		t.Logf("events per loop: %v; busy answers: %d", loops, busy.Load())
		assert.Greater(t, len(loops), 1, "the name passed from loop to loop")
	})
}

// A holder that died (it never released, and its hold has lapsed) is taken over by the next
// Deliver, which resumes from the cursor it left; until the hold lapses the name is busy.
func TestDeliverTakesOverADeadHolder(t *testing.T) {
	leaseStores(t, 1, func(t *testing.T, dbs []*archive.DB) {
		db, ctx := dbs[0], context.Background()
		evs := seedEvents(t, db, 10)
		const ttl = time.Minute
		_, ok, err := db.Acquire(ctx, "shared", "dead", t0, t0.Add(ttl))
		require.NoError(t, err)
		require.True(t, ok)
		ok, err = db.AdvanceHeld(ctx, "shared", "dead", evs[3].Seq, t0.Add(ttl))
		require.NoError(t, err)
		require.True(t, ok)

		c := &clock{now: t0.Add(ttl / 2)}
		shared := &recorded{}
		sink := &recorder{shared: shared}
		n, err := events.DeliverWith(ctx, db, sink, events.DeliverOptions{LeaseTTL: ttl, Now: c.Now})
		require.ErrorIs(t, err, events.ErrConsumerBusy)
		assert.True(t, strings.HasPrefix(err.Error(), "events: "), err.Error())
		assert.Zero(t, n)
		assert.Empty(t, shared.seqs(), "nothing delivered while the hold lasts")
		assert.Equal(t, "dead", holderOf(t, db, "shared"))

		c.add(ttl)
		n, err = events.DeliverWith(ctx, db, sink, events.DeliverOptions{LeaseTTL: ttl, Now: c.Now})
		require.NoError(t, err)
		assert.Equal(t, 6, n)
		var want []int64
		for _, e := range evs[4:] {
			want = append(want, e.Seq)
		}
		assert.Equal(t, want, shared.seqs(), "resumed after the dead holder's cursor")
		cur, err := db.Cursor(ctx, "shared")
		require.NoError(t, err)
		assert.Equal(t, evs[9].Seq, cur)
		assert.Empty(t, holderOf(t, db, "shared"), "released")
	})
}

// A holder whose hold lapsed and was taken by another cannot move the cursor, renew, or
// release the other's hold.
func TestLostHolderCannotAdvance(t *testing.T) {
	leaseStores(t, 2, func(t *testing.T, dbs []*archive.DB) {
		a, b, ctx := dbs[0], dbs[1], context.Background()
		const ttl = time.Minute
		cur, ok, err := a.Acquire(ctx, "shared", "A", t0, t0.Add(ttl))
		require.NoError(t, err)
		require.True(t, ok)
		assert.Zero(t, cur, "a new consumer starts at 0")
		ok, err = a.AdvanceHeld(ctx, "shared", "A", 3, t0.Add(ttl))
		require.NoError(t, err)
		require.True(t, ok)

		_, ok, err = b.Acquire(ctx, "shared", "B", t0.Add(ttl/2), t0.Add(ttl/2+ttl))
		require.NoError(t, err)
		assert.False(t, ok, "held")
		later := t0.Add(ttl + time.Second)
		cur, ok, err = b.Acquire(ctx, "shared", "B", later, later.Add(ttl))
		require.NoError(t, err)
		require.True(t, ok, "lapsed: taken over")
		assert.EqualValues(t, 3, cur, "from where A left it")

		ok, err = a.AdvanceHeld(ctx, "shared", "A", 5, later.Add(ttl))
		require.NoError(t, err)
		assert.False(t, ok, "A no longer holds it")
		cur, err = b.Cursor(ctx, "shared")
		require.NoError(t, err)
		assert.EqualValues(t, 3, cur, "A did not move the cursor")
		require.NoError(t, a.Release(ctx, "shared", "A"))
		assert.Equal(t, "B", holderOf(t, a, "shared"), "A cannot release B's hold")
		_, ok, err = a.Acquire(ctx, "shared", "A", later, later.Add(ttl))
		require.NoError(t, err)
		assert.False(t, ok, "nor take it back while B's lasts")
		ok, err = b.AdvanceHeld(ctx, "shared", "B", 4, later.Add(ttl))
		require.NoError(t, err)
		assert.True(t, ok)
		ok, err = b.AdvanceHeld(ctx, "shared", "B", 2, later.Add(ttl))
		require.NoError(t, err)
		assert.True(t, ok)
		cur, err = b.Cursor(ctx, "shared")
		require.NoError(t, err)
		assert.EqualValues(t, 4, cur, "never moved back")
	})
}

// A holder that stalls inside the sink past its TTL, while another takes the name over, cannot
// move the cursor past the event it was delivering: it stops with ErrLeaseLost, and the new
// holder resumes from that event (which the stalled one's sink may have taken: the one event a
// stall can repeat, as a crash can).
func TestDeliverStalledInTheSinkLosesItsHold(t *testing.T) {
	leaseStores(t, 1, func(t *testing.T, dbs []*archive.DB) {
		db, ctx := dbs[0], context.Background()
		evs := seedEvents(t, db, 6)
		const ttl = time.Minute
		c := &clock{now: t0}
		shared := &recorded{}
		sink := &recorder{shared: shared, onSeq: func(ctx context.Context, e events.Event) error {
			if e.Seq == evs[3].Seq {
				takeOver(t, db, c, ttl)
			}
			return nil
		}}
		n, err := events.DeliverWith(ctx, db, sink, events.DeliverOptions{LeaseTTL: ttl, Now: c.Now})
		require.ErrorIs(t, err, events.ErrLeaseLost)
		assert.True(t, strings.HasPrefix(err.Error(), "events: "), err.Error())
		assert.Equal(t, 3, n, "advanced past three")
		assert.Equal(t, []int64{evs[0].Seq, evs[1].Seq, evs[2].Seq, evs[3].Seq}, shared.seqs(), "and stopped after the fourth")
		cur, err := db.Cursor(ctx, "shared")
		require.NoError(t, err)
		assert.Equal(t, evs[2].Seq, cur, "the lost holder did not move the cursor")
		assert.Equal(t, "thief", holderOf(t, db, "shared"), "nor release the new holder's hold")

		// The new holder (here: the next Deliver, once the thief lets go) resumes at the
		// fourth event, which the stalled holder's sink had taken too.
		require.NoError(t, db.Release(ctx, "shared", "thief"))
		sink.onSeq = nil
		n, err = events.DeliverWith(ctx, db, sink, events.DeliverOptions{LeaseTTL: ttl, Now: c.Now})
		require.NoError(t, err)
		assert.Equal(t, 3, n)
		assert.Equal(t, []int64{evs[0].Seq, evs[1].Seq, evs[2].Seq, evs[3].Seq, evs[3].Seq, evs[4].Seq, evs[5].Seq}, shared.seqs())
	})
}

// A holder that stalls in its sink past the TTL records nothing of the event it was delivering:
// its successor delivered that event meanwhile, and its record ("delivered") stands, not the
// stalled sink's late failure.
func TestStalledHolderRecordsNothing(t *testing.T) {
	leaseStores(t, 1, func(t *testing.T, dbs []*archive.DB) {
		db, ctx := dbs[0], context.Background()
		evs := seedEvents(t, db, 4)
		const ttl = time.Minute
		c := &clock{now: t0}
		sink := &recorder{shared: &recorded{}, onSeq: func(ctx context.Context, e events.Event) error {
			if e.Seq != evs[2].Seq {
				return nil
			}
			takeOver(t, db, c, ttl)
			ok, err := db.MarkDeliveryHeld(ctx, "shared", "thief", e.ID, "shared", archive.Delivered, "", c.Now())
			require.NoError(t, err)
			require.True(t, ok, "the new holder records its delivery")
			return errors.New("receiver down") // the stalled sink's attempt fails, late
		}}
		_, err := events.DeliverWith(ctx, db, sink, events.DeliverOptions{LeaseTTL: ttl, Now: c.Now})
		require.ErrorIs(t, err, events.ErrLeaseLost)
		state, attempts, err := db.DeliveryState(ctx, evs[2].ID, "shared")
		require.NoError(t, err)
		assert.Equal(t, archive.Delivered, state, "the successor's record stands")
		assert.Equal(t, 1, attempts)
		state, _, err = db.DeliveryState(ctx, evs[1].ID, "shared")
		require.NoError(t, err)
		assert.Equal(t, archive.Delivered, state, "what the holder delivered while it held the name is recorded")

		ok, err := db.MarkDeliveryHeld(ctx, "shared", "nobody", evs[3].ID, "shared", archive.Pending, "x", c.Now())
		require.NoError(t, err)
		assert.False(t, ok, "only the holder records")
		state, _, err = db.DeliveryState(ctx, evs[3].ID, "shared")
		require.NoError(t, err)
		assert.Empty(t, state)
	})
}

// leaserOnly is a Leaser without MarkDeliveryHeld, as one written before it was.
type leaserOnly struct{ db *archive.DB }

func (l leaserOnly) Events(ctx context.Context, after int64, limit int) ([]events.Event, error) {
	return l.db.Events(ctx, after, limit)
}
func (l leaserOnly) Cursor(ctx context.Context, c string) (int64, error) { return l.db.Cursor(ctx, c) }
func (l leaserOnly) Advance(ctx context.Context, c string, seq int64) error {
	return l.db.Advance(ctx, c, seq)
}
func (l leaserOnly) MarkDelivery(ctx context.Context, id, sink, state, msg string, at time.Time) error {
	return l.db.MarkDelivery(ctx, id, sink, state, msg, at)
}
func (l leaserOnly) Acquire(ctx context.Context, c, h string, now, until time.Time) (int64, bool, error) {
	return l.db.Acquire(ctx, c, h, now, until)
}
func (l leaserOnly) AdvanceHeld(ctx context.Context, c, h string, seq int64, until time.Time) (bool, error) {
	return l.db.AdvanceHeld(ctx, c, h, seq, until)
}
func (l leaserOnly) Release(ctx context.Context, c, h string) error { return l.db.Release(ctx, c, h) }

// A Leaser without MarkDeliveryHeld still holds the name, and records its attempts unfenced.
func TestLeaserWithoutHeldMarker(t *testing.T) {
	leaseStores(t, 1, func(t *testing.T, dbs []*archive.DB) {
		db, ctx := dbs[0], context.Background()
		evs := seedEvents(t, db, 3)
		var log events.Log = leaserOnly{db}
		_, isMarker := log.(events.HeldMarker)
		require.False(t, isMarker)
		n, err := events.Deliver(ctx, log, &recorder{shared: &recorded{}})
		require.NoError(t, err)
		assert.Equal(t, 3, n)
		for _, e := range evs {
			state, attempts, err := db.DeliveryState(ctx, e.ID, "shared")
			require.NoError(t, err)
			assert.Equal(t, archive.Delivered, state)
			assert.Equal(t, 1, attempts)
		}
		assert.Empty(t, holderOf(t, db, "shared"), "held while delivering, released after")
	})
}

// takeOver lets two TTLs pass, then has a holder named "thief" take the name "shared", as
// another process would once the hold it found had lapsed.
func takeOver(t *testing.T, db *archive.DB, c *clock, ttl time.Duration) {
	c.add(2 * ttl)
	_, ok, err := db.Acquire(context.Background(), "shared", "thief", c.Now(), c.Now().Add(ttl))
	require.NoError(t, err)
	require.True(t, ok)
}

// pausingLog stops the process, as a laptop's sleep or a paused VM would, right after it moves
// the cursor to at; meanwhile another holder takes over.
type pausingLog struct {
	*archive.DB
	at    int64
	pause func()
}

func (p *pausingLog) AdvanceHeld(ctx context.Context, consumer, holder string, seq int64, until time.Time) (bool, error) {
	ok, err := p.DB.AdvanceHeld(ctx, consumer, holder, seq, until)
	if ok && seq == p.at {
		p.pause()
	}
	return ok, err
}

// A holder stopped between two events, long enough for its hold to lapse and be taken, finds
// out before it hands its sink one more.
func TestDeliverPausedBetweenEventsStops(t *testing.T) {
	leaseStores(t, 1, func(t *testing.T, dbs []*archive.DB) {
		db, ctx := dbs[0], context.Background()
		evs := seedEvents(t, db, 6)
		const ttl = time.Minute
		c := &clock{now: t0}
		log := &pausingLog{DB: db, at: evs[2].Seq, pause: func() { takeOver(t, db, c, ttl) }}
		shared := &recorded{}
		n, err := events.DeliverWith(ctx, log, &recorder{shared: shared}, events.DeliverOptions{LeaseTTL: ttl, Now: c.Now})
		require.ErrorIs(t, err, events.ErrLeaseLost)
		assert.Equal(t, 3, n)
		assert.Equal(t, []int64{evs[0].Seq, evs[1].Seq, evs[2].Seq}, shared.seqs(), "the fourth was left to the new holder")
		cur, err := db.Cursor(ctx, "shared")
		require.NoError(t, err)
		assert.Equal(t, evs[2].Seq, cur)
	})
}

// A sink that takes longer than the TTL over one event (a webhook retrying a receiver that
// hangs) keeps its hold: it is renewed while the sink works, so another Deliver finds the name
// busy throughout rather than delivering the same events beside it. Real time, short TTL.
func TestSlowSinkKeepsItsHold(t *testing.T) {
	leaseStores(t, 2, func(t *testing.T, dbs []*archive.DB) {
		ctx := context.Background()
		evs := seedEvents(t, dbs[0], 3)
		// Long enough that a renewal delayed by a loaded machine (tests run with -race, packages
		// in parallel) is not mistaken for a lapse.
		const ttl = 1500 * time.Millisecond
		shared := &recorded{}
		started := make(chan struct{})
		var sleeping atomic.Bool
		slow := &recorder{loop: 0, shared: shared, onSeq: func(_ context.Context, e events.Event) error {
			if e.Seq == evs[0].Seq {
				sleeping.Store(true)
				close(started)
				time.Sleep(5 * ttl / 2)
				sleeping.Store(false)
			}
			return nil
		}}
		type result struct {
			n   int
			err error
		}
		done := make(chan result, 1)
		go func() {
			n, err := events.DeliverWith(ctx, dbs[0], slow, events.DeliverOptions{LeaseTTL: ttl})
			done <- result{n, err}
		}()
		<-started
		began := time.Now()
		other := &recorder{loop: 1, shared: shared}
		tries, lastBusy := 0, time.Duration(0)
		for {
			select {
			case r := <-done:
				require.NoError(t, r.err)
				assert.Equal(t, 3, r.n)
				assert.Equal(t, []int64{evs[0].Seq, evs[1].Seq, evs[2].Seq}, shared.seqs())
				assert.Positive(t, tries)
				assert.Greater(t, lastBusy, 3*ttl/2, "still held well past one TTL")
				return
			case <-time.After(50 * time.Millisecond):
			}
			during := sleeping.Load()
			_, err := events.DeliverWith(ctx, dbs[1], other, events.DeliverOptions{LeaseTTL: ttl})
			if during && sleeping.Load() {
				require.ErrorIs(t, err, events.ErrConsumerBusy, "try %d, %v into the slow delivery", tries, time.Duration(tries)*50*time.Millisecond)
				tries++
				lastBusy = time.Since(began)
			}
		}
	})
}

// A holder that finds, while its sink works, that another took the name cancels the sink's
// context, records nothing for the event and leaves the cursor where it was.
func TestLostHoldCancelsTheSink(t *testing.T) {
	leaseStores(t, 1, func(t *testing.T, dbs []*archive.DB) {
		db, ctx := dbs[0], context.Background()
		evs := seedEvents(t, db, 2)
		const ttl = 400 * time.Millisecond
		started := make(chan struct{})
		shared := &recorded{}
		sink := &recorder{shared: shared, onSeq: func(ctx context.Context, e events.Event) error {
			close(started)
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(10 * time.Second):
				return errors.New("never cancelled")
			}
		}}
		go func() {
			<-started
			// Another process whose clock is well ahead sees the hold lapsed and takes it.
			ahead := time.Now().Add(2 * ttl)
			_, ok, err := db.Acquire(ctx, "shared", "thief", ahead, ahead.Add(time.Hour))
			assert.NoError(t, err)
			assert.True(t, ok)
		}()
		began := time.Now()
		_, err := events.DeliverWith(ctx, db, sink, events.DeliverOptions{LeaseTTL: ttl})
		require.ErrorIs(t, err, events.ErrLeaseLost)
		assert.Less(t, time.Since(began), 5*time.Second, "cancelled at the next renewal")
		assert.Empty(t, shared.seqs())
		state, attempts, err := db.DeliveryState(ctx, evs[0].ID, "shared")
		require.NoError(t, err)
		assert.Empty(t, state, "nothing recorded: the new holder delivers it")
		assert.Zero(t, attempts)
		cur, err := db.Cursor(ctx, "shared")
		require.NoError(t, err)
		assert.Zero(t, cur)
		assert.Equal(t, "thief", holderOf(t, db, "shared"))
	})
}

// hookLog runs hook once, the first time a delivery loop finds no more events.
type hookLog struct {
	*archive.DB
	once sync.Once
	hook func()
}

func (h *hookLog) Events(ctx context.Context, after int64, limit int) ([]events.Event, error) {
	evs, err := h.DB.Events(ctx, after, limit)
	if err == nil && len(evs) == 0 {
		h.once.Do(h.hook)
	}
	return evs, err
}

// Events stored by a poller whose Deliver then found the name busy are delivered by the
// holder before it returns, not left for the next poll: the holder looks again after
// releasing, and takes the name back.
func TestBusyDeliverLeavesItsEventsToTheHolder(t *testing.T) {
	leaseStores(t, 2, func(t *testing.T, dbs []*archive.DB) {
		ctx := context.Background()
		evs := seedEvents(t, dbs[0], 10)
		var busyErr error
		log := &hookLog{DB: dbs[0], hook: func() {
			// Another poller, between this loop's last read and its release, stores news
			// and tries to deliver it.
			more, err := addIncidents(ctx, dbs[1], 10, 2)
			require.NoError(t, err)
			require.Len(t, more, 2)
			evs = append(evs, more...)
			_, busyErr = events.Deliver(ctx, dbs[1], &recorder{loop: 1, shared: &recorded{}})
		}}
		shared := &recorded{}
		n, err := events.Deliver(ctx, log, &recorder{shared: shared})
		require.NoError(t, err)
		require.ErrorIs(t, busyErr, events.ErrConsumerBusy)
		require.Len(t, evs, 12)
		assert.Equal(t, 12, n)
		var want []int64
		for _, e := range evs {
			want = append(want, e.Seq)
		}
		assert.Equal(t, want, shared.seqs(), "the other poller's events too")
		cur, err := dbs[0].Cursor(ctx, "shared")
		require.NoError(t, err)
		assert.Equal(t, want[len(want)-1], cur)
		assert.Empty(t, holderOf(t, dbs[0], "shared"))
	})
}
