package archive

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// A checkpoint copies the pages that commits appended to SQLite's write-ahead log back into
// the database file. SQLite runs one in the committing connection once the log passes
// wal_autocheckpoint pages, and an archive has one connection, so every recording waited for
// it: a fifth of a cold cycle's recording time (BenchmarkLoadRecording in poll). A second
// connection now checkpoints in the background a little after recordings; the writer's own
// checkpoint then finds the log copied already, and only restarts it.
type checkpointer struct {
	db   *sql.DB
	kick chan struct{} // a recording committed
	stop chan struct{}
	done chan struct{} // closed when run returns
	once sync.Once     // Close may be called more than once, as sql.DB's may
	err  error
}

// checkpointEvery is the least time between two background checkpoints: each ends by waiting
// for the disk, and a log copied often is copied with fewer pages rewritten in between.
const checkpointEvery = 100 * time.Millisecond

func startCheckpointer(ctx context.Context, dsn string) (*checkpointer, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	// Connected now, not at the first recording: a connection that cannot open is Open's
	// error rather than a silent no-op.
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	c := &checkpointer{db: db, kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c, nil
}

func (c *checkpointer) run() {
	defer close(c.done)
	for {
		select {
		case <-c.stop:
			return
		case <-c.kick:
		}
		// PASSIVE copies what it can without waiting for the writer or for readers. A failure
		// leaves the log to the writer's own checkpoint, as before.
		_, _ = c.db.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
		select {
		case <-c.stop:
			return
		case <-time.After(checkpointEvery):
		}
	}
}

// wrote tells the checkpointer that a transaction committed; nil (PostgreSQL, an in-memory
// database) ignores it.
func (c *checkpointer) wrote() {
	if c == nil {
		return
	}
	select {
	case c.kick <- struct{}{}:
	default: // a checkpoint is due already, and copies this commit's pages too
	}
}

// close stops the checkpointer and closes its connection.
func (c *checkpointer) close() error {
	if c == nil {
		return nil
	}
	c.once.Do(func() {
		close(c.stop)
		<-c.done
		c.err = c.db.Close()
	})
	return c.err
}
