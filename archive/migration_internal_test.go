package archive

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"statusfeed.dev/events"
	"statusfeed.dev/internal/pgtest"
)

// Migration 3 makes an event's ID unique with its vendor. An archive an older build left keeps
// its events and their numbers, never hands out a number it had handed out (even one whose event
// is gone), and still stores an event once.
func TestMigrationKeepsEventsAndTheirNumbers(t *testing.T) {
	oldArchives(t, checkEventsMigration)
}

// oldArchives runs check on a raw database of each dialect, for check to give the schema an
// older build left (migrateTo) and then open it with this one (Open(addr)).
func oldArchives(t *testing.T, check func(t *testing.T, raw *sql.DB, d dialect, addr string)) {
	t.Run("sqlite", func(t *testing.T) {
		addr := filepath.Join(t.TempDir(), "old.db")
		raw, err := sql.Open("sqlite", sqliteDSN(addr))
		require.NoError(t, err)
		raw.SetMaxOpenConns(1)
		check(t, raw, sqliteDialect, addr)
	})
	t.Run("postgres", func(t *testing.T) {
		addr := pgtest.Schema(t, "migration_test")
		raw, err := sql.Open("pgx", addr)
		require.NoError(t, err)
		check(t, raw, postgresDialect, addr)
	})
}

// reopen closes the old build's raw database and opens it as an archive of this build, with
// every migration applied.
func reopen(t *testing.T, raw *sql.DB, addr string) *DB {
	t.Helper()
	require.NoError(t, raw.Close())
	db, err := Open(context.Background(), addr)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	var version int
	require.NoError(t, db.db.QueryRow(`SELECT MAX(version) FROM schema_migrations`).Scan(&version))
	require.Equal(t, SchemaVersion(), version)
	return db
}

func checkEventsMigration(t *testing.T, raw *sql.DB, d dialect, addr string) {
	ctx := context.Background()
	old := &DB{db: raw, d: d}
	require.NoError(t, old.migrateTo(ctx, 2), "the schema before migration 3")
	for _, e := range [][2]string{{"e1", "Acme"}, {"e2", "Acme"}, {"e3", "Globex"}} {
		_, err := raw.ExecContext(ctx, `INSERT INTO events (id, type, detected_at, vendor, payload) VALUES ($1, 'incident_opened', '2026-03-01T12:00:00Z', $2, $3)`,
			e[0], e[1], `{"id":"`+e[0]+`"}`)
		require.NoError(t, err)
	}
	_, err := raw.ExecContext(ctx, `DELETE FROM events WHERE id = 'e3'`) // number 3 was handed out
	require.NoError(t, err)
	db := reopen(t, raw, addr)
	assert.Equal(t, 3, SchemaVersion(), "migration 3 makes IDs unique with their vendor; update this test with the next")

	kept, err := db.Events(ctx, 0, 10)
	require.NoError(t, err)
	require.Len(t, kept, 2)
	assert.Equal(t, []int64{1, 2}, []int64{kept[0].Seq, kept[1].Seq})
	assert.Equal(t, []string{"e1", "e2"}, []string{kept[0].ID, kept[1].ID})

	at := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	insert := func(e events.Event) []events.Event {
		tx, err := db.db.BeginTx(ctx, nil)
		require.NoError(t, err)
		defer tx.Rollback() //nolint:errcheck // a no-op after Commit
		stored, err := db.insertEvents(ctx, db.wrap(tx), []events.Event{e})
		require.NoError(t, err)
		require.NoError(t, tx.Commit())
		return stored
	}
	stored := insert(events.Event{ID: "e4", Type: events.IncidentOpened, Vendor: "Acme", DetectedAt: at})
	require.Len(t, stored, 1)
	assert.EqualValues(t, 4, stored[0].Seq, "the number after the last handed out, not after the last kept")
	assert.Empty(t, insert(events.Event{ID: "e1", Type: events.IncidentOpened, Vendor: "Acme", DetectedAt: at}), "e1 is stored already")
}
