package archive

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"statusfeed.dev/events"
	"statusfeed.dev/statusfeed"
)

// Events returns up to limit stored events with a sequence number above after, in order.
func (a *DB) Events(ctx context.Context, after int64, limit int) ([]events.Event, error) {
	rows, err := a.db.QueryContext(ctx, `SELECT seq, payload FROM events WHERE seq > $1 ORDER BY seq LIMIT $2`, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []events.Event
	for rows.Next() {
		var seq int64
		var payload string
		if err := rows.Scan(&seq, &payload); err != nil {
			return nil, err
		}
		var e events.Event
		if err := json.Unmarshal([]byte(payload), &e); err != nil {
			return nil, err
		}
		e.Seq = seq
		out = append(out, e)
	}
	return out, rows.Err()
}

// Cursor returns the sequence number of the last event consumer has taken, 0 before its first.
func (a *DB) Cursor(ctx context.Context, consumer string) (int64, error) {
	var seq int64
	err := a.db.QueryRowContext(ctx, `SELECT seq FROM cursors WHERE consumer = $1`, consumer).Scan(&seq)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return seq, err
}

// Advance records that consumer has taken every event up to seq. It never moves a cursor back.
func (a *DB) Advance(ctx context.Context, consumer string, seq int64) error {
	_, err := a.db.ExecContext(ctx, `INSERT INTO cursors (consumer, seq) VALUES ($1, $2)
		ON CONFLICT (consumer) DO UPDATE SET seq = CASE WHEN excluded.seq > cursors.seq THEN excluded.seq ELSE cursors.seq END`,
		consumer, seq)
	return err
}

// The archive holds consumers for events.Deliver, so that one delivery loop at a time moves a
// cursor however many processes share the database.
var (
	_ events.Leaser     = (*DB)(nil)
	_ events.HeldMarker = (*DB)(nil)
)

// Acquire holds consumer for holder until until, and returns its cursor, when no other holder
// holds it past now; ok is false, and nothing changes, when one does. A consumer never seen
// before starts at 0. Acquiring a consumer one already holds renews it.
//
// It is one statement, so that two processes acquiring at once cannot both win: on PostgreSQL
// the conflicting row is locked and the condition read again once the other's insert or update
// commits; on SQLite the statement holds the write lock. Times are compared as the fixed-width
// text fmtTime writes, which sorts as the times do.
func (a *DB) Acquire(ctx context.Context, consumer, holder string, now, until time.Time) (cursor int64, ok bool, err error) {
	err = a.db.QueryRowContext(ctx, `INSERT INTO cursors (consumer, seq, holder, held_until) VALUES ($1, 0, $2, $3)
		ON CONFLICT (consumer) DO UPDATE SET holder = excluded.holder, held_until = excluded.held_until
			WHERE cursors.holder = '' OR cursors.holder = excluded.holder OR cursors.held_until <= $4
		RETURNING seq`,
		consumer, holder, fmtTime(until), fmtTime(now)).Scan(&cursor)
	if err == sql.ErrNoRows {
		return 0, false, nil // held by another: the update's condition kept the row as it was
	}
	return cursor, err == nil, err
}

// AdvanceHeld moves consumer's cursor to seq (never back) and renews holder's hold of it to
// until, if holder still holds it; false, and nothing changes, once another has taken it. The
// holder column is the fence: a hold that lapsed but was taken by nobody is still holder's,
// since nobody else can have moved the cursor meanwhile.
func (a *DB) AdvanceHeld(ctx context.Context, consumer, holder string, seq int64, until time.Time) (bool, error) {
	res, err := a.db.ExecContext(ctx, `UPDATE cursors SET seq = CASE WHEN $1 > seq THEN $1 ELSE seq END, held_until = $2
		WHERE consumer = $3 AND holder = $4`,
		seq, fmtTime(until), consumer, holder)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Release frees consumer if holder holds it.
func (a *DB) Release(ctx context.Context, consumer, holder string) error {
	_, err := a.db.ExecContext(ctx, `UPDATE cursors SET holder = '', held_until = '' WHERE consumer = $1 AND holder = $2`, consumer, holder)
	return err
}

// Delivery states, as events.Deliver records them.
const (
	Delivered = events.Delivered
	Pending   = events.Pending
	Refused   = events.Refused
)

// MarkDelivery records an attempt to deliver an event to a sink.
func (a *DB) MarkDelivery(ctx context.Context, eventID, sink, state, errMsg string, at time.Time) error {
	_, err := a.db.ExecContext(ctx, `INSERT INTO deliveries (event_id, sink, state, attempts, last_error, updated_at)
		VALUES ($1, $2, $3, 1, $4, $5)
		ON CONFLICT (event_id, sink) DO UPDATE SET state = excluded.state, attempts = deliveries.attempts + 1,
			last_error = excluded.last_error, updated_at = excluded.updated_at`,
		eventID, sink, state, errMsg, fmtTime(at))
	return err
}

// MarkDeliveryHeld records an attempt as MarkDelivery does, if holder still holds consumer; false,
// and nothing recorded, once another has taken it. On PostgreSQL the cursor's row is locked
// for the statement, so a takeover waits for the record, or the record sees the takeover.
func (a *DB) MarkDeliveryHeld(ctx context.Context, consumer, holder, eventID, sink, state, errMsg string, at time.Time) (bool, error) {
	res, err := a.db.ExecContext(ctx, `INSERT INTO deliveries (event_id, sink, state, attempts, last_error, updated_at)
		SELECT $1, $2, $3, 1, $4, $5 WHERE EXISTS (SELECT 1 FROM cursors WHERE consumer = $6 AND holder = $7`+a.d.forShare()+`)
		ON CONFLICT (event_id, sink) DO UPDATE SET state = excluded.state, attempts = deliveries.attempts + 1,
			last_error = excluded.last_error, updated_at = excluded.updated_at`,
		eventID, sink, state, errMsg, fmtTime(at), consumer, holder)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// DeliveryState returns an event's delivery state for a sink and how many attempts were made;
// "" when none was.
func (a *DB) DeliveryState(ctx context.Context, eventID, sink string) (state string, attempts int, err error) {
	err = a.db.QueryRowContext(ctx, `SELECT state, attempts FROM deliveries WHERE event_id = $1 AND sink = $2`, eventID, sink).
		Scan(&state, &attempts)
	if err == sql.ErrNoRows {
		return "", 0, nil
	}
	return state, attempts, err
}

// Vendors lists the vendors the archive holds, by name.
func (a *DB) Vendors(ctx context.Context) ([]string, error) {
	rows, err := a.db.QueryContext(ctx, `SELECT vendor FROM vendors ORDER BY vendor`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Page returns the archive's view of a vendor as one page: its latest status and components,
// and every incident it has seen, newest first. Format is "archive".
func (a *DB) Page(ctx context.Context, vendor string) (*statusfeed.Page, error) {
	p := &statusfeed.Page{Format: "archive"}
	var status, generated string
	err := a.db.QueryRowContext(ctx, `SELECT provider, name, page_id, url, status, raw_status, generated_at FROM vendors WHERE vendor = $1`, vendor).
		Scan(&p.Provider, &p.Name, &p.ID, &p.URL, &status, &p.RawStatus, &generated)
	if err != nil {
		return nil, err
	}
	p.Status, p.GeneratedAt = statusfeed.ComponentStatus(status), parseTime(generated)
	if err := a.docs(ctx, `SELECT doc FROM components WHERE vendor = $1 ORDER BY grp, name, key`, vendor, func(doc []byte) error {
		var c statusfeed.Component
		if err := json.Unmarshal(doc, &c); err != nil {
			return err
		}
		p.Components = append(p.Components, c)
		return nil
	}); err != nil {
		return nil, err
	}
	err = a.docs(ctx, `SELECT doc FROM incidents WHERE vendor = $1 ORDER BY CASE WHEN started_at = '' THEN first_seen ELSE started_at END DESC, key`, vendor,
		func(doc []byte) error {
			var inc statusfeed.Incident
			if err := json.Unmarshal(doc, &inc); err != nil {
				return err
			}
			p.Incidents = append(p.Incidents, inc)
			return nil
		})
	return p, err
}

func (a *DB) docs(ctx context.Context, q, vendor string, f func([]byte) error) error {
	rows, err := a.db.QueryContext(ctx, q, vendor)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return err
		}
		if err := f([]byte(doc)); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ComponentChange is one recorded change of a component's status.
type ComponentChange struct {
	Key            string
	Status         statusfeed.ComponentStatus
	PreviousStatus statusfeed.ComponentStatus
	At             time.Time
}

// ComponentChanges lists a vendor's recorded component status changes, oldest first: the
// second-best source of outage time for uptime reports.
func (a *DB) ComponentChanges(ctx context.Context, vendor string) ([]ComponentChange, error) {
	rows, err := a.db.QueryContext(ctx, `SELECT key, status, previous_status, at FROM component_changes WHERE vendor = $1 ORDER BY at, seq`, vendor)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ComponentChange
	for rows.Next() {
		var c ComponentChange
		var st, prev, at string
		if err := rows.Scan(&c.Key, &st, &prev, &at); err != nil {
			return nil, err
		}
		c.Status, c.PreviousStatus, c.At = statusfeed.ComponentStatus(st), statusfeed.ComponentStatus(prev), parseTime(at)
		out = append(out, c)
	}
	return out, rows.Err()
}
