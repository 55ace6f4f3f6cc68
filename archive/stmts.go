package archive

import (
	"context"
	"database/sql"
	"fmt"
)

// Statements a recording runs, prepared once when the archive opens: SQLite would otherwise
// parse and plan each of them anew for every source of every cycle, which was a fifth of a
// cold cycle's CPU. database/sql prepares a statement again on a new connection by itself.
const (
	qUpdateSourceFailed = `UPDATE sources SET state = $1, last_error = $2, consecutive_failures = consecutive_failures + 1,
			attempts = attempts + $3, failures = failures + $4, lease_owner = '', lease_until = '',
			next_poll = CASE WHEN $5 > next_poll THEN $5 ELSE next_poll END WHERE url = $6`
	qUpdateSourceRead = `UPDATE sources SET state = $1, last_success = $2, consecutive_failures = 0,
			attempts = attempts + $3, failures = failures + $4, polls = polls + 1, etag = $5, last_modified = $6,
			last_entries = $7, provider = $8, vendor = CASE WHEN vendor = '' AND $9 <> '' THEN $9 ELSE vendor END,
			lease_owner = '', lease_until = '', next_poll = CASE WHEN $10 > next_poll THEN $10 ELSE next_poll END
			WHERE url = $11`
	qUpsertVendor = `INSERT INTO vendors (vendor, provider, name, page_id, url, status, raw_status, generated_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (vendor) DO UPDATE SET provider = excluded.provider, name = excluded.name,
			page_id = CASE WHEN excluded.page_id = '' THEN vendors.page_id ELSE excluded.page_id END,
			url = CASE WHEN excluded.url = '' THEN vendors.url ELSE excluded.url END,
			status = CASE WHEN excluded.status = '' THEN vendors.status ELSE excluded.status END,
			raw_status = CASE WHEN excluded.status = '' THEN vendors.raw_status ELSE excluded.raw_status END,
			generated_at = excluded.generated_at, updated_at = excluded.updated_at`
	qComponentsOf = `SELECT key, doc FROM components WHERE vendor = $1`
	qHasIncidents = `SELECT COUNT(*) FROM (SELECT 1 FROM incidents WHERE vendor = $1 LIMIT 1) x`
	qIncidentDoc  = `SELECT doc FROM incidents WHERE vendor = $1 AND key = $2`
)

// incidentChildren are the tables an incident's parts are kept in, replaced whole when the
// incident changes.
var incidentChildren = []string{"incident_updates", "incident_components", "incident_regions", "postmortems", "incident_sources"}

func deleteChildren(table string) string {
	return `DELETE FROM ` + table + ` WHERE vendor = $1 AND key = $2`
}

func (a *DB) sourceForUpdate() string {
	return `SELECT ` + sourceColumns + ` FROM sources WHERE url = $1` + a.d.forUpdate()
}

// prepare prepares the recording's statements.
func (a *DB) prepare(ctx context.Context) error {
	qs := []string{qUpdateSourceFailed, qUpdateSourceRead, qUpsertVendor, qComponentsOf, qHasIncidents, qIncidentDoc,
		a.sourceForUpdate()}
	for _, t := range incidentChildren {
		qs = append(qs, deleteChildren(t))
	}
	a.stmts = make(map[string]*sql.Stmt, len(qs))
	for _, q := range qs {
		s, err := a.db.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("archive: prepare: %w", err)
		}
		a.stmts[q] = s
	}
	return nil
}

// txn is a transaction that runs the prepared statements it knows.
type txn struct {
	*sql.Tx
	stmts map[string]*sql.Stmt
}

func (a *DB) wrap(tx *sql.Tx) txn { return txn{tx, a.stmts} }

func (t txn) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if s := t.stmts[q]; s != nil {
		return t.Tx.StmtContext(ctx, s).ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, q, args...)
}

func (t txn) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if s := t.stmts[q]; s != nil {
		return t.Tx.StmtContext(ctx, s).QueryContext(ctx, args...)
	}
	return t.Tx.QueryContext(ctx, q, args...)
}

func (t txn) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if s := t.stmts[q]; s != nil {
		return t.Tx.StmtContext(ctx, s).QueryRowContext(ctx, args...)
	}
	return t.Tx.QueryRowContext(ctx, q, args...)
}
