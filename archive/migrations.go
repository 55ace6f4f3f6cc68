package archive

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// migration is one step of the schema: SQL both databases run ({{serial}} is the dialect's
// auto-incrementing key), or a text for each where they differ.
type migration struct{ sql, sqlite, postgres string }

// migrations are applied in order, each once, recorded in schema_migrations. Never edit one
// that has shipped: add the next.
var migrations = []migration{
	// 1: the initial schema.
	{sql: `CREATE TABLE sources (
		url TEXT PRIMARY KEY,
		endpoint TEXT NOT NULL DEFAULT '',
		vendor TEXT NOT NULL DEFAULT '',
		provider TEXT NOT NULL DEFAULT '',
		filter TEXT NOT NULL DEFAULT '',
		interval_seconds BIGINT NOT NULL DEFAULT 0,
		state TEXT NOT NULL DEFAULT 'new',
		etag TEXT NOT NULL DEFAULT '',
		last_modified TEXT NOT NULL DEFAULT '',
		last_success TEXT NOT NULL DEFAULT '',
		last_error TEXT NOT NULL DEFAULT '',
		consecutive_failures BIGINT NOT NULL DEFAULT 0,
		attempts BIGINT NOT NULL DEFAULT 0,
		failures BIGINT NOT NULL DEFAULT 0,
		polls BIGINT NOT NULL DEFAULT 0,
		last_entries BIGINT NOT NULL DEFAULT 0,
		next_poll TEXT NOT NULL DEFAULT '',
		lease_owner TEXT NOT NULL DEFAULT '',
		lease_until TEXT NOT NULL DEFAULT ''
	);
	CREATE TABLE vendors (
		vendor TEXT PRIMARY KEY,
		provider TEXT NOT NULL DEFAULT '',
		name TEXT NOT NULL DEFAULT '',
		page_id TEXT NOT NULL DEFAULT '',
		url TEXT NOT NULL DEFAULT '',
		status TEXT NOT NULL DEFAULT '',
		raw_status TEXT NOT NULL DEFAULT '',
		generated_at TEXT NOT NULL DEFAULT '',
		updated_at TEXT NOT NULL DEFAULT ''
	);
	CREATE TABLE components (
		vendor TEXT NOT NULL,
		key TEXT NOT NULL,
		id TEXT NOT NULL DEFAULT '',
		name TEXT NOT NULL DEFAULT '',
		grp TEXT NOT NULL DEFAULT '',
		status TEXT NOT NULL DEFAULT '',
		raw_status TEXT NOT NULL DEFAULT '',
		description TEXT NOT NULL DEFAULT '',
		first_seen TEXT NOT NULL,
		last_seen TEXT NOT NULL,
		doc TEXT NOT NULL,
		PRIMARY KEY (vendor, key)
	);
	CREATE TABLE component_changes (
		seq {{serial}},
		vendor TEXT NOT NULL,
		key TEXT NOT NULL,
		status TEXT NOT NULL,
		previous_status TEXT NOT NULL,
		raw_status TEXT NOT NULL DEFAULT '',
		at TEXT NOT NULL,
		source TEXT NOT NULL DEFAULT ''
	);
	CREATE INDEX component_changes_by_component ON component_changes (vendor, key, at);
	CREATE TABLE incidents (
		vendor TEXT NOT NULL,
		key TEXT NOT NULL,
		id TEXT NOT NULL DEFAULT '',
		title TEXT NOT NULL DEFAULT '',
		url TEXT NOT NULL DEFAULT '',
		kind TEXT NOT NULL DEFAULT '',
		status TEXT NOT NULL DEFAULT '',
		impact TEXT NOT NULL DEFAULT '',
		raw_impact TEXT NOT NULL DEFAULT '',
		started_at TEXT NOT NULL DEFAULT '',
		resolved_at TEXT NOT NULL DEFAULT '',
		scheduled_for TEXT NOT NULL DEFAULT '',
		scheduled_until TEXT NOT NULL DEFAULT '',
		declared_duration_seconds BIGINT,
		first_seen TEXT NOT NULL,
		last_seen TEXT NOT NULL,
		doc TEXT NOT NULL,
		PRIMARY KEY (vendor, key)
	);
	CREATE TABLE incident_updates (
		vendor TEXT NOT NULL,
		key TEXT NOT NULL,
		position BIGINT NOT NULL,
		at TEXT NOT NULL DEFAULT '',
		status TEXT NOT NULL DEFAULT '',
		raw_status TEXT NOT NULL DEFAULT '',
		body TEXT NOT NULL DEFAULT '',
		PRIMARY KEY (vendor, key, position)
	);
	CREATE TABLE incident_components (
		vendor TEXT NOT NULL,
		key TEXT NOT NULL,
		component_id TEXT NOT NULL DEFAULT '',
		name TEXT NOT NULL DEFAULT '',
		grp TEXT NOT NULL DEFAULT '',
		status TEXT NOT NULL DEFAULT ''
	);
	CREATE INDEX incident_components_by_incident ON incident_components (vendor, key);
	CREATE TABLE incident_regions (
		vendor TEXT NOT NULL,
		key TEXT NOT NULL,
		region TEXT NOT NULL,
		PRIMARY KEY (vendor, key, region)
	);
	CREATE TABLE postmortems (
		vendor TEXT NOT NULL,
		key TEXT NOT NULL,
		published_at TEXT NOT NULL DEFAULT '',
		body TEXT NOT NULL DEFAULT '',
		PRIMARY KEY (vendor, key)
	);
	CREATE TABLE incident_sources (
		vendor TEXT NOT NULL,
		key TEXT NOT NULL,
		provider TEXT NOT NULL DEFAULT '',
		format TEXT NOT NULL DEFAULT '',
		url TEXT NOT NULL DEFAULT '',
		PRIMARY KEY (vendor, key, url)
	);
	CREATE TABLE events (
		seq {{serial}},
		id TEXT NOT NULL UNIQUE,
		type TEXT NOT NULL,
		at TEXT NOT NULL DEFAULT '',
		detected_at TEXT NOT NULL,
		vendor TEXT NOT NULL DEFAULT '',
		source TEXT NOT NULL DEFAULT '',
		backfill BIGINT NOT NULL DEFAULT 0,
		incident_key TEXT NOT NULL DEFAULT '',
		component_key TEXT NOT NULL DEFAULT '',
		payload TEXT NOT NULL
	);
	CREATE TABLE deliveries (
		event_id TEXT NOT NULL,
		sink TEXT NOT NULL,
		state TEXT NOT NULL,
		attempts BIGINT NOT NULL DEFAULT 0,
		last_error TEXT NOT NULL DEFAULT '',
		updated_at TEXT NOT NULL,
		PRIMARY KEY (event_id, sink)
	);
	CREATE TABLE cursors (
		consumer TEXT PRIMARY KEY,
		seq BIGINT NOT NULL
	);`},
	// 2: a cursor is held by one delivery loop at a time (events.Leaser): holder is the loop's
	// random ID, '' when free; held_until is when the hold lapses unless renewed, so that a
	// holder that died frees the consumer by itself.
	{sql: `ALTER TABLE cursors ADD COLUMN holder TEXT NOT NULL DEFAULT '';
	ALTER TABLE cursors ADD COLUMN held_until TEXT NOT NULL DEFAULT ''`},
	// 3: an event's ID is unique with its vendor, not alone. Every ID hashes its vendor first,
	// so the two are the same constraint; but IDs are random, and an index of them alone put
	// each event of a reading on its own page of the index, a page written again for every
	// event. With the vendor first, a reading's events share a page or two. SQLite cannot drop
	// a column's UNIQUE, so the table is rebuilt, its sequence carried over.
	{sqlite: `CREATE TABLE events_v3 (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		id TEXT NOT NULL,
		type TEXT NOT NULL,
		at TEXT NOT NULL DEFAULT '',
		detected_at TEXT NOT NULL,
		vendor TEXT NOT NULL DEFAULT '',
		source TEXT NOT NULL DEFAULT '',
		backfill BIGINT NOT NULL DEFAULT 0,
		incident_key TEXT NOT NULL DEFAULT '',
		component_key TEXT NOT NULL DEFAULT '',
		payload TEXT NOT NULL,
		UNIQUE (vendor, id)
	);
	INSERT INTO events_v3 (seq, id, type, at, detected_at, vendor, source, backfill, incident_key, component_key, payload)
		SELECT seq, id, type, at, detected_at, vendor, source, backfill, incident_key, component_key, payload FROM events ORDER BY seq;
	DELETE FROM sqlite_sequence WHERE name = 'events_v3';
	UPDATE sqlite_sequence SET name = 'events_v3' WHERE name = 'events';
	DROP TABLE events;
	ALTER TABLE events_v3 RENAME TO events`,
		postgres: `ALTER TABLE events DROP CONSTRAINT events_id_key;
	ALTER TABLE events ADD CONSTRAINT events_vendor_id_key UNIQUE (vendor, id)`},
}

// migrate applies the migrations the database lacks. Concurrent pollers starting together on
// PostgreSQL serialize on an advisory lock; SQLite serializes writers itself.
func (a *DB) migrate(ctx context.Context) error { return a.migrateTo(ctx, len(migrations)) }

// migrateTo applies the migrations the database lacks up to version to; tests use it to make
// an archive as an older build left it.
func (a *DB) migrateTo(ctx context.Context, to int) error {
	tx, err := a.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if a.d.name == "postgres" {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(4242001)`); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	var have int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return err
	}
	if have > len(migrations) {
		return fmt.Errorf("%w: the archive is at version %d, this build knows %d", ErrNewerSchema, have, len(migrations))
	}
	for v := have + 1; v <= to; v++ {
		for _, stmt := range strings.Split(a.d.migration(migrations[v-1]), ";") {
			if strings.TrimSpace(stmt) == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("archive: migration %d: %w", v, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`, v, fmtTime(time.Now())); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// SchemaVersion is the number of migrations this build knows.
func SchemaVersion() int { return len(migrations) }

type dialect struct {
	name   string
	serial string
	// skipLocked is appended to the lease query's inner SELECT: PostgreSQL lets concurrent
	// pollers skip rows another holds; SQLite has one writer at a time and needs nothing.
	skipLocked string
}

var (
	sqliteDialect   = dialect{name: "sqlite", serial: "INTEGER PRIMARY KEY AUTOINCREMENT"}
	postgresDialect = dialect{name: "postgres", serial: "BIGSERIAL PRIMARY KEY", skipLocked: " FOR UPDATE SKIP LOCKED"}
)

func (d dialect) expand(s string) string { return strings.ReplaceAll(s, "{{serial}}", d.serial) }

// migration is the text of m this dialect runs.
func (d dialect) migration(m migration) string {
	switch {
	case m.sql != "":
		return d.expand(m.sql)
	case d.name == "postgres":
		return m.postgres
	}
	return m.sqlite
}

// forShare locks the rows a statement's subquery reads on PostgreSQL until the statement's
// transaction ends; SQLite's one writer needs nothing.
func (d dialect) forShare() string {
	if d.name == "postgres" {
		return " FOR SHARE"
	}
	return ""
}

// forUpdate locks a row read inside a transaction on PostgreSQL; SQLite's immediate
// transactions already hold the write lock.
func (d dialect) forUpdate() string {
	if d.name == "postgres" {
		return " FOR UPDATE"
	}
	return ""
}

var _ = sql.ErrNoRows
