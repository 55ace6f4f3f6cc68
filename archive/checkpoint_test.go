package archive_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"statusfeed.dev/archive"
	"statusfeed.dev/statusfeed"
)

// Recordings reach the database file within moments, copied from SQLite's write-ahead log by
// the archive's background checkpoints, not only once the log has grown to 64 MiB and the
// writer stops to copy it.
func TestRecordingsCheckpointedInTheBackground(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "archive.db")
	db, err := archive.Open(ctx, path)
	require.NoError(t, err)
	defer db.Close()
	size := func() int64 {
		fi, err := os.Stat(path)
		require.NoError(t, err)
		return fi.Size()
	}
	// The migrations' pages are still in the log: copied first, so that only the recording's
	// count below (any checkpoint at all would copy theirs).
	raw, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	var busy, logged, copied int
	require.NoError(t, raw.QueryRow(`PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logged, &copied))
	require.NoError(t, raw.Close())
	require.Zero(t, busy, "the migrations' pages copied")
	require.NoError(t, db.AddSource(ctx, archive.Source{URL: feedURL}))
	before := size()
	var incs []statusfeed.Incident
	for i := range 40 {
		incs = append(incs, incident(fmt.Sprintf("inc%04d", i),
			update(0, statusfeed.StatusInvestigating, strings.Repeat("Looking into it. ", 40)),
			update(30, statusfeed.StatusResolved, "Resolved.")))
	}
	require.NotEmpty(t, record(t, db, 0, page(incs...)))
	require.Eventually(t, func() bool { return size() > before+64*1024 }, 3*time.Second, 10*time.Millisecond,
		"the database file stayed at %d bytes: the recording is still only in the log", before)
}
