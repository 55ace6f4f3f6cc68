package events_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/events"
)

// memLog is a Log in memory that cannot hold a consumer (no Leaser): what a Log written before
// leases looks like.
type memLog struct {
	mu      sync.Mutex
	events  []events.Event
	cursors map[string]int64
	states  map[string]string // event ID + " " + sink → state
}

func newMemLog(n int) *memLog {
	l := &memLog{cursors: map[string]int64{}, states: map[string]string{}}
	for i := 1; i <= n; i++ {
		l.events = append(l.events, events.Event{Seq: int64(i), ID: string(rune('a' + i - 1)), Type: events.IncidentOpened})
	}
	return l
}

func (l *memLog) Events(_ context.Context, after int64, limit int) ([]events.Event, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []events.Event
	for _, e := range l.events {
		if e.Seq > after && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, nil
}

func (l *memLog) Cursor(_ context.Context, consumer string) (int64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cursors[consumer], nil
}

func (l *memLog) Advance(_ context.Context, consumer string, seq int64) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cursors[consumer] = max(l.cursors[consumer], seq)
	return nil
}

func (l *memLog) MarkDelivery(_ context.Context, eventID, sink, state, _ string, _ time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.states[eventID+" "+sink] = state
	return nil
}

// sink records the IDs it takes, and answers with fail's error for the IDs fail names.
type sink struct {
	got  []string
	fail map[string]error
}

func (s *sink) Name() string { return "test" }

func (s *sink) Deliver(_ context.Context, e events.Event) error {
	if err := s.fail[e.ID]; err != nil {
		return err
	}
	s.got = append(s.got, e.ID)
	return nil
}

// A Log that cannot hold a consumer delivers as it always did: from the cursor, in order,
// stopping at a pending event and passing a refused one.
func TestDeliverWithoutLeaser(t *testing.T) {
	ctx := context.Background()
	log := newMemLog(5)
	var _ events.Log = log
	_, isLeaser := any(log).(events.Leaser)
	require.False(t, isLeaser)

	s := &sink{fail: map[string]error{"b": &events.RefusedError{Err: errors.New("410 gone")}, "d": errors.New("503")}}
	n, err := events.Deliver(ctx, log, s)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "410 gone", "the refusal is reported")
	assert.Contains(t, err.Error(), "503", "and the pending event")
	assert.Equal(t, 2, n)
	assert.Equal(t, []string{"a", "c"}, s.got)
	assert.Equal(t, events.Refused, log.states["b test"])
	assert.Equal(t, events.Pending, log.states["d test"])
	cur, _ := log.Cursor(ctx, "test")
	assert.EqualValues(t, 3, cur, "stopped before the pending event")

	delete(s.fail, "d")
	n, err = events.Deliver(ctx, log, s)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	assert.Equal(t, []string{"a", "c", "d", "e"}, s.got, "resumed at the pending event")
	cur, _ = log.Cursor(ctx, "test")
	assert.EqualValues(t, 5, cur)
}
