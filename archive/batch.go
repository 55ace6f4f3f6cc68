package archive

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// A cold poll of a status page stores dozens of incidents, each with its updates, components,
// regions and sources: one INSERT per row made the statements' own overhead (binding, stepping,
// resetting, database/sql's bookkeeping) most of what a recording cost. Rows are collected and
// written a table at a time, up to batchRows rows per statement. Each row count has its own
// statement, prepared once per archive.
const batchRows = 32

// batchShape is one multi-row INSERT: "head (…), (…) tail", each row of ncols values.
type batchShape struct {
	head, tail string
	ncols      int
}

// batchShapes are every multi-row INSERT a recording runs.
var batchShapes = []batchShape{
	{`INSERT INTO incidents (vendor, key, id, title, url, kind, status, impact, raw_impact, started_at,
			resolved_at, scheduled_for, scheduled_until, declared_duration_seconds, first_seen, last_seen, doc) VALUES `,
		` ON CONFLICT (vendor, key) DO UPDATE SET id = excluded.id, title = excluded.title, url = excluded.url, kind = excluded.kind,
			status = excluded.status, impact = excluded.impact, raw_impact = excluded.raw_impact, started_at = excluded.started_at,
			resolved_at = excluded.resolved_at, scheduled_for = excluded.scheduled_for, scheduled_until = excluded.scheduled_until,
			declared_duration_seconds = excluded.declared_duration_seconds, last_seen = excluded.last_seen, doc = excluded.doc`, 17},
	{`INSERT INTO incident_updates (vendor, key, position, at, status, raw_status, body) VALUES `, ``, 7},
	{`INSERT INTO incident_components (vendor, key, component_id, name, grp, status) VALUES `, ``, 6},
	{`INSERT INTO incident_regions (vendor, key, region) VALUES `, ` ON CONFLICT DO NOTHING`, 3},
	{`INSERT INTO postmortems (vendor, key, published_at, body) VALUES `, ``, 4},
	{`INSERT INTO incident_sources (vendor, key, provider, format, url) VALUES `, ` ON CONFLICT DO NOTHING`, 5},
	{`INSERT INTO events (id, type, at, detected_at, vendor, source, backfill, incident_key, component_key, payload) VALUES `,
		` ON CONFLICT (vendor, id) DO NOTHING RETURNING id, seq`, 10},
	{`INSERT INTO components (vendor, key, id, name, grp, status, raw_status, description, first_seen, last_seen, doc) VALUES `,
		` ON CONFLICT (vendor, key) DO UPDATE SET id = excluded.id, name = excluded.name, grp = excluded.grp, status = excluded.status,
			raw_status = excluded.raw_status, description = excluded.description, last_seen = excluded.last_seen, doc = excluded.doc`, 11},
	{`INSERT INTO component_changes (vendor, key, status, previous_status, raw_status, at, source) VALUES `, ``, 7},
}

// The indexes of batchShapes.
const (
	batchIncidents = iota
	batchUpdates
	batchIncidentComponents
	batchRegions
	batchPostmortems
	batchIncidentSources
	batchEvents
	batchComponents
	batchComponentChanges
)

// prepareBatches prepares every row count of every shape. It runs when the archive opens: a
// statement prepared later would wait for the connection the recording's transaction holds
// (SQLite has one).
func (a *DB) prepareBatches(ctx context.Context) error {
	a.batches = make([][batchRows + 1]*sql.Stmt, len(batchShapes))
	for i, sh := range batchShapes {
		for n := 1; n <= batchRows; n++ {
			s, err := a.db.PrepareContext(ctx, sh.statement(n, a.d.name == "sqlite"))
			if err != nil {
				return fmt.Errorf("archive: prepare: %w", err)
			}
			a.batches[i][n] = s
		}
	}
	return nil
}

// statement is the INSERT of n rows, with anonymous parameters ("?") or numbered ones ("$1").
// SQLite takes either, but its driver looks up every numbered parameter's name in a list as
// long as the statement's parameters: binding a 32-row batch took longer than running it.
func (sh batchShape) statement(n int, anonymous bool) string {
	var q strings.Builder
	q.WriteString(sh.head)
	p := 1
	for r := range n {
		if r > 0 {
			q.WriteByte(',')
		}
		q.WriteByte('(')
		for c := range sh.ncols {
			if c > 0 {
				q.WriteByte(',')
			}
			if anonymous {
				q.WriteByte('?')
			} else {
				q.WriteByte('$')
				q.WriteString(strconv.Itoa(p))
			}
			p++
		}
		q.WriteByte(')')
	}
	q.WriteString(sh.tail)
	return q.String()
}

// rowBatch collects the rows of one shape.
type rowBatch struct {
	shape int
	args  []any
	nrows int
}

func newBatch(shape int) *rowBatch { return &rowBatch{shape: shape} }

func (b *rowBatch) add(vals ...any) {
	b.args = append(b.args, vals...)
	b.nrows++
}

// exec writes the collected rows, batchRows at a time, calling each (when not nil) with the
// rows every statement returns.
func (a *DB) execBatch(ctx context.Context, t txn, b *rowBatch, each func(*sql.Rows) error) error {
	for done := 0; done < b.nrows; {
		n := min(batchRows, b.nrows-done)
		ncols := batchShapes[b.shape].ncols
		args := b.args[done*ncols : (done+n)*ncols]
		st := t.Tx.StmtContext(ctx, a.batches[b.shape][n])
		var err error
		if each == nil {
			_, err = st.ExecContext(ctx, args...)
		} else {
			err = queryEach(ctx, st, args, each)
		}
		if err != nil {
			return err
		}
		done += n
	}
	b.args, b.nrows = b.args[:0], 0
	return nil
}

func queryEach(ctx context.Context, s *sql.Stmt, args []any, each func(*sql.Rows) error) error {
	rows, err := s.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
