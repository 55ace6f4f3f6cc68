package archive_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/archive"
	"statusfeed.dev/events"
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
