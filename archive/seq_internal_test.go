package archive

import (
	"context"
	"database/sql"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/events"
	"statusfeed.dev/statusfeed"
)

// openPostgresInternal opens a fresh archive in the PostgreSQL database STATUSFEED_TEST_POSTGRES
// names, or skips.
func openPostgresInternal(t *testing.T) *DB {
	t.Helper()
	addr := os.Getenv("STATUSFEED_TEST_POSTGRES")
	if addr == "" {
		t.Skip("PostgreSQL tests skipped: set STATUSFEED_TEST_POSTGRES to a server's URL (.ci/run starts one on loopback)")
	}
	raw, err := sql.Open("pgx", addr)
	require.NoError(t, err)
	defer raw.Close()
	if err := raw.Ping(); err != nil {
		t.Skipf("PostgreSQL tests skipped: STATUSFEED_TEST_POSTGRES=%s is not reachable: %v", addr, err)
	}
	_, err = raw.Exec(`DROP SCHEMA public CASCADE; CREATE SCHEMA public`)
	require.NoError(t, err)
	db, err := Open(context.Background(), addr)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

// Events become visible in the order of their sequence numbers, so that a consumer reading
// after its cursor never skips one: on PostgreSQL a transaction that drew a lower number but
// commits later would otherwise appear behind a cursor that has already moved past it.
func TestEventsCommitInSequenceOrder(t *testing.T) {
	db := openPostgresInternal(t)
	ctx := context.Background()
	const src = "https://status.example.com/history.atom"
	require.NoError(t, db.AddSource(ctx, Source{URL: src}))
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

	// A slow recording: its event is inserted (its number drawn) but not yet committed.
	slow, err := db.db.BeginTx(ctx, nil)
	require.NoError(t, err)
	defer slow.Rollback() //nolint:errcheck // a no-op after Commit
	stored, err := db.insertEvents(ctx, db.wrap(slow), []events.Event{{ID: "slow-event", Type: events.SourceRecovered, DetectedAt: t0, Source: src}})
	require.NoError(t, err)
	require.Len(t, stored, 1)

	// A quick one meanwhile.
	done := make(chan error, 1)
	go func() {
		inc := statusfeed.Incident{ID: "quick", Title: "Quick", Status: statusfeed.StatusInvestigating,
			Updates: []statusfeed.Update{{At: t0, Status: statusfeed.StatusInvestigating, RawStatus: "investigating"}}}
		_, err := db.Record(ctx, Result{URL: src, DetectedAt: t0, Page: &statusfeed.Page{Name: "Example", Incidents: []statusfeed.Incident{inc}}})
		done <- err
	}()

	// A consumer reads after its cursor the whole time.
	var seen []string
	var cursor int64
	read := func() {
		evs, err := db.Events(ctx, cursor, 100)
		require.NoError(t, err)
		for _, e := range evs {
			seen = append(seen, e.ID)
			cursor = e.Seq
		}
	}
	for deadline := time.Now().Add(300 * time.Millisecond); time.Now().Before(deadline); {
		read()
		time.Sleep(10 * time.Millisecond)
	}
	require.NoError(t, slow.Commit())
	require.NoError(t, <-done)
	read()
	assert.Contains(t, seen, "slow-event", "the consumer skipped the event committed last with the lower number")
	assert.Len(t, seen, 2)
}
