package poll_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/archive"
	"statusfeed.dev/events"
	"statusfeed.dev/internal/pgtest"
	"statusfeed.dev/poll"
)

// postgresArchive returns the address of an empty archive in its own schema of the test
// database (so that it never meets the archive package's tests, which reset the public schema),
// dropped at the end of the test; or skips.
func postgresArchive(t *testing.T) string { return pgtest.Schema(t, "poll_test") }

// scenario is a farm of sources whose documents change from round to round, the same way
// every time it is played: JSON sources whose component degrades and recovers, and feeds that
// gain an incident a round.
type scenario struct {
	f      *farm
	urls   []string
	routes []*route
}

func newScenario(t testing.TB, n int) *scenario {
	s := &scenario{f: newFarm(t)}
	for i := range n {
		var u string
		if i%2 == 0 {
			u = fmt.Sprintf("http://s%d.farm.test/api/v2/summary.json", i)
		} else {
			u = fmt.Sprintf("http://s%d.farm.test/history.atom", i)
		}
		s.urls = append(s.urls, u)
		s.routes = append(s.routes, s.f.add(u, []byte("{}"), "application/json"))
	}
	s.play(0)
	return s
}

// play sets every source's document for round r.
func (s *scenario) play(r int) {
	for i, rt := range s.routes {
		if i%2 == 0 {
			status := "operational"
			if r > 0 && i%10 == (r*2)%10 {
				status = "major_outage"
			}
			comps := []docComponent{{"api000000001", "API", status}, {"web000000001", "Web", "operational"}}
			rt.set(summaryJSON(fmt.Sprintf("page%08d", i), fmt.Sprintf("Vendor %d", i), comps, nil), "application/json")
			continue
		}
		entries := 1
		if i%5 == 1 {
			entries += r
		}
		var es []docEntry
		for k := range entries {
			es = append(es, docEntry{ID: fmt.Sprintf("%d-%d", i, k), Title: fmt.Sprintf("Incident %d", k), Body: "Something happened.", Min: 10 * k})
		}
		rt.set(atomFeed(fmt.Sprintf("Feed %d", i), es), "application/atom+xml")
	}
}

// requests returns how many requests each source has had.
func (s *scenario) requests() []int64 {
	out := make([]int64, len(s.routes))
	for i, r := range s.routes {
		out[i] = r.requests.Load()
	}
	return out
}

func allEventIDs(t *testing.T, db *archive.DB) (ids []string, seqs []int64) {
	t.Helper()
	var after int64
	for {
		evs, err := db.Events(context.Background(), after, 1000)
		require.NoError(t, err)
		if len(evs) == 0 {
			return ids, seqs
		}
		for _, e := range evs {
			ids = append(ids, e.ID)
			seqs = append(seqs, e.Seq)
			after = e.Seq
		}
	}
}

// recorder is a sink that keeps what it is given.
type recorder struct {
	mu  sync.Mutex
	ids []string
}

func (r *recorder) Name() string { return "recorder" }
func (r *recorder) Deliver(_ context.Context, e events.Event) error {
	r.mu.Lock()
	r.ids = append(r.ids, e.ID)
	r.mu.Unlock()
	return nil
}

// Three pollers sharing one PostgreSQL archive poll 500 sources through several intervals:
// each source is fetched exactly once per interval, each change is stored as exactly the events
// one poller alone on SQLite stores for it, and a consumer delivering while they poll sees each
// event once.
func TestThreePollersShareAPostgreSQLArchive(t *testing.T) {
	addr := postgresArchive(t)
	const sources, rounds = 500, 4
	ctx := context.Background()
	s := newScenario(t, sources)

	t0 := time.Now()
	// The reference: one poller, alone, on SQLite.
	ref := openSQLite(t)
	addSources(t, ref, s.urls...)
	refClock := newClock()
	refPoller := newPoller(ref, s.f, refClock)
	for r := range rounds {
		s.play(r)
		rs, err := refPoller.Poll(ctx)
		require.NoError(t, err)
		require.Len(t, rs, sources)
		refClock.advance(interval)
	}
	t.Logf("reference: %v", time.Since(t0))
	t0 = time.Now()
	want, _ := allEventIDs(t, ref)
	require.Greater(t, len(want), sources, "the scenario causes news beyond the backfill")

	// Three pollers, one PostgreSQL archive, one clock.
	s.play(0)
	c := newClock()
	var dbs []*archive.DB
	var pollers []*poll.Poller
	for i := range 3 {
		db, err := archive.Open(ctx, addr)
		require.NoError(t, err)
		t.Cleanup(func() { db.Close() })
		dbs = append(dbs, db)
		p := newPoller(db, s.f, c)
		p.Owner, p.Concurrency, p.LeaseBatch = fmt.Sprintf("poller-%d", i), 8, 20
		pollers = append(pollers, p)
	}
	addSources(t, dbs[0], s.urls...)

	// A consumer delivers while they poll.
	sink := &recorder{}
	stop := make(chan struct{})
	delivered := make(chan error, 1)
	go func() {
		for {
			if _, err := events.Deliver(ctx, dbs[1], sink); err != nil {
				delivered <- err
				return
			}
			select {
			case <-stop:
				delivered <- nil
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()

	for r := range rounds {
		s.play(r)
		before := s.requests()
		var mu sync.Mutex
		var got []poll.Result
		var wg sync.WaitGroup
		for _, p := range pollers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Twice: the second cycle finds nothing due.
				for range 2 {
					rs, err := p.Poll(ctx)
					assert.NoError(t, err)
					mu.Lock()
					got = append(got, rs...)
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		after := s.requests()
		polled := map[string]int{}
		for _, res := range got {
			polled[res.Source]++
			assert.Equal(t, archive.StateOK, res.State, "round %d %s: %v", r, res.Source, res.Err)
		}
		assert.Len(t, polled, sources, "round %d: every source polled", r)
		for i, u := range s.urls {
			assert.Equal(t, 1, polled[u], "round %d: %s polled once", r, u)
			assert.EqualValues(t, 1, after[i]-before[i], "round %d: %s fetched once", r, u)
		}
		c.advance(interval)
	}
	t.Logf("postgres: %v", time.Since(t0))
	close(stop)
	require.NoError(t, <-delivered)
	_, err := events.Deliver(ctx, dbs[2], sink)
	require.NoError(t, err)

	ids, seqs := allEventIDs(t, dbs[0])
	sort.Strings(want)
	stored := append([]string(nil), ids...)
	sort.Strings(stored)
	assert.Equal(t, want, stored, "the events one poller alone stores, each once")
	for i := 1; i < len(seqs); i++ {
		assert.Greater(t, seqs[i], seqs[i-1])
	}
	seen := map[string]int{}
	for _, id := range sink.ids {
		seen[id]++
	}
	for _, id := range ids {
		assert.Equal(t, 1, seen[id], "event %s delivered once", id)
	}
	assert.Equal(t, len(ids), len(sink.ids), "nothing delivered that was not stored")
}
