package archive

import "database/sql"

// RawDB is the database behind an archive, for tests that check its tables.
func RawDB(a *DB) *sql.DB { return a.db }
