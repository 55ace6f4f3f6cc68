// Package archive keeps what statusfeed has seen of vendors beyond the short window of their
// feeds: pages, components and their status changes over time, incidents with every update and
// postmortem, the sources each fact came from, each source's health and HTTP validators, and
// the events the changes caused.
//
// Two stores share one implementation over database/sql: SQLite (the default, pure Go through
// modernc.org/sqlite, so a plain go build works everywhere; one file) and PostgreSQL (pgx), for
// teams that run several pollers against one database. Open picks by the address:
// "postgres://…" or "postgresql://…" for PostgreSQL, anything else is a SQLite file path.
//
// Every poll result is recorded in one transaction together with the events it caused (Record;
// rows are written a table at a time, in multi-row INSERTs), so an event exists if and only if
// its change was stored; consumers then read events in order from a cursor (Events, Cursor,
// Advance), which is what makes delivery exactly-once across crashes. A cursor is held by one
// delivery loop at a time (Acquire, AdvanceHeld, Release: the archive is an events.Leaser),
// under a hold that lapses when its holder dies, so that processes sharing the archive do not
// deliver one event twice. Events become visible in the order of their sequence numbers (on
// PostgreSQL, transactions that store events serialize on an advisory lock from drawing their
// numbers to committing), so that a consumer reading after its cursor never skips one that
// committed late. Pollers sharing a PostgreSQL database lease sources (Lease) with SELECT … FOR
// UPDATE SKIP LOCKED, so that each source is polled by one poller per interval.
//
// A SQLite archive keeps a second connection, from Open until Close, that copies the
// write-ahead log into the database file shortly after recordings, so that the writer does not
// stop to copy it (checkpoint.go).
//
// Times are stored as text, RFC 3339 in UTC with nine fractional digits, so that they sort as
// text and read the same in sqlite3 and psql. The schema is documented in the README and
// created by numbered migrations (migrations.go), applied once each, in order.
package archive
