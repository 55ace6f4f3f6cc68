package archive

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An archive an older build left, with a cursor already moved, gains the lease columns when a
// newer build opens it: the cursor is kept, free, and can be acquired and advanced.
func TestMigrationAddsCursorLeases(t *testing.T) {
	oldArchives(t, checkCursorMigration)
}

func checkCursorMigration(t *testing.T, raw *sql.DB, d dialect, addr string) {
	ctx := context.Background()
	old := &DB{db: raw, d: d}
	require.NoError(t, old.migrateTo(ctx, 1), "the schema as the first release made it")
	require.NoError(t, old.Advance(ctx, "webhook:https://hooks.example.com/x", 42))
	db := reopen(t, raw, addr)

	var holder, heldUntil string
	require.NoError(t, db.db.QueryRowContext(ctx, `SELECT holder, held_until FROM cursors WHERE consumer = $1`,
		"webhook:https://hooks.example.com/x").Scan(&holder, &heldUntil))
	assert.Empty(t, holder, "an old cursor is free")
	assert.Empty(t, heldUntil)

	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cur, ok, err := db.Acquire(ctx, "webhook:https://hooks.example.com/x", "h1", now, now.Add(time.Minute))
	require.NoError(t, err)
	assert.True(t, ok)
	assert.EqualValues(t, 42, cur, "the cursor the old build moved")
	ok, err = db.AdvanceHeld(ctx, "webhook:https://hooks.example.com/x", "h1", 43, now.Add(2*time.Minute))
	require.NoError(t, err)
	assert.True(t, ok)
	require.NoError(t, db.db.QueryRowContext(ctx, `SELECT holder, held_until FROM cursors WHERE consumer = $1`,
		"webhook:https://hooks.example.com/x").Scan(&holder, &heldUntil))
	assert.Equal(t, "h1", holder)
	assert.Equal(t, fmtTime(now.Add(2*time.Minute)), heldUntil, "renewed, as fixed-width text")
}
