package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL through database/sql
	_ "modernc.org/sqlite"             // SQLite in pure Go

	"statusfeed.dev/events"
)

// DefaultPath is where the CLI keeps its archive when none is named: statusfeed.db in the
// user's data directory (see the README).
const DefaultPath = "statusfeed.db"

// Source states.
const (
	StateNew        = "new"        // never polled
	StateOK         = "ok"         // the last poll read the source
	StateUnreadable = "unreadable" // the last poll got a body that is not what the source serves
	StateFailing    = "failing"    // the last poll could not fetch it
)

// ErrUnknownSource is returned for a URL the archive holds no source for.
var ErrUnknownSource = errors.New("archive: unknown source")

// ErrNewerSchema is returned by Open for an archive a newer build migrated: this build would
// run statements the archive's tables no longer fit (rolling a deployment back needs the
// archive from before the upgrade).
var ErrNewerSchema = errors.New("archive: schema newer than this build")

// DB is an archive in SQLite or PostgreSQL. It is safe for concurrent use.
type DB struct {
	db    *sql.DB
	d     dialect
	stmts map[string]*sql.Stmt // prepared at Open; see stmts.go
	// batches[shape][n] inserts n rows of batchShapes[shape]; see batch.go.
	batches [][batchRows + 1]*sql.Stmt
	ckpt    *checkpointer // a SQLite file's background checkpoints; see checkpoint.go
}

// Open opens (creating if needed) the archive at addr and applies pending migrations: a
// "postgres://" or "postgresql://" URL for PostgreSQL, anything else a SQLite file path
// (":memory:" for a private in-memory database).
func Open(ctx context.Context, addr string) (*DB, error) {
	var a DB
	var err error
	switch {
	case strings.HasPrefix(addr, "postgres://"), strings.HasPrefix(addr, "postgresql://"):
		a.d = postgresDialect
		a.db, err = sql.Open("pgx", addr)
	default:
		a.d = sqliteDialect
		a.db, err = sql.Open("sqlite", sqliteDSN(addr))
		// One connection: SQLite has one writer anyway, and an in-memory database exists per
		// connection.
		a.db.SetMaxOpenConns(1)
	}
	if err != nil {
		return nil, fmt.Errorf("archive: open: %w", err)
	}
	if err := a.db.PingContext(ctx); err != nil {
		a.db.Close()
		return nil, fmt.Errorf("archive: open: %w", err)
	}
	if err := a.migrate(ctx); err != nil {
		a.db.Close()
		return nil, err
	}
	if err := a.prepare(ctx); err != nil {
		a.db.Close()
		return nil, err
	}
	if err := a.prepareBatches(ctx); err != nil {
		a.db.Close()
		return nil, err
	}
	if a.d.name == "sqlite" && addr != ":memory:" {
		// The absolute path: a relative one names another file once the process changes
		// directory, and SQLite would create it there.
		path, err := filepath.Abs(addr)
		if err == nil {
			a.ckpt, err = startCheckpointer(ctx, sqliteDSN(path))
		}
		if err != nil {
			a.db.Close()
			return nil, fmt.Errorf("archive: open: %w", err)
		}
	}
	return &a, nil
}

func sqliteDSN(path string) string {
	if path == ":memory:" {
		return "file::memory:?_pragma=foreign_keys(1)&_txlock=immediate"
	}
	q := url.Values{}
	// (The driver runs busy_timeout first and the other pragmas in alphabetical order, not in
	// the order given: a page_size here would come after journal_mode and do nothing.)
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// The writer checkpoints the WAL every 64 MiB (16,384 pages of 4 KiB) rather than every
	// 4 MiB: a checkpoint waits for the disk twice, and with one connection every recording
	// waits for it. The checkpointer (checkpoint.go) copies the log in the background in the
	// meantime, so that this one finds little left to copy. The file is cut back to 64 MiB
	// after a checkpoint that let it grow past.
	q.Add("_pragma", "wal_autocheckpoint(16384)")
	// A multi-row INSERT keeps a statement journal, to undo just itself on an error; in memory
	// it costs no temporary file.
	q.Add("_pragma", "temp_store(MEMORY)")
	// A page cache of 16 MiB rather than 2: a cold reading of a large page dirties more than
	// 2 MiB of pages, which SQLite then spilled to the WAL before the commit, and the indexes'
	// pages were read from the file again for every reading.
	q.Add("_pragma", "cache_size(-16384)")
	q.Add("_pragma", "journal_size_limit(67108864)")
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// Close stops the archive's background checkpoints and closes the database.
func (a *DB) Close() error {
	err := a.ckpt.close()
	if e := a.db.Close(); err == nil {
		err = e
	}
	return err
}

// Driver names the database behind the archive: "sqlite" or "postgres".
func (a *DB) Driver() string { return a.d.name }

// timeLayout has a fixed number of fractional digits so that stored times sort as text.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

// Source is a status page or document the archive polls.
type Source struct {
	// URL is the address the user gave: a status page's home page (resolved to an endpoint
	// by discovery) or an endpoint itself.
	URL string
	// Endpoint is the document actually polled, once known; "" until the first poll.
	Endpoint string
	Vendor   string // the name the user gave; "" to take the page's
	Interval time.Duration
	Filter   events.Filter
}

// SourceHealth is a source with what its polls have shown.
type SourceHealth struct {
	Source
	Provider            string
	State               string // StateNew, StateOK, StateUnreadable or StateFailing
	LastSuccess         time.Time
	LastError           string
	ConsecutiveFailures int
	Attempts            int // requests made, retries included
	Failures            int // requests that failed, retries included
	Polls               int // successful polls
	LastEntries         int // incidents and components the last good reading held
	ETag, LastModified  string
	NextPoll            time.Time
}

// AddSource registers a source, or updates its interval, and its vendor and filter where s gives
// them, if the archive has it already; its health and history are kept. Adding a bare URL again
// (a second run of `statusfeed poll URL`) keeps the name and filter it had.
func (a *DB) AddSource(ctx context.Context, s Source) error {
	_, err := a.db.ExecContext(ctx, `INSERT INTO sources (url, vendor, filter, interval_seconds) VALUES ($1, $2, $3, $4)
		ON CONFLICT (url) DO UPDATE SET
			vendor = CASE WHEN excluded.vendor = '' THEN sources.vendor ELSE excluded.vendor END,
			filter = CASE WHEN excluded.filter = '' THEN sources.filter ELSE excluded.filter END,
			interval_seconds = excluded.interval_seconds`,
		s.URL, s.Vendor, s.Filter.String(), int64(s.Interval/time.Second))
	if err != nil {
		return fmt.Errorf("archive: add source: %w", err)
	}
	return nil
}

const sourceColumns = `url, endpoint, vendor, provider, filter, interval_seconds, state, etag, last_modified, last_success, last_error,
	consecutive_failures, attempts, failures, polls, last_entries, next_poll`

type scanner interface{ Scan(...any) error }

func scanSource(r scanner) (SourceHealth, error) {
	var s SourceHealth
	var filter, lastSuccess, nextPoll string
	var interval int64
	err := r.Scan(&s.URL, &s.Endpoint, &s.Vendor, &s.Provider, &filter, &interval, &s.State, &s.ETag, &s.LastModified, &lastSuccess,
		&s.LastError, &s.ConsecutiveFailures, &s.Attempts, &s.Failures, &s.Polls, &s.LastEntries, &nextPoll)
	if err != nil {
		return s, err
	}
	s.Interval = time.Duration(interval) * time.Second
	s.LastSuccess, s.NextPoll = parseTime(lastSuccess), parseTime(nextPoll)
	s.Filter, err = events.ParseFilter(filter)
	return s, err
}

// SetEndpoint records the document a source resolves to ("" to have it discovered again).
func (a *DB) SetEndpoint(ctx context.Context, sourceURL, endpoint string) error {
	_, err := a.db.ExecContext(ctx, `UPDATE sources SET endpoint = $1 WHERE url = $2`, endpoint, sourceURL)
	return err
}

// Sources lists every source with its health, by URL.
func (a *DB) Sources(ctx context.Context) ([]SourceHealth, error) {
	rows, err := a.db.QueryContext(ctx, `SELECT `+sourceColumns+` FROM sources ORDER BY url`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SourceHealth
	for rows.Next() {
		s, err := scanSource(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SourceByURL returns one source.
func (a *DB) SourceByURL(ctx context.Context, u string) (SourceHealth, error) {
	s, err := scanSource(a.db.QueryRowContext(ctx, `SELECT `+sourceColumns+` FROM sources WHERE url = $1`, u))
	if errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("%w %s", ErrUnknownSource, u)
	}
	return s, err
}

// Lease claims up to limit sources due at now for owner, and holds them for hold: no other
// poller is given them until hold has passed or Record releases them. Their next poll is moved
// a whole interval (or minInterval, whichever is longer) ahead at once, so that each source is
// polled once per interval however many pollers share the database.
func (a *DB) Lease(ctx context.Context, owner string, now time.Time, limit int, hold, minInterval time.Duration) ([]SourceHealth, error) {
	tx, err := a.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	nowS := fmtTime(now)
	rows, err := tx.QueryContext(ctx, `SELECT url, interval_seconds FROM sources
		WHERE (next_poll = '' OR next_poll <= $1) AND (lease_until = '' OR lease_until <= $1)
		ORDER BY next_poll, url LIMIT $2`+a.d.skipLocked, nowS, limit)
	if err != nil {
		return nil, err
	}
	type due struct {
		url      string
		interval time.Duration
	}
	var claimed []due
	for rows.Next() {
		var d due
		var secs int64
		if err := rows.Scan(&d.url, &secs); err != nil {
			rows.Close()
			return nil, err
		}
		d.interval = time.Duration(secs) * time.Second
		claimed = append(claimed, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// One UPDATE … RETURNING per distinct interval (sources share a few), not two statements
	// per source: a batch of 500 costs a handful of round trips.
	byInterval := map[time.Duration][]any{}
	var intervals []time.Duration
	for _, d := range claimed {
		iv := max(d.interval, minInterval)
		if byInterval[iv] == nil {
			intervals = append(intervals, iv)
		}
		byInterval[iv] = append(byInterval[iv], d.url)
	}
	order := make(map[string]int, len(claimed))
	for i, d := range claimed {
		order[d.url] = i
	}
	out := make([]SourceHealth, 0, len(claimed))
	for _, iv := range intervals {
		urls := byInterval[iv]
		args := append([]any{owner, fmtTime(now.Add(hold)), fmtTime(now.Add(iv))}, urls...)
		marks := make([]string, len(urls))
		for i := range urls {
			marks[i] = fmt.Sprintf("$%d", i+4)
		}
		rows, err := tx.QueryContext(ctx, `UPDATE sources SET lease_owner = $1, lease_until = $2, next_poll = $3
			WHERE url IN (`+strings.Join(marks, ", ")+`) RETURNING `+sourceColumns, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			s, err := scanSource(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return order[out[i].URL] < order[out[j].URL] }) // most overdue first
	return out, tx.Commit()
}
